package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.FakeFtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a server refused once (REST) is remembered for the rest of the batch. The lesson was forgotten
 * whenever the site's workers all ended, also while an item still waited for its retry: a worker idle
 * longer than the retry's wait ends, and the retry paid the refusal again.
 */
class RefusalsRememberedTest {

    @TempDir
    Path directory;

    @Test
    void aRetryAfterTheWorkersEndedDoesNotAskForRestAgain() throws Exception {
        byte[] content = new byte[20_000];
        new Random(11).nextBytes(content);
        try (FakeFtpServer server = new FakeFtpServer()) {
            // REST is refused (502, as the fake server does unless told otherwise); the download from
            // byte 0 that follows loses its connection half way.
            server.file("/a.bin", content).hangUpDuringDownload(1, 8_000);
            Path target = directory.resolve("a.bin");
            Files.write(FileTransfers.partFile(target), Arrays.copyOf(content, 5_000));
            // The retry waits longer than an idle worker lives: the site has no worker while it waits.
            QueueSettings settings = QueueSettings.DEFAULT.withConflictDefault(ConflictAction.OVERWRITE)
                    .withRetries(3, Duration.ofMillis(1_500), Duration.ofMillis(1_500))
                    .withIdleTimeout(Duration.ofMillis(100));
            try (TransferQueue queue = new TransferQueue(settings, null, null)) {
                queue.addDownload(ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p").build(),
                        null, "/a.bin", target, false, -1, null);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)), "the download to end");
                assertEquals(ItemState.DONE, queue.snapshot().getFirst().state(), queue.snapshot().toString());
            }
            assertEquals(2, server.commands().stream().filter(c -> c.startsWith("RETR")).count(),
                    "the premise: a second attempt: " + server.commands());
            assertEquals(1, server.commands().stream().filter(c -> c.startsWith("REST")).count(),
                    "REST asked once in the batch: " + server.commands());
            assertArrayEquals(content, Files.readAllBytes(target));
        }
    }
}
