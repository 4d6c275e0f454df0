package dev.ferry.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.message.Message;
import dev.ferry.store.Json;
import dev.ferry.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue file has one writer that writes changes in the order they happened, reports when it
 * cannot write, and keeps trying; what it reports as saved is on disk.
 */
class QueueJournalTest {

    @TempDir
    Path directory;

    private static ConnectionSettings server() {
        return SavedQueues.nowhere();
    }

    @Test
    void changesFromManyThreadsLandInOrderAndAllOfThemLand() throws Exception {
        QueueStore store = new QueueStore(directory.resolve("config/queue.json"));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, store)) {
            queue.restore();
            List<Future<?>> adding = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                adding.add(threads.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        ItemSnapshot item = queue.addDownload(server(), null, "/t" + thread + "/f" + i,
                                directory.resolve("dl/t" + thread + "/f" + i), false, 10, null);
                        if (i % 10 == 0) {
                            queue.setPriority(item.id(), i);
                        }
                        if (i % 25 == 0) {
                            queue.remove(item.id());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : adding) {
                f.get();
            }
            // Before closing: the journal already holds every change, in the order they were numbered.
            List<Long> generations = new ArrayList<>();
            Await.until("the journal to hold the last change", () -> {
                generations.clear();
                generations.addAll(journalGenerations(store));
                return store.load().document().items().size() == 4 * 240;
            });
            for (int i = 1; i < generations.size(); i++) {
                assertTrue(generations.get(i) > generations.get(i - 1), "written in order: " + generations.get(i - 1)
                        + " then " + generations.get(i));
            }
        } finally {
            threads.shutdown();
        }
        QueueStore.Document saved = store.load().document();
        assertEquals(4 * 240, saved.items().size(), "every item that was not removed is saved");
        assertTrue(saved.items().stream().filter(i -> i.remotePath().endsWith("/f10")).allMatch(i -> i.priority() == 10));
    }

    @Test
    void aQueueThatCannotBeSavedSaysSoAndCatchesUpWhenItCan() throws Exception {
        // A file where the config folder should be: every write fails until it is gone.
        Path config = directory.resolve("config");
        Files.writeString(config, "in the way");
        QueueStore store = new QueueStore(config.resolve("queue.json"));
        List<Message> problems = new CopyOnWriteArrayList<>();
        try (TransferQueue queue = queueReporting(store.path(), problems)) {
            queue.restore();
            queue.addDownload(server(), null, "/a", directory.resolve("dl/a"), false, 1, null);
            Await.until("the failure to be reported", () -> problems.stream()
                    .anyMatch(p -> p.key() == QueueText.JOURNAL_WRITE_FAILED));
            assertEquals(1, problems.size(), "reported once, not at every retry: " + problems);

            Files.delete(config);
            queue.addDownload(server(), null, "/b", directory.resolve("dl/b"), false, 1, null);
            Await.until("the recovery to be reported", () -> problems.stream()
                    .anyMatch(p -> p.key() == QueueText.JOURNAL_WRITE_RECOVERED));
            Await.until("both items on disk", () -> store.load().document().items().size() == 2);
        }
        assertEquals(2, store.load().document().items().size());
    }

    /**
     * While the disk refuses the queue file, transfers do not wait for it: each file's first byte
     * waited the whole 10 s for a save that could not come (two tiny files took 31 s on a full disk).
     */
    @Test
    void whileWritesFailNobodyWaitsForThem() throws Exception {
        Path config = directory.resolve("config-in-the-way");
        Files.writeString(config, "in the way");
        List<Message> problems = new CopyOnWriteArrayList<>();
        try (QueueJournal journal = new QueueJournal(new QueueStore(config.resolve("queue.json")), 0,
                QueueStore.Document::empty, problems::add)) {
            journal.record(new QueueStore.Entry(1, null, stored(7), null));
            Await.until("the failure to be reported", () -> !problems.isEmpty());
            journal.record(new QueueStore.Entry(2, null, stored(8), null));
            boolean written = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> journal.awaitWritten(2, Duration.ofMinutes(10)), "a wait for a failing disk returns at once");
            assertFalse(written);
        }
    }

    /**
     * R24: Remove, Pause or Cancel on a running transfer was written only once its worker saw it, and a
     * later line for the item (a segmented download saves its segments as they go) wrote it as running
     * again: a crash (kill -9, power) in between brought the removed transfer back and ran the paused one.
     * What the user asked is on disk at once, and stays so; a cancel keeps its reason.
     */
    @Test
    void whatTheUserAskedOfARunningTransferIsOnDiskBeforeItsWorkerSeesIt() throws Exception {
        QueueStore store = new QueueStore(directory.resolve("config/queue.json"));
        QueueModel model = new QueueModel();
        try (QueueJournal journal = new QueueJournal(store, 0, () -> {
            model.lock.lock();
            try {
                return model.document();
            } finally {
                model.lock.unlock();
            }
        }, problem -> { })) {
            long lastChange;
            model.lock.lock();
            try {
                model.attachJournal(journal, 0);
                Site site = model.site(Endpoint.of(server(), null));
                List<TransferItem> running = new ArrayList<>();
                for (String name : List.of("removed", "paused", "cancelled", "running")) {
                    TransferItem item = model.newItem(site, Direction.DOWNLOAD, false, directory.resolve("dl/" + name),
                            "/" + name, 10, null, 0, directory.resolve("dl"), 1);
                    model.register(item);
                    model.transition(item, ItemState.ACTIVE);
                    running.add(item);
                }
                QueueControl.requestStop(model, running.get(0), TransferItem.StopRequest.REMOVE);
                QueueControl.requestStop(model, running.get(1), TransferItem.StopRequest.PAUSE);
                running.get(2).cancelReason = Message.of(QueueText.CANCELLED_WITH_BATCH);
                QueueControl.requestStop(model, running.get(2), TransferItem.StopRequest.CANCEL);
                // Their workers have not seen it yet; one saves its segments meanwhile.
                for (TransferItem item : running) {
                    model.touch(item);
                }
                lastChange = model.generation();
            } finally {
                model.lock.unlock();
            }
            assertTrue(journal.awaitWritten(lastChange, Duration.ofSeconds(60)), "the changes written");
            // What a crash now leaves for the next start.
            List<QueueStore.StoredItem> saved = store.load().document().items();
            assertEquals(List.of("/cancelled CANCELLED", "/paused PAUSED", "/running ACTIVE"),
                    saved.stream().map(i -> i.remotePath() + " " + i.state()).sorted().toList(), saved.toString());
            Object reason = saved.stream().filter(i -> i.remotePath().equals("/cancelled")).findFirst().orElseThrow().lastError();
            assertEquals(QueueText.CANCELLED_WITH_BATCH.bundleKey(), StoredMessages.restore(reason).key().bundleKey(),
                    "the cancel's reason: " + reason);
        }
    }

    /**
     * R27: the user's own file that "Resume" made a download's part file was saved as a part file the download
     * had made (from an earlier attempt of the same item), and the next process, which no longer knew it was the
     * user's, deleted it at `queue --clear` or Remove. Only a part file the download made is saved as its own.
     */
    @Test
    void theUsersOwnFileMadeAPartFileIsNeverSavedAsOneTheDownloadMade() {
        QueueModel model = new QueueModel();
        model.lock.lock();
        try {
            Site site = model.site(Endpoint.of(server(), null));
            TransferItem resumed = model.newItem(site, Direction.DOWNLOAD, false, directory.resolve("dl/a.bin"), "/a.bin",
                    10, null, 0, directory.resolve("dl"), 1);
            model.register(resumed);
            // An earlier attempt made its part file; the user then said "Resume" of their own a.bin.
            resumed.ownsPartFile = true;
            resumed.partIsUsersFile = true;
            QueueStore.StoredItem saved = model.document().items().getFirst();
            assertFalse(saved.ownsPartFile(), "the user's own file saved as the download's part file: " + saved);
        } finally {
            model.lock.unlock();
        }
    }

    @Test
    void aLineTornByACrashIsIgnoredAndEverythingBeforeItStands() throws Exception {
        QueueStore store = new QueueStore(directory.resolve("config/queue.json"));
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, store)) {
            queue.restore();
            queue.addDownload(server(), null, "/a", directory.resolve("dl/a"), false, 1, null);
            queue.addDownload(server(), null, "/b", directory.resolve("dl/b"), false, 1, null);
            Await.until("both items in the journal", () -> store.load().document().items().size() == 2);
            // A kill -9 in the middle of a write leaves half a line.
            Files.writeString(store.journalPath(), "{\"generation\":99999,\"put\":{\"id\":77,\"endp",
                    java.nio.file.StandardOpenOption.APPEND);
            assertEquals(2, store.load().document().items().size());
        }
    }

    @Test
    void aServerIsWrittenOnceAndItsItemsLoadWithIt() throws Exception {
        QueueStore store = new QueueStore(directory.resolve("config/queue.json"));
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, store)) {
            queue.restore();
            for (String name : List.of("a", "b", "c")) {
                queue.addDownload(server(), null, "/" + name, directory.resolve("dl/" + name), false, 1, null);
            }
            Await.until("the three items in the journal", () -> store.load().document().items().size() == 3);
            // Read before the queue closes: closing folds the journal into the snapshot.
            List<JsonNode> puts = journalLines(store).stream().filter(line -> line.has("put")).toList();
            assertEquals(3, puts.size(), "one line per added item: " + puts);
            assertEquals(1, puts.stream().filter(line -> line.has("endpoint")).count(),
                    "the server's settings are written with its first item only: " + puts);
            QueueStore.Document loaded = store.load().document();
            assertEquals(1, loaded.endpoints().size());
            assertTrue(loaded.items().stream().allMatch(item -> item.endpoint().equals(loaded.endpoints().get(0).key())),
                    "every item finds its server: " + loaded);
        }
    }

    @Test
    void theChangesOfAnItemRemovedInTheSameBatchAreNotWritten() {
        QueueStore.Entry putA = new QueueStore.Entry(1, null, stored(1), null);
        QueueStore.Entry putB = new QueueStore.Entry(2, null, stored(2), null);
        QueueStore.Entry runA = new QueueStore.Entry(3, null, stored(1), null);
        QueueStore.Entry runB = new QueueStore.Entry(4, null, stored(2), null);
        QueueStore.Entry removeA = new QueueStore.Entry(5, null, null, 1L);
        assertEquals(List.of(putB, runB, removeA), QueueJournal.withoutSuperseded(List.of(putA, putB, runA, runB, removeA)));
        assertEquals(List.of(putA, runA), QueueJournal.withoutSuperseded(List.of(putA, runA)),
                "changes of an item that stays are all kept, in order");
    }

    /**
     * R25: a line of an item after its removal in the same batch was dropped with the lines before it: a
     * running item the user removed is journaled as removed at once, and its worker's late line may follow.
     */
    @Test
    void aLineAfterTheRemovalOfItsItemIsKept() {
        QueueStore.Entry putA = new QueueStore.Entry(1, null, stored(1), null);
        QueueStore.Entry removeA = new QueueStore.Entry(2, null, null, 1L);
        QueueStore.Entry lateA = new QueueStore.Entry(3, null, stored(1), null);
        QueueStore.Entry removeAAgain = new QueueStore.Entry(4, null, null, 1L);
        assertEquals(List.of(removeA, lateA), QueueJournal.withoutSuperseded(List.of(putA, removeA, lateA)));
        assertEquals(List.of(removeA, removeAAgain), QueueJournal.withoutSuperseded(List.of(putA, removeA, lateA, removeAAgain)));
    }

    private static QueueStore.StoredItem stored(long id) {
        return new QueueStore.StoredItem(id, "server", Direction.DOWNLOAD, false, "/local/" + id, "/remote/" + id, 1,
                null, ItemState.QUEUED, 0, 0, null, 0, id, ConflictAction.OVERWRITE, 0, null, null, null, 0, false, 0,
                null, false);
    }

    private static List<JsonNode> journalLines(QueueStore store) throws java.io.IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(store.journalPath())) {
            if (!line.isBlank()) {
                lines.add(Json.mapper().readTree(line));
            }
        }
        return lines;
    }

    /**
     * A transfer that ran while the saved queue was still being read at start (a big queue, a slow
     * disk) started the saving with only itself: the snapshot on disk was written over without the
     * saved items, which were then in memory only, and a kill lost them. The journal here is a named
     * pipe, so the restore reads until the test lets it end.
     */
    @Test
    void aTransferRunWhileTheSavedQueueIsReadLeavesTheSavedItemsOnDisk() throws Exception {
        Path queueFile = SavedQueues.downloads(directory.resolve("config/queue.json"), directory.resolve("dl"), "/saved", 3);
        QueueStore store = new QueueStore(queueFile);
        Files.deleteIfExists(store.journalPath());
        Process mkfifo = new ProcessBuilder("mkfifo", store.journalPath().toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        try (dev.ferry.testing.MinaServer server = dev.ferry.testing.MinaServer.builder(directory.resolve("server")).start();
             TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, store)) {
            Files.write(server.home().resolve("new.bin"), new byte[1000]);
            Thread restoring = Thread.ofPlatform().daemon().name("test-restore").start(queue::restore);
            // The test's end of the pipe: the open returns once the restore opened it to read.
            java.io.OutputStream pipe = Files.newOutputStream(store.journalPath());
            long added = queue.addDownload(SavedQueues.reachable(server), null, "/new.bin", directory.resolve("dl/new.bin"), false, 1000, null).id();
            queue.start();
            Await.until("the transfer to have started saving the queue, or to wait for the restore to end",
                    () -> snapshotItems(queueFile) != 3 || waitsForTheRestore());
            pipe.close();
            assertTrue(restoring.join(Duration.ofSeconds(60)), "the restore read to the pipe's end");
            Await.until("the transfer done", () -> queue.snapshot().stream()
                    .anyMatch(item -> item.id() == added && item.state() == ItemState.DONE));
            // As a kill would leave it: not closed. The finished transfer may still be there: its end is written after.
            assertEquals(List.of("/saved0", "/saved1", "/saved2"), SavedQueues.onDisk(queueFile, "/saved"),
                    "the saved items, still saved");
        }
    }

    /** R16: the window restores on a thread of its own; a transfer run before that thread began did not wait. */
    @Test
    void aTransferRunBeforeTheComingRestoreBeginsWaitsForIt() throws Exception {
        Path queueFile = SavedQueues.downloads(directory.resolve("config/queue.json"), directory.resolve("dl"), "/saved", 3);
        try (dev.ferry.testing.MinaServer server = dev.ferry.testing.MinaServer.builder(directory.resolve("server")).start();
             TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, new QueueStore(queueFile))) {
            Files.write(server.home().resolve("new.bin"), new byte[1000]);
            queue.restoreComing();
            long added = queue.addDownload(SavedQueues.reachable(server), null, "/new.bin", directory.resolve("dl/new.bin"), false, 1000, null).id();
            queue.start();
            Await.until("the transfer to wait for the restore", QueueJournalTest::waitsForTheRestore);
            assertEquals(3, snapshotItems(queueFile), "the saved queue on disk as it was");
            queue.restore();
            Await.until("the transfer done", () -> queue.snapshot().stream()
                    .anyMatch(item -> item.id() == added && item.state() == ItemState.DONE));
            assertEquals(List.of("/saved0", "/saved1", "/saved2"), SavedQueues.onDisk(queueFile, "/saved"),
                    "the saved items, still saved");
        }
    }

    /**
     * R17: an item added before the restore kept the generation it was given then, which the loaded
     * file counted as written: its transfer's first byte went before the snapshot holding it was on
     * disk, and a kill then left a part file no saved item knew.
     */
    @Test
    void aTransferAddedBeforeTheRestoreStartsOnlyOnceItIsSaved() throws Exception {
        // Big enough that its snapshot takes a while to write.
        Path queueFile = SavedQueues.downloads(directory.resolve("config/queue.json"), directory.resolve("dl"), "/saved/", 20_000);
        List<Boolean> savedAtTheFirstByte = new CopyOnWriteArrayList<>();
        org.apache.ftpserver.ftplet.Ftplet watch = new org.apache.ftpserver.ftplet.DefaultFtplet() {
            @Override
            public org.apache.ftpserver.ftplet.FtpletResult beforeCommand(org.apache.ftpserver.ftplet.FtpSession session,
                    org.apache.ftpserver.ftplet.FtpRequest request) throws java.io.IOException {
                if (request.getCommand().equalsIgnoreCase("RETR")) {
                    QueueStore store = new QueueStore(queueFile);
                    savedAtTheFirstByte.add(Files.readString(queueFile).contains("/mine.bin")
                            || Files.exists(store.journalPath()) && Files.readString(store.journalPath()).contains("/mine.bin"));
                }
                return org.apache.ftpserver.ftplet.FtpletResult.DEFAULT;
            }
        };
        try (dev.ferry.testing.MinaServer server = dev.ferry.testing.MinaServer.builder(directory.resolve("server"))
                .ftplet(watch).start();
             TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, new QueueStore(queueFile))) {
            Files.write(server.home().resolve("mine.bin"), new byte[1000]);
            // As at a window's start: the restore announced, the transfer run before it and waiting for it.
            queue.restoreComing();
            queue.addDownload(SavedQueues.reachable(server), null, "/mine.bin", directory.resolve("dl/mine.bin"), false, 1000, null);
            queue.start();
            Await.until("the transfer to wait for the restore", QueueJournalTest::waitsForTheRestore);
            queue.restore();
            Await.until("the server asked for mine.bin", () -> !savedAtTheFirstByte.isEmpty());
            assertEquals(List.of(true), savedAtTheFirstByte, "the item on disk before its first byte");
        }
    }

    private static int snapshotItems(Path queueFile) {
        try {
            return Json.mapper().readTree(queueFile.toFile()).get("items").size();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** Whether a thread waits in the queue's saving for the restore of the saved queue to end. */
    private static boolean waitsForTheRestore() {
        return Thread.getAllStackTraces().values().stream().flatMap(java.util.Arrays::stream)
                .anyMatch(frame -> frame.getClassName().equals(QueuePersistence.class.getName())
                        && frame.getMethodName().equals("awaitRestore"));
    }

    private static List<Long> journalGenerations(QueueStore store) {
        List<Long> generations = new ArrayList<>();
        if (!Files.exists(store.journalPath())) {
            return generations;
        }
        try {
            String text = Files.readString(store.journalPath());
            // Read while the writer appends: a last line without its newline is not written yet.
            String complete = text.substring(0, text.lastIndexOf('\n') + 1);
            for (String line : complete.split("\n")) {
                if (!line.isBlank()) {
                    JsonNode node = Json.mapper().readTree(line);
                    generations.add(node.get("generation").asLong());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return generations;
    }

    /** A queue on {@code path} whose journal problems land in {@code problems}. */
    private static TransferQueue queueReporting(Path path, List<Message> problems) {
        TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, new QueueStore(path));
        queue.addListener(new QueueListener() {
            @Override
            public void queueChanged(Update update) {
            }

            @Override
            public void journalProblem(Message problem) {
                problems.add(problem);
            }
        });
        return queue;
    }

    /**
     * Two windows (or two commands) on one queue file: both restored it and ran the same items,
     * writing the same part files, and both wrote the file. The second neither runs nor saves.
     */
    @Test
    void aSecondQueueOnTheSameFileLeavesItToTheFirst() throws Exception {
        Path path = directory.resolve("queue.json");
        List<Message> problems = new CopyOnWriteArrayList<>();
        try (TransferQueue earlier = queueReporting(path, problems)) {
            earlier.restore();
            earlier.addDownload(server(), null, "/a", directory.resolve("dl/a"), false, 1, null);
        }
        try (TransferQueue first = queueReporting(path, problems)) {
            first.restore();
            assertEquals(1, first.snapshot().size(), first.snapshot().toString());
            List<Message> secondProblems = new CopyOnWriteArrayList<>();
            try (TransferQueue second = queueReporting(path, secondProblems)) {
                second.restore();
                assertEquals(List.of(), second.snapshot(), "the first queue's items are the first's to run");
                assertTrue(secondProblems.stream().anyMatch(p -> p.key() == QueueText.QUEUE_IN_USE),
                        "and the user is told: " + secondProblems);
                second.addDownload(server(), null, "/b", directory.resolve("dl/b"), false, 1, null);
            }
            first.addDownload(server(), null, "/c", directory.resolve("dl/c"), false, 1, null);
        }
        assertEquals(List.of("/a", "/c"), new QueueStore(path).load().document().items().stream()
                .map(QueueStore.StoredItem::remotePath).toList(), "what the first queue saved, nothing of the second's");
        assertEquals(List.of(), problems, "the first queue owned the file without a problem");
        try (TransferQueue next = queueReporting(path, problems)) {
            next.restore();
            assertEquals(2, next.snapshot().size(), "free again once the first closed: " + next.snapshot());
        }
        assertEquals(List.of(), problems);
    }
}
