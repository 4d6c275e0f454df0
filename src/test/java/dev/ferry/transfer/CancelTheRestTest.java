package dev.ferry.transfer;

import dev.ferry.testing.MinaServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.ferry.transfer.TransferQueueTest.quick;
import static dev.ferry.transfer.TransferQueueTest.run;
import static dev.ferry.transfer.TransferQueueTest.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * "Cancel the rest" in the file-exists question is the user's choice, not a failure: the items it
 * cancelled were counted as failed, listed under Failed and announced as failed transfers.
 */
class CancelTheRestTest {

    @TempDir
    Path directory;

    @Test
    void theRestOfABatchCancelledByTheUserIsCountedAsCancelledNotFailed() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path tree = Files.createDirectories(server.home().resolve("tree"));
            for (int i = 0; i < 5; i++) {
                Files.writeString(tree.resolve("f" + i + ".txt"), "server " + i);
            }
            Path local = Files.createDirectories(directory.resolve("download/tree"));
            Files.writeString(local.resolve("f0.txt"), "the local copy, in the way");
            // One connection: f0 asks first, while the other four still wait.
            try (TransferQueue queue = new TransferQueue(quick(1).withConflictDefault(ConflictAction.ASK), null, null)) {
                queue.setConflictResolver(conflict -> new ConflictResolver.Decision(ConflictAction.SKIP, false, true));
                queue.addDownload(settings(server.port()), null, "/tree", local, true, -1, null);
                run(queue);
                Map<String, Long> states = queue.snapshot().stream().filter(item -> !item.directory())
                        .collect(Collectors.groupingBy(item -> item.state().name(), Collectors.counting()));
                assertEquals(Map.of("SKIPPED", 1L, "CANCELLED", 4L), states,
                        "the one asking is skipped, the rest cancelled by the user: " + queue.snapshot());
                assertEquals(0, queue.totals().failed(), "nothing failed: " + queue.totals());
                List<ItemSnapshot> cancelled = queue.snapshot().stream()
                        .filter(item -> item.state().name().equals("CANCELLED")).toList();
                cancelled.forEach(item -> assertEquals(QueueText.CANCELLED_WITH_BATCH, item.lastError().key(),
                        "why it did not run: " + item));
            }
        }
    }
}
