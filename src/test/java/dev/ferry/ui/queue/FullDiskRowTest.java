package dev.ferry.ui.queue;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.Interop;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.TransferQueue;
import dev.ferry.ui.GuiTest;
import dev.ferry.ui.I18n;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A download waiting for a full disk is paused by the queue (DiskFullTest): its row says why, or the user
 * sees "Paused" they never asked for and does not know to resume it once there is room.
 */
@ExtendWith(ApplicationExtension.class)
class FullDiskRowTest extends GuiTest {

    @TempDir
    Path directory;
    private Path tiny;
    private TransferQueue queue;

    @Start
    void start(Stage stage) {
        I18n.use("en");
        queue = new TransferQueue(QueueSettings.DEFAULT.withConnections(1).withConflictDefault(ConflictAction.OVERWRITE),
                null, null);
        stage.setScene(new Scene(new QueuePane(queue), 1400, 300));
        stage.show();
    }

    @AfterEach
    void close() throws Exception {
        queue.close();
        if (tiny != null) {
            run("umount", "-l", tiny.toString());
        }
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    private List<String> statuses() {
        return lookup("#queue-queued .queue-status").queryAllAs(TableCell.class).stream()
                .filter(cell -> !cell.isEmpty() && cell.getText() != null).map(TableCell::getText).toList();
    }

    @Test
    void aDownloadPausedForAFullDiskSaysWhy() throws Exception {
        if (!Interop.isRoot()) {
            Interop.unavailable("a full disk is simulated with a 1 MiB tmpfs, which only root can mount");
        }
        Path mountPoint = Files.createDirectories(directory.resolve("tiny"));
        int exit = run("mount", "-t", "tmpfs", "-o", "size=1m", "ferry-disk-full", mountPoint.toString());
        if (exit != 0) {
            Interop.unavailable("mount -t tmpfs failed (exit " + exit + "): no way to simulate a full disk here");
        }
        tiny = mountPoint;
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            TestFiles.random(server.home().resolve("big.bin"), 3L << 20, 1);
            TestFiles.random(server.home().resolve("next.bin"), 10_000, 2);
            ConnectionSettings connection = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(MinaServer.USER).password(MinaServer.PASSWORD).build();
            queue.addDownload(connection, null, "/big.bin", tiny.resolve("big.bin"), false, -1, null);
            queue.addDownload(connection, null, "/next.bin", tiny.resolve("next.bin"), false, -1, null);
            queue.start();
            assertTrue(queue.awaitIdle(Duration.ofMinutes(1)), queue.snapshot()::toString);
            String expected = I18n.t("state.PAUSED") + ": the disk holding " + tiny + " is full; resume once there is room";
            waitUntil("the paused row saying why: " + expected, () -> statuses().contains(expected));
        }
    }
}
