package dev.ferry.ftp;

import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.FakeFtpServer;
import dev.ferry.testing.Transfers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    private static ConnectionSettings settings(FakeFtpServer server, ServerCapabilities capabilities) {
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p")
                .timeouts(Duration.ofSeconds(2)).capabilities(capabilities).build();
    }

    @Test
    void theTransferCommandFollowsEpsvWithoutWaitingOnceEpsvWorkedOnTheConnection() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer().file("/a", bytes("first")).file("/b", bytes("second"))
                .file("/c", bytes("third"));
             FtpSession session = new FtpSession(settings(server, new ServerCapabilities()), "pipelining")) {
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
    void aServerThatLosesACommandSentBehindAnotherIsTalkedToOneCommandAtATime() throws Exception {
        ServerCapabilities capabilities = new ServerCapabilities();
        try (FakeFtpServer server = new FakeFtpServer().dropPipelinedCommands().file("/a", bytes("first"))
                .file("/b", bytes("second")).file("/c", bytes("third"))) {
            CollectingLog log = new CollectingLog();
            try (FtpSession session = new FtpSession(settings(server, capabilities), "lossy")) {
                session.addListener(log);
                session.connect();
                assertArrayEquals(bytes("first"), Transfers.download(session, "/a", 0));
                assertArrayEquals(bytes("second"), Transfers.download(session, "/b", 0));
                assertArrayEquals(bytes("third"), Transfers.download(session, "/c", 0));
            }
            assertEquals(Boolean.TRUE, capabilities.snapshot().pipeliningRefused(), log.text());
            assertTrue(log.has(FtpText.PIPELINING_LOST), log.text());
            assertEquals(List.of("RETR /b"), server.lostCommands(), "all commands: " + server.commands());
            assertEquals(1, server.commands().stream().filter(c -> c.equals("RETR /b")).count(),
                    "RETR /b sent again, alone: " + server.commands());

            // A later session to the same server knows it from the start.
            int before = server.commands().size();
            try (FtpSession session = new FtpSession(settings(server, capabilities), "lossy-later")) {
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
        try (FakeFtpServer server = new FakeFtpServer().secondEpsvReply("425 No passive port free right now")
                .file("/a", bytes("first")).file("/b", bytes("second")).file("/c", bytes("third"))) {
            CollectingLog log = new CollectingLog();
            try (FtpSession session = new FtpSession(settings(server, capabilities), "refusing")) {
                session.addListener(log);
                session.connect();
                assertArrayEquals(bytes("first"), Transfers.download(session, "/a", 0));
                assertArrayEquals(bytes("second"), Transfers.download(session, "/b", 0));
                assertArrayEquals(bytes("third"), Transfers.download(session, "/c", 0));
            }
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
             FtpSession session = new FtpSession(settings(server, new ServerCapabilities()), "router")) {
            session.connect();
            assertArrayEquals(bytes("first"), Transfers.download(session, "/a", 0));
            assertArrayEquals(bytes("second"), Transfers.download(session, "/b", 0));
            assertEquals(List.of(), server.sentBehindEpsv(), "all commands: " + server.commands());
        }
    }
}
