package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.site.SettingsStore;
import dev.ferry.store.ConfigDirectory;
import dev.ferry.testing.Interop;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.QueueStore;
import dev.ferry.transfer.TransferQueue;
import javafx.stage.PopupWindow;
import javafx.stage.Stage;
import javafx.stage.Window;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failure restored from the last run is listed, not announced again: a user saw the same
 * "Transfer failed" notification at every start.
 */
@ExtendWith(ApplicationExtension.class)
class RestoredQueueTest extends GuiTest {

    @TempDir
    static Path directory;
    AppContext app;
    MainWindow window;
    int closedPort;

    /** A download from a port where nothing listens: refused, and with no retries, failed at once. */
    private ConnectionSettings nowhere() {
        return ConnectionSettings.builder("127.0.0.1").port(closedPort).user("someone").password("x").build();
    }

    @Start
    void start(Stage stage) throws Exception {
        closedPort = Interop.freePort();
        Path queueFile = ConfigDirectory.resolve().resolve("queue.json");
        Files.deleteIfExists(queueFile);
        try (TransferQueue lastRun = new TransferQueue(
                QueueSettings.DEFAULT.withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)), null,
                new QueueStore(queueFile))) {
            lastRun.addDownload(nowhere(), null, "/last-run.bin", directory.resolve("last-run.bin"), false, -1, null);
            lastRun.start();
            assertTrue(lastRun.awaitIdle(Duration.ofMinutes(1)), "the last run's queue ended");
            assertEquals(1, lastRun.totals().failed(), "the last run left a failure: " + lastRun.snapshot());
        }
        Path settings = config.resolve("settings-restored.json");
        Files.writeString(settings, """
                {"version": 1, "passive": true, "timeoutSeconds": 30, "concurrentTransfers": 2, "retries": 0,
                 "showHiddenFiles": true, "theme": "light", "language": "en"}
                """);
        app = new AppContext(SettingsStore.open(settings), () -> stage);
        window = new MainWindow(app, stage, UiState.defaults());
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        forgetSavedQueue();
    }

    private static List<Window> notifications() {
        return Window.getWindows().stream().filter(w -> w instanceof PopupWindow && w.isShowing() && w.getScene() != null
                && w.getScene().getRoot().lookup(".notification-bar") != null).toList();
    }

    @Test
    void aFailureFromTheLastRunIsListedButNotAnnouncedAgain() throws Exception {
        // As FerryApp does once the window is up.
        onFx(window::restoreQueue).get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(1, app.queue().totals().failed(), "restored: " + app.queue().snapshot());
        // Conditions are checked on the FX thread.
        waitUntil("the restored failure in the window", () -> window.queuePane().totalsProperty().get() != null
                && window.queuePane().totalsProperty().get().failed() == 1);
        // A notification is shown by a task the window posted while applying that update: run it first.
        interact(() -> { });
        assertEquals(List.of(), onFx(RestoredQueueTest::notifications), "no notification for an old failure");

        app.queue().addDownload(nowhere(), null, "/this-run.bin", directory.resolve("this-run.bin"), false, -1, null);
        waitUntil("a notification of this run's failure", () -> !notifications().isEmpty());
    }
}
