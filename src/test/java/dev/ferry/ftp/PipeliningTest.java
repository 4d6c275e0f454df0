package dev.ferry.ftp;

import dev.ferry.testing.Await;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.FakeFtpServer;
import dev.ferry.testing.Transfers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transfer sends its command in the same write as EPSV once EPSV has worked on the connection:
 * one round trip per file less. A server that loses a command sent that way is found out once,
 * the transfer is repeated on a new connection, and the server is talked to one command at a time
 * from then on.
 */
class PipeliningTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Long enough that a stalled machine is not taken for a server losing commands. */
    private static final Duration ANSWERING = Duration.ofSeconds(20);
    /** The wait after which a command sent behind EPSV counts as lost, when the server does lose it. */
    private static final Duration LOSING = Duration.ofSeconds(2);

    private static ConnectionSettings settings(FakeFtpServer server, ServerCapabilities capabilities, Duration timeouts) {
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p")
                .timeouts(timeouts).capabilities(capabilities).build();
    }

    @Test
    void theTransferCommandFollowsEpsvWithoutWaitingOnceEpsvWorkedOnTheConnection() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer().file("/a", bytes("first")).file("/b", bytes("second"))
                .file("/c", bytes("third"));
             FtpSession session = new FtpSession(settings(server, new ServerCapabilities(), ANSWERING), "pipelining")) {
            session.connect();
            assertArrayEquals(bytes("first"), Transfers.download(session, "/a", 0));
            assertArrayEquals(bytes("second"), Transfers.download(session, "/b", 0));
            assertArrayEquals(bytes("third"), Transfers.download(session, "/c", 0));
            Transfers.store(session, "/up", bytes("uploaded"), FtpSession.StoreMode.REPLACE, 0, TransferListener.NONE);
            assertArrayEquals(bytes("uploaded"), server.stored("/up"));
            // The connection's first EPSV goes alone: whether the server answers it is not known yet.
            assertEquals(List.of("RETR /b", "RETR /c", "STOR /up"), server.sentBehindEpsv(),
                    "commands sent behind EPSV; all commands: " + server.commands());
            assertFalse(Boolean.TRUE.equals(session.capabilities().snapshot().pipeliningRefused()));
        }
    }

    @Test
    void aCancelWhileTheServerHasNotAnsweredTheTransferCommandStopsAtOnce() throws Exception {
        // The first RETR goes alone, the second behind EPSV: both are held unanswered in turn.
        for (int held : new int[] {1, 2}) {
            ServerCapabilities capabilities = new ServerCapabilities();
            try (FakeFtpServer server = new FakeFtpServer().file("/a", bytes("first")).holdDownload(held);
                 FtpSession session = new FtpSession(settings(server, capabilities, Duration.ofMinutes(10)), "held")) {
                session.connect();
                if (held == 2) {
                    assertArrayEquals(bytes("first"), Transfers.download(session, "/a", 0));
                }
                CancelToken token = new CancelToken();
                CompletableFuture<Long> download = CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return session.retrieve("/a", 0, -1, at -> Channels.newChannel(
                                        OutputStream.nullOutputStream()), TransferListener.NONE, token);
                            } catch (IOException e) {
                                throw new CompletionException(e);
                            }
                        });
                Await.until("the server to receive RETR number " + held,
                        () -> server.commands().stream().filter(c -> c.startsWith("RETR")).count() == held,
                        Duration.ofSeconds(60));
                token.cancel();
                // The reply timeout is ten minutes: only the cancel can end the wait within this deadline.
                ExecutionException stopped = assertThrows(
                        ExecutionException.class, () -> download.get(60, TimeUnit.SECONDS),
                        "the download to stop on the cancel, RETR number " + held);
                assertTrue(stopped.getCause() instanceof FtpCancelledException, String.valueOf(stopped.getCause()));
                assertFalse(Boolean.TRUE.equals(capabilities.snapshot().pipeliningRefused()),
                        "a cancel is not the server losing a command");
            }
        }
    }

    @Test
    void aServerThatLosesACommandSentBehindAnotherIsTalkedToOneCommandAtATime() throws Exception {
        ServerCapabilities capabilities = new ServerCapabilities();
        try (FakeFtpServer server = new FakeFtpServer().dropPipelinedCommands()) {
            CollectingLog log = downloadThreeFiles(server, capabilities, LOSING);
            assertEquals(Boolean.TRUE, capabilities.snapshot().pipeliningRefused(), log.text());
            assertTrue(log.has(FtpText.PIPELINING_LOST), log.text());
            assertEquals(List.of("RETR /b"), server.lostCommands(), "all commands: " + server.commands());
            assertEquals(1, server.commands().stream().filter(c -> c.equals("RETR /b")).count(),
                    "RETR /b sent again, alone: " + server.commands());

            // A later session to the same server knows it from the start.
            int before = server.commands().size();
            try (FtpSession session = new FtpSession(settings(server, capabilities, LOSING), "lossy-later")) {
                session.connect();
                assertArrayEquals(bytes("first"), Transfers.download(session, "/a", 0));
                assertArrayEquals(bytes("second"), Transfers.download(session, "/b", 0));
            }
            assertEquals(List.of("RETR /b"), server.lostCommands(), "nothing lost again: " + server.commands());
            assertEquals(2, server.commands().subList(before, server.commands().size()).stream()
                    .filter(c -> c.startsWith("RETR")).count(), "each RETR sent once: " + server.commands());
        }
    }

    @Test
    void anEpsvRefusedWithACommandBehindItCostsAReconnectionAndStopsThePipelining() throws Exception {
        ServerCapabilities capabilities = new ServerCapabilities();
        try (FakeFtpServer server = new FakeFtpServer().refuseEpsv(2, "425 No passive port free right now")) {
            CollectingLog log = downloadThreeFiles(server, capabilities, ANSWERING);
            assertTrue(log.has(FtpText.PIPELINING_REFUSED), log.text());
            assertEquals(Boolean.TRUE, capabilities.snapshot().pipeliningRefused(), log.text());
            // The RETR that went with the refused EPSV, then the same RETR alone on a new connection.
            assertEquals(2, server.commands().stream().filter(c -> c.equals("RETR /b")).count(),
                    "all commands: " + server.commands());
            assertEquals(2, server.commands().stream().filter(c -> c.equals("USER u")).count(),
                    "one reconnection: " + server.commands());
        }
    }

    @Test
    void serversKnownToLoseSuchCommandsByTheirGreetingGetOneCommandAtATimeFromTheStart() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer().greeting("220 MikroTik FTP server (MikroTik 6.49.7) ready")
                .file("/a", bytes("first")).file("/b", bytes("second"));
             FtpSession session = new FtpSession(settings(server, new ServerCapabilities(), ANSWERING), "router")) {
            session.connect();
            assertArrayEquals(bytes("first"), Transfers.download(session, "/a", 0));
            assertArrayEquals(bytes("second"), Transfers.download(session, "/b", 0));
            assertEquals(List.of(), server.sentBehindEpsv(), "all commands: " + server.commands());
        }
    }

    @Test
    void aListingRepeatedOnANewConnectionIsOfTheFolderAskedFor() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer().useMlsd(false).dropPipelinedCommands()
                .listing("/", List.of("-rw-r--r-- 1 u g 1 Jan 01 2024 in-the-login-folder.txt"))
                .listing("/x", List.of("-rw-r--r-- 1 u g 1 Jan 01 2024 in-x.txt"))
                .listing("/y", List.of("-rw-r--r-- 1 u g 1 Jan 01 2024 in-y.txt"));
             FtpSession session = new FtpSession(settings(server, new ServerCapabilities(), LOSING), "lists")) {
            session.connect();
            assertEquals(List.of("in-x.txt"), names(session.list("/x")));
            // Its LIST goes behind EPSV, is lost, and is repeated after a reconnection, which goes back to /y.
            assertEquals(List.of("in-y.txt"), names(session.list("/y")), "all commands: " + server.commands());
            assertEquals(1, server.lostCommands().size(), "all commands: " + server.commands());
        }
    }

    @Test
    void aFirewallThatHangsUpOnACommandSentBehindAnotherIsLearnedToo() throws Exception {
        ServerCapabilities capabilities = new ServerCapabilities();
        try (FakeFtpServer server = new FakeFtpServer().hangUpOnPipelinedCommands()) {
            CollectingLog log = downloadThreeFiles(server, capabilities, ANSWERING);
            assertTrue(log.has(FtpText.PIPELINING_LOST), log.text());
            assertEquals(Boolean.TRUE, capabilities.snapshot().pipeliningRefused(), log.text());
            assertEquals(List.of("RETR /b"), server.lostCommands(), "all commands: " + server.commands());
        }
    }

    /**
     * A server that goes silent while a command behind EPSV is first tried has refused nothing:
     * when the new connection gets no greeting either, nothing is learned, and a later session
     * sends commands behind EPSV again. It was saved as "loses such commands" for good.
     */
    @Test
    void aServerThatFallsSilentWhileProbingIsNotTakenForOneThatLosesCommands() throws Exception {
        ServerCapabilities capabilities = new ServerCapabilities();
        try (FakeFtpServer server = new FakeFtpServer().file("/a", bytes("first")).file("/b", bytes("second"));
             dev.ferry.testing.FaultProxy proxy = new dev.ferry.testing.FaultProxy(server.port())) {
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(proxy.port()).user("u")
                    .password("p").timeouts(LOSING).capabilities(capabilities).build();
            try (FtpSession session = new FtpSession(settings, "falls silent")) {
                session.connect();
                assertArrayEquals(bytes("first"), Transfers.download(session, "/a", 0));
                proxy.freezeControlReplies(true);
                assertThrows(FtpTimeoutException.class, () -> Transfers.download(session, "/b", 0));
            } finally {
                proxy.freezeControlReplies(false);
            }
            assertEquals(null, capabilities.snapshot().pipeliningRefused(), "nothing learned from a silent server");
            int before = server.sentBehindEpsv().size();
            try (FtpSession later = new FtpSession(settings, "answers again")) {
                later.connect();
                assertArrayEquals(bytes("first"), Transfers.download(later, "/a", 0));
                assertArrayEquals(bytes("second"), Transfers.download(later, "/b", 0));
            }
            assertTrue(server.sentBehindEpsv().size() > before,
                    "commands behind EPSV again: " + server.sentBehindEpsv() + "; all commands: " + server.commands());
        }
    }

    @Test
    void onceCommandsBehindEpsvWereAnsweredARefusedEpsvIsTakenForAPassingOne() throws Exception {
        ServerCapabilities capabilities = new ServerCapabilities();
        try (FakeFtpServer server = new FakeFtpServer().refuseEpsv(3, "425 No passive port free right now")
                .file("/a", bytes("first")).file("/b", bytes("second")).file("/c", bytes("third"))
                .file("/d", bytes("fourth")).file("/e", bytes("fifth"))) {
            CollectingLog log = new CollectingLog();
            try (FtpSession session = new FtpSession(settings(server, capabilities, ANSWERING), "busy")) {
                session.addListener(log);
                session.connect();
                Map<String, String> files = new LinkedHashMap<>();
                files.put("/a", "first");
                files.put("/b", "second");
                files.put("/c", "third");
                files.put("/d", "fourth");
                files.put("/e", "fifth");
                for (Map.Entry<String, String> file : files.entrySet()) {
                    assertArrayEquals(bytes(file.getValue()), Transfers.download(session, file.getKey(), 0), file.getKey());
                }
            }
            assertFalse(log.has(FtpText.PIPELINING_REFUSED), log.text());
            assertEquals(null, capabilities.snapshot().pipeliningRefused(), log.text());
            // b went behind EPSV, c was refused with it and went alone on a new connection, then e again.
            assertTrue(server.sentBehindEpsv().containsAll(List.of("RETR /b", "RETR /e")),
                    "behind EPSV: " + server.sentBehindEpsv() + "; all commands: " + server.commands());
        }
    }

    /** Downloads /a, /b and /c (each checked) in one session; the session's dialogue for assertions. */
    private static CollectingLog downloadThreeFiles(FakeFtpServer server, ServerCapabilities capabilities,
                                                    Duration timeouts) throws Exception {
        server.file("/a", bytes("first")).file("/b", bytes("second")).file("/c", bytes("third"));
        CollectingLog log = new CollectingLog();
        try (FtpSession session = new FtpSession(settings(server, capabilities, timeouts), "three files")) {
            session.addListener(log);
            session.connect();
            assertArrayEquals(bytes("first"), Transfers.download(session, "/a", 0));
            assertArrayEquals(bytes("second"), Transfers.download(session, "/b", 0));
            assertArrayEquals(bytes("third"), Transfers.download(session, "/c", 0));
        }
        return log;
    }

    private static List<String> names(dev.ferry.ftp.listing.Listing listing) {
        return listing.entries().stream().map(dev.ferry.ftp.listing.RemoteEntry::name).toList();
    }
}
