package dev.ferry.tls;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpTlsException;
import dev.ferry.ftp.TlsMode;
import dev.ferry.site.KnownHostsFile;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Certificates the JDK does not trust always reach the user; the user's decisions stick. */
class CertificateTrustTest {

    @TempDir
    Path directory;

    private ConnectionSettings settings(MinaServer server, CertificateTrust trust) {
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user(MinaServer.USER)
                .password(MinaServer.PASSWORD).tlsMode(TlsMode.EXPLICIT).certificateTrust(trust).build();
    }

    @Test
    void untrustedCertificateGoesToThePromptAndTrustAlwaysMakesTheNextConnectSilent() throws Exception {
        Path knownHostsFile = directory.resolve("config/known-hosts.json");
        try (MinaServer server = MinaServer.builder(directory).tls(MinaServer.Tls.EXPLICIT).start()) {
            List<CertificateTrust.Review> asked = new ArrayList<>();
            CertificateTrust trust = CertificateTrust.interactive(KnownHostsFile.open(knownHostsFile), review -> {
                asked.add(review);
                return CertificateTrust.Decision.TRUST_ALWAYS;
            });
            try (FtpSession session = new FtpSession(settings(server, trust), "t")) {
                session.connect();
                session.list("/");
            }
            assertEquals(1, asked.size(), "asked once, not again for data connections");
            CertificateTrust.Review review = asked.getFirst();
            assertTrue(review.problems().contains(CertificateTrust.Problem.SELF_SIGNED), review.problems().toString());
            assertEquals(CertificateInfo.fingerprint(server.certificate().certificate()), review.certificate().sha256Fingerprint());
            assertTrue(review.certificate().subject().contains("CN=localhost"));
            assertTrue(review.certificate().subjectAlternativeNames().contains("IP:127.0.0.1"));
            assertTrue(Files.readString(knownHostsFile).contains(review.certificate().sha256Fingerprint()));

            // A new run: a fresh trust object over the same file, and a prompt that must not be called.
            CertificateTrust later = CertificateTrust.interactive(KnownHostsFile.open(knownHostsFile), r -> {
                fail("a certificate trusted always must not be asked about again");
                return CertificateTrust.Decision.REJECT;
            });
            try (FtpSession session = new FtpSession(settings(server, later), "t")) {
                session.connect();
                session.list("/");
            }
        }
    }

    @Test
    void rejectingEndsTheConnectionWithTheCertificateInTheException() throws Exception {
        try (MinaServer server = MinaServer.builder(directory).tls(MinaServer.Tls.EXPLICIT).start()) {
            CertificateTrust trust = CertificateTrust.interactive(KnownHosts.inMemory(), r -> CertificateTrust.Decision.REJECT);
            FtpSession session = new FtpSession(settings(server, trust), "t");
            FtpTlsException e = assertThrows(FtpTlsException.class, session::connect);
            assertNotNull(e.certificateReview());
            assertEquals(dev.ferry.tls.TlsText.REJECTED_BY_USER, e.explanation().key(), e::getMessage);
        }
    }

    @Test
    void withoutAPromptTheErrorCarriesTheFingerprintToTrust() throws Exception {
        try (MinaServer server = MinaServer.builder(directory).tls(MinaServer.Tls.EXPLICIT).start()) {
            String fingerprint = CertificateInfo.fingerprint(server.certificate().certificate());
            FtpSession session = new FtpSession(settings(server,
                    CertificateTrust.nonInteractive(KnownHosts.inMemory(), Set.of())), "t");
            FtpTlsException e = assertThrows(FtpTlsException.class, session::connect);
            assertTrue(dev.ferry.testing.English.of(e).contains("--trust-fingerprint " + fingerprint), e.getMessage());
        }
    }

    /**
     * A fingerprint given that is not the server's is the one case where someone may sit between:
     * said as such, with both fingerprints, not as the usual "not trusted, trust it with ...".
     */
    @Test
    void aFingerprintGivenThatDoesNotMatchIsSaidToDiffer() throws Exception {
        try (MinaServer server = MinaServer.builder(directory).tls(MinaServer.Tls.EXPLICIT).start()) {
            String actual = CertificateInfo.fingerprint(server.certificate().certificate());
            String given = CertificateInfo.fingerprint(TestCertificates.selfSigned().certificate());
            FtpSession session = new FtpSession(settings(server,
                    CertificateTrust.nonInteractive(KnownHosts.inMemory(), Set.of(given))), "t");
            FtpTlsException e = assertThrows(FtpTlsException.class, session::connect);
            assertEquals(TlsText.FINGERPRINT_MISMATCH, e.explanation().key(), e::getMessage);
            String words = dev.ferry.testing.English.of(e);
            assertTrue(words.contains(actual) && words.contains(given), words);
        }
    }

    @Test
    void aChangedCertificateIsASeparateLoudWarning() throws Exception {
        try (MinaServer server = MinaServer.builder(directory).tls(MinaServer.Tls.EXPLICIT).start()) {
            KnownHosts knownHosts = KnownHosts.inMemory();
            TestCertificates previous = TestCertificates.selfSigned();
            knownHosts.trust("127.0.0.1", server.port(), CertificateInfo.of(previous.certificate()));
            List<CertificateTrust.Review> asked = new ArrayList<>();
            CertificateTrust trust = CertificateTrust.interactive(knownHosts, r -> {
                asked.add(r);
                return CertificateTrust.Decision.REJECT;
            });
            FtpSession session = new FtpSession(settings(server, trust), "t");
            assertThrows(FtpTlsException.class, session::connect);
            assertEquals(1, asked.size());
            CertificateTrust.Review review = asked.getFirst();
            assertTrue(review.problems().contains(CertificateTrust.Problem.CHANGED), review.problems().toString());
            assertEquals(CertificateInfo.fingerprint(previous.certificate()), review.previouslyTrusted().getFirst().sha256());
        }
    }

    @Test
    void expiredAndWrongHostCertificatesAreNamedAsSuch() throws Exception {
        TestCertificates expired = TestCertificates.create("localhost", List.of("localhost"), List.of("127.0.0.1"),
                Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)));
        TestCertificates otherHost = TestCertificates.create("other.example", List.of("other.example"), List.of(),
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
        for (TestCertificates certificate : List.of(expired, otherHost)) {
            try (MinaServer server = MinaServer.builder(directory.resolve("s" + System.nanoTime()))
                    .tls(MinaServer.Tls.EXPLICIT).certificate(certificate).start()) {
                List<CertificateTrust.Review> asked = new ArrayList<>();
                CertificateTrust trust = CertificateTrust.interactive(KnownHosts.inMemory(), r -> {
                    asked.add(r);
                    return CertificateTrust.Decision.TRUST_ONCE;
                });
                CollectingLog log = new CollectingLog();
                try (FtpSession session = new FtpSession(settings(server, trust), "t")) {
                    session.addListener(log);
                    session.connect();
                }
                assertEquals(1, asked.size());
                CertificateTrust.Problem expected = certificate == expired ? CertificateTrust.Problem.EXPIRED
                        : CertificateTrust.Problem.HOST_MISMATCH;
                assertTrue(asked.getFirst().problems().contains(expected), asked.getFirst().problems().toString());
                assertTrue(log.contains("trusted for this run by your decision"), log.text());
            }
        }
    }

    @Test
    void insecureModeAcceptsButWarnsEveryTime() throws Exception {
        try (MinaServer server = MinaServer.builder(directory).tls(MinaServer.Tls.EXPLICIT).start()) {
            CollectingLog log = new CollectingLog();
            try (FtpSession session = new FtpSession(settings(server, CertificateTrust.acceptingAnything(KnownHosts.inMemory())), "t")) {
                session.addListener(log);
                session.connect();
            }
            assertTrue(log.contains("INSECURE"), log.text());
            assertFalse(log.text().contains(MinaServer.PASSWORD));
        }
    }
}
