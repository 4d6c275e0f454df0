package dev.ferry.tls;

import dev.ferry.site.KnownHostsFile;
import dev.ferry.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostnameMatcherTest {

    @TempDir
    Path directory;

    private static TestCertificates certificate(List<String> dns, List<String> ips) {
        return TestCertificates.create("ignored.example", dns, ips, Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(1)));
    }

    @Test
    void wildcardsCoverExactlyOneLeftmostLabel() {
        assertTrue(HostnameMatcher.dnsNameMatches("*.example.com", "ftp.example.com"));
        assertFalse(HostnameMatcher.dnsNameMatches("*.example.com", "a.b.example.com"));
        assertFalse(HostnameMatcher.dnsNameMatches("*.example.com", "example.com"));
        assertFalse(HostnameMatcher.dnsNameMatches("*.com", "example.com"), "no wildcard over a public suffix");
        assertFalse(HostnameMatcher.dnsNameMatches("f*.example.com", "ftp.example.com"), "partial wildcards are refused");
        assertFalse(HostnameMatcher.dnsNameMatches("ftp.*.com", "ftp.example.com"));
        assertTrue(HostnameMatcher.dnsNameMatches("ftp.example.com", "ftp.example.com"));
    }

    @Test
    void certificatesAreMatchedBySubjectAlternativeNamesOnly() {
        var cert = certificate(List.of("*.Example.COM", "files.example.org."), List.of("10.1.2.3", "::1")).certificate();
        assertTrue(HostnameMatcher.matches(cert, "ftp.example.com"), "case-insensitive");
        assertTrue(HostnameMatcher.matches(cert, "files.example.org"), "trailing dot ignored");
        assertTrue(HostnameMatcher.matches(cert, "10.1.2.3"));
        assertTrue(HostnameMatcher.matches(cert, "[::1]"));
        assertTrue(HostnameMatcher.matches(cert, "0:0:0:0:0:0:0:1"));
        assertFalse(HostnameMatcher.matches(cert, "10.1.2.4"));
        assertFalse(HostnameMatcher.matches(cert, "example.com"));
        assertFalse(HostnameMatcher.matches(cert, "ignored.example"), "the CN is not consulted");
        var noSans = certificate(List.of(), List.of()).certificate();
        assertFalse(HostnameMatcher.matches(noSans, "ignored.example"));
    }

    @Test
    void fingerprintsAreNormalised() {
        String hex = "ab".repeat(32);
        String expected = String.join(":", java.util.Collections.nCopies(32, "AB"));
        assertEquals(expected, CertificateInfo.normaliseFingerprint(hex));
        assertEquals(expected, CertificateInfo.normaliseFingerprint("SHA256:" + expected.toLowerCase()));
        assertThrows(IllegalArgumentException.class, () -> CertificateInfo.normaliseFingerprint("abc"));
    }

    @Test
    void knownHostsSurviveARestartAndACorruptFileIsMovedAside() throws Exception {
        Path file = directory.resolve("known-hosts.json");
        KnownHosts hosts = KnownHostsFile.open(file);
        var info = CertificateInfo.of(certificate(List.of("a.example"), List.of()).certificate());
        hosts.trust("A.example", 21, info);
        KnownHosts reread = KnownHostsFile.open(file);
        assertTrue(reread.isTrusted("a.example", 21, info.sha256Fingerprint()));
        assertFalse(reread.isTrusted("a.example", 990, info.sha256Fingerprint()), "trust is per host and port");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        Files.writeString(file, "{ not json");
        KnownHosts damaged = KnownHostsFile.open(file);
        assertFalse(damaged.isTrusted("a.example", 21, info.sha256Fingerprint()));
        assertTrue(damaged.loadProblem().orElseThrow().contains("kept as"), damaged.loadProblem().toString());
        try (var files = Files.list(directory)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("known-hosts.json.corrupt-")));
        }
    }
}
