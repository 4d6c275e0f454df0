package dev.ferry.reliability;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpText;
import dev.ferry.testing.CliProcess;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.English;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.SecretsAudit;
import dev.ferry.testing.TestFiles;
import dev.ferry.testing.TinyDisk;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.FileTransfers;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.TransferQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 4: downloads onto a full filesystem (a 1 MiB tmpfs, mounted for the test; needs root).
 * The item fails in words ("disk full"), its part file stays for a later resume, the rest of the
 * queue goes on, and once there is room the same item finishes from where it stopped.
 */
class DiskFullTest {

    @TempDir
    Path directory;
    Path tiny;
    TinyDisk disk;
    final SecretsAudit audit = new SecretsAudit(MinaServer.PASSWORD);

    @BeforeEach
    void mountATinyFilesystem() throws Exception {
        disk = TinyDisk.mount(directory.resolve("tiny"), "1m");
        tiny = disk.folder();
    }

    @AfterEach
    void unmountAndAudit() throws Exception {
        if (disk != null) {
            disk.close();
        }
        audit.verify();
    }

    @Test
    void aFullDiskFailsTheItemInWordsKeepsThePartAndTheRestGoesOn() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path big = TestFiles.random(server.home().resolve("big.bin"), 3L << 20, 4);
            Path small = TestFiles.random(server.home().resolve("small.bin"), 10_000, 5);
            ConnectionSettings connection = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(MinaServer.USER).password(MinaServer.PASSWORD).build();
            CollectingLog log = new CollectingLog();
            audit.log("dialogue", log);
            Path target = tiny.resolve("big.bin");
            Path elsewhere = directory.resolve("elsewhere/small.bin");
            QueueSettings settings = QueueSettings.DEFAULT.withConnections(1).withConflictDefault(ConflictAction.OVERWRITE)
                    .withRetries(3, Duration.ofMillis(50), Duration.ofMillis(100));
            try (TransferQueue queue = new TransferQueue(settings, null, null)) {
                queue.addDialogueListener(log);
                ItemSnapshot bigItem = queue.addDownload(connection, null, "/big.bin", target, false, -1, null);
                queue.addDownload(connection, null, "/small.bin", elsewhere, false, -1, null);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofMinutes(1)));
                ItemSnapshot failed = find(queue, bigItem.id());
                audit.text("error", () -> English.of(failed.lastError()));
                assertEquals(ItemState.FAILED, failed.state(), failed::toString);
                assertEquals(FtpText.LOCAL_DISK_FULL, failed.lastError().key(), failed.lastError()::toString);
                assertTrue(English.of(failed.lastError()).contains("disk is full"), English.of(failed.lastError()));
                System.out.println("disk full (queue): " + English.of(failed.lastError()));
                assertEquals(0, failed.attempts(), "a full disk is not retried against the server: " + failed);
                Path part = FileTransfers.partFile(target);
                long kept = Files.size(part);
                assertTrue(kept > 0 && kept <= 1L << 20, "the part file is kept with what fitted: " + kept);
                assertFalse(Files.exists(target), "nothing under the final name");
                // T6: the log said "Could not write : No space left on device", the file's name left out.
                assertTrue(log.text().lines().anyMatch(line -> line.contains("error: Could not write " + part + ": the disk is full")),
                        "the log names the file it could not write:\n" + log.text());

                assertEquals(ItemState.DONE, queue.snapshot().stream().filter(s -> s.id() != bigItem.id())
                        .findFirst().orElseThrow().state(), "the other item still went through");
                assertEquals(TestFiles.sha256(small), TestFiles.sha256(elsewhere));

                // Room again: retrying the same item continues the part file.
                disk.resize("8m");
                queue.retry(bigItem.id());
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofMinutes(1)));
                assertEquals(ItemState.DONE, find(queue, bigItem.id()).state(), find(queue, bigItem.id())::toString);
            }
            assertEquals(TestFiles.sha256(big), TestFiles.sha256(target));
            assertTrue(log.text().contains("> REST "), "the retry resumed the part file:\n" + log.text());
        }
    }

    @Test
    void theCommandLineSaysDiskFullAndKeepsThePart() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            TestFiles.random(server.home().resolve("big.bin"), 3L << 20, 6);
            String url = "ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port() + "/big.bin";
            CliProcess.Result result = CliProcess.run(directory.resolve("cli"),
                    Map.of("FERRY_PASSWORD", MinaServer.PASSWORD), "get", url, tiny.toString());
            audit.text("cli", result::toString);
            assertNotEquals(0, result.exitCode(), result::toString);
            assertTrue(result.stderr().contains("disk is full"), result::toString);
            // Without -c the same command replaces the part file (T9: the words said it continued it).
            assertTrue(result.stderr().contains("the same command with -c continues it"), result::toString);
            System.out.println("disk full (CLI): " + result.stderr().strip());
            assertTrue(Files.size(FileTransfers.partFile(tiny.resolve("big.bin"))) > 0);
            assertFalse(Files.exists(tiny.resolve("big.bin")));
            audit.directory(directory.resolve("cli"));
            List<String> lines = result.stderr().lines().toList();
            assertTrue(lines.size() <= 3, "a short error, not a stack trace: " + result.stderr());
        }
    }

    /**
     * A disk out of inodes (or a quota that counts files) says "No space left on device" with megabytes free:
     * that was taken for some other failure, and a mirror onto it failed its files one by one, each said as
     * "Could not write …: No space left on device" with no word of waiting for room.
     */
    @Test
    void aDiskWithNoRoomForAnotherFileIsFullThoughBytesAreFree() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start();
             TinyDisk fewFiles = TinyDisk.mountWithRoomForFiles(directory.resolve("few"), 8)) {
            for (int i = 0; i < 20; i++) {
                TestFiles.random(server.home().resolve("tree/f" + i + ".bin"), 4096, 100 + i);
            }
            ConnectionSettings connection = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(MinaServer.USER).password(MinaServer.PASSWORD).build();
            Path tree = fewFiles.folder().resolve("tree");
            QueueSettings settings = QueueSettings.DEFAULT.withConnections(1).withConflictDefault(ConflictAction.OVERWRITE)
                    .withRetries(3, Duration.ofMillis(50), Duration.ofMillis(100));
            try (TransferQueue queue = new TransferQueue(settings, null, null)) {
                queue.addDownload(connection, null, "/tree", tree, true, -1, null);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofMinutes(1)), queue.snapshot()::toString);
                List<ItemSnapshot> failed = queue.snapshot().stream().filter(s -> s.state() == ItemState.FAILED).toList();
                assertEquals(1, failed.size(), "one failure says why, the rest wait for room: " + queue.snapshot());
                String words = English.of(failed.getFirst().lastError());
                System.out.println("out of inodes: " + words);
                assertTrue(words.contains("no more files"), words);
                assertTrue(queue.snapshot().stream().anyMatch(ItemSnapshot::waitsForRoom), queue.snapshot()::toString);

                fewFiles.allowFiles(100);
                queue.snapshot().stream().filter(ItemSnapshot::waitsForRoom).forEach(item -> queue.resume(item.id()));
                assertTrue(queue.awaitIdle(Duration.ofMinutes(1)), queue.snapshot()::toString);
                for (ItemSnapshot item : queue.snapshot()) {
                    assertEquals(ItemState.DONE, item.state(), item::toString);
                }
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(TestFiles.sha256(server.home().resolve("tree/f" + i + ".bin")),
                        TestFiles.sha256(tree.resolve("f" + i + ".bin")), "f" + i + ".bin");
            }
        }
    }

    /**
     * T4: a mirror onto a full disk failed its 2031 files one after the other, each a request to the server
     * and a part file, where FileZilla and WinSCP stop. What waits to be written to the full disk is paused
     * with the reason; a download to another disk goes on; resumed once there is room, everything arrives.
     */
    @Test
    void theDownloadsWaitingForAFullDiskArePausedNotFailedOneByOne() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path big = TestFiles.random(server.home().resolve("big.bin"), 3L << 20, 7);
            ConnectionSettings connection = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(MinaServer.USER).password(MinaServer.PASSWORD).build();
            QueueSettings settings = QueueSettings.DEFAULT.withConnections(1).withConflictDefault(ConflictAction.OVERWRITE)
                    .withRetries(3, Duration.ofMillis(50), Duration.ofMillis(100));
            Path elsewhere = directory.resolve("elsewhere/other.bin");
            try (TransferQueue queue = new TransferQueue(settings, null, null)) {
                long bigId = queue.addDownload(connection, null, "/big.bin", tiny.resolve("big.bin"), false, -1, null).id();
                List<Long> waiting = new java.util.ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    TestFiles.random(server.home().resolve("f" + i + ".bin"), 20_000, 10 + i);
                    // A folder not made yet: the disk is that of the folder above it.
                    waiting.add(queue.addDownload(connection, null, "/f" + i + ".bin", tiny.resolve("sub/f" + i + ".bin"),
                            false, -1, null).id());
                }
                Path other = TestFiles.random(server.home().resolve("other.bin"), 20_000, 20);
                queue.addDownload(connection, null, "/other.bin", elsewhere, false, -1, null);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofMinutes(1)), queue.snapshot()::toString);

                assertEquals(ItemState.FAILED, find(queue, bigId).state(), find(queue, bigId)::toString);
                for (long id : waiting) {
                    ItemSnapshot held = find(queue, id);
                    assertEquals(ItemState.PAUSED, held.state(), "a download waiting for the full disk: " + held);
                    assertEquals(dev.ferry.transfer.QueueText.WAITS_FOR_DISK_SPACE, held.lastError().key(), held::toString);
                    assertEquals(0, held.attempts(), held::toString);
                    System.out.println("waits for room: " + English.of(held.lastError()));
                }
                assertFalse(Files.exists(tiny.resolve("sub")), "nothing of the paused downloads written");
                assertEquals(TestFiles.sha256(other), TestFiles.sha256(elsewhere), "another disk's download went on");

                disk.resize("8m");
                // T7: Resume on the waiting rows alone left the file that found the disk full behind, failed.
                waiting.forEach(queue::resume);
                assertTrue(queue.awaitIdle(Duration.ofMinutes(1)), queue.snapshot()::toString);
                for (ItemSnapshot item : queue.snapshot()) {
                    assertEquals(ItemState.DONE, item.state(), item::toString);
                    assertEquals(null, item.lastError(), "a resumed row no longer says it waits for room: " + item);
                }
                for (int i = 0; i < 3; i++) {
                    assertEquals(TestFiles.sha256(server.home().resolve("f" + i + ".bin")),
                            TestFiles.sha256(tiny.resolve("sub/f" + i + ".bin")));
                }
            }
            assertEquals(TestFiles.sha256(big), TestFiles.sha256(tiny.resolve("big.bin")));
        }
    }

    /**
     * R28: a download the queue paused for a full disk, asked for again (the same mirror run again), waited and
     * finished still saying the disk was full.
     */
    @Test
    void aHeldDownloadAskedForAgainNoLongerSaysItWaitsForRoom() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            TestFiles.random(server.home().resolve("big.bin"), 3L << 20, 7);
            TestFiles.random(server.home().resolve("f0.bin"), 20_000, 8);
            ConnectionSettings connection = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(MinaServer.USER).password(MinaServer.PASSWORD).build();
            QueueSettings settings = QueueSettings.DEFAULT.withConnections(1).withConflictDefault(ConflictAction.OVERWRITE);
            try (TransferQueue queue = new TransferQueue(settings, null, null)) {
                queue.addDownload(connection, null, "/big.bin", tiny.resolve("big.bin"), false, -1, null);
                long held = queue.addDownload(connection, null, "/f0.bin", tiny.resolve("f0.bin"), false, -1, null).id();
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofMinutes(1)), queue.snapshot()::toString);
                assertEquals(ItemState.PAUSED, find(queue, held).state(), find(queue, held)::toString);
                disk.resize("8m");
                queue.addDownload(connection, null, "/f0.bin", tiny.resolve("f0.bin"), false, -1, null);
                assertTrue(queue.awaitIdle(Duration.ofMinutes(1)), queue.snapshot()::toString);
                ItemSnapshot done = find(queue, held);
                assertEquals(ItemState.DONE, done.state(), done::toString);
                assertEquals(null, done.lastError(), "asked for again, it no longer waits for room: " + done);
            }
        }
    }

    /**
     * T6: two downloads running when the disk filled both failed, next to the paused rows: the user had to
     * retry some and resume others for one cause. One failure says why; the rest wait for room.
     */
    @Test
    void downloadsRunningWhenTheDiskFillsFailOnceAndTheRestWait() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            ConnectionSettings connection = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(MinaServer.USER).password(MinaServer.PASSWORD).build();
            QueueSettings settings = QueueSettings.DEFAULT.withConnections(2).withConflictDefault(ConflictAction.OVERWRITE);
            try (TransferQueue queue = new TransferQueue(settings, null, null)) {
                for (int i = 0; i < 3; i++) {
                    TestFiles.random(server.home().resolve("big" + i + ".bin"), 3L << 20, 40 + i);
                    queue.addDownload(connection, null, "/big" + i + ".bin", tiny.resolve("big" + i + ".bin"), false, -1, null);
                }
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofMinutes(1)), queue.snapshot()::toString);
                List<ItemSnapshot> items = queue.snapshot();
                assertEquals(1, items.stream().filter(s -> s.state() == ItemState.FAILED).count(), items.toString());
                assertEquals(2, items.stream().filter(s -> s.state() == ItemState.PAUSED
                        && s.lastError().key() == dev.ferry.transfer.QueueText.WAITS_FOR_DISK_SPACE).count(), items.toString());

                disk.resize("16m");
                for (ItemSnapshot item : items) {
                    if (item.state() == ItemState.FAILED) {
                        queue.retry(item.id());
                    } else {
                        queue.resume(item.id());
                    }
                }
                assertTrue(queue.awaitIdle(Duration.ofMinutes(1)), queue.snapshot()::toString);
                assertTrue(queue.snapshot().stream().allMatch(s -> s.state() == ItemState.DONE), queue.snapshot().toString());
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(TestFiles.sha256(server.home().resolve("big" + i + ".bin")), TestFiles.sha256(tiny.resolve("big" + i + ".bin")));
            }
        }
    }

    /** The same on the command line: the failure, what fitted and where, the files not started, and the way on. */
    @Test
    void aMirrorOntoAFullDiskStopsAndSaysHowToGoOn() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path site = Files.createDirectories(server.home().resolve("site"));
            TestFiles.random(site.resolve("a-big.bin"), 3L << 20, 8);
            for (int i = 0; i < 4; i++) {
                TestFiles.random(site.resolve("f" + i + ".bin"), 20_000, 30 + i);
            }
            String url = "ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port() + "/site/";
            Map<String, String> password = Map.of("FERRY_PASSWORD", MinaServer.PASSWORD);
            CliProcess.Result result = CliProcess.run(directory.resolve("cli"), password, "mirror", "--parallel", "1",
                    url, tiny.resolve("copy").toString());
            audit.text("cli", result::toString);
            System.out.println("mirror onto a full disk:\n" + result.stderr().strip() + "\n" + result.stdout().strip());
            assertEquals(1, result.exitCode(), result::toString);
            assertTrue(result.stderr().contains("failed: /site/a-big.bin: Could not write"), result::toString);
            assertTrue(result.stderr().contains("what fitted is kept in " + tiny.resolve("copy/a-big.bin.part"))
                    && result.stderr().contains("`ferry queue --resume` continues it"), result::toString);
            assertTrue(result.stderr().contains("4 items wait for room: the disk holding " + tiny.resolve("copy")
                    + " is full. Once there is room, `ferry queue --resume` continues them"), result::toString);
            assertFalse(result.stderr().contains("left by earlier commands"), result::toString);
            assertTrue(result.stdout().contains("4 waiting for room"), result::toString);

            disk.resize("8m");
            CliProcess.Result resumed = CliProcess.run(directory.resolve("cli"), password, "queue", "--resume");
            assertEquals(0, resumed.exitCode(), resumed::toString);
            for (String name : List.of("a-big.bin", "f0.bin", "f1.bin", "f2.bin", "f3.bin")) {
                assertEquals(TestFiles.sha256(site.resolve(name)), TestFiles.sha256(tiny.resolve("copy/" + name)), name);
            }
        }
    }

    /**
     * A saved queue's messages come back with keys of their own kind: `queue --resume` onto a disk still full
     * said the restored downloads waited for "a server" without room, on a line apart from the one for the file
     * it tried again, as if two causes held them.
     */
    @Test
    void aResumeOntoADiskStillFullSaysOnceThatTheDiskIsFull() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path site = Files.createDirectories(server.home().resolve("site"));
            TestFiles.random(site.resolve("a-big.bin"), 3L << 20, 8);
            for (int i = 0; i < 3; i++) {
                TestFiles.random(site.resolve("f" + i + ".bin"), 20_000, 40 + i);
            }
            String url = "ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port() + "/site/";
            Map<String, String> password = Map.of("FERRY_PASSWORD", MinaServer.PASSWORD);
            CliProcess.Result first = CliProcess.run(directory.resolve("cli"), password, "mirror", "--parallel", "1",
                    url, tiny.resolve("copy").toString());
            assertEquals(1, first.exitCode(), first::toString);
            assertTrue(first.stderr().contains("3 items wait for room"), first::toString);

            CliProcess.Result resumed = CliProcess.run(directory.resolve("cli"), password, "queue", "--resume");
            audit.text("cli", resumed::toString);
            System.out.println("resumed onto a disk still full:\n" + resumed.stderr().strip());
            assertEquals(1, resumed.exitCode(), resumed::toString);
            assertFalse(resumed.stderr().contains("has no room for another file"), "the disk, not a server: " + resumed);
            assertEquals(1, resumed.stderr().lines().filter(line -> line.contains("wait for room")).count(),
                    "one cause, said once: " + resumed);
            assertTrue(resumed.stderr().contains("3 items wait for room: the disk holding " + tiny.resolve("copy")
                    + " is full"), resumed::toString);
        }
    }

    private static ItemSnapshot find(TransferQueue queue, long id) {
        return queue.snapshot().stream().filter(s -> s.id() == id).findFirst().orElseThrow();
    }
}
