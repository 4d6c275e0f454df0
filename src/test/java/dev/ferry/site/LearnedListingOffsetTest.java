package dev.ferry.site;

import dev.ferry.ftp.ServerCapabilities;
import dev.ferry.tls.TlsVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The measured offset of a server's listing times is kept in learned-servers.json with the rest. */
class LearnedListingOffsetTest {

    @TempDir
    Path directory;

    @Test
    void theOffsetIsSavedReadBackAndForgotten() throws Exception {
        Path file = directory.resolve(LearnedServers.FILE_NAME);
        ServerCapabilities learned = LearnedServers.open(file).forServer("Example.org", 21);
        assertNull(learned.listingOffset());
        learned.learnListingOffset(Duration.ofMinutes(-210));
        assertTrue(Files.readString(file).contains("\"minutes\" : -210"), Files.readString(file));

        ServerCapabilities again = LearnedServers.open(file).forServer("example.org", 21);
        assertEquals(-210, again.listingOffset().minutes());
        assertEquals(learned.listingOffset().learnedAt(), again.listingOffset().learnedAt());
        assertEquals(null, again.tlsCeiling(), "the other facts are untouched");

        again.forget();
        assertNull(LearnedServers.open(file).forServer("example.org", 21).listingOffset());
    }

    @Test
    void aFileWrittenBeforeTheOffsetExistedStillReads() throws Exception {
        Path file = directory.resolve(LearnedServers.FILE_NAME);
        Files.writeString(file, """
                {"version":1,"servers":{"old.example:21":{"tlsCeiling":{"version":"TLS_1_2","learnedAt":"2026-01-02T03:04:05Z"},"epsvRefused":true}}}
                """);
        ServerCapabilities old = LearnedServers.open(file).forServer("old.example", 21);
        assertEquals(TlsVersion.TLS_1_2, old.tlsCeiling().version());
        assertTrue(old.epsvRefused());
        assertNull(old.listingOffset());
    }

    @Test
    void theFileHoldsOnlyWhatWasLearnedAndReadsFilesThatHeldMore() throws Exception {
        Path file = directory.resolve(LearnedServers.FILE_NAME);
        LearnedServers.open(file).forServer("example.org", 21).learnListingOffset(Duration.ofMinutes(60));
        assertFalse(Files.readString(file).contains("\"empty\""), "a word that is not a fact: " + Files.readString(file));

        // Written by the version before: it saved the snapshot's isEmpty() too.
        Files.writeString(file, """
                {"version":1,"servers":{"old.example:21":{"epsvRefused":true,"empty":false}}}
                """);
        assertTrue(LearnedServers.open(file).forServer("old.example", 21).epsvRefused());
    }
}
