package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.site.SettingsStore;
import dev.ferry.store.ConfigDirectory;
import dev.ferry.testing.Interop;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.QueueStore;
import dev.ferry.transfer.TransferQueue;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Process queue" switched off stays off at the next start: a user who paused the queue and quit
 * saw its transfers run again when the window came back.
 */
@ExtendWith(ApplicationExtension.class)
class PausedQueueRestartTest extends GuiTest {

    @TempDir
    static Path directory;
    AppContext app;
    MainWindow window;
    ConnectionSettings nowhere;

    @Start
    void start(Stage stage) throws Exception {
        // From a port where nothing listens: if it ran, it would fail at once (no retries). Anonymous: a
        // restored item's password would be asked for (the queue file keeps none).
        nowhere = ConnectionSettings.builder("127.0.0.1").port(Interop.freePort()).build();
        Path queueFile = ConfigDirectory.resolve().resolve("queue.json");
        Files.deleteIfExists(queueFile);
        try (TransferQueue lastRun = new TransferQueue(QueueSettings.DEFAULT, null, new QueueStore(queueFile))) {
            lastRun.restore();
            lastRun.addDownload(nowhere, null, "/waiting.bin", directory.resolve("waiting.bin"), false, -1, null);
        }
        Path settings = config.resolve("settings-paused.json");
        Files.writeString(settings, """
                {"version": 1, "passive": true, "timeoutSeconds": 30, "concurrentTransfers": 2, "retries": 0,
                 "theme": "light", "language": "en"}
                """);
        UiState pausedLastTime = new UiState(Double.NaN, Double.NaN, 1200, 800, false, null, null, null, null, null,
                true, true, null, false, false, 0, true, null);
        app = new AppContext(SettingsStore.open(settings), () -> stage);
        window = new MainWindow(app, stage, pausedLastTime);
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        forgetSavedQueue();
    }

    @Test
    void aQueuePausedAtTheLastCloseWaitsUntilTheUserProcessesIt() throws Exception {
        window.restoreQueue().get(60, TimeUnit.SECONDS);
        assertEquals(1, app.queue().snapshot().size(), "restored: " + app.queue().snapshot());
        assertEquals(ItemState.QUEUED, app.queue().snapshot().getFirst().state(), app.queue().snapshot().toString());
        assertFalse(app.queue().isProcessing(), "the queue was paused when the window closed");
        ToggleButton process = lookup("#toolbar-process")
                .match((ToggleButton b) -> b.getScene().getWindow() == window.stage()).queryAs(ToggleButton.class);
        assertFalse(onFx(process::isSelected), "the button says so");
        assertTrue(onFx(() -> window.currentState().queuePaused()), "and the next start will too");

        clickOn(process);
        waitUntil("the queue processing, the item run", () -> app.queue().isProcessing()
                && app.queue().snapshot().getFirst().state() == ItemState.FAILED);
        // The window learns it from the queue's updates, which reach the FX thread after the engine's state
        // changed: one sent before the click, applied after it, shows the queue paused for a moment.
        waitUntil("processing now, and at the next start", () -> !window.currentState().queuePaused());
    }

    /**
     * T1: "Process queue" switched off was written to disk only at the quit: after a crash (kill -9, a
     * power cut) the queue the user had stopped started by itself at the next start.
     */
    @Test
    void theUsersChoiceIsOnDiskAtOnceNotOnlyAtTheQuit() throws Exception {
        app.uiStateStore().save(window.currentState());
        window.restoreQueue().get(60, TimeUnit.SECONDS);
        ToggleButton process = lookup("#toolbar-process")
                .match((ToggleButton b) -> b.getScene().getWindow() == window.stage()).queryAs(ToggleButton.class);
        assertTrue(app.uiStateStore().load().queuePaused(), "on disk as the last close left it");
        clickOn(process);
        waitUntil("the queue processing, on disk", () -> !app.uiStateStore().load().queuePaused());
        clickOn(process);
        waitUntil("the queue stopped, on disk", () -> app.uiStateStore().load().queuePaused());
    }

    /**
     * CI on 097c69a: an update the queue sent while stopped, shown after a click on "Process queue", turned
     * the button off again for a moment; a second click in that moment started the queue instead of stopping it.
     */
    @Test
    void anUpdateSentBeforeTheClickDoesNotTurnTheButtonBack() throws Exception {
        window.restoreQueue().get(60, TimeUnit.SECONDS);
        ToggleButton process = lookup("#toolbar-process")
                .match((ToggleButton b) -> b.getScene().getWindow() == window.stage()).queryAs(ToggleButton.class);
        java.util.List<Boolean> shown = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch fxHeld = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch sentStopped = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch shownLater = new java.util.concurrent.CountDownLatch(1);
        javafx.application.Platform.runLater(() -> {
            try {
                fxHeld.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // The click waits behind the held FX thread, the update sent meanwhile behind the click.
        javafx.application.Platform.runLater(() -> {
            process.selectedProperty().addListener((o, was, on) -> shown.add(on));
            window.queuePane().addUpdateListener(update -> {
                if (update.changed().stream().anyMatch(item -> item.remotePath().equals("/later.bin"))) {
                    shownLater.countDown();
                }
            });
            process.fire();
        });
        app.queue().addListener(update -> {
            if (!update.totals().processing()
                    && update.changed().stream().anyMatch(item -> item.remotePath().equals("/later.bin"))) {
                sentStopped.countDown();
            }
        });
        app.queue().addDownload(nowhere, null, "/later.bin", directory.resolve("later.bin"), false, -1, null);
        assertTrue(sentStopped.await(60, TimeUnit.SECONDS), "timed out waiting for an update sent with the queue stopped");
        fxHeld.countDown();
        assertTrue(shownLater.await(60, TimeUnit.SECONDS), "timed out waiting for that update to be shown");
        assertEquals(java.util.List.of(true), shown, "the button after the click, through the older update");
    }

    /**
     * R16: asked while the restore started the queue and then said it was done, the question read
     * "not processing" before the start and "restore done" after it: a queue being started was taken
     * for one the user had stopped (a drag out then stopped it again).
     */
    @Test
    void aQueueTheRestoreIsStartingIsNeverTakenForAStoppedOne() throws Exception {
        int stoppedAnswers = 0;
        for (int round = 0; round < 3000; round++) {
            app.queue().pause();
            java.util.concurrent.CompletableFuture<Void> restore = new java.util.concurrent.CompletableFuture<>();
            app.queueRestoring(restore, true);
            Thread restoring = Thread.ofPlatform().start(() -> {
                app.queue().start();
                restore.complete(null);
            });
            while (!restore.isDone()) {
                if (!app.queueMeantToRun()) {
                    stoppedAnswers++;
                }
            }
            restoring.join();
        }
        assertEquals(0, stoppedAnswers, "times a queue the restore was starting was said to be stopped, in 3000 restores");
    }
}
