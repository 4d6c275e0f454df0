package dev.ferry.ftp;

import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.ScriptedServer;
import dev.ferry.testing.Transfers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long transfer keeps its control connection alive (NAT routers forget quiet connections), and
 * the NOOPs' replies, whenever the server sends them, are never taken for another command's.
 * A transfer whose every byte arrived succeeds even when the final reply is lost.
 */
class ControlKeepAliveTest {

    private static final byte[] CONTENT = new byte[64 * 1024];

    static {
        for (int i = 0; i < CONTENT.length; i++) {
            CONTENT[i] = (byte) (i * 31);
        }
    }

    /**
     * A server that trickles a download over about a second, reading commands meanwhile; NOOPs are
     * answered at once ({@code answerNoopsAtOnce}, as asynchronous servers do) or only after the
     * transfer's 226 (as vsftpd does). Without {@code sendFinalReply} the 226 never comes.
     */
    private static ScriptedServer server(boolean answerNoopsAtOnce, boolean sendFinalReply, List<String> received,
                                         AtomicInteger noopsDuringTransfer) throws Exception {
        ServerSocket data = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        return new ScriptedServer(c -> {
            try (data) {
                c.reply("220 ready");
                for (String command; (command = c.readCommand()) != null; ) {
                    received.add(command);
                    String verb = command.split(" ")[0];
                    switch (verb) {
                        case "USER" -> c.reply("331 password");
                        case "PASS" -> c.reply("230 in");
                        case "FEAT" -> c.reply("211 no features");
                        case "PWD" -> c.reply("257 \"/\"");
                        case "TYPE", "NOOP" -> c.reply("200 ok");
                        case "SIZE" -> c.reply("213 " + CONTENT.length);
                        case "EPSV" -> c.reply("229 Entering Extended Passive Mode (|||" + data.getLocalPort() + "|)");
                        case "RETR" -> {
                            c.reply("150 here it comes");
                            int noops = 0;
                            try (Socket socket = data.accept(); OutputStream out = socket.getOutputStream()) {
                                c.socket().setSoTimeout(1);
                                for (int i = 0; i < CONTENT.length; i += 4096) {
                                    out.write(CONTENT, i, 4096);
                                    out.flush();
                                    // Meanwhile: what came on the control connection.
                                    long until = System.nanoTime() + 60_000_000L;
                                    while (System.nanoTime() < until) {
                                        try {
                                            String during = c.readCommand();
                                            if (during == null) {
                                                return;
                                            }
                                            received.add(during);
                                            if (during.startsWith("NOOP")) {
                                                noops++;
                                                noopsDuringTransfer.incrementAndGet();
                                                if (answerNoopsAtOnce) {
                                                    c.reply("200 still here");
                                                }
                                            }
                                        } catch (java.net.SocketTimeoutException quiet) {
                                            // Nothing said; keep sending.
                                        }
                                    }
                                }
                            } finally {
                                c.socket().setSoTimeout(0);
                            }
                            if (sendFinalReply) {
                                c.reply("226 done");
                                if (!answerNoopsAtOnce) {
                                    for (int n = 0; n < noops; n++) {
                                        c.reply("200 noop after the transfer");
                                    }
                                }
                            }
                        }
                        case "QUIT" -> {
                            c.reply("221 bye");
                            return;
                        }
                        default -> c.reply("502 no");
                    }
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void noopsGoOutDuringALongTransferAndTheirRepliesAreMatched(boolean answerNoopsAtOnce) throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicInteger noops = new AtomicInteger();
        try (ScriptedServer server = server(answerNoopsAtOnce, true, received, noops)) {
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u")
                    .password("p").controlKeepAlive(Duration.ofMillis(100)).build();
            try (FtpSession session = new FtpSession(settings, "t")) {
                session.connect();
                assertArrayEquals(CONTENT, Transfers.download(session, "/slow.bin", 0));
                assertTrue(noops.get() > 0, "NOOPs were sent during the transfer: " + received);
                // The next command gets its own reply, not a NOOP's late 200.
                assertEquals(CONTENT.length, session.size("/slow.bin").orElseThrow());
                assertTrue(session.isConnected());
            }
        }
    }

    /**
     * vsftpd answers the NOOPs sent during a transfer only after it: when the session is looked at
     * while idle, those late replies go to their NOOPs, not to the next command (which then took a
     * NOOP's 200 for its own and waited for the reply timeout on a connection that was fine).
     */
    @Test
    void lateNoopRepliesReadWhileIdleGoToTheirNoops() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicInteger noops = new AtomicInteger();
        try (ScriptedServer server = server(false, true, received, noops)) {
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u")
                    .password("p").controlKeepAlive(Duration.ofMillis(100)).build();
            CollectingLog log = new CollectingLog();
            try (FtpSession session = new FtpSession(settings, "t")) {
                session.addListener(log);
                session.connect();
                long[] size = new long[1];
                // The transfer's final reply may be read before the NOOPs' replies arrive: the idle
                // looks read them as they come.
                session.retrieve("/slow.bin", 0, CONTENT.length, at -> java.nio.channels.Channels.newChannel(
                        new java.io.ByteArrayOutputStream()), bytes -> size[0] += bytes, new CancelToken());
                assertTrue(noops.get() > 0, "NOOPs were sent during the transfer: " + received);
                dev.ferry.testing.Await.until("the late NOOP replies read while idle", () -> {
                    assertTrue(session.checkIdleConnection(), "a late NOOP reply is no goodbye: " + log.text());
                    return log.lines().stream().filter(l -> l.contains("noop after the transfer")).count() == noops.get();
                });
                assertEquals(CONTENT.length, session.size("/slow.bin").orElseThrow(), "SIZE got its own reply");
                assertTrue(session.isConnected());
            }
        }
    }

    @Test
    void aTransferWhoseEveryByteArrivedSucceedsWhenTheFinalReplyIsLost() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        try (ScriptedServer server = server(true, false, received, new AtomicInteger())) {
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u")
                    .password("p").controlKeepAlive(Duration.ZERO).replyTimeout(Duration.ofSeconds(2)).build();
            CollectingLog log = new CollectingLog();
            try (FtpSession session = new FtpSession(settings, "t")) {
                session.addListener(log);
                session.connect();
                java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
                long moved = session.retrieve("/slow.bin", 0, CONTENT.length,
                        at -> java.nio.channels.Channels.newChannel(sink), TransferListener.NONE, new CancelToken());
                assertEquals(CONTENT.length, moved);
                assertArrayEquals(CONTENT, sink.toByteArray());
                assertTrue(log.has(FtpText.FINAL_REPLY_MISSING_DATA_COMPLETE), log.text());
                assertFalse(session.isConnected(), "the session reconnects for what comes next");
            }
        }
    }
}
