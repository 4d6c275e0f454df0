package dev.ferry.tls;

import dev.ferry.site.KnownHostsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnownHostsTest {

    @TempDir
    Path directory;

    @Test
    void aVersionOneFileKeepsItsTrustAndDropsTheLearnedTlsMaximum() throws Exception {
        Path file = directory.resolve("known-hosts.json");
        Files.writeString(file, """
                {"version": 1, "hosts": {
                  "ftp.example.org:21": {"trusted": [{"sha256": "ab12", "subject": "CN=ftp.example.org",
                      "notAfter": "2030-01-01T00:00:00Z", "trustedAt": "2026-01-01T00:00:00Z"}], "maxTlsVersion": "TLS_1_2"},
                  "other.example.org:21": {"trusted": [], "maxTlsVersion": "TLS_1_2"}}}
                """);
        KnownHosts knownHosts = KnownHostsFile.open(file);
        assertTrue(knownHosts.isTrusted("ftp.example.org", 21, "ab12"));
        assertTrue(knownHosts.trustedCertificates("other.example.org", 21).isEmpty());

        knownHosts.forget("nobody.example.org", 21);
        String saved = Files.readString(file);
        assertTrue(saved.contains("\"version\" : 2"), saved);
        assertFalse(saved.contains("maxTlsVersion"), "a TLS maximum is learned elsewhere now: " + saved);
        assertFalse(saved.contains("other.example.org"), saved);
        assertTrue(KnownHostsFile.open(file).isTrusted("ftp.example.org", 21, "ab12"));
    }
}
