package dev.ferry.ui;

import dev.ferry.site.SettingsStore;
import dev.ferry.store.ConfigDirectory;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Process queue" switched off while the saved queue is still read at start (a big queue, a slow
 * disk): the restore started the queue all the same once it had read it, as the last close had left
 * it, and the user's stop was undone.
 */
@ExtendWith(ApplicationExtension.class)
class StopDuringRestoreTest extends GuiTest {

    AppContext app;
    MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        forgetSavedQueue();
        app = new AppContext(SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json")), () -> stage);
        window = new MainWindow(app, stage, UiState.defaults());
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        forgetSavedQueue();
    }

    /**
     * The saved queue's journal made a named pipe: the restore reads it until the test closes the end
     * this returns (once the restore opened it to read).
     */
    private static CompletableFuture<OutputStream> journalPipe() throws Exception {
        Path journal = ConfigDirectory.resolve().resolve("queue.journal");
        Process mkfifo = new ProcessBuilder("mkfifo", journal.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo " + journal);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Files.newOutputStream(journal);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, task -> Thread.ofPlatform().daemon().name("journal-pipe").start(task));
    }

    @Test
    void aStopChosenWhileTheSavedQueueIsReadIsKept() throws Exception {
        // The journal a named pipe: the restore reads it until the test closes its end.
        CompletableFuture<OutputStream> end = journalPipe();
        // The queue's first update may be shown before the restore begins (it was in CI): the button then
        // followed a queue not running, with nothing yet to start it.
        ToggleButton process = lookup("#toolbar-process")
                .match((ToggleButton b) -> b.getScene().getWindow() == window.stage()).queryAs(ToggleButton.class);
        // Any update does: the queue's totals told again.
        app.queue().pause();
        waitUntil("the queue's update followed by the button, before the restore", () -> !onFx(process::isSelected));
        CompletableFuture<Void> restored = window.restoreQueue();
        // Shown on while the restore that is to start the queue goes on: shown off, a click meant to stop it
        // started it. At once, not at the queue's next update, which may be a while.
        assertTrue(onFx(process::isSelected), "the button on, as the queue was when the window last closed");
        OutputStream pipe = end.get(60, TimeUnit.SECONDS);
        clickOn(process);
        waitUntil("the button off", () -> !onFx(process::isSelected));
        assertTrue(onFx(() -> window.currentState().queuePaused()),
                "closed now, the window would keep the user's stop for the next start (R18)");
        pipe.close();
        restored.get(60, TimeUnit.SECONDS);
        assertFalse(app.queue().isProcessing(), "the queue the user stopped while the saved queue was read");
        assertFalse(onFx(process::isSelected), "the button says so");
        assertTrue(onFx(() -> window.currentState().queuePaused()), "and the next start will too");
    }

    /**
     * T2: a saved queue restored in part (a change that could not be read: a transfer the user removed may
     * be back) was started at once, as the last close had left it, before the user could look: the removed
     * transfer ran again. It is left stopped, and the warning says so.
     */
    @Test
    void aQueueRestoredInPartIsLeftStoppedAndSaysSo() throws Exception {
        Path queueFile = ConfigDirectory.resolve().resolve("queue.json");
        dev.ferry.ftp.ConnectionSettings nowhere = dev.ferry.ftp.ConnectionSettings.builder("127.0.0.1")
                .port(dev.ferry.testing.Interop.freePort()).user("someone").password("x").build();
        try (dev.ferry.transfer.TransferQueue lastRun = new dev.ferry.transfer.TransferQueue(
                dev.ferry.transfer.QueueSettings.DEFAULT, null, new dev.ferry.transfer.QueueStore(queueFile))) {
            lastRun.restore();
            lastRun.addDownload(nowhere, null, "/saved.bin", queueFile.resolveSibling("saved.bin"), false, -1, null);
        }
        // A change the journal recorded after the last save, damaged on disk.
        Files.writeString(new dev.ferry.transfer.QueueStore(queueFile).journalPath(), "{\"generation\": damaged}\n");
        ToggleButton process = lookup("#toolbar-process")
                .match((ToggleButton b) -> b.getScene().getWindow() == window.stage()).queryAs(ToggleButton.class);
        onFx(window::restoreQueue).get(60, TimeUnit.SECONDS);
        assertEquals(1, app.queue().snapshot().size(), "restored: " + app.queue().snapshot());
        assertFalse(app.queue().isProcessing(), "the queue restored in part, before the user looked at it");
        waitUntil("the button off", () -> !process.isSelected());
        String leftStopped = I18n.t("queue.leftStoppedAfterRestore", I18n.t("toolbar.process"));
        waitUntil("the warning saying the queue was left stopped", () -> lookup(".dialog-pane").queryAll().stream()
                .anyMatch(node -> node instanceof javafx.scene.control.DialogPane pane && pane.getContentText() != null
                        && pane.getContentText().endsWith(leftStopped)));
        assertTrue(onFx(() -> window.currentState().queuePaused()), "and so at the next start");
        interact(() -> List.copyOf(javafx.stage.Window.getWindows()).stream()
                .filter(w -> w != window.stage() && w instanceof Stage).forEach(w -> ((Stage) w).close()));
    }

    /**
     * R24: something that started the queue while the saved queue was read (a drop, a double-click) kept it
     * running after a restore in part, the warning saying it was left stopped.
     */
    @Test
    void aQueueStartedDuringARestoreInPartIsStoppedToo() throws Exception {
        CompletableFuture<OutputStream> end = journalPipe();
        CompletableFuture<Void> restored = onFx(window::restoreQueue);
        OutputStream pipe = end.get(60, TimeUnit.SECONDS);
        // As a drop that runs its transfers does, while the restore reads.
        app.queue().start();
        pipe.write("{\"generation\": damaged}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        pipe.close();
        restored.get(60, TimeUnit.SECONDS);
        assertFalse(app.queue().isProcessing(), "the queue restored in part, as the warning says");
        ToggleButton process = lookup("#toolbar-process")
                .match((ToggleButton b) -> b.getScene().getWindow() == window.stage()).queryAs(ToggleButton.class);
        waitUntil("the button off", () -> !process.isSelected());
        interact(() -> List.copyOf(javafx.stage.Window.getWindows()).stream()
                .filter(w -> w != window.stage() && w instanceof Stage).forEach(w -> ((Stage) w).close()));
    }
}
