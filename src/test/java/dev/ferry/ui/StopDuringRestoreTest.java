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

    @Test
    void aStopChosenWhileTheSavedQueueIsReadIsKept() throws Exception {
        // The journal a named pipe: the restore reads it until the test closes its end.
        Path journal = ConfigDirectory.resolve().resolve("queue.journal");
        Process mkfifo = new ProcessBuilder("mkfifo", journal.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo " + journal);
        CompletableFuture<OutputStream> end = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.newOutputStream(journal);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, task -> Thread.ofPlatform().daemon().name("journal-pipe").start(task));
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
}
