package dev.ferry.transfer;

import dev.ferry.testing.MinaServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A download queued from a listing that is out of date: the file changed on the server since (new
 * bytes, new time). The transfer notices, asks again and gets the new bytes; the local file then
 * had the new bytes under the listing's old time, so a later comparison took it for the old version.
 */
class StaleListingDownloadTest {

    @TempDir
    Path directory;

    @Test
    void theLocalFileTakesTheServersTimeOfTheBytesItHoldsNotTheStaleListings() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant listed = now.minus(3, ChronoUnit.DAYS);
            Instant changed = now.minus(1, ChronoUnit.HOURS);
            String oldContent = "old";
            String newContent = "new content, longer than the listed file";
            Path served = server.home().resolve("file.txt");
            Files.writeString(served, newContent);
            Files.setLastModifiedTime(served, FileTime.from(changed));
            Path target = directory.resolve("file.txt");
            try (TransferQueue queue = new TransferQueue(TransferQueueTest.quick(1), null, null)) {
                queue.addDownload(TransferQueueTest.settings(server.port()), null, "/file.txt", target, false,
                        oldContent.length(), listed);
                TransferQueueTest.run(queue);
                assertEquals(ItemState.DONE, queue.snapshot().getFirst().state(), queue.snapshot().toString());
            }
            assertEquals(newContent, Files.readString(target, StandardCharsets.UTF_8), "the server's current bytes");
            assertEquals(changed, Files.getLastModifiedTime(target).toInstant(),
                    "the server's time of those bytes (MDTM), not the stale listing's " + listed);
        }
    }

    /**
     * The file exists here and the rule is "overwrite if the size differs": the rule was judged with
     * the stale row's size (the same as the local copy's), and the changed file was skipped.
     */
    @Test
    void aConflictIsJudgedWithTheServersFileNotTheStaleRow() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            String localContent = "new content longer";
            Path target = Files.writeString(directory.resolve("f.txt"), localContent);
            Files.writeString(server.home().resolve("f.txt"), "tiny");
            try (TransferQueue queue = new TransferQueue(TransferQueueTest.quick(1)
                    .withConflictDefault(ConflictAction.OVERWRITE_IF_SIZE_DIFFERS), null, null)) {
                queue.addDownload(TransferQueueTest.settings(server.port()), null, "/f.txt", target, false,
                        localContent.length(), Instant.now().minus(1, ChronoUnit.DAYS));
                TransferQueueTest.run(queue);
                assertEquals(ItemState.DONE, queue.snapshot().getFirst().state(), queue.snapshot().toString());
            }
            assertEquals("tiny", Files.readString(target, StandardCharsets.UTF_8), "the server's file, whose size differs");
        }
    }
}
