package dev.ferry.reliability;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.MinaServer;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.TransferQueue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 12 without the window: a queue of 10,000 files on 8 sessions against MINA. It completes,
 * uses no more than 8 sessions, and the heap it holds stays bounded (the peak with garbage is reported).
 */
class QueueLoadTest {

    @TempDir
    Path directory;

    @Test
    void twoThousandItemsOnEightSessions() throws Exception {
        run(2_000);
    }

    @Test
    @Tag("stress")
    void tenThousandItemsOnEightSessions() throws Exception {
        run(10_000);
    }

    private void run(int files) throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            QueueLoad.makeTree(server.home().resolve("tree"), files);
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(MinaServer.USER).password(MinaServer.PASSWORD).build();
            Path local = directory.resolve("download");
            long liveBefore = QueueLoad.liveMiB();
            long start = System.nanoTime();
            long peak;
            long held;
            try (QueueLoad.HeapSampler heap = new QueueLoad.HeapSampler();
                 TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT.withConnections(8)
                         .withConflictDefault(ConflictAction.OVERWRITE), null, null)) {
                queue.addDownload(settings, null, "/tree", local, true, -1, null);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofMinutes(10)), "the queue finished: " + queue.totals());
                assertEquals(0, queue.snapshot().stream().filter(s -> s.state() != ItemState.DONE).count());
                peak = heap.peakMiB();
                // Every item is still in the queue: what the queue of this many files holds.
                held = QueueLoad.liveMiB() - liveBefore;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            try (Stream<Path> walk = Files.walk(local)) {
                assertEquals(files, walk.filter(Files::isRegularFile).count());
            }
            assertTrue(server.mostConcurrentLogins() <= 8, "at most 8 sessions: " + server.mostConcurrentLogins());
            System.out.printf("%,d items on 8 sessions: %.1f s, peak heap in use %d MiB with garbage (server in the"
                    + " same JVM), held by the finished queue %d MiB%n", files, seconds, peak, held);
            assertTrue(held < 128, "the heap stays bounded: the finished queue holds " + held + " MiB");
        }
    }
}
