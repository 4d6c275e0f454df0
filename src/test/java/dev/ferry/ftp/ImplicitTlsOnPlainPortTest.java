package dev.ferry.ftp;

import dev.ferry.message.Messages;
import dev.ferry.testing.FakeFtpServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Implicit TLS to a port that speaks plain FTP: the greeting "220 …" read as a TLS record header
 * announced a record of 8,304 bytes, and the handshake waited for them until its timeout (30 s),
 * then said only that it had timed out.
 */
class ImplicitTlsOnPlainPortTest {

    @Test
    void aPlainGreetingIsRecognisedAtOnceAndNamed() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer().greeting("220 plain old server ready")) {
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u")
                    .password("p").tlsMode(TlsMode.IMPLICIT).timeouts(Duration.ofMinutes(10)).build();
            FtpSession session = new FtpSession(settings, "implicit-on-plain");
            CompletableFuture<Void> connecting = CompletableFuture.runAsync(() -> {
                try {
                    session.connect();
                } catch (FtpException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            try {
                // Every timeout is ten minutes: only recognising the plain greeting ends it within the deadline.
                ExecutionException failed = assertThrows(ExecutionException.class,
                        () -> connecting.get(60, TimeUnit.SECONDS), "the connection to fail on the plain greeting");
                assertTrue(failed.getCause() instanceof FtpTlsException, String.valueOf(failed.getCause()));
                String words = Messages.describe(failed.getCause(), Locale.ENGLISH);
                assertTrue(words.contains("220 plain old server ready") && words.contains("ftpes://"), words);
            } finally {
                session.close();
            }
        }
    }
}
