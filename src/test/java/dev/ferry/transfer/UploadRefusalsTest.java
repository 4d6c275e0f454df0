package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.English;
import dev.ferry.testing.FakeFtpServer;
import dev.ferry.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * R33: uploads refused in ways that look like a server without room and are not (a network cut, one file too big
 * for the server's file system, a file's name in the reply), and the state the holds keep (a refusal long past,
 * the first refused file still running, a file the server takes after the hold).
 */
class UploadRefusalsTest {

    @TempDir
    Path directory;

    private static TransferQueue queue(int connections) {
        return new TransferQueue(QueueSettings.DEFAULT.withConnections(connections)
                .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(10)), null, null);
    }

    private static ConnectionSettings settings(FakeFtpServer server) {
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p").build();
    }

    private void add(TransferQueue queue, ConnectionSettings settings, String name, int size) throws Exception {
        queue.addUpload(settings, null, Files.write(directory.resolve(name), TestFiles.bytes(size, name.charAt(0))),
                "/" + name, false);
    }

    private static String states(TransferQueue queue) {
        return queue.snapshot().stream().map(i -> i.remotePath() + "=" + i.state()
                + (i.lastError() == null ? "" : " (" + English.of(i.lastError()) + ")")).toList().toString();
    }

    /** The fake server's answer waits for the test's order of events (a minute at most: then it answers anyway). */
    private static void after(java.util.concurrent.CountDownLatch earlier) {
        try {
            earlier.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each file's first try is refused with {@code reply}; every later try is taken. */
    private static java.util.function.Function<String, String> firstTryRefused(String reply) {
        Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
        return path -> tries.computeIfAbsent(path, p -> new AtomicInteger()).getAndIncrement() == 0 ? reply : null;
    }

    /**
     * Pure-FTPd answers a data connection the network reset during STOR "451 Error during read from data
     * connection" (ftpd.c ul_handle_data). Two cuts on two files in a row: each would go on its retry.
     */
    @Test
    void networkCutsOnTwoFilesInARowAreEachTriedAgain() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.uploadAnswer(firstTryRefused("451 Error during read from data connection"));
            try (TransferQueue queue = queue(1)) {
                for (String name : List.of("a.bin", "b.bin", "c.bin")) {
                    add(queue, settings(server), name, 10_000);
                }
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)));
                assertTrue(queue.snapshot().stream().allMatch(i -> i.state() == ItemState.DONE), states(queue));
            }
        }
    }

    /** The same with two connections: one blip of the network cuts both running uploads at once. */
    @Test
    void oneBlipCuttingTwoConnectionsHoldsNothing() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.uploadAnswer(firstTryRefused("451 Error during read from data connection"));
            try (TransferQueue queue = queue(2)) {
                for (String name : List.of("a.bin", "b.bin", "c.bin", "d.bin")) {
                    add(queue, settings(server), name, 10_000);
                }
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)));
                assertTrue(queue.snapshot().stream().allMatch(i -> i.state() == ItemState.DONE), states(queue));
            }
        }
    }

    /**
     * A per-file limit, not a full disk: vsftpd (or busybox) on a FAT32 USB stick answers a file over 4 GiB with
     * "451 Failure writing to local file." (EFBIG), as ProFTPD's 552 for one file over its limit (R29). Smaller
     * files still go.
     */
    @Test
    void oneFileTooBigForTheServersFileSystemHoldsNoOther() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.uploadsFillTheDiskAfter(3_000, "451 Failure writing to local file.");
            try (TransferQueue queue = queue(1)) {
                add(queue, settings(server), "big.bin", 10_000);
                add(queue, settings(server), "small.bin", 100);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)));
                assertEquals(List.of(ItemState.FAILED, ItemState.DONE),
                        queue.snapshot().stream().map(ItemSnapshot::state).toList(), states(queue));
            }
        }
    }

    /**
     * The file name is in the reply (ProFTPD: "451 %s: Too many transfers", "450 %s: ..."): a file named for
     * quotas, or for write errors, is not a server without room.
     */
    @Test
    void aFileNameInTheReplyIsNotAFullServer() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
            server.uploadAnswer(path -> tries.computeIfAbsent(path, p -> new AtomicInteger()).getAndIncrement() == 0
                    ? "451 " + path + ": Too many transfers" : null);
            try (TransferQueue queue = queue(1)) {
                add(queue, settings(server), "quota-report.csv", 10_000);
                add(queue, settings(server), "other.bin", 100);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)));
                assertTrue(queue.snapshot().stream().allMatch(i -> i.state() == ItemState.DONE), states(queue));
            }
        }
    }

    /**
     * Site.uploadRefusedFirst is only cleared by a success: a file refused 451 once, then failed for another reason
     * (550) and gone from mind, makes the next lone 451 on another file, any time later, a "second" refusal.
     */
    @Test
    void aRefusalFollowedByAnotherFailureCountsNoMore() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
            server.uploadAnswer(path -> {
                int n = tries.computeIfAbsent(path, p -> new AtomicInteger()).getAndIncrement();
                if (path.equals("/a.bin")) {
                    return n == 0 ? "451 Error" : "553 Could not create file.";
                }
                return path.equals("/b.bin") && n == 0 ? "451 Error" : null;
            });
            try (TransferQueue queue = queue(1)) {
                add(queue, settings(server), "a.bin", 10_000);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)));
                assertEquals(ItemState.FAILED, queue.snapshot().getFirst().state(), states(queue));
                // Later, another batch: one refusal of its own, taken on the retry.
                add(queue, settings(server), "b.bin", 10_000);
                add(queue, settings(server), "c.bin", 100);
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)));
                List<ItemSnapshot> items = queue.snapshot();
                assertEquals(List.of(ItemState.FAILED, ItemState.DONE, ItemState.DONE),
                        items.stream().map(ItemSnapshot::state).toList(), states(queue));
            }
        }
    }

    /**
     * Two connections: a refused, then b refused (which holds the rest), then c taken: the held ones stayed held
     * "its disk may be full" though the server had just taken a file.
     */
    @Test
    void anUploadTheServerTakesAfterTheHoldReleasesTheOthers() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
            // The order the server answers in, not times: a refused, then b, then c taken.
            java.util.concurrent.CountDownLatch aRefused = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch bRefused = new java.util.concurrent.CountDownLatch(1);
            server.uploadAnswer(path -> {
                int n = tries.computeIfAbsent(path, p -> new AtomicInteger()).getAndIncrement();
                if (path.equals("/a.bin") && n == 0) {
                    aRefused.countDown();
                    return "451 Error";
                }
                if (path.equals("/b.bin") && n == 0) {
                    after(aRefused);
                    bRefused.countDown();
                    return "451 Error";
                }
                if (path.equals("/c.bin")) {
                    after(bRefused);
                }
                return null;
            });
            try (TransferQueue queue = queue(2)) {
                for (String name : List.of("a.bin", "b.bin", "c.bin", "d.bin")) {
                    add(queue, settings(server), name, 10_000);
                }
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)));
                assertTrue(queue.snapshot().stream().noneMatch(ItemSnapshot::waitsForRoom), states(queue));
            }
        }
    }

    /**
     * Two connections on busybox's full flash ("451 Error" for every file): the first refused file's retry is
     * running when the second is refused. It was neither held nor marked: it spent all its retries, failed, and
     * Resume on the held ones left it behind.
     */
    @Test
    void theFirstRefusedUploadRunningAtTheHoldWaitsWithTheOthers() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            java.util.concurrent.atomic.AtomicBoolean full = new java.util.concurrent.atomic.AtomicBoolean(true);
            Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
            // The order the server answers in, not times: a refused, then b, then a's retry.
            java.util.concurrent.CountDownLatch aRefused = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch bRefused = new java.util.concurrent.CountDownLatch(1);
            server.uploadAnswer(path -> {
                int n = tries.computeIfAbsent(path, p -> new AtomicInteger()).getAndIncrement();
                if (!full.get()) {
                    return null;
                }
                if (path.equals("/a.bin") && n == 0) {
                    aRefused.countDown();
                } else if (path.equals("/a.bin")) {
                    after(bRefused);
                } else if (path.equals("/b.bin") && n == 0) {
                    after(aRefused);
                    bRefused.countDown();
                }
                return "451 Error";
            });
            try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT.withConnections(2)
                    .withRetries(3, Duration.ofMillis(0), Duration.ofMillis(0)), null, null)) {
                for (String name : List.of("a.bin", "b.bin", "c.bin", "d.bin")) {
                    add(queue, settings(server), name, 10_000);
                }
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)));
                full.set(false);
                queue.snapshot().stream().filter(ItemSnapshot::waitsForRoom).forEach(i -> queue.resume(i.id()));
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)));
                assertTrue(queue.snapshot().stream().allMatch(i -> i.state() == ItemState.DONE), states(queue));
            }
        }
    }

    /**
     * A restart forgets roomWantedOn (not saved): Resume on the held uploads no longer continues the one that met
     * the refusal, which README/RELIABILITY promise.
     */
    @Test
    void afterARestartResumeContinuesTheRefusedOneToo() throws Exception {
        Path queueFile = directory.resolve("config/queue.json");
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.uploadsFillTheDiskAfter(3_000, "452 Insufficient storage space in system.");
            ConnectionSettings settings = settings(server);
            try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT.withConnections(1)
                    .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(10)), null, new QueueStore(queueFile))) {
                queue.restore();
                for (String name : List.of("a.bin", "b.bin", "c.bin")) {
                    add(queue, settings, name, 10_000);
                }
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)));
                assertEquals(List.of(ItemState.FAILED, ItemState.PAUSED, ItemState.PAUSED),
                        queue.snapshot().stream().map(ItemSnapshot::state).toList(), states(queue));
            }
            server.uploadsFillTheDiskAfter(-1, null);
            SettingsSource source = endpoint -> endpoint.toSettings("p", null);
            try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT.withConnections(1)
                    .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(10)), source, new QueueStore(queueFile))) {
                queue.restore();
                queue.start();
                assertEquals(List.of(false, true, true), queue.snapshot().stream().map(ItemSnapshot::waitsForRoom).toList(),
                        states(queue));
                queue.snapshot().stream().filter(ItemSnapshot::waitsForRoom).forEach(i -> queue.resume(i.id()));
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)));
                assertTrue(queue.snapshot().stream().allMatch(i -> i.state() == ItemState.DONE), states(queue));
            }
        }
    }
}
