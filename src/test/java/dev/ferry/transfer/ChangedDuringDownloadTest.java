package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.FakeFtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file replaced on the server while it downloads: the attempt gets the old start and the new rest.
 * Ferry saw that it changed and tried again, but continued the mixed part file: a file of two
 * versions, reported as downloaded.
 */
class ChangedDuringDownloadTest {

    @TempDir
    Path directory;

    private static byte[] random(int count, long seed) {
        byte[] bytes = new byte[count];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private void downloadWhileItChanges(byte[] before, byte[] after) throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.acceptRest().file("/x.bin", before).changeDuringDownload("/x.bin", after, 1_000);
            Path target = directory.resolve("x.bin");
            try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT.withRetries(3, Duration.ofMillis(10),
                    Duration.ofMillis(10)), null, null)) {
                queue.addDownload(ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p").build(),
                        null, "/x.bin", target, false, -1, null);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)), "the download to end");
                assertEquals(List.of(ItemState.DONE), queue.snapshot().stream().map(ItemSnapshot::state).toList(),
                        queue.snapshot().toString());
            }
            assertArrayEquals(after, Files.readAllBytes(target), "the new version whole, not the old start and the new rest");
            assertTrue(Files.notExists(FileTransfers.partFile(target)));
        }
    }

    @Test
    void aFileThatGrewWhileDownloadingIsFetchedAgainFromItsStart() throws Exception {
        downloadWhileItChanges(random(3_000, 1), random(4_000, 2));
    }

    @Test
    void aFileThatShrankWhileDownloadingIsFetchedAgainFromItsStart() throws Exception {
        downloadWhileItChanges(random(3_000, 3), random(2_500, 4));
    }
    /**
     * "Resume" makes the user's own file the part: when the server's file turns out to have changed,
     * that file goes back under its name as it was, never deleted with the mixed part, and a retry
     * does not join it to the new version.
     */
    @Test
    void theUsersOwnFileResumedIntoIsGivenBackWhenTheServersFileChanged() throws Exception {
        byte[] users = random(500, 9);
        byte[] after = random(4_000, 2);
        for (int retries : new int[] {0, 3}) {
            try (FakeFtpServer server = new FakeFtpServer()) {
                server.acceptRest().file("/x.bin", random(3_000, 1)).changeDuringDownload("/x.bin", after, 1_000);
                Path target = directory.resolve("users-" + retries + ".bin");
                Files.write(target, users);
                try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT.withRetries(retries, Duration.ofMillis(10),
                        Duration.ofMillis(10)), null, null)) {
                    queue.batch(ConflictAction.RESUME).addDownload(ConnectionSettings.builder("127.0.0.1")
                            .port(server.port()).user("u").password("p").build(), null, "/x.bin", target, false, 3_000, null);
                    queue.start();
                    assertTrue(queue.awaitIdle(Duration.ofSeconds(60)), "the download to end");
                }
                // Asked again, "Resume" no longer continues it either: its bytes are not the new version's start.
                assertArrayEquals(users, Files.readAllBytes(target), "the user's file back as it was");
                assertTrue(Files.notExists(FileTransfers.partFile(target)));
            }
        }
    }
}
