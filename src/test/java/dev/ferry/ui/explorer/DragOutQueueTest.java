package dev.ferry.ui.explorer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.testing.MinaServer;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.ui.AppContext;
import dev.ferry.ui.GuiTest;
import dev.ferry.ui.MainWindow;
import dev.ferry.ui.UiState;
import dev.ferry.ui.connection.ConnectionTab;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A drag out of the window to a file manager queues its copies on the queue adds' thread, after what
 * the user asked for before it; what the user does while they wait there (a drop from a slow share
 * ahead of them) is held to: a drag given up, a Stop pressed (R21).
 */
@ExtendWith(ApplicationExtension.class)
class DragOutQueueTest extends GuiTest {

    @TempDir
    static Path directory;
    MinaServer server;
    Path local;
    AppContext app;
    MainWindow window;
    OutgoingDrag drag;

    @Start
    void start(Stage stage) throws Exception {
        forgetSavedQueue();
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        Files.writeString(server.home().resolve("down.txt"), "dragged out");
        Files.writeString(server.home().resolve("other.txt"), "left in the stopped queue");
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        app = new AppContext(SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json")), () -> stage);
        window = new MainWindow(app, stage, UiState.defaults().withLastLocalDirectory("*", local.toString()));
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        server.close();
        if (drag != null && Files.exists(drag.folder())) {
            try (var files = Files.walk(drag.folder())) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private ConnectionTab tab() {
        return window.currentTab();
    }

    private FileRow row(String name) throws Exception {
        return onFx(() -> tab().remotePane().rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow());
    }

    private void connect() {
        interact(() -> tab().connect(ConnectionSettings.builder("127.0.0.1").port(server.port()).user(MinaServer.USER)
                .password(MinaServer.PASSWORD).tlsMode(TlsMode.NONE).build(), null, "mina", "/"));
        waitUntil("the remote listing", () -> tab().remotePane().rows().stream().anyMatch(r -> r.name().equals("other.txt")));
    }

    private ItemSnapshot item(String remote) {
        return app.queue().snapshot().stream().filter(i -> i.remotePath().equals(remote)).findFirst().orElseThrow();
    }

    /** Begins a drag of {@code name} out of the remote list, its pointer leaving the window. */
    private DragOut dragOut(String name) throws Exception {
        FileRow dragged = row(name);
        DragOut out = new DragOut(tab());
        drag = onFx(() -> out.begin(new ClipboardContent(), List.of(dragged), window.stage().getScene()));
        interact(() -> out.leftTheWindow(drag));
        // Its private staging folder is made first, then the FX thread asks for the copies.
        waitUntil("the drag's staging folder", () -> Files.isDirectory(drag.folder()));
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        return out;
    }

    private static DragEvent nothingTookIt() {
        return new DragEvent(DragEvent.DRAG_DONE, null, 0, 0, 0, 0, null, null, null, null);
    }

    @Test
    void aDragGivenUpWhileItsCopiesWaitLeavesTheStoppedQueueAsItWas() throws Exception {
        connect();
        app.queue().pause();
        FileRow other = row("other.txt");
        interact(() -> tab().download(List.of(other), local, false));
        queueAddsDone(app);
        CountDownLatch adds = busyQueueAdds(app);
        DragOut out = dragOut("down.txt");
        interact(() -> out.done(nothingTookIt()));
        adds.countDown();
        queueAddsDone(app);
        assertEquals(List.of(), app.queue().snapshot().stream().filter(i -> drag.owns(i.localPath())).toList(),
                "the given-up drag's copies");
        assertFalse(app.queue().isProcessing(), "the queue the user had stopped");
        assertEquals(ItemState.QUEUED, item("/other.txt").state(), "what the user left in the stopped queue");
    }

    /**
     * R22: the copies' word to the FX thread came after the drag was dropped back in Ferry, whose download
     * had started the queue: it stopped the queue again, and the dropped file waited.
     */
    @Test
    void aDragDroppedBackInFerryLeavesItsDownloadRunning() throws Exception {
        connect();
        app.queue().pause();
        FileRow other = row("other.txt");
        interact(() -> tab().download(List.of(other), local, false));
        queueAddsDone(app);
        CountDownLatch adds = busyQueueAdds(app);
        DragOut out = dragOut("down.txt");
        FileRow dragged = row("down.txt");
        interact(() -> {
            adds.countDown();
            // The copies in and the queue started for them, before the FX thread reads their word.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!(app.queue().isProcessing() && app.queue().snapshot().stream().anyMatch(i -> drag.owns(i.localPath())))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Timed out waiting for the drag's copies in a started queue");
                }
                Thread.onSpinWait();
            }
            drag.landed();
            out.done(nothingTookIt());
            // What a drop of the row on the local list does (LocalPane's drop).
            tab().download(List.of(dragged), local, true);
        });
        queueAddsDone(app);
        waitUntil("the file dropped on the local list downloaded", () -> Files.exists(local.resolve("down.txt")));
        waitUntil("the drag's copy gone", () -> app.queue().snapshot().stream().noneMatch(i -> drag.owns(i.localPath())));
    }

    @Test
    void aStopPressedWhileTheCopiesWaitIsHeldTo() throws Exception {
        connect();
        app.queue().start();
        CountDownLatch adds = busyQueueAdds(app);
        FileRow other = row("other.txt");
        interact(() -> tab().download(List.of(other), local, false));
        dragOut("down.txt");
        // The user's Stop, while the adds ahead of the drag's copies are still being made.
        app.queue().pause();
        adds.countDown();
        queueAddsDone(app);
        waitUntil("the drag's copy made, the queue run for it alone", () -> app.queue().snapshot().stream()
                .anyMatch(i -> drag.owns(i.localPath()) && i.state() == ItemState.DONE));
        waitUntil("the queue stopped again once the copy was made", () -> !app.queue().isProcessing());
        assertEquals(ItemState.QUEUED, item("/other.txt").state(), "what waited in the queue the user stopped");
        assertFalse(Files.exists(local.resolve("other.txt")), "nothing but the drag's copy downloaded");
    }
}
