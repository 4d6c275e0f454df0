package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.TlsMode;
import dev.ferry.testing.Await;
import dev.ferry.testing.StallingFtpsServer;
import dev.ferry.testing.TestFiles;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.TransferQueue;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pausing a stalled FTPS upload from the window's thread: the pause returns at once and the
 * window stays responsive, because cancelling only marks the item's token and shuts its data
 * socket down; the TLS close happens on the worker's own thread.
 */
@ExtendWith(ApplicationExtension.class)
class CancelFromTheWindowTest extends GuiTest {

    @TempDir
    Path directory;

    @Start
    void start(Stage stage) {
        stage.show();
    }

    @Test
    void pausingAStalledFtpsUploadFromTheFxThreadNeitherBlocksTheWindowNorWaitsForTheWatchdog() throws Exception {
        try (StallingFtpsServer server = new StallingFtpsServer(directory.resolve("server"))) {
            Path local = TestFiles.random(directory.resolve("big.bin"), 64L << 20, 21);
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user("u").password("p").tlsMode(TlsMode.EXPLICIT)
                    .certificateTrust(CertificateTrust.nonInteractive(KnownHosts.inMemory(), Set.of(server.fingerprint())))
                    // The data watchdog is far away: only the pause can end the stalled write in time.
                    .timeouts(Duration.ofMinutes(5)).build();
            QueueSettings queueSettings = QueueSettings.DEFAULT.withConnections(1)
                    .withConflictDefault(ConflictAction.OVERWRITE);
            try (TransferQueue queue = new TransferQueue(queueSettings, null, null)) {
                long id = queue.addUpload(settings, null, local, "/stall.bin", false).id();
                queue.start();
                Await.until("the server to hold the upload's data connection", () -> server.stalledUploads() == 1);
                Await.until("the upload to stall (no progress for a while)", () -> stalled(queue, id),
                        Duration.ofSeconds(60), () -> item(queue, id).toString());
                long sent = item(queue, id).bytesDone();
                assertTrue(sent > 0 && sent < 64L << 20, "stalled in the middle: " + sent);

                AtomicLong pauseNanos = new AtomicLong();
                CountDownLatch paused = new CountDownLatch(1);
                Platform.runLater(() -> {
                    long start = System.nanoTime();
                    queue.pause(id);
                    pauseNanos.set(System.nanoTime() - start);
                    paused.countDown();
                });
                assertTrue(paused.await(60, TimeUnit.SECONDS), "the FX thread ran the pause");
                CountDownLatch responsive = new CountDownLatch(1);
                long posted = System.nanoTime();
                Platform.runLater(responsive::countDown);
                assertTrue(responsive.await(60, TimeUnit.SECONDS), "the FX thread runs the next event");
                long nextEventMillis = (System.nanoTime() - posted) / 1_000_000;
                // Bounds far from the watchdog's five minutes, where the FX thread hung in the TLS close
                // before, and far from what a busy machine's scheduling costs a thread that did not wait.
                assertTrue(pauseNanos.get() < TimeUnit.SECONDS.toNanos(15),
                        "pause() returned on the FX thread after " + pauseNanos.get() / 1_000_000 + " ms");
                assertTrue(nextEventMillis < 15_000, "the window answered after " + nextEventMillis + " ms");

                Await.until("the item to be paused", () -> item(queue, id).state() == ItemState.PAUSED,
                        Duration.ofSeconds(60), () -> item(queue, id).toString());
                assertTrue(item(queue, id).bytesDone() >= sent, "its bytes are kept for the resume");
            }
        }
    }

    private static ItemSnapshot item(TransferQueue queue, long id) {
        return queue.snapshot().stream().filter(s -> s.id() == id).findFirst().orElseThrow();
    }

    private static final AtomicLong lastBytes = new AtomicLong(-1);
    private static volatile long unchangedSince;

    /**
     * True once the byte count, past the first bytes, stayed the same for half a second of polling. A
     * count still at 0 is no stall: on a busy machine the client's side of the data connection's
     * handshake and its first writes can take longer than that after the server took the connection.
     */
    private static boolean stalled(TransferQueue queue, long id) {
        long bytes = item(queue, id).bytesDone();
        long now = System.nanoTime();
        if (lastBytes.getAndSet(bytes) != bytes || bytes == 0) {
            unchangedSince = now;
            return false;
        }
        return now - unchangedSince > TimeUnit.MILLISECONDS.toNanos(500);
    }
}
