package dev.ferry.transfer;

import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A site's own "limit sessions to": a server that allows one login per user is given one, however
 * many the settings allow. The site manager saved the number, and nothing used it.
 */
class SiteSessionLimitTest {

    @TempDir
    Path directory;

    @Test
    void aBatchLimitedToOneSessionOpensOne() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            for (int i = 0; i < 12; i++) {
                TestFiles.random(server.home().resolve("f" + i + ".bin"), 200_000, i);
            }
            Path into = Files.createDirectories(directory.resolve("into"));
            try (TransferQueue queue = new TransferQueue(TransferQueueTest.quick(4), null, null)) {
                TransferQueue.Batch batch = queue.batch().sessions(1);
                for (int i = 0; i < 12; i++) {
                    batch.addDownload(TransferQueueTest.settings(server.port()), "site-1", "/f" + i + ".bin",
                            into.resolve("f" + i + ".bin"), false, 200_000, null);
                }
                TransferQueueTest.run(queue);
                assertEquals(12, queue.totals().done(), queue.snapshot().toString());
            }
            assertEquals(1, server.mostConcurrentLogins(), "sessions logged in at once");
            assertTrue(server.logins() >= 1);
        }
    }

    /** A limit lifted in the site manager is lifted for the site's next batch, not kept until a restart. */
    @Test
    void aLiftedLimitIsLifted() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            for (int i = 0; i < 12; i++) {
                TestFiles.random(server.home().resolve("f" + i + ".bin"), 200_000, i);
            }
            Path into = Files.createDirectories(directory.resolve("into"));
            try (TransferQueue queue = new TransferQueue(TransferQueueTest.quick(4), null, null)) {
                queue.batch().sessions(1).addDownload(TransferQueueTest.settings(server.port()), "site-1", "/f0.bin",
                        into.resolve("f0.bin"), false, 200_000, null);
                TransferQueueTest.run(queue);
                TransferQueue.Batch lifted = queue.batch().sessions(0);
                for (int i = 1; i < 12; i++) {
                    lifted.addDownload(TransferQueueTest.settings(server.port()), "site-1", "/f" + i + ".bin",
                            into.resolve("f" + i + ".bin"), false, 200_000, null);
                }
                TransferQueueTest.run(queue);
                assertEquals(12, queue.totals().done(), queue.snapshot().toString());
            }
            assertTrue(server.mostConcurrentLogins() > 1, "sessions at once after the limit was lifted: "
                    + server.mostConcurrentLogins());
        }
    }

    /**
     * A queue restored after a restart (the window's, or the command line's with queue --resume) keeps
     * to its site's limit: the file keeps none, so the settings source says the site's current one.
     */
    @Test
    void aRestoredQueueKeepsToItsSitesLimit() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            for (int i = 0; i < 12; i++) {
                TestFiles.random(server.home().resolve("f" + i + ".bin"), 200_000, i);
            }
            Path into = Files.createDirectories(directory.resolve("into"));
            QueueStore store = new QueueStore(directory.resolve("queue.json"));
            try (TransferQueue saved = new TransferQueue(TransferQueueTest.quick(4), null, store)) {
                saved.restore();
                for (int i = 0; i < 12; i++) {
                    saved.addDownload(TransferQueueTest.settings(server.port()), "site-1", "/f" + i + ".bin",
                            into.resolve("f" + i + ".bin"), false, 200_000, null);
                }
            }
            SettingsSource siteLimitedToOne = new SettingsSource() {
                @Override
                public dev.ferry.ftp.ConnectionSettings settingsFor(Endpoint endpoint) {
                    return TransferQueueTest.settings(server.port());
                }

                @Override
                public int sessions(Endpoint endpoint) {
                    return "site-1".equals(endpoint.siteId()) ? 1 : 0;
                }
            };
            try (TransferQueue restored = new TransferQueue(TransferQueueTest.quick(4), siteLimitedToOne, store)) {
                restored.restore();
                TransferQueueTest.run(restored);
                assertEquals(12, restored.totals().done(), restored.snapshot().toString());
            }
            assertEquals(1, server.mostConcurrentLogins(), "sessions logged in at once");
        }
    }

    /**
     * A restored queue asks for its sites' limits before it takes its lock: the window's answer reads
     * the site store, which waits while the store writes or unlocks, and nothing waits under the lock.
     */
    @Test
    void aRestoredQueueAsksForItsSitesLimitsWithoutHoldingItsLock() throws Exception {
        QueueStore store = new QueueStore(directory.resolve("queue.json"));
        try (TransferQueue saved = new TransferQueue(TransferQueueTest.quick(4), null, store)) {
            saved.restore();
            saved.pause();
            saved.addDownload(TransferQueueTest.settings(1), "site-1", "/f.bin", directory.resolve("f.bin"), false, 10, null);
        }
        java.util.concurrent.atomic.AtomicReference<TransferQueue> queue = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.List<String> whileAsked = new java.util.concurrent.CopyOnWriteArrayList<>();
        SettingsSource askingSlowly = new SettingsSource() {
            @Override
            public dev.ferry.ftp.ConnectionSettings settingsFor(Endpoint endpoint) {
                return TransferQueueTest.settings(1);
            }

            @Override
            public int sessions(Endpoint endpoint) {
                // Another thread reads the queue meanwhile, as the window's does: it must not wait for this answer.
                java.util.concurrent.CompletableFuture<Integer> read = java.util.concurrent.CompletableFuture
                        .supplyAsync(() -> queue.get().snapshot().size());
                try {
                    whileAsked.add("read " + read.get(20, java.util.concurrent.TimeUnit.SECONDS) + " items");
                } catch (java.util.concurrent.TimeoutException e) {
                    whileAsked.add("reading the queue waited 20 s for the site's limit");
                } catch (Exception e) {
                    whileAsked.add(e.toString());
                }
                return 1;
            }
        };
        try (TransferQueue restored = new TransferQueue(TransferQueueTest.quick(4), askingSlowly, store)) {
            queue.set(restored);
            restored.restore();
            assertEquals(java.util.List.of("read 0 items"), whileAsked);
        }
    }
}
