package dev.ferry.interop;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpTlsException;
import dev.ferry.ftp.TlsMode;
import dev.ferry.testing.ClientCertificates;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.English;
import dev.ferry.testing.Proftpd;
import dev.ferry.testing.TestCertificates;
import dev.ferry.testing.Vsftpd;
import dev.ferry.tls.CertificateInfo;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.ClientIdentity;
import dev.ferry.tls.ClientIdentityFiles;
import dev.ferry.tls.KnownHosts;
import dev.ferry.tls.TlsPolicy;
import dev.ferry.tls.TlsText;
import dev.ferry.tls.TlsVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Servers that demand a client certificate (vsftpd's require_cert with validate_cert, ProFTPD's
 * TLSVerifyClient): without one Ferry says that the server demands one; with one issued by the
 * authority they trust, the control and every data connection work.
 */
class ClientCertificateInteropTest {

    private static final ClientCertificates RSA = ClientCertificates.create("RSA");
    private static final ClientCertificates EC = ClientCertificates.create("EC");

    @TempDir
    Path directory;

    @Test
    void vsftpdWithoutACertificateSaysTheServerDemandsOne() throws Exception {
        try (Vsftpd server = vsftpd(RSA)) {
            FtpSession session = new FtpSession(settings(server.port(), server.certificate(), DataConnectionMode.PASSIVE)
                    .build(), "none");
            FtpTlsException e = assertThrows(FtpTlsException.class, session::connect);
            assertEquals(TlsText.CLIENT_CERTIFICATE_REQUIRED, e.explanation().key(), English.of(e));
            assertTrue(English.of(e).contains("asked for a client certificate"), English.of(e));
        }
    }

    @ParameterizedTest(name = "TLS {0}, {1}")
    @CsvSource({"TLS_1_3, PASSIVE", "TLS_1_3, ACTIVE", "TLS_1_2, PASSIVE", "TLS_1_2, ACTIVE"})
    void vsftpdListsDownloadsAndUploadsWithARsaCertificate(TlsVersion max, DataConnectionMode mode) throws Exception {
        ClientIdentity identity = ClientIdentityFiles.load(RSA.writeCertificatePem(directory.resolve("chain.pem")),
                RSA.writeKeyPem(directory.resolve("key.pem"), "pass".toCharArray()), "pass".toCharArray());
        try (Vsftpd server = vsftpd(RSA)) {
            CollectingLog log = ServerSmoke.run(settings(server.port(), server.certificate(), mode)
                    .tlsPolicy(new TlsPolicy(max, false)).clientIdentity(identity).build(), server.root(), directory,
                    server::log);
            assertTrue(log.has(TlsText.CLIENT_CERTIFICATE_SENT), log.text());
            assertTrue(log.contains("TLS " + max.number()), log.text());
        }
    }

    @Test
    void vsftpdWithAnEcCertificateFromPkcs12() throws Exception {
        ClientIdentity identity = ClientIdentityFiles.load(
                EC.writePkcs12(directory.resolve("ec.p12"), "p12".toCharArray()), null, "p12".toCharArray());
        try (Vsftpd server = vsftpd(EC)) {
            CollectingLog log = ServerSmoke.run(settings(server.port(), server.certificate(), DataConnectionMode.PASSIVE)
                    .clientIdentity(identity).build(), server.root(), directory, server::log);
            assertTrue(log.has(TlsText.CLIENT_CERTIFICATE_SENT), log.text());
        }
    }

    @Test
    void vsftpdRefusesACertificateFromAnotherAuthorityAndFerrySaysSo() throws Exception {
        ClientIdentity stranger = ClientIdentityFiles.load(
                ClientCertificates.create("RSA").writeClientPem(directory.resolve("stranger.pem")), null, null);
        try (Vsftpd server = vsftpd(RSA)) {
            FtpSession session = new FtpSession(settings(server.port(), server.certificate(), DataConnectionMode.PASSIVE)
                    .clientIdentity(stranger).build(), "stranger");
            FtpTlsException e = assertThrows(FtpTlsException.class, session::connect);
            assertTrue(Set.of(TlsText.CLIENT_CERTIFICATE_REFUSED, TlsText.CLIENT_CERTIFICATE_REFUSED_AFTER_HANDSHAKE)
                    .contains(e.explanation().key()), English.of(e));
            assertTrue(English.of(e).contains("did not accept the client certificate")
                    || English.of(e).contains("did not accept the certificate"), English.of(e));
        }
    }

    @Test
    void proftpdWithoutAndWithACertificate() throws Exception {
        Path authority = RSA.writeAuthorityPem(Files.createDirectories(directory.resolve("ca")).resolve("ca.pem"));
        try (Proftpd server = Proftpd.start(directory.resolve("server"), Proftpd.Tls.EXPLICIT,
                Proftpd.clientCertificateRequired(authority))) {
            FtpSession without = new FtpSession(settings(server.port(), server.certificate(),
                    DataConnectionMode.PASSIVE).build(), "none");
            FtpTlsException e = assertThrows(FtpTlsException.class, without::connect);
            assertEquals(TlsText.CLIENT_CERTIFICATE_REQUIRED, e.explanation().key(), English.of(e) + server.log());

            ClientIdentity identity = ClientIdentityFiles.load(RSA.writeClientPem(directory.resolve("client.pem")), null,
                    null);
            CollectingLog log = ServerSmoke.run(settings(server.port(), server.certificate(), DataConnectionMode.PASSIVE)
                    .clientIdentity(identity).build(), server.root(), directory, server::log);
            assertTrue(log.has(TlsText.CLIENT_CERTIFICATE_SENT), log.text());
        }
    }

    private Vsftpd vsftpd(ClientCertificates clients) throws Exception {
        Path authority = clients.writeAuthorityPem(Files.createDirectories(directory.resolve("ca")).resolve("ca.pem"));
        return Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.EXPLICIT, Vsftpd.clientCertificateRequired(authority));
    }

    private static ConnectionSettings.Builder settings(int port, TestCertificates serverCertificate,
                                                       DataConnectionMode mode) {
        String fingerprint = CertificateInfo.fingerprint(serverCertificate.certificate());
        return ServerSmoke.settings(port, mode).tlsMode(TlsMode.EXPLICIT)
                .certificateTrust(CertificateTrust.nonInteractive(KnownHosts.inMemory(), Set.of(fingerprint)));
    }
}
