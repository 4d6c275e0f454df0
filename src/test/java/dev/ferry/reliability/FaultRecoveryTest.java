package dev.ferry.reliability;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.Interop;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.SecretsAudit;
import dev.ferry.testing.TestFiles;
import dev.ferry.testing.Vsftpd;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.Direction;
import dev.ferry.transfer.FileTransfers;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.QueueStore;
import dev.ferry.transfer.TransferQueue;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cases 1, 2 and 5 of the reliability suite: connections cut in the middle of transfers, a server
 * killed and started again, 421 storms and a server that takes one session. Each ends with every
 * file complete and equal, and no password in anything Ferry wrote or said.
 */
class FaultRecoveryTest {

    static final long MIB = 1L << 20;

    @TempDir
    Path directory;

    final SecretsAudit audit = new SecretsAudit(MinaServer.PASSWORD, Interop.PASSWORD);

    @AfterEach
    void noPasswordInLogsQueueFilesOrErrors() throws IOException {
        audit.directory(directory.resolve("config")).verify();
    }

    enum Cut { CONTROL, DATA, BOTH }

    static Stream<Arguments> cuts() {
        return Stream.of(Cut.values()).flatMap(cut -> Stream.of(Direction.DOWNLOAD, Direction.UPLOAD)
                .map(direction -> Arguments.of(cut, direction)));
    }

    static ConnectionSettings settings(int port, String user, String password) {
        return ConnectionSettings.builder("127.0.0.1").port(port).user(user).password(password)
                .timeouts(Duration.ofSeconds(10)).build();
    }

    /** Retries come quickly here; the server-restart case uses the real back-off. */
    static QueueSettings quick(int connections) {
        return QueueSettings.DEFAULT.withConnections(connections).withConflictDefault(ConflictAction.OVERWRITE)
                .withRetries(5, Duration.ofMillis(100), Duration.ofMillis(800));
    }

    private TransferQueue queue(QueueSettings settings, CollectingLog log) {
        TransferQueue queue = new TransferQueue(settings, null, new QueueStore(directory.resolve("config/queue.json")));
        queue.addDialogueListener(log);
        audit.log("dialogue", log);
        audit.text("queue errors", () -> String.join("\n", queue.snapshot().stream()
                .map(s -> String.valueOf(s.lastError())).toList()));
        return queue;
    }

    static void waitUntil(String what, BooleanSupplier condition, Duration timeout, TransferQueue queue,
                          CollectingLog log) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "\n" + queue.snapshot() + "\n" + log.text());
            }
            Thread.sleep(5);
        }
    }

    static long bytesDone(TransferQueue queue) {
        return queue.snapshot().stream().mapToLong(ItemSnapshot::bytesDone).sum();
    }

    /**
     * After the first failure, every transfer command continued a partial file (REST with an
     * offset, or APPE) — or none was needed because the whole file had arrived before the cut.
     */
    static boolean neverStartedOver(CollectingLog log) {
        String text = log.text();
        int failure = text.indexOf("! error");
        if (failure < 0) {
            return false;
        }
        long offset = 0;
        for (String line : text.substring(failure).lines().toList()) {
            Matcher rest = Pattern.compile("> REST (\\d+)").matcher(line);
            if (rest.find()) {
                offset = Long.parseLong(rest.group(1));
            } else if (line.contains("> STOR ") || line.contains("> RETR ")) {
                if (offset == 0) {
                    return false;
                }
                offset = 0;
            }
        }
        return true;
    }

    @ParameterizedTest(name = "{0} connection cut mid-{1}")
    @MethodSource("cuts")
    void aConnectionCutMidTransferIsRetriedResumedAndTheFileIsEqual(Cut cut, Direction direction) throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start();
             FaultProxy proxy = new FaultProxy(server.port())) {
            Path original = TestFiles.random(direction == Direction.DOWNLOAD ? server.home().resolve("big.bin")
                    : directory.resolve("big.bin"), 12 * MIB, 11);
            Path target = direction == Direction.DOWNLOAD ? directory.resolve("download/big.bin")
                    : server.home().resolve("big.bin");
            CollectingLog log = new CollectingLog();
            // Slow enough (4 MB/s) that the cut lands in the middle, not after the end, even when the test
            // thread sees the first 3 MiB two seconds late on a busy machine.
            try (TransferQueue queue = queue(quick(1).withSpeedLimits(4_000_000, 4_000_000), log)) {
                ConnectionSettings connection = settings(proxy.port(), MinaServer.USER, MinaServer.PASSWORD);
                if (direction == Direction.DOWNLOAD) {
                    // Held a while just past 3 MiB, so that the cut finds it under way however late this thread sees
                    // it: in a CI run beside other work the download had ended before the cut (done, no retry).
                    proxy.nextDataConnections(1, FaultProxy.Fault.stallAfter(3 * MIB + MIB / 2, 5_000));
                    queue.addDownload(connection, null, "/big.bin", target, false, -1, null);
                } else {
                    queue.addUpload(connection, null, original, "/big.bin", false);
                }
                queue.start();
                waitUntil("3 MiB transferred", () -> bytesDone(queue) > 3 * MIB, Duration.ofSeconds(30), queue, log);
                if (cut != Cut.DATA) {
                    proxy.cutControlConnections();
                }
                if (cut != Cut.CONTROL) {
                    proxy.cutDataConnections();
                }
                assertTrue(queue.awaitIdle(Duration.ofMinutes(2)), "the queue finished: " + queue.snapshot());
                ItemSnapshot item = queue.snapshot().getFirst();
                assertEquals(ItemState.DONE, item.state(), item::toString);
                assertTrue(item.attempts() >= 1, "the cut failed an attempt, which was retried: " + item);
                System.out.println(cut + " cut mid-" + direction + ": done after " + item.attempts() + " retries; "
                        + "the cut said: " + log.text().lines().filter(l -> l.contains("! error")).findFirst().orElse("-"));
            }
            assertEquals(TestFiles.sha256(original), TestFiles.sha256(target));
            assertTrue(neverStartedOver(log), "the retry continued where the cut stopped it:\n" + log.text());
            if (direction == Direction.DOWNLOAD) {
                assertFalse(Files.exists(FileTransfers.partFile(target)), "no part file is left behind");
            }
            assertTrue(proxy.controlConnections() >= (cut == Cut.DATA ? 1 : 2));
        }
    }

    @Test
    void aServerKilledMidQueueAndStartedAgainFiveSecondsLaterFinishesTheQueue() throws Exception {
        Vsftpd.require();
        try (Vsftpd server = Vsftpd.start(directory.resolve("vsftpd"), Vsftpd.Tls.NONE, List.of())) {
            Path remote = Files.createDirectories(server.root().resolve("tree"));
            for (int i = 0; i < 16; i++) {
                TestFiles.random(remote.resolve("file-" + i + ".bin"), 2 * MIB, i);
            }
            Interop.chownToUser(remote);
            Path local = directory.resolve("download");
            CollectingLog log = new CollectingLog();
            // The real back-off (1 s, doubling): five seconds of outage must fit inside it.
            QueueSettings settings = QueueSettings.DEFAULT.withConnections(2).withConflictDefault(ConflictAction.OVERWRITE)
                    .withSpeedLimits(6_000_000, 0);
            try (TransferQueue queue = queue(settings, log)) {
                queue.addDownload(settings(server.port(), Interop.USER, Interop.PASSWORD), null, remote.toString(), local, true,
                        -1, null);
                queue.start();
                waitUntil("8 MiB transferred", () -> bytesDone(queue) > 8 * MIB, Duration.ofSeconds(60), queue, log);
                server.killHard();
                Thread.sleep(5_000);
                server.startAgain();
                assertTrue(queue.awaitIdle(Duration.ofMinutes(3)), "the queue finished: " + queue.snapshot());
                List<ItemSnapshot> failed = queue.snapshot().stream().filter(s -> s.state() != ItemState.DONE).toList();
                assertEquals(List.of(), failed);
                assertTrue(queue.snapshot().stream().anyMatch(s -> s.attempts() > 0),
                        "the kill failed some attempts, which were retried");
                System.out.println("vsftpd killed and restarted: " + queue.snapshot().stream().filter(s -> s.attempts() > 0)
                        .count() + " items retried, all 16 done");
            }
            for (int i = 0; i < 16; i++) {
                assertEquals(TestFiles.sha256(remote.resolve("file-" + i + ".bin")),
                        TestFiles.sha256(local.resolve("file-" + i + ".bin")), "file-" + i);
            }
        }
    }

    /** Refuses a share of new connections with 421 and drops sessions with 421 in the middle of work. */
    static final class StormFtplet extends DefaultFtplet {
        private final SplittableRandom random = new SplittableRandom(5);
        final AtomicInteger refused = new AtomicInteger();

        private synchronized boolean chance(double p) {
            return random.nextDouble() < p;
        }

        @Override
        public FtpletResult onConnect(FtpSession session) throws org.apache.ftpserver.ftplet.FtpException {
            if (chance(0.4)) {
                refused.incrementAndGet();
                session.write(new DefaultFtpReply(421, "Too many connections, try again later"));
                return FtpletResult.DISCONNECT;
            }
            return FtpletResult.DEFAULT;
        }

        @Override
        public FtpletResult beforeCommand(FtpSession session, FtpRequest request)
                throws org.apache.ftpserver.ftplet.FtpException, IOException {
            String command = request.getCommand();
            if ((command.equals("RETR") || command.equals("STOR") || command.equals("PASV") || command.equals("EPSV"))
                    && chance(0.05)) {
                refused.incrementAndGet();
                session.write(new DefaultFtpReply(421, "Service not available, closing control connection"));
                return FtpletResult.DISCONNECT;
            }
            return super.beforeCommand(session, request);
        }
    }

    @Test
    void a421StormStillCompletesEveryFile() throws Exception {
        StormFtplet storm = new StormFtplet();
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(storm).start()) {
            Path remote = Files.createDirectories(server.home().resolve("tree"));
            SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < 150; i++) {
                Files.write(remote.resolve("file-" + i + ".bin"), TestFiles.bytes(random.nextInt(64 * 1024), i));
            }
            Path local = directory.resolve("download");
            CollectingLog log = new CollectingLog();
            try (TransferQueue queue = queue(quick(4).withRetries(20, Duration.ofMillis(20), Duration.ofMillis(200)), log)) {
                queue.addDownload(settings(server.port(), MinaServer.USER, MinaServer.PASSWORD), null, "/tree", local,
                        true, -1, null);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofMinutes(3)), "the queue finished: " + queue.totals());
                assertEquals(List.of(), queue.snapshot().stream().filter(s -> s.state() != ItemState.DONE).toList());
            }
            assertTrue(storm.refused.get() > 10, "the storm happened: " + storm.refused.get() + " refusals");
            System.out.println("421 storm: " + storm.refused.get() + " refusals, 150 files done and equal");
            for (int i = 0; i < 150; i++) {
                assertEquals(TestFiles.sha256(remote.resolve("file-" + i + ".bin")),
                        TestFiles.sha256(local.resolve("file-" + i + ".bin")), "file-" + i);
            }
        }
    }

    @Test
    void aServerThatAcceptsOneSessionGetsTheWholeQueueThroughOne() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).maxLogins(1).start()) {
            Path remote = Files.createDirectories(server.home().resolve("tree"));
            for (int i = 0; i < 40; i++) {
                Files.write(remote.resolve("file-" + i + ".bin"), TestFiles.bytes(20_000 + i, i));
            }
            Path local = directory.resolve("download");
            CollectingLog log = new CollectingLog();
            try (TransferQueue queue = queue(quick(4), log)) {
                queue.addDownload(settings(server.port(), MinaServer.USER, MinaServer.PASSWORD), null, "/tree", local,
                        true, -1, null);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofMinutes(2)), "the queue finished: " + queue.totals());
                assertEquals(List.of(), queue.snapshot().stream().filter(s -> s.state() != ItemState.DONE).toList());
            }
            assertEquals(1, server.mostConcurrentLogins());
            System.out.println("one-session server: 40 files through " + server.mostConcurrentLogins() + " session, "
                    + server.logins() + " logins");
            for (int i = 0; i < 40; i++) {
                assertEquals(TestFiles.sha256(remote.resolve("file-" + i + ".bin")),
                        TestFiles.sha256(local.resolve("file-" + i + ".bin")));
            }
        }
    }
}
