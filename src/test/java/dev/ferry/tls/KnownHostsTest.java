package dev.ferry.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnownHostsTest {

    @TempDir
    Path directory;

    @Test
    void aTlsMaximumLearnedBeforeTls13ResumptionIsForgottenAndTrustIsKept() throws Exception {
        Path file = directory.resolve("known-hosts.json");
        Files.writeString(file, """
                {"version": 1, "hosts": {
                  "ftp.example.org:21": {"trusted": [{"sha256": "ab12", "subject": "CN=ftp.example.org",
                      "notAfter": "2030-01-01T00:00:00Z", "trustedAt": "2026-01-01T00:00:00Z"}], "maxTlsVersion": "TLS_1_2"},
                  "other.example.org:21": {"trusted": [], "maxTlsVersion": "TLS_1_2"}}}
                """);
        KnownHosts knownHosts = KnownHosts.open(file);
        assertEquals(Optional.empty(), knownHosts.learnedMaxVersion("ftp.example.org", 21));
        assertEquals(Optional.empty(), knownHosts.learnedMaxVersion("other.example.org", 21));
        assertTrue(knownHosts.isTrusted("ftp.example.org", 21, "ab12"));

        knownHosts.learnMaxVersion("other.example.org", 21, TlsVersion.TLS_1_2);
        KnownHosts reopened = KnownHosts.open(file);
        assertEquals(Optional.of(TlsVersion.TLS_1_2), reopened.learnedMaxVersion("other.example.org", 21),
                "learned again now, it is kept");
        assertTrue(reopened.isTrusted("ftp.example.org", 21, "ab12"));
        assertTrue(Files.readString(file).contains("\"version\" : 2"), Files.readString(file));
    }
}
