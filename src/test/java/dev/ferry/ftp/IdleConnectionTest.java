package dev.ferry.ftp;

import dev.ferry.testing.Await;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.ScriptedServer;
import dev.ferry.tls.CertificateInfo;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An idle session notices, without sending a command, that the server said goodbye or hung up;
 * looking costs a quiet connection nothing (no byte is taken from the next reply, plain or TLS).
 */
class IdleConnectionTest {

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "TLSv1.2", "TLSv1.3"})
    void lookingAtAQuietConnectionLeavesItWorking(String security) throws Exception {
        boolean tls = !security.equals("plain");
        MinaServer.Builder builder = MinaServer.builder(directory);
        if (tls) {
            builder.tls(MinaServer.Tls.EXPLICIT).tlsProtocols(security);
        }
        try (MinaServer server = builder.start()) {
            Files.writeString(server.home().resolve("a.txt"), "a");
            ConnectionSettings.Builder settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(MinaServer.USER).password(MinaServer.PASSWORD);
            if (tls) {
                String fingerprint = CertificateInfo.fingerprint(server.certificate().certificate());
                settings.tlsMode(TlsMode.EXPLICIT)
                        .certificateTrust(CertificateTrust.nonInteractive(KnownHosts.inMemory(), Set.of(fingerprint)));
            }
            try (FtpSession session = new FtpSession(settings.build(), "idle")) {
                session.connect();
                for (int i = 0; i < 20; i++) {
                    assertTrue(session.checkIdleConnection(), "look " + i + " at a quiet connection");
                    if (i % 5 == 0) {
                        assertEquals("/", session.pwd());
                    }
                }
                assertTrue(session.isConnected());
                assertEquals(1, session.list("/").entries().stream().filter(e -> e.name().equals("a.txt")).count());
                assertTrue(session.checkIdleConnection());
            }
        }
    }

    @Test
    void aGoodbyeWhileIdleDisconnects() throws Exception {
        CountDownLatch hangUp = new CountDownLatch(1);
        try (ScriptedServer server = loginThen(hangUp, "421 Timeout.")) {
            CollectingLog log = new CollectingLog();
            try (FtpSession session = new FtpSession(settings(server), "idle")) {
                session.addListener(log);
                session.connect();
                assertTrue(session.checkIdleConnection(), "quiet before the server's timeout");
                hangUp.countDown();
                Await.until("the idle session to notice the server's goodbye", () -> !session.checkIdleConnection());
                assertFalse(session.isConnected());
                assertTrue(log.contains("421 Timeout."), log.text());
                assertTrue(log.contains("closed the connection while it was idle"), log.text());
            }
        }
    }

    @Test
    void aHangUpWithoutAWordWhileIdleDisconnects() throws Exception {
        CountDownLatch hangUp = new CountDownLatch(1);
        try (ScriptedServer server = loginThen(hangUp, null)) {
            try (FtpSession session = new FtpSession(settings(server), "idle")) {
                session.connect();
                assertTrue(session.checkIdleConnection());
                hangUp.countDown();
                Await.until("the idle session to notice the hang-up", () -> !session.checkIdleConnection());
                assertFalse(session.isConnected());
            }
        }
    }

    /** A reply nobody asked for other than 421 is logged and the connection kept, a 500 as much as a 200. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"200 Still here.", "500 Still here."})
    void anUnaskedReplyOtherThanAGoodbyeKeepsTheConnection(String unasked) throws Exception {
        CountDownLatch speak = new CountDownLatch(1);
        ScriptedServer server = new ScriptedServer(c -> {
            login(c);
            speak.await(5, TimeUnit.MINUTES);
            c.reply(unasked);
            for (String command; (command = c.readCommand()) != null; ) {
                c.reply(command.startsWith("PWD") ? "257 \"/\"" : "200 ok");
            }
        });
        try (server) {
            CollectingLog log = new CollectingLog();
            try (FtpSession session = new FtpSession(settings(server), "idle")) {
                session.addListener(log);
                session.connect();
                speak.countDown();
                Await.until("the unasked reply in the log", () -> {
                    assertTrue(session.checkIdleConnection());
                    return log.contains("Still here.");
                });
                assertEquals("/", session.pwd(), "the next reply is the PWD's own");
            }
        }
    }

    private static ConnectionSettings settings(ScriptedServer server) {
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p").build();
    }

    /** Logs in, then waits for the test's signal and ends: with {@code goodbye} said first, or silently. */
    private static ScriptedServer loginThen(CountDownLatch hangUp, String goodbye) throws Exception {
        return new ScriptedServer(c -> {
            login(c);
            hangUp.await(5, TimeUnit.MINUTES);
            if (goodbye != null) {
                c.reply(goodbye);
            }
            c.socket().close();
        });
    }

    private static void login(ScriptedServer.Conversation c) throws Exception {
        c.reply("220 ready");
        for (String command; (command = c.readCommand()) != null; ) {
            String verb = command.split(" ")[0];
            switch (verb) {
                case "USER" -> c.reply("331 password");
                case "PASS" -> c.reply("230 in");
                case "FEAT" -> c.reply("211 no features");
                case "PWD" -> {
                    c.reply("257 \"/\"");
                    return;
                }
                default -> c.reply("200 ok");
            }
        }
    }
}
