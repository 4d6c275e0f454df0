package dev.ferry.interop;

import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.TlsMode;
import dev.ferry.testing.English;
import dev.ferry.testing.PureFtpd;
import dev.ferry.testing.TestFiles;
import dev.ferry.tls.CertificateInfo;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.TransferQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /**
     * Over its quota Pure-FTPd answers "552 Quota exceeded: [name] won't be saved" and deletes what it
     * received: the failure said "part of it may stay on the server", which sends the user to a file that
     * is not there.
     */
    @Test
    void anUploadRefusedForTheQuotaIsNotSaidToStayOnTheServer() throws Exception {
        try (PureFtpd server = PureFtpd.start(directory.resolve("server"), PureFtpd.Tls.NONE, List.of(), 100_000)) {
            Path local = TestFiles.random(directory.resolve("big.bin"), 2_000_000, 5);
            try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT.withConnections(1)
                    .withRetries(0, Duration.ofSeconds(1), Duration.ofSeconds(1)), null, null)) {
                queue.addUpload(ServerSmoke.settings(server, DataConnectionMode.PASSIVE).build(), null, local,
                        "/big.bin", false);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofMinutes(2)), queue.snapshot().toString());
                ItemSnapshot item = queue.snapshot().getFirst();
                assertEquals(ItemState.FAILED, item.state(), item + server.log());
                assertFalse(Files.exists(server.root().resolve("big.bin")), "the premise: Pure-FTPd deleted it");
                String words = English.of(item.lastError());
                assertTrue(words.contains("552"), words);
                assertFalse(words.contains("may stay on the server"), words);
            }
        }
    }
}
