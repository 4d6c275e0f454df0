package dev.ferry.ftp;

import dev.ferry.testing.Await;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.ScriptedServer;
import dev.ferry.testing.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cancel is never lost: not between two operations of one piece of work, not while connecting. */
class CancelTokenTest {

    @TempDir
    static Path directory;
    static MinaServer server;

    @BeforeAll
    static void start() throws Exception {
        server = MinaServer.builder(directory).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aCancelBetweenSizeAndRetrieveStopsTheRetrieveBeforeItStarts() throws Exception {
        TestFiles.random(server.home().resolve("between.bin"), 4L << 20, 9);
        ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                .user(MinaServer.USER).password(MinaServer.PASSWORD).build();
        try (FtpSession session = new FtpSession(settings, "t")) {
            session.connect();
            CancelToken work = new CancelToken();
            assertEquals(4L << 20, session.size("/between.bin", work).orElseThrow());
            work.cancel();
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            AtomicInteger opened = new AtomicInteger();
            assertThrows(FtpCancelledException.class, () -> session.retrieve("/between.bin", 0, -1, at -> {
                opened.incrementAndGet();
                return Channels.newChannel(sink);
            }, TransferListener.NONE, work));
            assertEquals(0, sink.size(), "not a byte moved after the cancel");
            assertEquals(0, opened.get(), "the download did not even open its file");
            assertTrue(session.isConnected(), "the session is still usable");
            assertEquals(4L << 20, session.size("/between.bin").orElseThrow());
        }
    }

    @Test
    void connectingToAServerThatNeverGreetsCanBeCancelled() throws Exception {
        try (ScriptedServer silent = new ScriptedServer(c -> c.readForever())) {
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(silent.port())
                    .user("u").password("p").timeouts(Duration.ofMinutes(5)).build();
            FtpSession session = new FtpSession(settings, "t");
            CancelToken token = new CancelToken();
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    session.connect(token);
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            Await.until("the server to have the connection", () -> !silent.conversations().isEmpty());
            token.cancel();
            // The reply timeout is five minutes: only the cancel can end this in time.
            Throwable thrown = outcome.get(60, TimeUnit.SECONDS);
            assertInstanceOf(FtpCancelledException.class, thrown);
            assertEquals(FtpSession.State.DISCONNECTED, session.state());
        }
    }

    @Test
    void aTokenCancelledBeforeConnectingStopsTheConnectAtOnce() {
        ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                .user(MinaServer.USER).password(MinaServer.PASSWORD).build();
        FtpSession session = new FtpSession(settings, "t");
        CancelToken token = new CancelToken();
        token.cancel();
        assertThrows(FtpCancelledException.class, () -> session.connect(token));
        assertEquals(FtpSession.State.DISCONNECTED, session.state());
    }
}
