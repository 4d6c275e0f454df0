package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.Await;
import dev.ferry.testing.FakeFtpServer;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.ferry.transfer.TransferQueueTest.settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pause, resume, cancel, order, idle sessions and speed limits. */
class QueueControlTest {

    @TempDir
    Path directory;

    private static ItemSnapshot item(TransferQueue queue, long id) {
        return queue.snapshot().stream().filter(s -> s.id() == id).findFirst().orElseThrow();
    }

    private static void waitFor(TransferQueue queue, long id, ItemState state) {
        Await.until("item " + id + " to become " + state, () -> item(queue, id).state() == state, Await.DEFAULT,
                () -> item(queue, id).toString());
    }

    @Test
    void pausingCancellingAndResumingAnActiveItemKeepsItsSessionAndItsBytes() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path original = TestFiles.random(server.home().resolve("big.bin"), 8L << 20, 1);
            Path target = directory.resolve("big.bin");
            QueueSettings slow = TransferQueueTest.quick(1).withSpeedLimits(2_000_000, 0);
            try (TransferQueue queue = new TransferQueue(slow, null, null)) {
                long id = queue.addDownload(settings(server.port()), null, "/big.bin", target, false, -1, null).id();
                queue.start();
                waitFor(queue, id, ItemState.ACTIVE);
                Await.until("the first bytes of big.bin", () -> item(queue, id).bytesDone() > 0);
                queue.pause(id);
                waitFor(queue, id, ItemState.PAUSED);
                long partial = Files.size(dev.ferry.transfer.FileTransfers.partFile(target));
                assertTrue(partial > 0 && partial < 8L << 20, "a part file is kept: " + partial);

                queue.resume(id);
                waitFor(queue, id, ItemState.ACTIVE);
                Await.until("bytes beyond the " + partial + " kept when paused",
                        () -> item(queue, id).bytesDone() > partial);
                queue.cancel(id);
                // The user's cancel: not a failure. What it left is said (T11: "Cancelled", the part file unseen).
                waitFor(queue, id, ItemState.CANCELLED);
                assertEquals(QueueText.CANCELLED_PART_KEPT, item(queue, id).lastError().key());
                assertEquals(List.of("big.bin.part"), item(queue, id).lastError().arguments());
                assertTrue(Files.size(dev.ferry.transfer.FileTransfers.partFile(target)) > partial, "the part file kept");

                queue.setSettings(TransferQueueTest.quick(1));
                queue.retry(id);
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)));
                assertEquals(ItemState.DONE, item(queue, id).state());
            }
            assertEquals(TestFiles.sha256(original), TestFiles.sha256(target));
            assertEquals(1, server.logins(), "ABOR kept the one session alive through pause and cancel");
        }
    }

    /**
     * Remove abandons a download: its part file goes with it, whether the transfer was running or
     * paused. It stayed behind, a partial copy that nothing would resume or clean up.
     */
    @Test
    void removingAStartedDownloadLeavesNoPartFile() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            TestFiles.random(server.home().resolve("running.bin"), 8L << 20, 3);
            TestFiles.random(server.home().resolve("paused.bin"), 8L << 20, 4);
            Path running = directory.resolve("running.bin");
            Path paused = directory.resolve("paused.bin");
            QueueSettings slow = TransferQueueTest.quick(1).withSpeedLimits(2_000_000, 0);
            try (TransferQueue queue = new TransferQueue(slow, null, null)) {
                // A window showing the folder hears of each deletion: it kept listing the part file.
                List<Path> told = new CopyOnWriteArrayList<>();
                queue.addListener(new QueueListener() {
                    @Override
                    public void queueChanged(Update update) {
                    }

                    @Override
                    public void localFileChanged(Path file) {
                        told.add(file);
                    }
                });
                long first = queue.addDownload(settings(server.port()), null, "/running.bin", running, false, -1, null).id();
                queue.start();
                Await.until("the first bytes of running.bin", () -> item(queue, first).bytesDone() > 0);
                assertTrue(Files.exists(FileTransfers.partFile(running)), "running.bin is written to its part file");
                queue.remove(first);
                Await.until("running.bin gone from the queue", () -> queue.snapshot().stream().noneMatch(i -> i.id() == first));
                Await.until("running.bin's part file deleted", () -> !Files.exists(FileTransfers.partFile(running)));

                long second = queue.addDownload(settings(server.port()), null, "/paused.bin", paused, false, -1, null).id();
                Await.until("the first bytes of paused.bin", () -> item(queue, second).bytesDone() > 0);
                queue.pause(second);
                waitFor(queue, second, ItemState.PAUSED);
                assertTrue(Files.exists(FileTransfers.partFile(paused)), "a paused download keeps its part file");
                queue.remove(second);
                assertTrue(!Files.exists(FileTransfers.partFile(paused)), "paused.bin's part file deleted with its item");
                Await.until("the listeners told of both deletions", () -> told.size() >= 2);
                assertEquals(List.of(FileTransfers.partFile(running), FileTransfers.partFile(paused)), told,
                        "the listeners told of both deletions");
            }
            assertTrue(!Files.exists(running) && !Files.exists(paused), "no target file made");
        }
    }

    /**
     * R22: Remove, then the queue's Stop before the running transfer saw the remove: the Stop's "wait
     * again" replaced the remove, and the removed item came back to the queue (a drag out given up did that).
     */
    @Test
    void aRemoveIsNotUndoneByTheQueuesStopThatFollows() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            TestFiles.random(server.home().resolve("running.bin"), 8L << 20, 5);
            Path running = directory.resolve("running.bin");
            QueueSettings slow = TransferQueueTest.quick(1).withSpeedLimits(2_000_000, 0);
            try (TransferQueue queue = new TransferQueue(slow, null, null)) {
                long id = queue.addDownload(settings(server.port()), null, "/running.bin", running, false, -1, null).id();
                queue.start();
                Await.until("the first bytes of running.bin", () -> item(queue, id).bytesDone() > 0);
                queue.remove(id);
                queue.pause();
                Await.until("running.bin gone from the queue", () -> queue.snapshot().stream().noneMatch(i -> i.id() == id),
                        Await.DEFAULT, () -> queue.snapshot().toString());
                Await.until("running.bin's part file deleted", () -> !Files.exists(FileTransfers.partFile(running)));
            }
        }
    }

    /**
     * R23: Remove or Pause on a running transfer, then a quit before the transfer saw it: the quit's last
     * save wrote it as running, and the next start brought the removed one back (from byte 0) and ran the
     * paused one.
     */
    @Test
    void aRemoveOrAPauseJustBeforeTheQuitIsWhatTheNextStartFinds() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            TestFiles.random(server.home().resolve("removed.bin"), 8L << 20, 7);
            TestFiles.random(server.home().resolve("paused.bin"), 8L << 20, 8);
            Path file = directory.resolve("config/queue.json");
            QueueSettings slow = TransferQueueTest.quick(2).withSpeedLimits(2_000_000, 0);
            try (TransferQueue queue = new TransferQueue(slow, null, new QueueStore(file))) {
                queue.restore();
                long removed = queue.addDownload(settings(server.port()), null, "/removed.bin", directory.resolve("removed.bin"),
                        false, -1, null).id();
                long paused = queue.addDownload(settings(server.port()), null, "/paused.bin", directory.resolve("paused.bin"),
                        false, -1, null).id();
                queue.start();
                Await.until("the first bytes of both", () -> item(queue, removed).bytesDone() > 0 && item(queue, paused).bytesDone() > 0);
                queue.remove(removed);
                queue.pause(paused);
            }
            List<QueueStore.StoredItem> saved = new QueueStore(file).load().document().items();
            assertEquals(List.of("/paused.bin"), saved.stream().map(QueueStore.StoredItem::remotePath).toList(),
                    "what the next start finds: " + saved);
            assertEquals(ItemState.PAUSED, saved.getFirst().state(), "the paused one, paused");
        }
    }

    /** A user's pause of a running item stands when the queue's Stop follows: it stays paused, not waiting again. */
    @Test
    void anItemsPauseIsNotUndoneByTheQueuesStopThatFollows() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            TestFiles.random(server.home().resolve("running.bin"), 8L << 20, 6);
            QueueSettings slow = TransferQueueTest.quick(1).withSpeedLimits(2_000_000, 0);
            try (TransferQueue queue = new TransferQueue(slow, null, null)) {
                long id = queue.addDownload(settings(server.port()), null, "/running.bin", directory.resolve("running.bin"),
                        false, -1, null).id();
                queue.start();
                Await.until("the first bytes of running.bin", () -> item(queue, id).bytesDone() > 0);
                queue.pause(id);
                queue.pause();
                Await.until("running.bin stopped", () -> item(queue, id).state() != ItemState.ACTIVE);
                assertEquals(ItemState.PAUSED, item(queue, id).state(), "the item the user paused");
            }
        }
    }

    /**
     * Removing a finished row leaves alone the part file of a later download of the same file:
     * the finished item's part file is long gone, and the name now belongs to the running one.
     */
    @Test
    void removingAFinishedRowLeavesTheNextDownloadOfTheSameFileAlone() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path original = TestFiles.random(server.home().resolve("again.bin"), 6L << 20, 5);
            Path target = directory.resolve("again.bin");
            try (TransferQueue queue = new TransferQueue(TransferQueueTest.quick(1), null, null)) {
                long first = queue.addDownload(settings(server.port()), null, "/again.bin", target, false, -1, null).id();
                queue.start();
                waitFor(queue, first, ItemState.DONE);
                Files.delete(target);
                queue.setSettings(TransferQueueTest.quick(1).withSpeedLimits(2_000_000, 0));
                long second = queue.addDownload(settings(server.port()), null, "/again.bin", target, false, -1, null).id();
                assertTrue(second != first, "a new item for the same file");
                Await.until("the first bytes of the second download", () -> item(queue, second).bytesDone() > 0);
                queue.remove(first);
                queue.setSettings(TransferQueueTest.quick(1));
                waitFor(queue, second, ItemState.DONE);
            }
            assertEquals(TestFiles.sha256(original), TestFiles.sha256(target));
        }
    }

    /**
     * "Resume" for a local file that is not the start of the server's (another version, another file of
     * that name) joined the two and called it done. It now fails in words and leaves the user's file
     * as it was; a real start is still continued.
     */
    @Test
    void resumingOntoAFileThatIsNotTheStartOfTheServersRefusesAndKeepsIt() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            TestFiles.random(server.home().resolve("other.bin"), 3_000_000, 7);
            Path target = directory.resolve("other.bin");
            byte[] users = Files.readAllBytes(TestFiles.random(directory.resolve("users-own.bin"), 1_000_000, 8));
            Files.write(target, users);
            Path original = TestFiles.random(server.home().resolve("same.bin"), 3_000_000, 9);
            Path startOfIt = directory.resolve("same.bin");
            Files.write(startOfIt, java.util.Arrays.copyOf(Files.readAllBytes(original), 1_000_000));
            try (TransferQueue queue = new TransferQueue(TransferQueueTest.quick(1), null, null)) {
                TransferQueue.Batch batch = queue.batch(ConflictAction.RESUME);
                long other = batch.addDownload(settings(server.port()), null, "/other.bin", target, false, -1, null).id();
                long same = batch.addDownload(settings(server.port()), null, "/same.bin", startOfIt, false, -1, null).id();
                queue.start();
                Await.until("both finished", () -> item(queue, other).state().isFinished()
                        && item(queue, same).state().isFinished());
                assertEquals(ItemState.FAILED, item(queue, other).state(), "joined two files");
                assertEquals(QueueText.RESUME_NOT_THE_START, item(queue, other).lastError().key());
                assertEquals(ItemState.DONE, item(queue, same).state());
            }
            assertArrayEquals(users, Files.readAllBytes(target), "the user's file as it was");
            assertTrue(Files.notExists(FileTransfers.partFile(target)));
            assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(startOfIt), "a real start continued");
        }
    }

    /**
     * After "Resume" for a file that was there, Remove gives the user's file back under its name:
     * the part file it became holds bytes the queue never wrote, and must not be deleted.
     */
    @Test
    void removingAResumedDownloadGivesTheUsersFileBack() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path original = TestFiles.random(server.home().resolve("resumed.bin"), 8L << 20, 6);
            Path target = directory.resolve("resumed.bin");
            byte[] start = java.util.Arrays.copyOf(Files.readAllBytes(original), 1 << 20);
            Files.write(target, start);
            QueueSettings slow = TransferQueueTest.quick(1).withSpeedLimits(2_000_000, 0);
            try (TransferQueue queue = new TransferQueue(slow, null, null)) {
                long id = queue.batch(ConflictAction.RESUME)
                        .addDownload(settings(server.port()), null, "/resumed.bin", target, false, -1, null).id();
                queue.start();
                Await.until("bytes beyond the user's megabyte", () -> item(queue, id).bytesDone() > start.length);
                queue.remove(id);
                Await.until("resumed.bin gone from the queue", () -> queue.snapshot().stream().noneMatch(i -> i.id() == id));
                Await.until("the user's file back under its name", () -> Files.exists(target)
                        && !Files.exists(FileTransfers.partFile(target)));
            }
            byte[] kept = Files.readAllBytes(target);
            assertTrue(kept.length >= start.length, "the user's bytes kept: " + kept.length);
            assertArrayEquals(java.util.Arrays.copyOf(Files.readAllBytes(original), kept.length), kept,
                    "what is there is the start of the file");
        }
    }

    /**
     * A restored item whose password is being asked for says it waits for an answer: it said
     * "Transferring" at 0 % while the password question was open.
     */
    @Test
    void aRestoredItemWaitingForItsPasswordSaysSo() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.writeString(server.home().resolve("restored.txt"), "restored");
            Path queueFile = directory.resolve("queue.json");
            try (TransferQueue lastRun = new TransferQueue(TransferQueueTest.quick(1), null, new QueueStore(queueFile))) {
                lastRun.addDownload(settings(server.port()), null, "/restored.txt", directory.resolve("restored.txt"),
                        false, -1, null);
            }
            CountDownLatch asked = new CountDownLatch(1);
            CountDownLatch answered = new CountDownLatch(1);
            SettingsSource passwordQuestion = endpoint -> {
                asked.countDown();
                try {
                    answered.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return settings(server.port());
            };
            try (TransferQueue queue = new TransferQueue(TransferQueueTest.quick(1), passwordQuestion, new QueueStore(queueFile))) {
                queue.restore();
                queue.start();
                try {
                    assertTrue(asked.await(60, TimeUnit.SECONDS), "the password asked for");
                    Await.until("the restored item waiting for an answer", () -> queue.snapshot().stream()
                            .anyMatch(i -> i.state() == ItemState.ACTIVE && i.awaitingAnswer()));
                } finally {
                    answered.countDown();
                }
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)), String.valueOf(queue.snapshot()));
                assertTrue(queue.snapshot().stream().allMatch(i -> i.state() == ItemState.DONE && !i.awaitingAnswer()),
                        String.valueOf(queue.snapshot()));
            }
            assertEquals("restored", Files.readString(directory.resolve("restored.txt")));
        }
    }

    @Test
    void idleSessionsCloseAndTheQueueReopensThemWhenNeeded() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.writeString(server.home().resolve("a.txt"), "a");
            Files.writeString(server.home().resolve("b.txt"), "b");
            QueueSettings settings = TransferQueueTest.quick(2).withIdleTimeout(Duration.ofMillis(300));
            try (TransferQueue queue = new TransferQueue(settings, null, null)) {
                queue.start();
                queue.addDownload(settings(server.port()), null, "/a.txt", directory.resolve("a.txt"), false, -1, null);
                assertTrue(queue.awaitIdle(Duration.ofSeconds(20)));
                Endpoint endpoint = Endpoint.of(settings(server.port()), null);
                Await.until("the idle session to close", () -> queue.connectedSessions(endpoint) == 0, Await.DEFAULT,
                        () -> queue.connectedSessions(endpoint) + " still connected");
                queue.addDownload(settings(server.port()), null, "/b.txt", directory.resolve("b.txt"), false, -1, null);
                assertTrue(queue.awaitIdle(Duration.ofSeconds(20)));
                assertEquals("b", Files.readString(directory.resolve("b.txt")));
            }
            assertEquals(2, server.logins());
        }
    }

    @Test
    void theSpeedLimitHoldsAndCanBeLiftedWhileRunning() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            // Large enough that a MiB is still to come however late this test looks.
            TestFiles.random(server.home().resolve("limited.bin"), 8L << 20, 2);
            QueueSettings limited = TransferQueueTest.quick(1).withSpeedLimits(1L << 20, 0);
            try (TransferQueue queue = new TransferQueue(limited, null, null)) {
                long id = queue.addDownload(settings(server.port()), null, "/limited.bin", directory.resolve("l.bin"), false,
                        -1, null).id();
                queue.start();
                // A limit is a lower bound on time, which a slow machine cannot break when it is measured
                // from bytes this test saw: at 1 MiB/s, less a quarter second's burst and a chunk counted
                // before its wait, the next MiB takes over half a second. Measured from the first byte, a
                // test thread that looked late (a busy machine) found most of the bytes already there.
                Await.until("the first bytes of limited.bin", () -> item(queue, id).bytesDone() > 0);
                long seenAt = System.nanoTime();
                long seen = item(queue, id).bytesDone();
                Await.until("a MiB more of limited.bin than the " + seen + " bytes seen",
                        () -> item(queue, id).bytesDone() >= seen + (1L << 20));
                long elapsedMillis = (System.nanoTime() - seenAt) / 1_000_000;
                assertTrue(elapsedMillis >= 500, "limited to about 1 MiB/s, but a MiB arrived in " + elapsedMillis
                        + " ms after " + seen + " bytes");
                queue.setSettings(TransferQueueTest.quick(1));
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)), "the rest arrived once the limit was lifted");
            }
        }
    }

    @Test
    void itemsRunByPriorityAndCanBeReordered() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Files.writeString(server.home().resolve("f" + i), "content " + i);
            }
            List<String> order = new CopyOnWriteArrayList<>();
            try (TransferQueue queue = new TransferQueue(TransferQueueTest.quick(1), null, null)) {
                queue.addListener(update -> update.changed().stream().filter(s -> s.state() == ItemState.ACTIVE)
                        .forEach(s -> { if (!order.contains(s.name())) order.add(s.name()); }));
                for (int i = 0; i < 4; i++) {
                    ids.add(queue.addDownload(settings(server.port()), null, "/f" + i, directory.resolve("f" + i), false,
                            -1, null).id());
                }
                queue.moveToTop(ids.get(3));
                queue.moveDown(ids.get(0));
                queue.setPriority(ids.get(2), 10);
                queue.pause();
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(20)));
                assertEquals(4, queue.totals().done());
                queue.removeFinished();
                assertEquals(0, queue.snapshot().size());
            }
            // Activity is sampled every 100 ms; tiny files may finish between samples, so check relative order only.
            List<String> expected = new ArrayList<>(List.of("f2", "f3", "f1", "f0"));
            expected.retainAll(order);
            assertEquals(expected, order);
        }
    }

    /**
     * An upload's own file on the server, left by a pause, a cancel or a stopped queue, is continued when the item
     * runs again. T11: after each of these the server's copy was taken for someone else's, "The target file already
     * exists" was asked with Skip as the default, and Enter left a truncated file on the server, "1 skipped".
     */
    @Test
    void anUploadPausedCancelledOrStoppedContinuesItsOwnFileWithoutAsking() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path original = TestFiles.random(directory.resolve("big.bin"), 16L << 20, 3);
            Path onServer = server.home().resolve("big.bin");
            AtomicInteger questions = new AtomicInteger();
            QueueSettings slow = TransferQueueTest.quick(1).withSpeedLimits(0, 2_000_000)
                    .withConflictDefault(ConflictAction.ASK);
            try (TransferQueue queue = new TransferQueue(slow, null, null)) {
                queue.setConflictResolver(conflict -> {
                    questions.incrementAndGet();
                    return new ConflictResolver.Decision(ConflictAction.SKIP, false);
                });
                long id = queue.addUpload(settings(server.port()), null, original, "/big.bin", false).id();
                queue.start();
                Await.until("the first bytes of big.bin on the server", () -> onServer.toFile().length() > 0);
                queue.pause(id);
                waitFor(queue, id, ItemState.PAUSED);
                queue.resume(id);
                waitFor(queue, id, ItemState.ACTIVE);
                long afterPause = Files.size(onServer);
                Await.until("bytes beyond the " + afterPause + " there when paused", () -> onServer.toFile().length() > afterPause);
                queue.cancel(id);
                waitFor(queue, id, ItemState.CANCELLED);
                queue.retry(id);
                waitFor(queue, id, ItemState.ACTIVE);
                long afterCancel = Files.size(onServer);
                Await.until("bytes beyond the " + afterCancel + " there when cancelled", () -> onServer.toFile().length() > afterCancel);
                queue.pause();
                Await.until("the queue stopped", () -> item(queue, id).state() != ItemState.ACTIVE);
                queue.setSettings(TransferQueueTest.quick(1).withConflictDefault(ConflictAction.ASK));
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(120)), "the queue idle");
                assertEquals(ItemState.DONE, item(queue, id).state(), () -> item(queue, id).toString());
            }
            assertEquals(0, questions.get(), "asked whether to replace the upload's own file");
            assertEquals(TestFiles.sha256(original), TestFiles.sha256(onServer));
        }
    }

    /**
     * Pause while the item waits between SIZE and RETR (here: for the answer to "the file exists"):
     * the pause is not lost, no RETR is sent, the item is paused, and on resume it asks again.
     */
    @Test
    void aPauseWhileTheItemWaitsBetweenSizeAndRetrIsNotLost() throws Exception {
        byte[] content = TestFiles.bytes(2_000_000, 11);
        try (FakeFtpServer server = new FakeFtpServer().file("/exists.bin", content)) {
            Path target = Files.write(directory.resolve("exists.bin"), "old local copy".getBytes());
            CountDownLatch asked = new CountDownLatch(1);
            CountDownLatch answer = new CountDownLatch(1);
            AtomicInteger questions = new AtomicInteger();
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user("u").password("p").build();
            try (TransferQueue queue = new TransferQueue(TransferQueueTest.quick(1).withConflictDefault(ConflictAction.ASK),
                    null, null)) {
                queue.setConflictResolver(conflict -> {
                    questions.incrementAndGet();
                    asked.countDown();
                    try {
                        answer.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new ConflictResolver.Decision(ConflictAction.OVERWRITE, false);
                });
                long id = queue.addDownload(settings, null, "/exists.bin", target, false, -1, null).id();
                queue.start();
                assertTrue(asked.await(60, TimeUnit.SECONDS), "the question was asked");
                assertTrue(server.commands().stream().anyMatch(c -> c.startsWith("SIZE")), server.commands().toString());
                queue.pause(id);
                answer.countDown();
                waitFor(queue, id, ItemState.PAUSED);
                assertEquals(List.of(), server.commands().stream().filter(c -> c.startsWith("RETR")).toList(),
                        "the pause stopped the item before RETR");
                assertEquals("old local copy", Files.readString(target));

                CountDownLatch askedAgain = new CountDownLatch(1);
                queue.setConflictResolver(conflict -> {
                    askedAgain.countDown();
                    return new ConflictResolver.Decision(ConflictAction.OVERWRITE, false);
                });
                queue.resume(id);
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)));
                assertEquals(ItemState.DONE, item(queue, id).state(), () -> item(queue, id).toString());
                assertEquals(0, askedAgain.getCount(), "resumed, it asked again");
            }
            assertArrayEquals(content, Files.readAllBytes(target));
            assertEquals(1, questions.get());
        }
    }
}
