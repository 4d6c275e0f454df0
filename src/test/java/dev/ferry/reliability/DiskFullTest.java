package dev.ferry.reliability;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpText;
import dev.ferry.testing.CliProcess;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.English;
import dev.ferry.testing.Interop;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.SecretsAudit;
import dev.ferry.testing.TestFiles;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
    final SecretsAudit audit = new SecretsAudit(MinaServer.PASSWORD);

    @BeforeEach
    void mountATinyFilesystem() throws Exception {
        if (!Interop.isRoot()) {
            Interop.unavailable("a full disk is simulated with a 1 MiB tmpfs, which only root can mount");
        }
        tiny = Files.createDirectories(directory.resolve("tiny"));
        int exit = run("mount", "-t", "tmpfs", "-o", "size=1m", "ferry-disk-full", tiny.toString());
        if (exit != 0) {
            tiny = null;
            Interop.unavailable("mount -t tmpfs failed (exit " + exit + "): no way to simulate a full disk here");
        }
    }

    @AfterEach
    void unmountAndAudit() throws Exception {
        if (tiny != null) {
            run("umount", "-l", tiny.toString());
        }
        audit.verify();
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
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

                assertEquals(ItemState.DONE, queue.snapshot().stream().filter(s -> s.id() != bigItem.id())
                        .findFirst().orElseThrow().state(), "the other item still went through");
                assertEquals(TestFiles.sha256(small), TestFiles.sha256(elsewhere));

                // Room again: retrying the same item continues the part file.
                assertEquals(0, run("mount", "-o", "remount,size=8m", tiny.toString()));
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
            System.out.println("disk full (CLI): " + result.stderr().strip());
            assertTrue(Files.size(FileTransfers.partFile(tiny.resolve("big.bin"))) > 0);
            assertFalse(Files.exists(tiny.resolve("big.bin")));
            audit.directory(directory.resolve("cli"));
            List<String> lines = result.stderr().lines().toList();
            assertTrue(lines.size() <= 3, "a short error, not a stack trace: " + result.stderr());
        }
    }

    private static ItemSnapshot find(TransferQueue queue, long id) {
        return queue.snapshot().stream().filter(s -> s.id() == id).findFirst().orElseThrow();
    }
}
