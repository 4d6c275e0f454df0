package dev.ferry.interop;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.TlsMode;
import dev.ferry.testing.ClientCertificates;
import dev.ferry.testing.Proftpd;
import dev.ferry.tls.CertificateInfo;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import dev.ferry.tls.TlsPolicy;
import dev.ferry.tls.TlsVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ProFTPD 1.3.8 with mod_tls (unpacked Debian packages). Ferry's engine today: plain FTP, and
 * FTPS with TLS 1.2 at most (mod_tls refuses TLS 1.3 data connections that do not resume the
 * control session, and Ferry's do not). The configurations Ferry cannot use yet (TLS 1.3 only,
 * client certificates) are shown to work with curl, so the harness is ready for the fixes.
 */
class ProftpdInteropTest {

    @TempDir
    Path directory;

    private static ConnectionSettings tls12(Proftpd server, TlsMode tlsMode, DataConnectionMode mode) {
        return ServerSmoke.settings(server, mode).tlsMode(tlsMode)
                .certificateTrust(CertificateTrust.nonInteractive(KnownHosts.inMemory(),
                        Set.of(CertificateInfo.fingerprint(server.certificate().certificate()))))
                .tlsPolicy(TlsPolicy.DEFAULT.withMaxVersion(TlsVersion.TLS_1_2)).build();
    }

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void plain(DataConnectionMode mode) throws Exception {
        try (Proftpd server = Proftpd.start(directory.resolve("server"), Proftpd.Tls.NONE, List.of())) {
            ServerSmoke.run(ServerSmoke.settings(server, mode).build(), server, directory);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"EXPLICIT, PASSIVE", "EXPLICIT, ACTIVE", "IMPLICIT, PASSIVE", "IMPLICIT, ACTIVE"})
    void tlsRequiredWithTls12(Proftpd.Tls tls, DataConnectionMode mode) throws Exception {
        try (Proftpd server = Proftpd.start(directory.resolve("server"), tls, List.of())) {
            TlsMode tlsMode = tls == Proftpd.Tls.IMPLICIT ? TlsMode.IMPLICIT : TlsMode.EXPLICIT;
            var log = ServerSmoke.run(tls12(server, tlsMode, mode), server, directory);
            assertTrue(log.contains("session resumed"), "mod_tls insists on resumed data connections: " + log.text());
        }
    }

    @Test
    void tls13OnlyServesCurl() throws Exception {
        try (Proftpd server = Proftpd.start(directory.resolve("server"), Proftpd.Tls.EXPLICIT, Proftpd.TLS_1_3_ONLY)) {
            Path ca = server.certificate().writePem(directory.resolve("server.pem"));
            Files.writeString(server.root().resolve("tls13.txt"), "TLS 1.3 only\n");
            Curl.Result list = Curl.run("--ssl-reqd", "--cacert", ca.toString(), "--tlsv1.3", "--list-only",
                    Curl.url(server.port(), "/"));
            assertEquals(0, list.exitCode(), list + server.log());
            assertTrue(list.stdout().contains("tls13.txt"), list + server.log());
            assertTrue(server.log().contains("TLSv1.3 connection accepted"), server.log());
            Curl.Result tls12 = Curl.run("--ssl-reqd", "--cacert", ca.toString(), "--tls-max", "1.2", "--list-only",
                    Curl.url(server.port(), "/"));
            assertNotEquals(0, tls12.exitCode(), "TLS 1.2 is refused: " + tls12);
        }
    }

    @Test
    void clientCertificateRequiredServesCurlWithOneAndRefusesItWithout() throws Exception {
        ClientCertificates clients = ClientCertificates.create();
        Path authority = clients.writeAuthorityPem(Files.createDirectories(directory.resolve("ca")).resolve("ca.pem"));
        try (Proftpd server = Proftpd.start(directory.resolve("server"), Proftpd.Tls.EXPLICIT,
                Proftpd.clientCertificateRequired(authority))) {
            Path ca = server.certificate().writePem(directory.resolve("server.pem"));
            Path client = clients.writeClientPem(directory.resolve("client.pem"));
            Files.writeString(server.root().resolve("certified.txt"), "with a client certificate\n");
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
     * ProFTPD's own default is "AllowStoreRestart off": REST is accepted (350) and the STOR after it
     * refused with "451 ...: Append/Restart not permitted, try again". An upload cut short and
     * continued (put -c; the queue's next attempt after a dropped connection) then failed five times
     * over and for good, while its words said "uploading it again completes or replaces it". Sent
     * whole, it completes.
     */
    @Test
    void anUploadThatTheServerWillNotLetBeContinuedIsSentWhole() throws Exception {
        try (Proftpd server = Proftpd.start(directory.resolve("server"), Proftpd.Tls.NONE,
                List.of("AllowStoreRestart off"))) {
            Path local = Files.createDirectories(directory.resolve("local"));
            byte[] content = dev.ferry.testing.TestFiles.bytes(600_000, 17);
            Files.write(local.resolve("cut.bin"), content);
            Path remote = Files.createDirectories(server.root().resolve("tree"));
            // What a cut upload leaves: the start of the file.
            Files.write(remote.resolve("cut.bin"), java.util.Arrays.copyOf(content, 200_000));
            dev.ferry.testing.Interop.chownToUser(remote);
            dev.ferry.testing.CliProcess.Result put = dev.ferry.testing.CliProcess.run(directory.resolve("cli"),
                    "put", "-c", "--retries", "1", "--log", local.resolve("cut.bin").toString(), "ftp://"
                            + dev.ferry.testing.Interop.USER + ":" + dev.ferry.testing.Interop.PASSWORD + "@127.0.0.1:"
                            + server.port() + "/tree/cut.bin");
            assertEquals(0, put.exitCode(), put + server.log());
            org.junit.jupiter.api.Assertions.assertArrayEquals(content, Files.readAllBytes(remote.resolve("cut.bin")),
                    put.toString());
            assertTrue(put.stderr().contains("REST 200000"), "the continuation was tried first: " + put);
            assertTrue(put.stderr().contains("/tree/cut.bin be continued"), put.toString());
        }
    }
}
