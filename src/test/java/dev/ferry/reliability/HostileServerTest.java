package dev.ferry.reliability;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpProtocolException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.FtpTimeoutException;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.English;
import dev.ferry.testing.FakeFtpServer;
import dev.ferry.testing.ScriptedServer.Conversation;
import dev.ferry.testing.ScriptedServer;
import dev.ferry.testing.SecretsAudit;
import dev.ferry.testing.Transfers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cases 6, 7 and 9: servers that stall at every step, answer garbage, or point the data
 * connection somewhere else. Each must end in an exception with words, within its timeout,
 * without exhausting memory, without a password in the message or the log.
 */
class HostileServerTest {

    static final String PASSWORD = "hostile-test-pw-Q7";
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    final SecretsAudit audit = new SecretsAudit(PASSWORD);

    @AfterEach
    void noPasswordInMessagesOrLogs() throws IOException {
        audit.verify();
    }

    /** What the server does with one command; false lets the ordinary answers below handle it. */
    @FunctionalInterface
    interface Special {
        boolean handle(Conversation c, String command) throws Exception;
    }

    /** A well-behaved server except where {@code special} says otherwise. */
    static ScriptedServer.Script ftp(String greeting, Special special) {
        return c -> {
            if (greeting != null) {
                c.send(greeting);
            }
            for (String command; (command = c.readCommand()) != null; ) {
                if (special.handle(c, command)) {
                    continue;
                }
                switch (command.split(" ")[0].toUpperCase()) {
                    case "USER" -> c.reply("331 password please");
                    case "PASS" -> c.reply("230 logged in");
                    case "FEAT" -> c.reply("211 no features");
                    case "PWD" -> c.reply("257 \"/\" is current");
                    case "TYPE", "OPTS", "NOOP", "PORT", "EPRT" -> c.reply("200 ok");
                    case "SIZE" -> c.reply("213 1000000");
                    case "QUIT" -> {
                        c.reply("221 bye");
                        return;
                    }
                    default -> c.reply("502 not implemented");
                }
            }
        };
    }

    static ScriptedServer.Script ftp(Special special) {
        return ftp("220 ready\r\n", special);
    }

    static ConnectionSettings.Builder settings(ScriptedServer server) {
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user("bob").password(PASSWORD)
                .timeouts(TIMEOUT);
    }

    /**
     * Runs {@code action} on a fresh session and checks it failed the way expected: this exception
     * type, with this reason, within the time, in words.
     */
    private <T extends FtpException> T fails(ConnectionSettings settings, SessionAction action, Duration within,
                                             Class<T> type, FtpText reason) {
        CollectingLog log = new CollectingLog();
        audit.log("dialogue", log);
        FtpSession session = new FtpSession(settings, "hostile");
        session.addListener(log);
        long start = System.nanoTime();
        FtpException thrown = assertTimeoutPreemptively(within.plusSeconds(5), (ThrowingSupplier<FtpException>) () ->
                assertThrows(FtpException.class, () -> {
                    try {
                        session.connect();
                        action.run(session);
                    } finally {
                        session.close();
                    }
                }));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(within) < 0, "ended after " + took.toMillis() + " ms, not within " + within);
        audit.exception("exception", thrown);
        String words = English.of(thrown);
        System.out.println(thrown.getClass().getSimpleName() + " after " + took.toMillis() + " ms: " + words);
        assertInstanceOf(type, thrown, () -> thrown + "\n" + log.text());
        assertEquals(reason, thrown.reason(), () -> words + "\n" + log.text());
        assertTrue(words.length() > 20 && words.length() < 600, "an error in words: " + words);
        return type.cast(thrown);
    }

    @FunctionalInterface
    interface SessionAction {
        void run(FtpSession session) throws Exception;
    }

    static final SessionAction LOGIN_ONLY = session -> { };
    static final SessionAction LIST = session -> session.list("/");
    static final SessionAction DOWNLOAD = session -> Transfers.download(session, "/file.bin", 0);

    /** A passive data port whose listener never accepts: the connection is queued by the kernel and then nothing. */
    static ServerSocket silentListener() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    // ------------------------------------------------------------------ case 6: stalls

    @Test
    void aServerThatNeverGreetsEndsAtTheReplyTimeout() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ftp(null, (c, command) -> false))) {
            fails(settings(server).build(), LOGIN_ONLY, Duration.ofSeconds(4), FtpTimeoutException.class,
                    FtpText.REPLY_TIMED_OUT);
        }
    }

    @Test
    void aServerThatNeverAnswersACommandEndsAtTheReplyTimeout() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ftp((c, command) -> command.startsWith("PASS")))) {
            FtpException e = fails(settings(server).build(), LOGIN_ONLY, Duration.ofSeconds(4),
                    FtpTimeoutException.class, FtpText.REPLY_TIMED_OUT);
            assertTrue(English.of(e).contains("PASS"), English.of(e));
        }
    }

    @Test
    void aPassiveDataConnectionThatIsNeverServedEndsAtTheDataTimeout() throws Exception {
        try (ServerSocket silent = silentListener();
             ScriptedServer server = new ScriptedServer(ftp((c, command) -> {
                 if (command.startsWith("EPSV")) {
                     c.reply("229 Entering Extended Passive Mode (|||" + silent.getLocalPort() + "|)");
                     return true;
                 }
                 if (command.startsWith("LIST") || command.startsWith("MLSD")) {
                     c.reply("150 here it comes (it does not)");
                     return true;
                 }
                 return false;
             }))) {
            fails(settings(server).build(), LIST, Duration.ofSeconds(5), FtpTimeoutException.class, FtpText.DATA_STALLED);
        }
    }

    @Test
    void anActiveDataConnectionTheServerNeverOpensEndsAtTheDataTimeout() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ftp((c, command) -> {
            if (command.startsWith("LIST") || command.startsWith("MLSD")) {
                c.reply("150 connecting to you (not really)");
                return true;
            }
            return false;
        }))) {
            fails(settings(server).dataConnectionMode(DataConnectionMode.ACTIVE).build(), LIST, Duration.ofSeconds(8),
                    FtpTimeoutException.class, FtpText.DATA_NO_CONNECT_BACK);
        }
    }

    @Test
    void aDataConnectionThatStallsMidTransferEndsAtTheDataTimeout() throws Exception {
        // Held here: a socket left only in the script's local variable is closed by the garbage
        // collector's cleaner once the script returns, and the client reads that as the end of the data.
        List<Socket> stalled = new CopyOnWriteArrayList<>();
        try (ServerSocket data = silentListener();
             ScriptedServer server = new ScriptedServer(ftp((c, command) -> {
                 if (command.startsWith("EPSV")) {
                     c.reply("229 Entering Extended Passive Mode (|||" + data.getLocalPort() + "|)");
                     return true;
                 }
                 if (command.startsWith("RETR")) {
                     c.reply("150 sending");
                     Socket socket = data.accept();
                     stalled.add(socket);
                     socket.getOutputStream().write(new byte[100_000]);
                     socket.getOutputStream().flush();
                     // ... and then nothing, the connection left open.
                     return true;
                 }
                 return false;
             }))) {
            fails(settings(server).build(), DOWNLOAD, Duration.ofSeconds(5), FtpTimeoutException.class,
                    FtpText.DATA_STALLED);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    // ------------------------------------------------------------------ case 7: malformed replies

    private void garbageGreeting(byte[] greeting) throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.sendBytes(greeting);
            c.readForever();
        })) {
            fails(settings(server).build(), LOGIN_ONLY, Duration.ofSeconds(4), FtpProtocolException.class,
                    FtpText.MALFORMED_REPLY);
        }
    }

    @Test
    void aReplyWithoutACodeIsAProtocolError() throws Exception {
        garbageGreeting("hello, this is not FTP\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void impossibleReplyCodesAreProtocolErrors() throws Exception {
        for (String greeting : new String[]{"999 nine nine nine\r\n", "2x0 letters\r\n", "020 zero first\r\n",
                "22 two digits\r\n", "-220 dash\r\n"}) {
            garbageGreeting(greeting.getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void anEndlessMultiLineReplyIsCutShort() throws Exception {
        AtomicInteger sent = new AtomicInteger();
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.reply("220-welcome");
            while (true) {
                c.reply("220-and another line " + sent.incrementAndGet());
            }
        })) {
            // Bounded by line count, not time: what matters is that it ends.
            fails(settings(server).build(), LOGIN_ONLY, Duration.ofSeconds(30), FtpProtocolException.class,
                    FtpText.REPLY_TOO_LONG);
        }
    }

    @Test
    void anEndlessLineWithoutLineBreakIsRefusedWithoutReadingItAll() throws Exception {
        AtomicInteger megabytes = new AtomicInteger();
        try (ScriptedServer server = new ScriptedServer(c -> {
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'A');
            c.send("220 ");
            while (megabytes.get() < 1024) {
                c.sendBytes(chunk);
                megabytes.incrementAndGet();
            }
        })) {
            fails(settings(server).build(), LOGIN_ONLY, Duration.ofSeconds(30), FtpProtocolException.class,
                    FtpText.REPLY_LINE_TOO_LONG);
            assertTrue(megabytes.get() < 64, "stopped reading early, not after " + megabytes.get() + " MiB");
        }
    }

    @Test
    void invalidUtf8AndNulBytesInRepliesAreShownNotFatal() throws Exception {
        byte[] greeting = "220 caf\u00e9 \0 \u00ff\u00fe server\r\n".getBytes(StandardCharsets.ISO_8859_1);
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.sendBytes(greeting);
            ftp(null, (x, command) -> false).play(c);
        })) {
            CollectingLog log = new CollectingLog();
            audit.log("dialogue", log);
            FtpSession session = new FtpSession(settings(server).build(), "t");
            session.addListener(log);
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> session.connect());
            session.close();
            String shown = log.entries().stream().map(CollectingLog::words).filter(t -> t.startsWith("220"))
                    .findFirst().orElseThrow();
            assertTrue(shown.startsWith("220 caf") && shown.endsWith("server"), shown);
            assertFalse(shown.chars().anyMatch(ch -> ch < 0x20), "control characters are not shown raw: " + shown);
        }
    }

    @Test
    void aPassiveReplyWithOutOfRangeNumbersIsRefusedWithoutConnecting() throws Exception {
        Map<String, FtpText> replies = Map.of(
                "227 Entering Passive Mode (127,0,0,1,300,1)", FtpText.PASV_NUMBER_OUT_OF_RANGE,
                "227 Entering Passive Mode (127,0,0,1,-1,7)", FtpText.PASV_NO_ADDRESS,
                "227 Entering Passive Mode (999,0,0,1,4,1)", FtpText.PASV_NUMBER_OUT_OF_RANGE,
                "227 Entering Passive Mode (1,2,3)", FtpText.PASV_NO_ADDRESS,
                "227 Entering Passive Mode", FtpText.PASV_NO_ADDRESS);
        for (String reply : replies.keySet()) {
            try (ScriptedServer server = new ScriptedServer(passiveOnly(reply))) {
                fails(settings(server).build(), LIST, Duration.ofSeconds(4), FtpProtocolException.class,
                        replies.get(reply));
            }
        }
    }

    /** A server without EPSV whose every PASV is answered with {@code reply}. */
    private static ScriptedServer.Script passiveOnly(String reply) {
        return ftp((c, command) -> {
            if (command.startsWith("EPSV")) {
                c.reply("500 no EPSV here");
                return true;
            }
            if (command.startsWith("PASV")) {
                c.reply(reply);
                return true;
            }
            return false;
        });
    }

    /** A listing that fails where PASV is answered with {@code reply}; what the session said. */
    private static CollectingLog listingWhereThePassiveReplyIs(String reply) throws Exception {
        try (ScriptedServer server = new ScriptedServer(passiveOnly(reply))) {
            CollectingLog log = new CollectingLog();
            FtpSession session = new FtpSession(settings(server).build(), "hostile");
            session.addListener(log);
            try (session) {
                session.connect();
                assertThrows(FtpException.class, () -> session.list("/"));
            }
            return log;
        }
    }

    // ------------------------------------------------------------------ case 9: PASV elsewhere

    /**
     * Found trying servers behind NAT: a server whose data connections go to another address than
     * its control connection failed with "a firewall may block it", never naming the address it
     * gave nor the setting that uses it.
     */
    @Test
    void aPassiveAddressIgnoredWhereTheControlAddressTakesNoDataConnectionIsNamedWithTheWayToUseIt() throws Exception {
        int closedPort;
        try (ServerSocket nothingListens = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = nothingListens.getLocalPort();
        }
        CollectingLog log = listingWhereThePassiveReplyIs(
                "227 Entering Passive Mode (127,0,0,2," + closedPort / 256 + "," + closedPort % 256 + ")");
        assertTrue(log.has(FtpText.PASV_ADDRESS_IGNORED_UNREACHED), "the way to the announced address said:\n" + log.text());
        assertTrue(log.contains("127.0.0.2"), log.text());
        // 0.0.0.0 is no way anywhere, trusted or not (R7): no advice to trust it.
        CollectingLog nowhere = listingWhereThePassiveReplyIs(
                "227 Entering Passive Mode (0,0,0,0," + closedPort / 256 + "," + closedPort % 256 + ")");
        assertTrue(nowhere.has(FtpText.PASV_ADDRESS_REPLACED), nowhere.text());
        assertFalse(nowhere.has(FtpText.PASV_ADDRESS_IGNORED_UNREACHED), "advice to use 0.0.0.0:\n" + nowhere.text());
    }

    @Test
    void aPassiveAddressPointingElsewhereIsIgnoredAndNothingConnectsThere() throws Exception {
        InetAddress elsewhere = InetAddress.getByName("127.0.0.2");
        byte[] content = "the real content".getBytes(StandardCharsets.UTF_8);
        try (FakeFtpServer server = new FakeFtpServer().pasvAddress("127.0.0.2").file("/file.txt", content)) {
            // A trap on 127.0.0.2 at every port the server announces: it counts whoever comes.
            AtomicInteger trapped = new AtomicInteger();
            server.onPassivePort(port -> {
                try {
                    ServerSocket trap = new ServerSocket(port, 5, elsewhere);
                    Thread.ofPlatform().daemon().start(() -> {
                        try (trap) {
                            trap.accept().close();
                            trapped.incrementAndGet();
                        } catch (IOException e) {
                            // Closed unused at the end.
                        }
                    });
                    return trap;
                } catch (IOException e) {
                    throw new IllegalStateException("cannot set the trap on 127.0.0.2:" + port, e);
                }
            });
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port()).user("bob")
                    .password(PASSWORD).timeouts(Duration.ofSeconds(5)).build();
            CollectingLog log = new CollectingLog();
            audit.log("dialogue", log);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try (FtpSession session = new FtpSession(settings, "t")) {
                session.addListener(log);
                session.connect();
                Transfers.retrieve(session, "/file.txt", 0, Channels.newChannel(received), null);
            }
            assertArrayEquals(content, received.toByteArray());
            assertTrue(server.commands().stream().anyMatch(c -> c.startsWith("PASV")), server.commands().toString());
            assertEquals(0, trapped.get(), "no connection went to the announced 127.0.0.2");
            assertEquals(1, server.dataConnectionsOpened());
            assertTrue(log.text().contains("127.0.0.2"), "the log says the announced address was ignored:\n" + log.text());
        }
    }
}
