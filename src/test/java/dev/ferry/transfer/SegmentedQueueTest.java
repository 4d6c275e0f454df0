package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DialogueEntry;
import dev.ferry.ftp.FtpSession;
import dev.ferry.testing.Await;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.FakeFtpServer;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Segmented downloads in the queue against the in-process MINA server: how a file is split, what
 * the queue file keeps of a split download and how a queue read back from it continues every
 * segment, which files are split (size threshold, per-batch count, the files of a folder).
 */
class SegmentedQueueTest {

    static final Duration LONG = Duration.ofSeconds(120);

    @TempDir
    Path directory;

    static ConnectionSettings settings(int port) {
        return TransferQueueTest.settings(port);
    }

    static QueueSettings split(int segments) {
        return TransferQueueTest.quick(segments).withSegments(segments, 1 << 20);
    }

    private static ItemSnapshot item(TransferQueue queue, long id) {
        return queue.snapshot().stream().filter(i -> i.id() == id).findFirst().orElse(null);
    }

    /** The offsets RETRs started at (the REST before each, on its session; 0 without one). */
    static List<Long> retrOffsets(List<DialogueEntry> entries) {
        Map<String, Long> rest = new HashMap<>();
        List<Long> offsets = new ArrayList<>();
        for (DialogueEntry entry : entries) {
            if (entry.kind() != DialogueEntry.Kind.COMMAND) {
                continue;
            }
            String words = CollectingLog.words(entry);
            if (words.startsWith("REST ")) {
                rest.put(entry.session(), Long.parseLong(words.substring(5).trim()));
            } else if (words.startsWith("RETR ")) {
                Long offset = rest.remove(entry.session());
                offsets.add(offset == null ? 0 : offset);
            }
        }
        return offsets;
    }

    private static List<Segment> savedPlan(QueueStore store) {
        List<QueueStore.StoredItem> items = store.load().document().items();
        return items.isEmpty() || items.getFirst().segmentPlan() == null ? List.of() : items.getFirst().segmentPlan();
    }

    @Test
    void aFileIsSplitIntoNearlyEqualRangesAndAnExistingStartCounts() {
        long size = (10L << 20) + 3;
        List<Segment> plan = SegmentedPartFile.plan(size, 4, 3L << 20);
        assertEquals(4, plan.size());
        long quarter = size / 4;
        assertEquals(new Segment(0, quarter, quarter), plan.get(0));
        assertEquals(new Segment(quarter, 2 * quarter, (3L << 20) - quarter), plan.get(1));
        assertEquals(new Segment(2 * quarter, 3 * quarter, 0), plan.get(2));
        assertEquals(new Segment(3 * quarter, size, 0), plan.get(3), "the last range takes the remainder");
    }

    @Test
    void aPlanIsTrustedOnlyWithItsFullLengthPartFile() throws Exception {
        Path part = directory.resolve("x.part");
        List<Segment> plan = SegmentedPartFile.plan(1000, 2, 0);
        assertFalse(SegmentedPartFile.usable(plan, 1000, part), "no part file");
        Files.write(part, new byte[999]);
        assertFalse(SegmentedPartFile.usable(plan, 1000, part), "a part file of another length");
        Files.write(part, new byte[1000]);
        assertTrue(SegmentedPartFile.usable(plan, 1000, part));
        assertFalse(SegmentedPartFile.usable(plan, 1001, part), "a plan for another size");
        assertFalse(SegmentedPartFile.usable(List.of(new Segment(0, 400, 0), new Segment(500, 1000, 0)), 1000, part),
                "a gap between ranges");
        assertFalse(SegmentedPartFile.usable(List.of(new Segment(0, 500, 600), new Segment(500, 1000, 0)), 1000, part),
                "more done than the range holds");
    }

    /**
     * Downloads {@code remote} in four segments, slowly (the queue's own limit, shared by the segments),
     * and closes the queue once each has bytes on disk and in {@code store}; returns the item's id.
     */
    private long stopWithEverySegmentUnderWay(MinaServer server, String remote, Path local, QueueStore store)
            throws Exception {
        try (TransferQueue first = new TransferQueue(split(4).withSpeedLimits(4 << 20, 0),
                endpoint -> settings(server.port()), store)) {
            long id = first.addDownload(settings(server.port()), null, remote, local, false,
                    Files.size(server.home().resolve(remote.substring(1))), null).id();
            first.start();
            Await.until("every segment's progress in the queue file", () -> {
                List<Segment> plan = savedPlan(store);
                return plan.size() == 4 && plan.stream().allMatch(s -> s.done() > 0);
            }, LONG, () -> String.valueOf(item(first, id)));
            return id;
        }
    }

    @Test
    void aQueueReadBackContinuesEverySegmentWhereItsFileSaysItStopped() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path remote = TestFiles.random(server.home().resolve("large.bin"), 16L << 20, 1);
            Path local = directory.resolve("local/large.bin");
            QueueStore store = new QueueStore(directory.resolve("config/queue.json"));
            long id = stopWithEverySegmentUnderWay(server, "/large.bin", local, store);
            List<Segment> saved;
            QueueStore.StoredItem stored = store.load().document().items().getFirst();
            saved = stored.segmentPlan();
            assertEquals(4, saved.size(), "the plan is in the queue file: " + stored);
            assertTrue(saved.stream().allMatch(s -> s.done() > 0 && !s.complete()), String.valueOf(saved));
            assertEquals(Files.size(remote), Files.size(FileTransfers.partFile(local)));

            CollectingLog dialogue = new CollectingLog();
            try (TransferQueue second = new TransferQueue(split(4), endpoint -> settings(server.port()), store)) {
                second.addDialogueListener(dialogue);
                assertTrue(second.restore().isEmpty());
                assertEquals(saved, item(second, id).segments(), "restored with its plan");
                second.start();
                assertTrue(second.awaitIdle(LONG), String.valueOf(second.snapshot()));
                assertEquals(ItemState.DONE, item(second, id).state(), dialogue.text());
            }
            assertEquals(TestFiles.sha256(remote), TestFiles.sha256(local));
            assertFalse(Files.exists(FileTransfers.partFile(local)));
            TreeSet<Long> expected = new TreeSet<>();
            saved.forEach(s -> expected.add(s.start() + s.done()));
            assertEquals(expected, new TreeSet<>(retrOffsets(dialogue.entries())),
                    "every segment continued where the file said:\n" + dialogue.text());
            assertTrue(store.load().document().items().isEmpty(), "nothing left to resume");
        }
    }

    /**
     * A segmented part file is full length with gaps: without its plan (the queue file lost, another
     * config folder, `get -c`), a single stream took its length for data and called it complete.
     */
    @Test
    void aSegmentedPartFileWithoutItsPlanIsNotContinuedAsOneStream() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path remote = TestFiles.random(server.home().resolve("gaps.bin"), 16L << 20, 4);
            Path local = directory.resolve("local/gaps.bin");
            stopWithEverySegmentUnderWay(server, "/gaps.bin", local, new QueueStore(directory.resolve("config-lost/queue.json")));
            assertEquals(Files.size(remote), Files.size(FileTransfers.partFile(local)), "full length, with gaps");
            try (FtpSession session = new FtpSession(settings(server.port()), "lost-plan")) {
                session.connect();
                FileTransfers.download(session, "/gaps.bin", local, Files.size(remote), FileTransfers.PartFile.CONTINUE,
                        null, dev.ferry.ftp.TransferListener.NONE, part -> { }, new dev.ferry.ftp.CancelToken());
            }
            assertEquals(TestFiles.sha256(remote), TestFiles.sha256(local), "the server's bytes, not the part's gaps");
            try (var left = Files.list(local.getParent())) {
                assertEquals(List.of("gaps.bin"), left.map(p -> p.getFileName().toString()).toList());
            }
        }
    }

    @Test
    void onlyFilesFromTheThresholdOnAreSplitAndABatchMaySayHowMany() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path folder = Files.createDirectories(server.home().resolve("folder"));
            TestFiles.random(folder.resolve("large.bin"), 6L << 20, 2);
            TestFiles.random(folder.resolve("small.bin"), 1L << 20, 3);
            CollectingLog dialogue = new CollectingLog();
            // The queue says "never split"; the batch (a site's own setting) says three.
            QueueSettings settings = TransferQueueTest.quick(3).withSegments(1, 2L << 20);
            try (TransferQueue queue = new TransferQueue(settings, null, null)) {
                queue.addDialogueListener(dialogue);
                queue.batch().segments(3).addDownload(settings(server.port()), null, "/folder",
                        directory.resolve("local/folder"), true, -1, null);
                queue.start();
                assertTrue(queue.awaitIdle(LONG), String.valueOf(queue.snapshot()));
                assertTrue(queue.snapshot().stream().allMatch(i -> i.state() == ItemState.DONE), dialogue.text());
            }
            for (String name : List.of("large.bin", "small.bin")) {
                assertEquals(TestFiles.sha256(folder.resolve(name)),
                        TestFiles.sha256(directory.resolve("local/folder").resolve(name)), name);
            }
            long third = (6L << 20) / 3;
            assertEquals(List.of(0L, 0L, third, 2 * third), retrOffsets(dialogue.entries()).stream().sorted().toList(),
                    "the large file in three ranges, the small one whole:\n" + dialogue.text());
        }
    }

    /** Downloads /large.bin from {@code server} into local/large.bin; the item must end DONE with the same bytes. */
    private ItemSnapshot downloadWhole(FakeFtpServer server, QueueSettings settings, byte[] content) throws Exception {
        try (TransferQueue queue = new TransferQueue(settings, null, null)) {
            Path local = directory.resolve("local/large.bin");
            long id = queue.addDownload(settings(server.port()), null, "/large.bin", local, false, content.length,
                    null).id();
            queue.start();
            assertTrue(queue.awaitIdle(LONG), String.valueOf(queue.snapshot()));
            ItemSnapshot done = item(queue, id);
            assertEquals(ItemState.DONE, done.state(), done + "\n" + server.commands());
            assertTrue(java.util.Arrays.equals(content, Files.readAllBytes(local)), "the bytes, in one stream");
            assertFalse(Files.exists(FileTransfers.partFile(local)));
            return done;
        }
    }

    @Test
    void aServerThatAnnouncesRestButRefusesItGetsOneStream() throws Exception {
        byte[] content = TestFiles.bytes(4 << 20, 9);
        // FEAT says REST STREAM; the command itself is "502 not implemented".
        try (FakeFtpServer server = new FakeFtpServer().file("/large.bin", content)) {
            ItemSnapshot done = downloadWhole(server, split(2), content);
            assertTrue(done.segments().isEmpty(), "no plan left: " + done.segments());
            assertTrue(server.commands().stream().anyMatch(c -> c.startsWith("REST ")), "REST was tried");
        }
    }

    /**
     * Once the server has refused REST, the queue stops asking it: the next large file comes in one
     * stream at once. Each one was split again, refused again, and cost a session's reconnection.
     */
    @Test
    void aRefusedRestIsRememberedForTheNextFiles() throws Exception {
        byte[] first = TestFiles.bytes(4 << 20, 12);
        byte[] second = TestFiles.bytes(4 << 20, 13);
        try (FakeFtpServer server = new FakeFtpServer().file("/first.bin", first).file("/second.bin", second);
             TransferQueue queue = new TransferQueue(split(2), null, null)) {
            queue.addDownload(settings(server.port()), null, "/first.bin", directory.resolve("first.bin"), false,
                    first.length, null);
            queue.start();
            assertTrue(queue.awaitIdle(LONG), String.valueOf(queue.snapshot()));
            long restsForTheFirst = server.commands().stream().filter(c -> c.startsWith("REST ")).count();
            assertTrue(restsForTheFirst > 0, "REST was tried: " + server.commands());
            int loginsForTheFirst = server.commands().stream().filter(c -> c.startsWith("USER ")).toList().size();

            queue.addDownload(settings(server.port()), null, "/second.bin", directory.resolve("second.bin"), false,
                    second.length, null);
            assertTrue(queue.awaitIdle(LONG), String.valueOf(queue.snapshot()));
            assertTrue(queue.snapshot().stream().allMatch(i -> i.state() == ItemState.DONE), String.valueOf(queue.snapshot()));
            assertTrue(java.util.Arrays.equals(second, Files.readAllBytes(directory.resolve("second.bin"))), "second.bin's bytes");
            assertEquals(restsForTheFirst, server.commands().stream().filter(c -> c.startsWith("REST ")).count(),
                    "no REST for the second file: " + server.commands());
            assertEquals(loginsForTheFirst, server.commands().stream().filter(c -> c.startsWith("USER ")).toList().size(),
                    "no new login for the second file: " + server.commands());
        }
    }

    /**
     * A refusal of REST is a lesson for the work in hand, not for the application's life: it was kept until
     * Ferry was closed, so a server reconfigured (or replaced) since got no large download split or continued
     * again. Once every session to the server has ended, the next batch asks again.
     */
    @Test
    void aRefusedRestIsAskedAgainOnceTheServersSessionsHaveEnded() throws Exception {
        byte[] first = TestFiles.bytes(4 << 20, 14);
        byte[] second = TestFiles.bytes(4 << 20, 15);
        try (FakeFtpServer server = new FakeFtpServer().file("/first.bin", first).file("/second.bin", second);
             TransferQueue queue = new TransferQueue(split(2).withIdleTimeout(Duration.ofMillis(300)), null, null)) {
            queue.addDownload(settings(server.port()), null, "/first.bin", directory.resolve("first.bin"), false,
                    first.length, null);
            queue.start();
            assertTrue(queue.awaitIdle(LONG), String.valueOf(queue.snapshot()));
            long restsForTheFirst = server.commands().stream().filter(c -> c.startsWith("REST ")).count();
            assertTrue(restsForTheFirst > 0, "REST was tried: " + server.commands());
            // Both workers' sessions (the refusal cost one of them its connection, and it logged in again).
            dev.ferry.testing.Await.until("both workers logged out after their idle time",
                    () -> server.commands().stream().filter(c -> c.startsWith("QUIT")).count() == 2,
                    LONG, server.commands()::toString);

            server.acceptRest();
            queue.addDownload(settings(server.port()), null, "/second.bin", directory.resolve("second.bin"), false,
                    second.length, null);
            assertTrue(queue.awaitIdle(LONG), String.valueOf(queue.snapshot()));
            assertTrue(queue.snapshot().stream().allMatch(i -> i.state() == ItemState.DONE), String.valueOf(queue.snapshot()));
            assertTrue(java.util.Arrays.equals(second, Files.readAllBytes(directory.resolve("second.bin"))), "second.bin's bytes");
            assertTrue(server.commands().stream().filter(c -> c.startsWith("REST ")).count() > restsForTheFirst,
                    "REST asked again for the second file: " + server.commands());
        }
    }

    @Test
    void aRefusedRestWhileTheOtherSegmentRunsStillEndsInOneStream() throws Exception {
        byte[] content = TestFiles.bytes(4 << 20, 10);
        // The first segment's RETR hangs until it is stopped: the second segment's REST is refused meanwhile,
        // and stopping the first shuts the session that the single stream then needs.
        try (FakeFtpServer server = new FakeFtpServer().file("/large.bin", content).holdDownload(1)) {
            downloadWhole(server, split(2).withRetries(0, Duration.ofMillis(50), Duration.ofMillis(50)), content);
        }
    }
}
