package dev.ferry.site;

import dev.ferry.ftp.ServerCapabilities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server learned to lose pipelined commands was sent one command at a time for ever: an upgraded or
 * reconfigured server never got the chance again. The refusal holds for {@link ServerCapabilities#REFUSAL_LIFETIME} (30 days).
 */
class LearnedRefusalLifetimeTest {

    @TempDir
    Path directory;

    private ServerCapabilities read(String facts) throws Exception {
        Path file = directory.resolve(LearnedServers.FILE_NAME);
        Files.writeString(file, "{\"version\":1,\"servers\":{\"example.org:21\":{" + facts + "}}}");
        return LearnedServers.open(file).forServer("example.org", 21);
    }

    @Test
    void aRecentPipeliningRefusalHolds() throws Exception {
        Instant lastWeek = Instant.now().minus(Duration.ofDays(7));
        assertTrue(read("\"pipeliningRefused\":true,\"pipeliningRefusedAt\":\"" + lastWeek + "\"").pipeliningRefused());
    }

    @Test
    void aPipeliningRefusalOlderThanItsLifetimeIsTriedAgain() throws Exception {
        Instant longAgo = Instant.now().minus(Duration.ofDays(365));
        assertFalse(read("\"pipeliningRefused\":true,\"pipeliningRefusedAt\":\"" + longAgo + "\"").pipeliningRefused());
    }

    /** Written before refusals had a date: when it was learned is unknown, so it is tried again once. */
    @Test
    void aPipeliningRefusalWithoutADateIsTriedAgain() throws Exception {
        assertFalse(read("\"pipeliningRefused\":true").pipeliningRefused());
    }
}
