package dev.ferry.interop;

import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.DialogueEntry;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpTlsException;
import dev.ferry.ftp.TlsMode;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.Interop;
import dev.ferry.testing.NetkitFtpd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** netkit ftpd with SSL patches (Debian's ftpd-ssl, unpacked), run inetd-style: plain works, TLS is broken. */
class NetkitFtpdInteropTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void plain(DataConnectionMode mode) throws Exception {
        try (NetkitFtpd server = NetkitFtpd.start(directory.resolve("server"), List.of())) {
            ServerSmoke.run(ServerSmoke.settings(server, mode).build(), server, directory);
        }
    }

    /** It says 234 to AUTH TLS and then fails the handshake: Ferry ends with a TLS error and sends no password. */
    @Test
    void acceptsAuthTlsAndThenFailsTheHandshake() throws Exception {
        try (NetkitFtpd server = NetkitFtpd.start(directory.resolve("server"), List.of())) {
            CollectingLog log = new CollectingLog();
            try (FtpSession session = new FtpSession(ServerSmoke.settings(server, DataConnectionMode.PASSIVE)
                    .tlsMode(TlsMode.EXPLICIT).tlsHandshakeTimeout(Duration.ofSeconds(20)).build(), "broken-tls")) {
                session.addListener(log);
                assertThrows(FtpTlsException.class, session::connect, log::text);
            }
            assertTrue(log.entries().stream().anyMatch(e -> e.kind() == DialogueEntry.Kind.REPLY && e.text().startsWith("234")),
                    log.text() + server.log());
            assertFalse(log.entries().stream().anyMatch(e -> e.kind() == DialogueEntry.Kind.COMMAND
                    && (e.text().startsWith("USER") || e.text().startsWith("PASS"))), log.text());
            assertFalse(log.text().contains(Interop.PASSWORD));
        }
    }
}
