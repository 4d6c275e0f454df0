package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.Await;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue against MINA FtpServer: trees, pools, faults, restarts. */
class TransferQueueTest {

    @TempDir
    Path directory;

    static ConnectionSettings settings(int port) {
        return ConnectionSettings.builder("127.0.0.1").port(port).user(MinaServer.USER).password(MinaServer.PASSWORD)
                .build();
    }

    static QueueSettings quick(int connections) {
        return QueueSettings.DEFAULT.withConnections(connections).withConflictDefault(ConflictAction.OVERWRITE)
                .withRetries(5, Duration.ofMillis(50), Duration.ofMillis(400));
    }

    /** 2,000 small files in 20 folders, three larger ones, an empty folder and a deep one. */
    static void makeTree(Path root) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        for (int d = 0; d < 20; d++) {
            Path folder = Files.createDirectories(root.resolve("folder " + d));
            for (int f = 0; f < 100; f++) {
                byte[] content = new byte[random.nextInt(4097)];
                random.nextBytes(content);
                Files.write(folder.resolve("file-" + f + ".bin"), content);
            }
        }
        for (int i = 0; i < 3; i++) {
            TestFiles.random(root.resolve("large-" + i + ".bin"), 3L << 20, i);
        }
        Files.createDirectories(root.resolve("empty folder"));
        Files.writeString(Files.createDirectories(root.resolve("a/b/c/d")).resolve("deep.txt"), "deep");
    }

    /** Relative path → content digest of every file, and every directory, under {@code root}. */
    static TreeMap<String, String> describe(Path root) throws IOException {
        TreeMap<String, String> tree = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String relative = root.relativize(p).toString();
                tree.put(relative, Files.isDirectory(p) ? "dir" : TestFiles.sha256(p));
            }
        }
        return tree;
    }

    static void run(TransferQueue queue) throws InterruptedException {
        queue.start();
        assertTrue(queue.awaitIdle(Duration.ofMinutes(3)), "the queue finished: " + queue.totals());
    }

    private static List<ItemSnapshot> failures(TransferQueue queue) {
        return queue.snapshot().stream().filter(s -> s.state() == ItemState.FAILED).toList();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void treesGoDownAndUpByteForByteWithinThePoolSize(int connections) throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            makeTree(server.home().resolve("tree"));
            Path local = directory.resolve("download");
            try (TransferQueue queue = new TransferQueue(quick(connections), null, null)) {
                queue.addDownload(settings(server.port()), null, "/tree", local, true, -1, null);
                run(queue);
                assertEquals(List.of(), failures(queue));
                assertEquals(2_000 + 3 + 1, queue.totals().done());
            }
            assertEquals(describe(server.home().resolve("tree")), describe(local));
            assertTrue(server.mostConcurrentLogins() <= connections,
                    "at most " + connections + " sessions, saw " + server.mostConcurrentLogins());
            assertEquals(connections, server.logins(), "one login per worker session, reused for every item");
            // The closed queue's workers quit on their own threads, and the server counts them out later
            // still: the upload's sessions must not be counted together with the download's last ones.
            Await.until("the download's sessions to end at the server", () -> server.loggedIn() == 0, Await.DEFAULT,
                    () -> server.loggedIn() + " still logged in");

            try (TransferQueue queue = new TransferQueue(quick(connections), null, null)) {
                queue.addUpload(settings(server.port()), null, local, "/uploaded", true);
                run(queue);
                assertEquals(List.of(), failures(queue));
            }
            assertEquals(describe(local), describe(server.home().resolve("uploaded")));
            assertTrue(server.mostConcurrentLogins() <= connections);
        }
    }

    /**
     * R32: the size and time a command asked just before adding its download held for every later run of the
     * item too: retried after the file changed, the part of the old version was continued with the new one's
     * bytes and called done.
     */
    /**
     * T10: a listing gives a file older than six months by its day only ("Sep 14  2020"); a folder's download
     * stamped its files with midnight of that day, up to a day away from the server's time, which the next
     * comparison then read as a change. The server's own time (MDTM) is asked for such a file; a recent file keeps
     * its listed time and costs no command.
     */
    @Test
    void aFileListedByItsDayOnlyTakesTheServersTimeToTheSecond() throws Exception {
        // LIST, as vsftpd has it: MLSD would give every time to the second.
        try (MinaServer server = MinaServer.builder(directory.resolve("server"))
                .ftplet(MinaServer.answering("MLSD", 502, "Command not implemented.")).start()) {
            Path old = TestFiles.random(server.home().resolve("tree/old.bin"), 5_000, 1);
            Instant oldTime = Instant.parse("2020-09-14T17:32:09Z");
            Files.setLastModifiedTime(old, FileTime.from(oldTime));
            Path recent = TestFiles.random(server.home().resolve("tree/recent.bin"), 5_000, 2);
            Path local = directory.resolve("local");
            CollectingLog log = new CollectingLog();
            try (TransferQueue queue = new TransferQueue(quick(1), null, null)) {
                queue.addDialogueListener(log);
                queue.addDownload(settings(server.port()), null, "/tree", local.resolve("tree"), true, -1, null);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofMinutes(1)), queue.snapshot()::toString);
            }
            assertEquals(oldTime, Files.getLastModifiedTime(local.resolve("tree/old.bin")).toInstant(),
                    "the server's time, not the listing's day:\n" + log.text());
            assertEquals(Files.getLastModifiedTime(recent).toInstant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES),
                    Files.getLastModifiedTime(local.resolve("tree/recent.bin")).toInstant(), "the listing's minute");
            assertFalse(log.text().contains("> MDTM /tree/recent.bin"), "no command for a time listed to the minute:\n"
                    + log.text());
        }
    }

    @Test
    void sizeAndTimeAskedAtTheAddHoldForTheFirstRunOnly() throws Exception {
        byte[] old = "a".repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] changed = "b".repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.acceptRest().downloadsSendAtMost(50).file("/f.bin", old).mdtm("/f.bin", "20200101000000");
            Path target = directory.resolve("f.bin");
            ConnectionSettings connection = ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u")
                    .password("p").build();
            try (TransferQueue queue = new TransferQueue(quick(1).withRetries(0, Duration.ofMillis(10),
                    Duration.ofMillis(10)), null, null)) {
                long id = queue.batch().sizeAndTimeAskedJustNow().addDownload(connection, null, "/f.bin", target, false,
                        100, java.time.Instant.parse("2020-01-01T00:00:00Z")).id();
                run(queue);
                assertEquals(ItemState.FAILED, queue.snapshot().getFirst().state(), queue.snapshot()::toString);
                // Kept from long ago: a newer file on the server makes it another version's start.
                Files.setLastModifiedTime(FileTransfers.partFile(target),
                        java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2020-01-01T00:00:00Z")));
                server.downloadsSendAtMost(-1).file("/f.bin", changed).mdtm("/f.bin", "20240101000000");
                queue.retry(id);
                run(queue);
                assertEquals(ItemState.DONE, queue.snapshot().getFirst().state(), queue.snapshot()::toString);
                assertArrayEquals(changed, Files.readAllBytes(target), "the new version whole, not the old one's start");
            }
        }
    }

    /**
     * A link to a folder in an uploaded tree was skipped ("not followed") where FileZilla and WinSCP send
     * what it leads to. It is followed now, as a folder of the upload; a link back to a folder above it,
     * directly or through another followed link, is not (it would send the tree again, for ever).
     */
    @Test
    void anUploadedTreeFollowsItsLinksToFoldersButNotThoseLeadingBack() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path elsewhere = Files.createDirectories(directory.resolve("shared/images"));
            Files.writeString(elsewhere.resolve("logo.txt"), "logo");
            Path local = Files.createDirectories(directory.resolve("site"));
            Files.writeString(local.resolve("index.txt"), "index");
            Files.createSymbolicLink(local.resolve("images"), elsewhere);
            Files.createSymbolicLink(local.resolve("again"), Path.of("."));
            Path sub = Files.createDirectories(local.resolve("sub"));
            Files.createSymbolicLink(sub.resolve("up"), Path.of(".."));
            // Two links that lead to each other's folders: neither leads back by itself.
            Path a = Files.createDirectories(directory.resolve("pair/a"));
            Path b = Files.createDirectories(directory.resolve("pair/b"));
            Files.writeString(b.resolve("in-b.txt"), "b");
            Files.createSymbolicLink(a.resolve("to-b"), b);
            Files.createSymbolicLink(b.resolve("to-a"), a);
            Files.createSymbolicLink(local.resolve("pair"), a);
            Files.createSymbolicLink(sub.resolve("everything"), directory);
            try (TransferQueue queue = new TransferQueue(quick(1), null, null)) {
                queue.addUpload(settings(server.port()), null, local, "/site", true);
                run(queue);
                List<ItemSnapshot> items = queue.snapshot();
                Path uploaded = server.home().resolve("site");
                assertEquals("logo", Files.readString(uploaded.resolve("images/logo.txt")), items.toString());
                assertEquals("index", Files.readString(uploaded.resolve("index.txt")));
                assertEquals("b", Files.readString(uploaded.resolve("pair/to-b/in-b.txt")), items.toString());
                for (String loop : List.of("again", "sub/up", "pair/to-b/to-a")) {
                    ItemSnapshot link = items.stream().filter(i -> i.remotePath().equals("/site/" + loop)).findFirst()
                            .orElseThrow(() -> new AssertionError(loop + " is shown: " + items));
                    assertEquals(ItemState.SKIPPED, link.state(), link.toString());
                    assertEquals(QueueText.SYMLINK_LOOP, link.lastError().key(), link.toString());
                }
                ItemSnapshot above = items.stream().filter(i -> i.remotePath().equals("/site/sub/everything")).findFirst()
                        .orElseThrow(() -> new AssertionError("the link to a folder holding the tree is shown: " + items));
                assertEquals(ItemState.SKIPPED, above.state(), above.toString());
                assertEquals(QueueText.LINK_ABOVE_THE_TREE, above.lastError().key(), above.toString());
                assertEquals(List.of(), failures(queue));
            }
        }
    }

    /**
     * A folder uploaded with a link that points nowhere and a named pipe in it: both were left out
     * without a word (the download side says "A symbolic link that points nowhere"), so the user
     * could not tell an upload of everything from one that silently left files behind.
     */
    @Test
    void aFoldersDanglingLinkAndPipeAreSaidToBeSkipped() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path local = Files.createDirectories(directory.resolve("outgoing"));
            Files.writeString(local.resolve("real.txt"), "real");
            Files.createSymbolicLink(local.resolve("dangling"), local.resolve("nowhere"));
            Process mkfifo = new ProcessBuilder("mkfifo", local.resolve("pipe").toString()).inheritIO().start();
            assertEquals(0, mkfifo.waitFor(), "mkfifo made the pipe");
            // A link that leads somewhere, to what is neither a file nor a folder: it was called one that points nowhere.
            Files.createSymbolicLink(local.resolve("to-pipe"), local.resolve("pipe"));
            try (TransferQueue queue = new TransferQueue(quick(1), null, null)) {
                queue.addUpload(settings(server.port()), null, local, "/in", true);
                run(queue);
                List<ItemSnapshot> items = queue.snapshot();
                ItemSnapshot toPipe = items.stream().filter(i -> i.name().equals("to-pipe")).findFirst()
                        .orElseThrow(() -> new AssertionError("the link to the pipe is shown: " + items));
                assertEquals(ItemState.SKIPPED, toPipe.state(), toPipe.toString());
                assertEquals(QueueText.LINK_TO_SPECIAL_FILE_SKIPPED, toPipe.lastError().key(), toPipe.toString());
                assertEquals("real", Files.readString(server.home().resolve("in/real.txt")));
                ItemSnapshot dangling = items.stream().filter(i -> i.name().equals("dangling")).findFirst()
                        .orElseThrow(() -> new AssertionError("the dangling link is shown: " + items));
                assertEquals(ItemState.SKIPPED, dangling.state(), dangling.toString());
                assertEquals(QueueText.DANGLING_LINK_SKIPPED, dangling.lastError().key(), dangling.toString());
                ItemSnapshot pipe = items.stream().filter(i -> i.name().equals("pipe")).findFirst()
                        .orElseThrow(() -> new AssertionError("the pipe is shown: " + items));
                assertEquals(ItemState.SKIPPED, pipe.state(), pipe.toString());
                assertEquals(QueueText.NOT_REGULAR_FILE, pipe.lastError().key(), pipe.toString());
            }
        }
    }

    /**
     * A local name with a "\\" (or a line break) was uploaded as it was, while the same name on the
     * server is refused for a download (N): a Windows server takes "\\" for a folder separator, and
     * the file lands in another folder. Refused, and said, before a byte is sent; the rest goes.
     */
    @Test
    void aFoldersFilesWhoseNamesAServerCouldTakeForAPathAreRefusedAndSaid() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path local = Files.createDirectories(directory.resolve("outgoing"));
            Files.writeString(local.resolve("ok.txt"), "fine");
            Files.writeString(local.resolve("a\\b.txt"), "would land in a folder a on a Windows server");
            Files.writeString(local.resolve("two\nlines.txt"), "a second command on the control connection");
            try (TransferQueue queue = new TransferQueue(quick(1), null, null)) {
                queue.addUpload(settings(server.port()), null, local, "/in", true);
                run(queue);
                List<ItemSnapshot> items = queue.snapshot();
                for (String name : List.of("a\\b.txt", "two\nlines.txt")) {
                    ItemSnapshot refused = items.stream().filter(i -> i.localPath().endsWith(name)).findFirst()
                            .orElseThrow(() -> new AssertionError(name + " is shown: " + items));
                    assertEquals(ItemState.REFUSED, refused.state(), refused.toString());
                    assertEquals(QueueText.UPLOAD_NAME_REFUSED, refused.lastError().key(), refused.toString());
                }
                assertEquals("fine", Files.readString(server.home().resolve("in/ok.txt")));
                try (java.util.stream.Stream<Path> all = Files.walk(server.home())) {
                    assertEquals(List.of(), all.filter(p -> p.getFileName().toString().contains("b.txt")
                            || p.getFileName().toString().contains("lines")).toList(), "nothing of them on the server");
                }
            }
        }
    }

    /**
     * A file queued for upload and then moved away failed with "Could not read /x/r1.txt: /x/r1.txt"
     * (U4), the system's reason being only the path again. It says that nothing is there any more.
     */
    @Test
    void aQueuedFileMovedAwaySaysItIsNoLongerThere() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path file = Files.writeString(directory.resolve("r1.txt"), "moved away before its turn");
            try (TransferQueue queue = new TransferQueue(quick(1), null, null)) {
                queue.addUpload(settings(server.port()), null, file, "/r1.txt", false);
                Files.move(file, directory.resolve("elsewhere.txt"));
                run(queue);
                ItemSnapshot item = queue.snapshot().getFirst();
                assertEquals(ItemState.FAILED, item.state(), item.toString());
                assertEquals(dev.ferry.ftp.FtpText.LOCAL_GONE, item.lastError().key(), item.toString());
            }
        }
    }

    /** A folder's files are queued for upload in the panes' order (f2 before f10): they came in the disk's order. */
    @Test
    void aFoldersUploadsAreQueuedInNameOrder() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path local = Files.createDirectories(directory.resolve("outgoing"));
            for (int i : new int[]{12, 3, 51, 1, 20, 7, 33, 2, 10, 45}) {
                Files.writeString(local.resolve("small_" + i + ".txt"), "x" + i);
            }
            try (TransferQueue queue = new TransferQueue(quick(1), null, null)) {
                queue.addUpload(settings(server.port()), null, local, "/in", true);
                run(queue);
                List<String> files = queue.snapshot().stream().filter(s -> !s.directory()).map(ItemSnapshot::name).toList();
                assertEquals(files.stream().sorted(dev.ferry.message.NameOrder.NAMES).toList(), files);
                assertEquals(10, files.size(), files.toString());
            }
        }
    }

    @Test
    void aCutDataConnectionIsRetriedAndResumed() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start();
             FaultProxy proxy = new FaultProxy(server.port())) {
            Path original = TestFiles.random(server.home().resolve("big.bin"), 6L << 20, 9);
            CollectingLog log = new CollectingLog();
            proxy.nextDataConnections(1, FaultProxy.Fault.cutAfter(2_500_000));
            Path target = directory.resolve("big.bin");
            try (TransferQueue queue = new TransferQueue(quick(1), null, null)) {
                queue.addDialogueListener(log);
                queue.addDownload(settings(proxy.port()), null, "/big.bin", target, false, -1, null);
                run(queue);
                assertEquals(List.of(), failures(queue));
                ItemSnapshot item = queue.snapshot().getFirst();
                assertEquals(ItemState.DONE, item.state());
                assertEquals(1, item.attempts(), "one retry");
            }
            assertEquals(TestFiles.sha256(original), TestFiles.sha256(target));
            assertTrue(log.text().lines().anyMatch(l -> l.contains("> REST ") && !l.contains("REST 0")),
                    "the retry resumed with REST: " + log.text());

            // And an upload cut in the middle resumes on the server's partial file.
            proxy.nextDataConnections(1, FaultProxy.Fault.resetAfter(3_000_000));
            try (TransferQueue queue = new TransferQueue(quick(1), null, null)) {
                queue.addUpload(settings(proxy.port()), null, original, "/up.bin", false);
                run(queue);
                assertEquals(List.of(), failures(queue));
            }
            assertEquals(TestFiles.sha256(original), TestFiles.sha256(server.home().resolve("up.bin")));
        }
    }

    @Test
    void anAdoptedSessionDoesTheWorkAndOneLeftUnusedIsClosedWithTheQueue() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path tree = server.home().resolve("tree");
            for (int i = 0; i < 5; i++) {
                TestFiles.random(tree.resolve("f" + i + ".bin"), 20_000, i);
            }
            Path local = directory.resolve("download");
            dev.ferry.ftp.FtpSession given = new dev.ferry.ftp.FtpSession(settings(server.port()), "given");
            given.connect();
            try (TransferQueue queue = new TransferQueue(quick(1), null, null)) {
                queue.adoptSession(settings(server.port()), null, given);
                queue.addDownload(settings(server.port()), null, "/tree", local, true, -1, null);
                run(queue);
                assertEquals(List.of(), failures(queue));
                assertEquals(5, queue.totals().done());
            }
            assertEquals(describe(tree), describe(local));
            assertEquals(1, server.logins(), "the queue's one worker used the session it was given");

            dev.ferry.ftp.FtpSession unused = new dev.ferry.ftp.FtpSession(settings(server.port()), "unused");
            unused.connect();
            try (TransferQueue queue = new TransferQueue(quick(1), null, null)) {
                queue.adoptSession(settings(server.port()), null, unused);
            }
            assertTrue(!unused.isConnected(), "a session no worker took is closed with the queue");
        }
    }

    /**
     * A caller that needs the server after the queue's work (a sync's deletions) takes the idle
     * worker's session instead of a login the server may refuse while the worker holds its place.
     */
    @Test
    void anIdleWorkersSessionIsTakenBackInsteadOfWaitingForItsIdleTimeout() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            TestFiles.random(server.home().resolve("tree/f.bin"), 20_000, 1);
            ConnectionSettings settings = settings(server.port());
            try (TransferQueue queue = new TransferQueue(quick(1).withIdleTimeout(Duration.ofMinutes(5)), null, null)) {
                queue.addDownload(settings, null, "/tree", directory.resolve("download"), true, -1, null);
                run(queue);
                assertEquals(1, queue.connectedSessions(Endpoint.of(settings, null)), "the worker waits, logged in");

                dev.ferry.ftp.FtpSession back = queue.takeBackSession(settings, null, Duration.ofMinutes(1), new dev.ferry.ftp.CancelToken());
                assertTrue(back != null && back.isConnected(), "the idle worker's session: " + back);
                try {
                    assertEquals(0, queue.connectedSessions(Endpoint.of(settings, null)), "the queue let go of it");
                    assertEquals(List.of("f.bin"), back.list("/tree", new dev.ferry.ftp.CancelToken()).entries().stream()
                            .map(dev.ferry.ftp.listing.RemoteEntry::name).toList());
                    assertEquals(1, server.logins(), "no second login");
                    assertEquals(null, queue.takeBackSession(settings, null, Duration.ofMinutes(1), new dev.ferry.ftp.CancelToken()),
                            "no worker holds a session any more");
                } finally {
                    back.quit();
                    back.close();
                }
            }
        }
    }

    /**
     * A session lent to the queue that no worker took sits there for as long as the queue's work
     * lasts, longer than a server's idle timeout: taken back dead, a sync's deletions failed on it,
     * where logging in again would have worked.
     */
    @Test
    void aSessionTheServerHungUpIsNotTakenBack() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start();
             dev.ferry.testing.FaultProxy proxy = new dev.ferry.testing.FaultProxy(server.port());
             TransferQueue queue = new TransferQueue(quick(1), null, null)) {
            ConnectionSettings settings = settings(proxy.port());
            dev.ferry.ftp.FtpSession lent = new dev.ferry.ftp.FtpSession(settings, "lent");
            lent.connect(new dev.ferry.ftp.CancelToken());
            queue.adoptSession(settings, null, lent);
            // The server ends the unused session (its idle timeout), long enough before the session is
            // taken back that the reset has arrived: the proxy resets both sides, and on a busy machine
            // the client's socket learns of it some milliseconds after the proxy's close returned.
            proxy.cutControlConnections();
            proxy.awaitClientsSawTheCut();
            dev.ferry.ftp.FtpSession back = queue.takeBackSession(settings, null, Duration.ofMillis(200), new dev.ferry.ftp.CancelToken());
            try {
                if (back != null) {
                    org.junit.jupiter.api.Assertions.assertDoesNotThrow(back::noop, "a session that works");
                }
            } finally {
                if (back != null) {
                    back.close();
                }
            }
        }
    }

    @Test
    void aServerThatAcceptsTwoConnectionsShrinksThePoolInsteadOfFailingItems() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).maxLogins(2).start()) {
            Path tree = server.home().resolve("tree");
            for (int i = 0; i < 60; i++) {
                TestFiles.random(tree.resolve("f" + i + ".bin"), 50_000, i);
            }
            Path local = directory.resolve("download");
            CollectingLog log = new CollectingLog();
            try (TransferQueue queue = new TransferQueue(quick(4), null, null)) {
                queue.addDialogueListener(log);
                queue.addDownload(settings(server.port()), null, "/tree", local, true, -1, null);
                run(queue);
                assertEquals(List.of(), failures(queue));
                assertEquals(60, queue.totals().done());
            }
            assertEquals(describe(tree), describe(local));
            // MINA checks its limit before counting a login, so two logins at the same instant can
            // both pass; what matters here is that the queue met 421s and finished without failures.
            assertTrue(log.entries().stream().anyMatch(e -> e.kind() == dev.ferry.ftp.DialogueEntry.Kind.REPLY
                    && e.text().startsWith("421 ")), "the server refused logins: " + log.text());
        }
    }

    @Test
    void aQueueSavedMidTransferFinishesInANewQueue() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            List<Path> originals = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                originals.add(TestFiles.random(server.home().resolve("f" + i + ".bin"), 2L << 20, 100 + i));
            }
            QueueStore store = new QueueStore(directory.resolve("config/queue.json"));
            Path local = directory.resolve("download");
            // Slow enough to be interrupted in the middle.
            QueueSettings slow = quick(1).withSpeedLimits(1_000_000, 0);
            try (TransferQueue queue = new TransferQueue(slow, null, store)) {
                for (int i = 0; i < 3; i++) {
                    queue.addDownload(settings(server.port()), null, "/f" + i + ".bin", local.resolve("f" + i + ".bin"),
                            false, -1, null);
                }
                queue.start();
                Await.until("the first bytes of f0.bin", () -> queue.totals().bytesDone() > 0);
                assertTrue(queue.totals().done() < 3, "still running when saved");
            }
            assertTrue(Files.readString(store.path()).contains("f2.bin"));
            assertTrue(!Files.readString(store.path()).contains(MinaServer.PASSWORD), "no password in the queue file");
            AtomicInteger asked = new AtomicInteger();
            try (TransferQueue queue = new TransferQueue(quick(2), endpoint -> {
                asked.incrementAndGet();
                return endpoint.toSettings(MinaServer.PASSWORD, null);
            }, store)) {
                assertTrue(queue.restore().isEmpty());
                run(queue);
                assertEquals(List.of(), failures(queue));
            }
            assertTrue(asked.get() >= 1, "the password came from the settings source");
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(Files.readAllBytes(originals.get(i)), Files.readAllBytes(local.resolve("f" + i + ".bin")));
            }
        }
    }

    @Test
    void conflictsAreAskedWithBothSidesAndApplyToAllSticks() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path tree = server.home().resolve("tree");
            for (int i = 0; i < 5; i++) {
                Files.writeString(Files.createDirectories(tree).resolve("f" + i + ".txt"), "server " + i);
            }
            Path local = Files.createDirectories(directory.resolve("download"));
            for (int i = 0; i < 5; i++) {
                Files.writeString(local.resolve("f" + i + ".txt"), "local copy that is longer " + i);
            }
            List<Conflict> asked = new ArrayList<>();
            try (TransferQueue queue = new TransferQueue(quick(1).withConflictDefault(ConflictAction.ASK), null, null)) {
                queue.setConflictResolver(conflict -> {
                    asked.add(conflict);
                    return new ConflictResolver.Decision(ConflictAction.SKIP, true);
                });
                queue.addDownload(settings(server.port()), null, "/tree", local, true, -1, null);
                run(queue);
                assertEquals(5, queue.totals().skipped());
            }
            assertEquals(1, asked.size(), "asked once, then applied to all");
            Conflict conflict = asked.getFirst();
            assertEquals(8, conflict.sourceSize());
            assertTrue(conflict.targetSize() > 20);
            assertTrue(conflict.sourceModified() != null && conflict.targetModified() != null);
            assertEquals("local copy that is longer 0", Files.readString(local.resolve("f0.txt")));
        }
    }

    @Test
    void downloadsAreVerifiedWhenTheServerOffersAChecksum() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            TestFiles.random(server.home().resolve("v.bin"), 300_000, 5);
            try (TransferQueue queue = new TransferQueue(quick(1), null, null)) {
                queue.addDownload(settings(server.port()), null, "/v.bin", directory.resolve("v.bin"), false, -1, null);
                run(queue);
                assertEquals(Verification.VERIFIED, queue.snapshot().getFirst().verification(),
                        "MINA offers MD5: " + queue.snapshot());
            }
        }
    }

    /** A queue file, as a run before a restart left it: {@code files} downloads from the server, waiting. */
    private QueueStore savedDownloads(MinaServer server, int files) throws IOException {
        QueueStore store = new QueueStore(directory.resolve("config/queue.json"));
        try (TransferQueue first = new TransferQueue(quick(1), null, store)) {
            first.restore();
            for (int i = 0; i < files; i++) {
                Files.writeString(server.home().resolve("f" + i), "file " + i);
                first.addDownload(settings(server.port()), null, "/f" + i, directory.resolve("dl/f" + i), false, -1,
                        null);
            }
        }
        return store;
    }

    /**
     * Several workers of one site, restored from the queue file after a restart: the password
     * (the settings source) is asked for once, not once per worker.
     */
    @Test
    void theWorkersOfOneSiteAskForItsSettingsOnce() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            QueueStore store = savedDownloads(server, 6);
            AtomicInteger asked = new AtomicInteger();
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            try (TransferQueue queue = new TransferQueue(quick(3), endpoint -> {
                asked.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return endpoint.toSettings(MinaServer.PASSWORD, null);
            }, store)) {
                queue.restore();
                queue.start();
                Await.until("the first worker to ask", () -> asked.get() >= 1);
                release.countDown();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)));
                assertEquals(List.of(), failures(queue));
            }
            assertEquals(1, asked.get(), "one question for the site, whatever the number of workers");
        }
    }

    /**
     * A password the server refuses (mistyped when it was asked) is not used for the site's next
     * items nor for a retry: the source is told, and asked again.
     */
    @Test
    void aRefusedPasswordIsAskedForAgainNotReusedForTheNextItems() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            QueueStore store = savedDownloads(server, 3);
            List<String> given = java.util.Collections.synchronizedList(new ArrayList<>());
            List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
            SettingsSource typedByTheUser = new SettingsSource() {
                @Override
                public ConnectionSettings settingsFor(Endpoint endpoint) {
                    String password = given.isEmpty() ? "mistyped" : MinaServer.PASSWORD;
                    given.add(password);
                    return endpoint.toSettings(password, null);
                }

                @Override
                public void refused(Endpoint endpoint, ConnectionSettings settings) {
                    refused.add(settings.password());
                }
            };
            try (TransferQueue queue = new TransferQueue(quick(1), typedByTheUser, store)) {
                queue.restore();
                run(queue);
                for (ItemSnapshot failed : failures(queue)) {
                    queue.retry(failed.id());
                }
                run(queue);
                assertEquals(List.of(), failures(queue));
            }
            assertEquals(List.of("mistyped", MinaServer.PASSWORD), given, "asked again once the password was refused");
            assertEquals(List.of("mistyped"), refused);
            for (int i = 0; i < 3; i++) {
                assertEquals("file " + i, Files.readString(directory.resolve("dl/f" + i)));
            }
        }
    }

    /**
     * A download that was given a free name ("keep both") keeps its identity, also in the queue
     * file: the same request after a restart is recognised as the same item, not queued again.
     */
    @Test
    void anItemGivenAFreeNameKeepsItsIdentityAcrossARestart() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            TestFiles.random(server.home().resolve("keep.bin"), 4L << 20, 31);
            Path target = Files.writeString(Files.createDirectories(directory.resolve("dl")).resolve("keep.bin"), "mine");
            QueueStore store = new QueueStore(directory.resolve("config/queue.json"));
            QueueSettings slow = quick(1).withConflictDefault(ConflictAction.RENAME).withSpeedLimits(1_000_000, 0);
            long id;
            try (TransferQueue queue = new TransferQueue(slow, null, store)) {
                queue.restore();
                id = queue.addDownload(settings(server.port()), null, "/keep.bin", target, false, -1, null).id();
                queue.start();
                Await.until("the item to go to a free name", () -> queue.snapshot().getFirst().localPath()
                        .getFileName().toString().equals("keep (1).bin") && queue.snapshot().getFirst().bytesDone() > 0);
                queue.pause(id);
                Await.until("the item to pause", () -> queue.snapshot().getFirst().state() == ItemState.PAUSED);
            }
            try (TransferQueue queue = new TransferQueue(quick(1), null, store)) {
                queue.restore();
                ItemSnapshot again = queue.addDownload(settings(server.port()), null, "/keep.bin", target, false, -1, null);
                assertEquals(id, again.id(), "the same request is the same item: " + queue.snapshot());
                assertEquals(1, queue.snapshot().size());
                assertEquals("keep (1).bin", again.localPath().getFileName().toString());
            }
            assertEquals("mine", Files.readString(target), "the local file was kept");
        }
    }

    /**
     * A command run again after a failure (a full disk, a missing file) asks for the same transfer:
     * it takes the failed item's place. Two rows for one target ran twice into the same part file
     * and reported the earlier copy's failure after the file had arrived.
     */
    @Test
    void aFailedTransferAskedForAgainReplacesTheFailedItemInsteadOfAddingASecond() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start();
             TransferQueue queue = new TransferQueue(quick(1).withRetries(0, Duration.ofMillis(50), Duration.ofMillis(50)),
                     null, null)) {
            Path target = directory.resolve("dl/late.bin");
            for (int attempt = 1; attempt <= 2; attempt++) {
                queue.addDownload(settings(server.port()), null, "/late.bin", target, false, -1, null);
                run(queue);
                assertEquals(1, queue.snapshot().size(), "attempt " + attempt + ": one row for one target: " + queue.snapshot());
                assertEquals(ItemState.FAILED, queue.snapshot().getFirst().state());
            }
            TestFiles.random(server.home().resolve("late.bin"), 70_000, 5);
            queue.addDownload(settings(server.port()), null, "/late.bin", target, false, -1, null);
            run(queue);
            assertEquals(List.of(ItemState.DONE), queue.snapshot().stream().map(ItemSnapshot::state).toList(),
                    "the file arrived and no failure is left behind: " + queue.snapshot());
            assertEquals(TestFiles.sha256(server.home().resolve("late.bin")), TestFiles.sha256(target));
        }
    }

    /**
     * The saved queue outlives the command's working folder: `queue --resume` started elsewhere
     * must upload the same file, not whatever has that relative name there.
     */
    @Test
    void localPathsAreKeptAbsoluteWhateverTheCallerGave() throws Exception {
        try (TransferQueue queue = new TransferQueue(quick(1), null, null)) {
            Path here = Path.of("").toAbsolutePath();
            ItemSnapshot upload = queue.addUpload(settings(21), null, Path.of("up/./a.bin"), "/a.bin", false);
            ItemSnapshot tree = queue.addUpload(settings(21), null, Path.of("up"), "/up", true);
            ItemSnapshot download = queue.addDownload(settings(21), null, "/b.bin", Path.of("down/../b.bin"), false, -1, null);
            assertEquals(here.resolve("up/a.bin"), upload.localPath());
            assertEquals(here.resolve("up"), tree.localPath());
            assertEquals(here.resolve("b.bin"), download.localPath());
        }
    }

    /**
     * An upload over a slow link is slow, not stalled: plain uploads went out in 8 MiB sendfile
     * calls, and the idle watchdog heard of progress only after each, so a home uplink (a few
     * hundred KiB/s against a 30 s limit) had every upload cut as "stalled" and failed in the end.
     * Here 2 MiB/s against a 2 s limit (an 8 MiB call takes 4 s), with no retries to hide a cut; 1 s
     * was within reach of a busy machine's scheduling alone.
     */
    @Test
    void aSlowUploadIsNotTakenForAStalledOne() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start();
             FaultProxy proxy = new FaultProxy(server.port())) {
            Path original = TestFiles.random(directory.resolve("slow.bin"), 12L << 20, 17);
            proxy.nextDataConnections(1, FaultProxy.Fault.trickle(2 << 20));
            ConnectionSettings slowLink = settings(proxy.port()).toBuilder().dataTimeout(Duration.ofSeconds(2)).build();
            try (TransferQueue queue = new TransferQueue(quick(1).withRetries(0, Duration.ofMillis(50), Duration.ofMillis(50)),
                    null, null)) {
                queue.addUpload(slowLink, null, original, "/slow.bin", false);
                run(queue);
                assertEquals(List.of(), failures(queue));
            }
            assertEquals(TestFiles.sha256(original), TestFiles.sha256(server.home().resolve("slow.bin")));
        }
    }

    /**
     * Retries count the cuts that stop a transfer, not those it survives: a big file over a flaky
     * link got further on each attempt and still failed once five cuts had added up.
     */
    @Test
    void aTransferThatGetsFurtherOnEveryAttemptKeepsItsRetries() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start();
             FaultProxy proxy = new FaultProxy(server.port())) {
            Path original = TestFiles.random(server.home().resolve("flaky.bin"), 6L << 20, 23);
            proxy.nextDataConnections(5, FaultProxy.Fault.cutAfter(1_000_000));
            Path target = directory.resolve("flaky.bin");
            try (TransferQueue queue = new TransferQueue(quick(1).withRetries(2, Duration.ofMillis(20), Duration.ofMillis(50)),
                    null, null)) {
                queue.addDownload(settings(proxy.port()), null, "/flaky.bin", target, false, -1, null);
                run(queue);
                assertEquals(List.of(), failures(queue));
                assertEquals(5, queue.snapshot().getFirst().attempts(), "five cuts, each survived");
            }
            assertEquals(TestFiles.sha256(original), TestFiles.sha256(target));
        }
    }
}
