package dev.ferry.reliability;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.message.Message;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueListener;
import dev.ferry.transfer.QueueText;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.TransferQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that goes away for a while (killed, started again later on the same port) is the
 * server's failure, not each file's: the files that wait keep their retries while the queue
 * tries to reach the server again.
 */
class ServerOutageTest {

    @TempDir
    Path directory;

    static ConnectionSettings settings(int port) {
        return ConnectionSettings.builder("127.0.0.1").port(port).user(MinaServer.USER).password(MinaServer.PASSWORD)
                .timeouts(Duration.ofSeconds(10)).build();
    }

    /** What the queue says of a server it cannot reach, once per try of it. */
    static void collectOutages(TransferQueue queue, List<Message> notices) {
        queue.addListener(new QueueListener() {
            @Override
            public void queueChanged(Update update) {
            }

            @Override
            public void serverUnreachable(Message notice) {
                notices.add(notice);
            }
        });
    }

    static long refusals(CollectingLog log) {
        // The attempt's own line, not the error that ends the login (which repeats it).
        return log.text().lines().filter(line -> line.contains("* Could not connect")).count();
    }

    /**
     * Found by helper U3 (vsftpd killed and restarted under a running queue): its TLS asks for a
     * client certificate without needing one, so a connection lost during the login read as "the
     * server requires a client certificate", and the item failed for good instead of waiting for
     * the server. A server that needs one refuses at the same moment, its alert lost with the reset
     * (vsftpd, ClientCertificateInteropTest): the words stay, the failure is tried again.
     */
    @Test
    void aServerLostDuringTheLoginAfterAskingForAClientCertificateIsAnOutageNotACertificateRefusal() throws Exception {
        try (dev.ferry.testing.StallingFtpsServer server = new dev.ferry.testing.StallingFtpsServer(directory.resolve("tls"))
                .vanishingAtLoginAfterAskingForACertificate()) {
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user("u").password("p").tlsMode(dev.ferry.ftp.TlsMode.EXPLICIT)
                    .certificateTrust(dev.ferry.tls.CertificateTrust.nonInteractive(dev.ferry.tls.KnownHosts.inMemory(),
                            java.util.Set.of(server.fingerprint())))
                    .timeouts(Duration.ofSeconds(30)).build();
            dev.ferry.ftp.FtpSession session = new dev.ferry.ftp.FtpSession(settings, "vanishing");
            dev.ferry.ftp.FtpException lost = org.junit.jupiter.api.Assertions.assertThrows(dev.ferry.ftp.FtpException.class,
                    session::connect);
            session.close();
            assertTrue(lost.isTransient(), "a lost connection is tried again: " + dev.ferry.testing.English.of(lost));
        }
    }

    @Test
    void filesWaitingWhileTheServerIsDownKeepTheirRetries() throws Exception {
        int files = 4;
        int retries = 1;
        Path home = directory.resolve("server");
        MinaServer server = MinaServer.builder(home).start();
        int port = server.port();
        Path remote = Files.createDirectories(server.home().resolve("tree"));
        for (int i = 0; i < files; i++) {
            TestFiles.random(remote.resolve("file-" + i + ".bin"), 1 << 20, i);
        }
        Path local = directory.resolve("download");
        CollectingLog log = new CollectingLog();
        // Slow enough that the outage comes while files still wait.
        QueueSettings settings = QueueSettings.DEFAULT.withConnections(2).withConflictDefault(ConflictAction.OVERWRITE)
                .withRetries(retries, Duration.ofMillis(10), Duration.ofSeconds(1)).withSpeedLimits(1_000_000, 0);
        try (TransferQueue queue = new TransferQueue(settings, null, null)) {
            queue.addDialogueListener(log);
            queue.addDownload(settings(port), null, "/tree", local, true, -1, null);
            queue.start();
            FaultRecoveryTest.waitUntil("a transfer under way", () -> FaultRecoveryTest.bytesDone(queue) > 128 * 1024,
                    Duration.ofSeconds(60), queue, log);
            server.close();
            // Every file's retries would be spent by now if each refused connection were a file's attempt.
            int enough = files * (retries + 1);
            FaultRecoveryTest.waitUntil(enough + " refused connections", () -> refusals(log) >= enough
                    || queue.totals().idle(), Duration.ofSeconds(60), queue, log);
            server = MinaServer.builder(home).port(port).start();
            assertTrue(queue.awaitIdle(Duration.ofMinutes(2)), "the queue finished: " + queue.snapshot());
            List<ItemSnapshot> notDone = queue.snapshot().stream().filter(s -> s.state() != ItemState.DONE).toList();
            assertEquals(List.of(), notDone, "after " + refusals(log) + " refused connections");
            // Only a transfer cut by the outage itself counts as its file's attempt.
            assertTrue(queue.snapshot().stream().allMatch(s -> s.attempts() <= 1), queue.snapshot().toString());
        } finally {
            server.close();
        }
        for (int i = 0; i < files; i++) {
            assertEquals(TestFiles.sha256(remote.resolve("file-" + i + ".bin")),
                    TestFiles.sha256(local.resolve("file-" + i + ".bin")), "file-" + i);
        }
    }

    /**
     * Found by helper T1: the server restarted while the queue's worker kept its logged-in session
     * for the next file. The next file's first command met the dead connection and failed ("The
     * server closed the connection while we waited for the reply to MKD"), where any client logs in
     * again quietly. With no retries asked for, that attempt was the file's only one.
     */
    @Test
    void aServerRestartedWhileTheWorkerWaitedForWorkCostsTheNextFileNothing() throws Exception {
        Path home = directory.resolve("server");
        MinaServer server = MinaServer.builder(home).start();
        int port = server.port();
        Path serverHome = server.home();
        TestFiles.random(serverHome.resolve("first.bin"), 4096, 1);
        Path local = Files.createDirectories(directory.resolve("local"));
        Path upload = TestFiles.random(local.resolve("next.bin"), 4096, 2);
        CollectingLog log = new CollectingLog();
        QueueSettings settings = QueueSettings.DEFAULT.withConflictDefault(ConflictAction.OVERWRITE)
                .withRetries(0, Duration.ofMillis(10), Duration.ofSeconds(1)).withIdleTimeout(Duration.ofMinutes(5));
        try (TransferQueue queue = new TransferQueue(settings, null, null)) {
            queue.addDialogueListener(log);
            queue.addDownload(settings(port), null, "/first.bin", local.resolve("first.bin"), false, -1, null);
            queue.start();
            assertTrue(queue.awaitIdle(Duration.ofMinutes(1)), "the first file done: " + queue.snapshot());
            server.close();
            server = MinaServer.builder(home).port(port).start();
            queue.addUpload(settings(port), null, upload, "/next.bin", false);
            assertTrue(queue.awaitIdle(Duration.ofMinutes(1)), "the next file done: " + queue.snapshot());
            List<ItemSnapshot> notDone = queue.snapshot().stream().filter(s -> s.state() != ItemState.DONE).toList();
            assertEquals(List.of(), notDone, log.text());
        } finally {
            server.close();
        }
        assertEquals(TestFiles.sha256(upload), TestFiles.sha256(serverHome.resolve("next.bin")));
    }

    /**
     * R26: the reason a file waited (a server that could not be reached) stayed with it after it ran, and a
     * row sent back to wait by the queue's Stop said "refused" of a server that had just been sending.
     */
    @Test
    void theReasonAFileWaitedGoesOnceItRuns() throws Exception {
        int port = dev.ferry.testing.Interop.freePort();
        Path home = directory.resolve("late-server");
        QueueSettings settings = QueueSettings.DEFAULT.withConflictDefault(ConflictAction.OVERWRITE)
                .withRetries(5, Duration.ofMillis(20), Duration.ofMillis(200)).withSpeedLimits(200_000, 0);
        MinaServer server = null;
        try (TransferQueue queue = new TransferQueue(settings, null, null)) {
            long id = queue.addDownload(settings(port), null, "/late.bin", directory.resolve("late.bin"), false, -1, null).id();
            queue.start();
            FaultRecoveryTest.waitUntil("the reason it waits", () -> queue.snapshot().getFirst().lastError() != null,
                    Duration.ofSeconds(60), queue, new CollectingLog());
            server = MinaServer.builder(home).port(port).start();
            TestFiles.random(server.home().resolve("late.bin"), 4 << 20, 9);
            FaultRecoveryTest.waitUntil("the first bytes", () -> queue.snapshot().getFirst().bytesDone() > 0,
                    Duration.ofSeconds(60), queue, new CollectingLog());
            queue.pause();
            FaultRecoveryTest.waitUntil("the file waiting again", () -> queue.snapshot().getFirst().state() == ItemState.QUEUED,
                    Duration.ofSeconds(60), queue, new CollectingLog());
            ItemSnapshot waiting = queue.snapshot().getFirst();
            assertEquals(id, waiting.id());
            assertEquals(null, waiting.lastError(), "the reason it waited before it ran: " + waiting);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /**
     * Seen in CI (MirrorCliTest): the server went down while a worker's transfer was being set up,
     * the connection lost with a command sent behind EPSV. The engine connects again to repeat the
     * transfer one command at a time, and that connection was refused: the outage was taken for the
     * file's own failure, cost it a try and was said for it ("f0.bin: Could not connect …; trying
     * again") beside the server's "trying the server again".
     */
    @Test
    void aServerThatGoesDownWhileATransferReconnectsCostsTheFileNoTry() throws Exception {
        List<Message> notices = new CopyOnWriteArrayList<>();
        CollectingLog log = new CollectingLog();
        // A budget of ten minutes, the server tried again after a minute: for the rest of the test the files wait
        // (tried again at once, the file is running again, for that try, when the test looks).
        QueueSettings settings = QueueSettings.DEFAULT.withConnections(1).withConflictDefault(ConflictAction.OVERWRITE)
                .withRetries(3, Duration.ofMinutes(1), Duration.ofMinutes(1));
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()
                .file("/a", "first".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .file("/b", "second".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .hangUpOnPipelinedCommands().goneAfterHangingUp();
             TransferQueue queue = new TransferQueue(settings, null, null)) {
            ConnectionSettings fake = ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p")
                    .timeouts(Duration.ofSeconds(10)).build();
            queue.addDialogueListener(log);
            collectOutages(queue, notices);
            queue.addDownload(fake, null, "/a", directory.resolve("a"), false, -1, null);
            queue.addDownload(fake, null, "/b", directory.resolve("b"), false, -1, null);
            queue.start();
            FaultRecoveryTest.waitUntil("the server said to be tried again", () -> !notices.isEmpty(),
                    Duration.ofSeconds(60), queue, log);
            assertEquals(List.of("RETR /b"), server.lostCommands(), "the hang-up came where the test wants it: " + log.text());
            ItemSnapshot second = queue.snapshot().stream().filter(s -> s.remotePath().equals("/b")).findFirst().orElseThrow();
            assertEquals(ItemState.QUEUED, second.state(), second.toString());
            assertEquals(0, second.attempts(), "the outage cost the file a try: " + second + "\n" + log.text());
        }
    }

    /**
     * R28: a split download's coordinator runs its own segments without waiting for the server's next try;
     * when its segment's new connection was taken for the server's outage, it was given the same segment back
     * at once and connected again, some 4000 times a second, and the outage's budget never ran out.
     */
    @Test
    void aSplitDownloadWhoseServerGoesAwayWaitsBetweenTriesAndEnds() throws Exception {
        CollectingLog log = new CollectingLog();
        // A budget of five seconds; pauses of 0.1 to 0.5 s between tries.
        QueueSettings settings = QueueSettings.DEFAULT.withConnections(2).withConflictDefault(ConflictAction.OVERWRITE)
                .withRetries(3, Duration.ofMillis(100), Duration.ofMillis(500)).withSegments(2, 1 << 20);
        dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer().acceptRest()
                .stallDownloadsAfter(65536).file("/big.bin", TestFiles.bytes(4 << 20, 3));
        try (TransferQueue queue = new TransferQueue(settings, null, null)) {
            ConnectionSettings fake = ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p")
                    .timeouts(Duration.ofSeconds(2)).build();
            queue.addDialogueListener(log);
            queue.addDownload(fake, null, "/big.bin", directory.resolve("big.bin"), false, -1, null);
            queue.start();
            FaultRecoveryTest.waitUntil("the first bytes", () -> FaultRecoveryTest.bytesDone(queue) > 0,
                    Duration.ofSeconds(60), queue, log);
            server.close();
            assertTrue(queue.awaitIdle(Duration.ofMinutes(1)), "the download given up once the budget was spent, after "
                    + refusals(log) + " refused connections: " + queue.snapshot());
            ItemSnapshot item = queue.snapshot().getFirst();
            assertEquals(ItemState.FAILED, item.state(), item::toString);
            long tries = refusals(log);
            System.out.println("split download, server gone: " + tries + " refused connections; " + item.lastError());
            assertTrue(tries < 200, "connections tried in a budget of five seconds with pauses of 0.1 to 0.5 s: " + tries);
        } finally {
            server.close();
        }
    }

    /**
     * A server that stays away ends the run, once its budget is spent, with one reason for every
     * file that waited; it is told once per try of the server, not once per file.
     */
    @Test
    void aServerThatStaysDownFailsWhatWaitsOnceItsBudgetIsSpent() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        int files = 6;
        Path local = directory.resolve("download");
        CollectingLog log = new CollectingLog();
        List<Message> notices = new CopyOnWriteArrayList<>();
        // Ten of the longest pauses: a budget of two seconds here.
        QueueSettings settings = QueueSettings.DEFAULT.withConnections(2).withConflictDefault(ConflictAction.OVERWRITE)
                .withRetries(1, Duration.ofMillis(20), Duration.ofMillis(200));
        try (TransferQueue queue = new TransferQueue(settings, null, null)) {
            queue.addDialogueListener(log);
            collectOutages(queue, notices);
            for (int i = 0; i < files; i++) {
                queue.addDownload(settings(port), null, "/file-" + i + ".bin", local.resolve("file-" + i + ".bin"),
                        false, 100, null);
            }
            queue.start();
            assertTrue(queue.awaitIdle(Duration.ofMinutes(1)), "the queue finished: " + queue.snapshot());
            List<ItemSnapshot> items = queue.snapshot();
            assertTrue(items.stream().allMatch(s -> s.state() == ItemState.FAILED
                    && s.lastError().key() == QueueText.SERVER_UNREACHABLE), items.toString());
            long tries = refusals(log);
            assertTrue(tries > files * 2L, "the server was tried past every file's own retries: " + tries);
            System.out.println("server down: " + tries + " tries, " + notices.size() + " notices, " + files + " files failed");
            assertTrue(!notices.isEmpty() && notices.size() < tries && notices.stream().allMatch(n -> n.key() == QueueText.SERVER_UNREACHABLE_RETRYING),
                    notices.size() + " notices for " + tries + " tries: " + notices);
        }
    }
}
