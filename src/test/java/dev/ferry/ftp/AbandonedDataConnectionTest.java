package dev.ferry.ftp;

import dev.ferry.testing.FakeFtpServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A data connection the client gives up on before its end is reset, never closed in order. An
 * orderly close tells an upload's server that the file is complete; for a download, a close
 * followed by the reset the server's next write draws makes that write fail with "broken pipe",
 * which ProFTPD's TLS module takes for a fatal error: it hangs up the whole session.
 */
class AbandonedDataConnectionTest {

    private static final Duration TIMEOUTS = Duration.ofSeconds(20);

    private static ConnectionSettings settings(FakeFtpServer server) {
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p")
                .timeouts(TIMEOUTS).build();
    }

    @Test
    void aRangeThatEndsBeforeTheFileResetsItsDataConnectionAndTheSessionGoesOn() throws Exception {
        byte[] content = new byte[64 * 1024];
        Arrays.fill(content, (byte) 7);
        // The server has sent exactly the range when the client stops: nothing unread is left to
        // make the kernel reset the connection on its own.
        try (FakeFtpServer server = new FakeFtpServer().file("/big", content).pauseDownloadsAfter(4096);
             FtpSession session = new FtpSession(settings(server), "range")) {
            session.connect();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            long got = session.retrieveRange("/big", 0, 4096, at -> Channels.newChannel(received), TransferListener.NONE,
                    new CancelToken());
            assertEquals(4096, got);
            assertArrayEquals(Arrays.copyOf(content, 4096), received.toByteArray());
            assertEquals(List.of("reset"), server.dataEndings(), "how the client ended the range's data connection");
            assertTrue(session.isConnected(), "the session survives the abort; commands: " + server.commands());
            assertEquals(content.length, session.size("/big").orElse(-1));
        }
    }

    @Test
    void anUploadWhoseSourceFailsResetsItsDataConnectionSoTheServerKeepsNoTruncatedFile() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer();
             FtpSession session = new FtpSession(settings(server), "upload")) {
            session.connect();
            UploadSource failingHalfWay = chunks(() -> {
                throw new IOException("Input/output error");
            });
            assertThrows(LocalFileException.class, () -> session.store("/up", failingHalfWay,
                    FtpSession.StoreMode.REPLACE, 0, TransferListener.NONE, new CancelToken()));
            assertEquals(List.of("reset"), server.dataEndings(), "how the client ended the upload's data connection");
            assertNull(server.stored("/up"), "the server took a truncated upload for a complete file");
            assertTrue(session.isConnected(), "the session survives the failed upload; commands: " + server.commands());
        }
    }

    @Test
    void aCancelledUploadResetsItsDataConnectionSoTheServerKeepsNoTruncatedFile() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer();
             FtpSession session = new FtpSession(settings(server), "upload")) {
            session.connect();
            CancelToken token = new CancelToken();
            // The user cancels while the upload is under way: after its first chunk has gone out.
            UploadSource cancelledAfterAChunk = chunks(token::cancel);
            assertThrows(FtpCancelledException.class, () -> session.store("/up", cancelledAfterAChunk,
                    FtpSession.StoreMode.REPLACE, 0, TransferListener.NONE, token));
            assertEquals(List.of("reset"), server.dataEndings(), "how the client ended the cancelled upload's data connection");
            assertNull(server.stored("/up"), "the server took a cancelled upload for a complete file");
        }
    }

    /** What a source does before its second chunk: fail, or stand for the user's cancel. */
    private interface BeforeSecondChunk {
        void run() throws IOException;
    }

    /** An endless upload of 1000-byte chunks, with {@code beforeSecond} run before the second. */
    private static UploadSource chunks(BeforeSecondChunk beforeSecond) {
        return offset -> Channels.newChannel(new InputStream() {
            private int chunks;

            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] into, int from, int length) throws IOException {
                if (chunks++ == 1) {
                    beforeSecond.run();
                }
                int chunk = Math.min(length, 1000);
                Arrays.fill(into, from, from + chunk, (byte) 0);
                return chunk;
            }
        });
    }
}
