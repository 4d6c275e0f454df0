package dev.ferry.interop;

import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.TlsMode;
import dev.ferry.testing.PureFtpd;
import dev.ferry.tls.CertificateInfo;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pure-FTPd 1.0.50 (unpacked Debian package), plain and with TLS required for everything (-Y 3). */
class PureFtpdInteropTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void plain(DataConnectionMode mode) throws Exception {
        try (PureFtpd server = PureFtpd.start(directory.resolve("server"), PureFtpd.Tls.NONE, List.of())) {
            ServerSmoke.run(ServerSmoke.settings(server, mode).build(), server, directory);
        }
    }

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void tlsRequiredForEverything(DataConnectionMode mode) throws Exception {
        try (PureFtpd server = PureFtpd.start(directory.resolve("server"), PureFtpd.Tls.REQUIRED, List.of())) {
            var log = ServerSmoke.run(ServerSmoke.settings(server, mode).tlsMode(TlsMode.EXPLICIT)
                    .certificateTrust(CertificateTrust.nonInteractive(KnownHosts.inMemory(),
                            Set.of(CertificateInfo.fingerprint(server.certificate().certificate())))).build(), server, directory);
            assertTrue(log.contains("data connection: TLS"), "data went over TLS: " + log.text());
        }
    }
}
