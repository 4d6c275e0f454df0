package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.site.SettingsStore;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import dev.ferry.testing.TinyDisk;
import dev.ferry.transfer.QueueListener;
import dev.ferry.transfer.TransferQueue;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.stage.PopupWindow;
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

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch of a few small files is over within a fraction of a second, and the window never said
 * so: it saw the queue idle before and idle after. Here the FX thread is held while the batch
 * runs, so the window sees the queue only once it is idle again, as it does when the batch falls
 * between two of the queue's updates, whatever the machine's speed.
 */
@ExtendWith(ApplicationExtension.class)
class ShortBatchNoticeTest extends GuiTest {

    @TempDir
    static Path directory;
    MinaServer server;
    AppContext app;
    Path local;

    @Start
    void start(Stage stage) throws Exception {
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        for (String name : new String[] {"a.bin", "b.bin", "c.bin", "d.bin", "e.bin"}) {
            Files.write(server.home().resolve(name), new byte[20 * 1024]);
        }
        Path settings = config.resolve("settings-short-" + System.nanoTime() + ".json");
        Files.writeString(settings, """
                {"version": 1, "passive": true, "timeoutSeconds": 30, "concurrentTransfers": 2, "retries": 0,
                 "showHiddenFiles": true, "theme": "light", "language": "en"}
                """);
        app = new AppContext(SettingsStore.open(settings), () -> stage);
        new MainWindow(app, stage, UiState.defaults());
        app.queue().start();
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        server.close();
        forgetSavedQueue();
    }

    private ConnectionSettings server() {
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user(MinaServer.USER)
                .password(MinaServer.PASSWORD).build();
    }

    /** The words of every notification showing, title and text. */
    private static List<String> notices() {
        return javafx.stage.Window.getWindows().stream()
                .filter(w -> w instanceof PopupWindow && w.isShowing() && w.getScene() != null
                        && w.getScene().getRoot().lookup(".notification-bar") != null)
                .map(w -> String.join("|", w.getScene().getRoot().lookupAll(".label").stream()
                        .filter(Labeled.class::isInstance).map(n -> ((Labeled) n).getText())
                        .filter(t -> t != null && !t.isEmpty()).toList()))
                .toList();
    }

    /**
     * Queues the files and waits, the FX thread held, until the queue has finished them and told
     * the window so: the window's first look is then at the idle queue. (Released as soon as the
     * queue is idle, the window could still be given an update taken a moment before.)
     */
    private void runUnseen(String... names) {
        interact(() -> {
            TransferQueue queue = app.queue();
            int finishedBefore = queue.totals().done() + queue.totals().failed();
            java.util.concurrent.CountDownLatch told = new java.util.concurrent.CountDownLatch(1);
            // Added after the window's own listener, so called after it for the same update.
            QueueListener afterTheWindow = update -> {
                if (update.totals().idle() && update.totals().done() + update.totals().failed()
                        == finishedBefore + names.length) {
                    told.countDown();
                }
            };
            queue.addListener(afterTheWindow);
            try {
                TransferQueue.Batch batch = queue.batch();
                for (String name : names) {
                    batch.addDownload(server(), null, "/" + name, local.resolve(name), false, -1, null);
                }
                assertTrue(told.await(2, java.util.concurrent.TimeUnit.MINUTES), "the batch ended: " + queue.snapshot());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                queue.removeListener(afterTheWindow);
            }
        });
    }

    @Test
    void aBatchOverBeforeTheWindowLooksIsAnnouncedWithItsCounts() {
        runUnseen("a.bin", "b.bin", "c.bin");
        waitUntil("the end of the batch announced: " + notices(), () -> notices().stream()
                .anyMatch(n -> n.contains("All transfers finished") && n.contains("3 files transferred")));

        runUnseen("d.bin", "e.bin", "missing.bin");
        waitUntil("the end of the batch with its failure: " + notices(), () -> notices().stream()
                .anyMatch(n -> n.contains("Transfers finished, some failed") && n.contains("2 files transferred, 1 failed")
                        && n.contains("missing.bin: ")));
    }

    /**
     * T6: downloads onto a disk that filled up ended with "…, 1 failed, 18 paused", and nothing said why
     * they were paused or what would start them again. The end says what they wait for, and how they go on.
     */
    @Test
    void aBatchEndedByAFullDiskSaysWhatItsPausedFilesWaitFor() throws Exception {
        for (int i = 0; i < 6; i++) {
            Files.write(server.home().resolve("big" + i + ".bin"), TestFiles.bytes(400 * 1024, 30 + i));
        }
        try (TinyDisk disk = TinyDisk.mount(directory.resolve("tiny-" + System.nanoTime()), "1m")) {
            TransferQueue.Batch batch = app.queue().batch();
            for (int i = 0; i < 6; i++) {
                batch.addDownload(server(), null, "/big" + i + ".bin", disk.folder().resolve("big" + i + ".bin"), false, -1, null);
            }
            waitUntil("the end of the batch, with what its paused files wait for: " + notices(), () -> notices().stream()
                    .anyMatch(n -> n.contains("Transfers finished, some failed") && n.contains("waiting for room")
                            && n.contains("Resume continues them once there is room")));
            app.queue().snapshot().forEach(item -> app.queue().remove(item.id()));
        }
    }
}
