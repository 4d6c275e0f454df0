package dev.ferry.tls;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.FtpTlsException;
import dev.ferry.ftp.TlsMode;
import dev.ferry.testing.Await;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.English;
import dev.ferry.testing.ScriptedServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS set-up that goes wrong: the client must end with words, never hang, never leak the password. */
class TlsFailureTest {

    private static final String PASSWORD = "top-secret-pw";

    private static ConnectionSettings.Builder settings(ScriptedServer server, TlsMode mode) {
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user("bob").password(PASSWORD).tlsMode(mode);
    }

    @Test
    void aServerThatAcceptsAuthTlsAndThenStallsFailsWithinTheHandshakeTimeout() throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.reply("220 hello");
            c.readCommand();
            c.reply("234 Proceed with negotiation.");
            c.readForever();
        })) {
            FtpSession session = new FtpSession(settings(server, TlsMode.EXPLICIT)
                    .tlsHandshakeTimeout(Duration.ofSeconds(2)).build(), "t");
            long start = System.nanoTime();
            FtpTlsException e = assertThrows(FtpTlsException.class, session::connect);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds >= 1.5 && seconds < 10, "ended at the handshake timeout, after " + seconds + " s");
            assertEquals(FtpText.TLS_AUTH_STALLED, e.reason(), English.of(e));
            assertTrue(English.of(e).startsWith("The server accepted AUTH TLS but never completed the TLS handshake"),
                    English.of(e));
            assertFalse(server.received().contains("PASS"));
        }
    }

    @Test
    void aTlsRequiredSiteNeverSendsCredentialsInPlainWhenTheServerRefusesTls() throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.reply("220 plain only");
            for (String command; (command = c.readCommand()) != null; ) {
                c.reply(command.startsWith("USER") ? "331 password please" : "502 Command not implemented");
            }
        })) {
            FtpSession session = new FtpSession(settings(server, TlsMode.EXPLICIT).build(), "t");
            FtpTlsException e = assertThrows(FtpTlsException.class, session::connect);
            assertEquals(FtpText.TLS_NOT_OFFERED, e.reason(), English.of(e));
            assertTrue(English.of(e).contains("does not offer TLS"), English.of(e));
            // The refusal is final once the client has hung up; only then is the wire complete.
            Await.until("the client to close the connection", server::clientClosed);
            String wire = server.received();
            assertTrue(wire.contains("AUTH TLS") && wire.contains("AUTH SSL"), wire);
            assertFalse(wire.contains("USER"), "no user name in plain: " + wire);
            assertFalse(wire.contains("PASS") || wire.contains(PASSWORD), "no password in plain: " + wire);
        }
    }

    /**
     * "TLS if available" is what quick connect starts with, so it is no consent to send a password in
     * clear: a server without TLS is refused before USER, with words that say so, and the caller
     * (the window's question, the command line's --tls auto) decides.
     */
    @Test
    void explicitIfAvailableSendsNothingInPlainUnlessTheCallerAllowedIt() throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.reply("220 plain only");
            for (String command; (command = c.readCommand()) != null; ) {
                c.reply(command.startsWith("USER") ? "331 password please" : "500 AUTH not understood");
            }
        })) {
            FtpSession session = new FtpSession(settings(server, TlsMode.EXPLICIT_IF_AVAILABLE).build(), "t");
            FtpTlsException e = assertThrows(FtpTlsException.class, session::connect);
            assertEquals(FtpText.TLS_NOT_OFFERED_IF_AVAILABLE, e.reason(), English.of(e));
            assertTrue(English.of(e).contains("does not offer TLS") && English.of(e).contains("were not sent"),
                    English.of(e));
            Await.until("the client to close the connection", server::clientClosed);
            String wire = server.received();
            assertFalse(wire.contains("USER"), "no user name in plain: " + wire);
            assertFalse(wire.contains("PASS") || wire.contains(PASSWORD), "no password in plain: " + wire);
        }
    }

    @Test
    void explicitIfAvailableFallsBackToPlainLoudly() throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.reply("220 plain only");
            for (String command; (command = c.readCommand()) != null; ) {
                if (command.startsWith("AUTH")) {
                    c.reply("500 AUTH not understood");
                } else if (command.startsWith("USER")) {
                    c.reply("331 password please");
                } else if (command.startsWith("PASS")) {
                    c.reply("230 welcome");
                } else if (command.startsWith("PWD")) {
                    c.reply("257 \"/\"");
                } else {
                    c.reply("502 no");
                }
            }
        })) {
            CollectingLog log = new CollectingLog();
            try (FtpSession session = new FtpSession(settings(server, TlsMode.EXPLICIT_IF_AVAILABLE)
                    .plainWhenTlsNotOffered(true).build(), "t")) {
                session.addListener(log);
                session.connect();
                assertTrue(session.security().fellBackToPlain());
                assertFalse(session.security().controlEncrypted());
            }
            assertTrue(log.contains("WITHOUT ENCRYPTION"), log.text());
        }
    }

    @Test
    void implicitTlsAgainstAPlainServerEndsWithWords() throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.reply("220 plain server, no TLS here");
            c.readForever();
        })) {
            FtpSession session = new FtpSession(settings(server, TlsMode.IMPLICIT)
                    .tlsHandshakeTimeout(Duration.ofSeconds(3)).build(), "t");
            FtpTlsException e = assertThrows(FtpTlsException.class, session::connect);
            // Recognised by its greeting, not waited for until the handshake's timeout.
            assertEquals(FtpText.TLS_IMPLICIT_PLAIN_ANSWER, e.reason(), English.of(e));
            assertTrue(English.of(e).contains("220 plain server, no TLS here"), English.of(e));
            assertEquals(FtpSession.State.DISCONNECTED, session.state());
        }
    }

    @Test
    void implicitTlsAgainstASilentServerEndsWithWords() throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> c.readForever())) {
            FtpSession session = new FtpSession(settings(server, TlsMode.IMPLICIT)
                    .tlsHandshakeTimeout(Duration.ofSeconds(3)).build(), "t");
            FtpTlsException e = assertThrows(FtpTlsException.class, session::connect);
            assertEquals(FtpText.TLS_IMPLICIT_STALLED, e.reason(), English.of(e));
            assertEquals(FtpSession.State.DISCONNECTED, session.state());
        }
    }
}
