package dev.ferry.interop;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.TlsMode;
import dev.ferry.ftp.TransferListener;
import dev.ferry.testing.ClientCertificates;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.Interop;
import dev.ferry.testing.TestFiles;
import dev.ferry.testing.Vsftpd;
import dev.ferry.tls.CertificateInfo;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import dev.ferry.transfer.FileTransfers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * vsftpd 3.0.3 configured the ways Ferry will meet it: TLS 1.3 only (through OpenSSL's
 * configuration: vsftpd has no option for it), client certificates required, a speed limit.
 * curl shows the harness works; Ferry against the second is ClientCertificateInteropTest.
 */
class VsftpdVariantsInteropTest {

    @TempDir
    Path directory;

    @Test
    void tls13OnlyWithSessionReuseServesCurlAndRefusesTls12() throws Exception {
        Path serverDirectory = directory.resolve("server");
        try (Vsftpd server = Vsftpd.start(serverDirectory, Vsftpd.Tls.EXPLICIT, List.of(), Vsftpd.tls13Only(serverDirectory))) {
            Path ca = server.certificate().writePem(directory.resolve("server.pem"));
            Files.writeString(server.root().resolve("tls13.txt"), "TLS 1.3 only\n");
            Interop.chownToUser(server.root().resolve("tls13.txt"));
            Curl.Result list = Curl.run("--ssl-reqd", "--cacert", ca.toString(), "--tlsv1.3", "--list-only",
                    Curl.url(server.port(), "/"));
            assertEquals(0, list.exitCode(), list + server.log());
            assertTrue(list.stdout().contains("tls13.txt"), list + server.log());
            Curl.Result tls12 = Curl.run("--ssl-reqd", "--cacert", ca.toString(), "--tls-max", "1.2", "--list-only",
                    Curl.url(server.port(), "/"));
            assertNotEquals(0, tls12.exitCode(), "TLS 1.2 is refused: " + tls12);
            assertTrue(tls12.stderr().contains("protocol version"), tls12.toString());
        }
    }

    @Test
    void clientCertificateRequiredServesCurlWithOneAndRefusesItWithout() throws Exception {
        ClientCertificates clients = ClientCertificates.create();
        Path authority = clients.writeAuthorityPem(Files.createDirectories(directory.resolve("ca")).resolve("ca.pem"));
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.EXPLICIT,
                Vsftpd.clientCertificateRequired(authority))) {
            Path ca = server.certificate().writePem(directory.resolve("server.pem"));
            Path client = clients.writeClientPem(directory.resolve("client.pem"));
            Files.writeString(server.root().resolve("certified.txt"), "with a client certificate\n");
            Interop.chownToUser(server.root().resolve("certified.txt"));
            Curl.Result with = Curl.run("--ssl-reqd", "--cacert", ca.toString(), "--cert", client.toString(),
                    "--key", client.toString(), "--list-only", Curl.url(server.port(), "/"));
            assertEquals(0, with.exitCode(), with + server.log());
            assertTrue(with.stdout().contains("certified.txt"), with + server.log());
            Curl.Result without = Curl.run("--ssl-reqd", "--cacert", ca.toString(), "--list-only",
                    Curl.url(server.port(), "/"));
            assertNotEquals(0, without.exitCode(), "no certificate, no login: " + without);
        }
    }

    /**
     * A TLS 1.2 server whose cipher list names only SHA-1 MAC suites: "ssl_ciphers=AES128-SHA" is
     * what many vsftpd set-up guides print, and OpenSSL 1.0 era servers offer nothing newer.
     * FileZilla, WinSCP, lftp and curl connect by default; Ferry, offering those suites only with
     * --legacy-tls (whose help speaks of TLS 1.0 and 1.1), failed with handshake_failure(40).
     */
    @Test
    void tls12ServerWithOnlySha1CipherSuitesIsReachedWithoutLegacySwitch() throws Exception {
        Path serverDirectory = directory.resolve("server");
        try (Vsftpd server = Vsftpd.start(serverDirectory, Vsftpd.Tls.EXPLICIT, List.of("ssl_ciphers=AES128-SHA"),
                VsftpdTls13ResumptionInteropTest.openSslConfig(serverDirectory, "MaxProtocol = TLSv1.2"))) {
            ConnectionSettings settings = ServerSmoke.settings(server.port(), DataConnectionMode.PASSIVE)
                    .tlsMode(TlsMode.EXPLICIT)
                    .certificateTrust(CertificateTrust.nonInteractive(KnownHosts.inMemory(),
                            Set.of(CertificateInfo.fingerprint(server.certificate().certificate()))))
                    .build();
            CollectingLog log = ServerSmoke.run(settings, server.root(), directory, server::log);
            assertTrue(log.contains("TLS 1.2") && log.contains("TLS_RSA_WITH_AES_128_CBC_SHA"), log.text());
        }
    }

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void perConnectionSpeedLimit(DataConnectionMode mode) throws Exception {
        int bytesPerSecond = 200_000;
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.NONE,
                List.of("local_max_rate=" + bytesPerSecond))) {
            ServerSmoke.run(ServerSmoke.settings(server.port(), mode).build(), server.root(), directory, server::log);
            byte[] content = TestFiles.bytes(3 * bytesPerSecond, 9);
            Files.write(server.root().resolve("slow.bin"), content);
            Interop.chownToUser(server.root().resolve("slow.bin"));
            Path back = directory.resolve("slow.back");
            try (FtpSession session = new FtpSession(ServerSmoke.settings(server.port(), mode).build(), "limited")) {
                session.connect();
                long start = System.nanoTime();
                FileTransfers.download(session, RemotePaths.join(session.initialDirectory(), "slow.bin"), back,
                        content.length, false, null, TransferListener.NONE);
                double seconds = (System.nanoTime() - start) / 1e9;
                // A lower bound only: a busy machine makes it slower, never faster.
                assertTrue(seconds >= 2.0, "3 s worth of data at the limit came in " + seconds + " s");
            }
            assertArrayEquals(content, Files.readAllBytes(back));
        }
    }
}
