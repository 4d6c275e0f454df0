package dev.ferry.ui;

import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.ThreadNotingPaths;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.ui.connection.ConnectionTab;
import dev.ferry.ui.explorer.FileRow;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the window adds to the queue: an upload reads each file's kind, size and time, which a slow
 * or hung disk (a network share) makes wait. It did so on the FX thread, which froze meanwhile.
 */
@ExtendWith(ApplicationExtension.class)
class QueueAddsOffTheFxThreadTest extends GuiTest {

    @TempDir
    static Path directory;
    MinaServer server;
    Path local;
    AppContext app;
    MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        forgetSavedQueue();
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        Files.writeString(server.home().resolve("down.txt"), "downloaded");
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        Files.writeString(local.resolve("one.txt"), "the first file");
        Files.writeString(Files.createDirectories(local.resolve("folder")).resolve("inside.txt"), "in a folder");
        Files.writeString(local.resolve("two.txt"), "the second file");
        app = new AppContext(SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json")), () -> stage);
        window = new MainWindow(app, stage, UiState.defaults().withLastLocalDirectory("*", local.toString()));
        stage.show();
    }

    @AfterEach
    void stop() {
        app.close();
        server.close();
    }

    private ConnectionTab tab() {
        return window.currentTab();
    }

    private void connect() throws Exception {
        // An earlier test's "All transfers finished" takes the keys under Monocle while it shows (4 s).
        waitUntil("no window but the main one", () -> javafx.stage.Window.getWindows().stream()
                .filter(javafx.stage.Window::isShowing).count() == 1);
        quickConnect(TlsMode.NONE, server.port());
        try {
            waitUntil("the remote listing", () -> shows(table("remote"), "down.txt"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the tab says " + onFx(() -> tab().statusProperty().get())
                    + ", windows showing: " + onFx(() -> javafx.stage.Window.getWindows().stream()
                    .filter(javafx.stage.Window::isShowing).map(w -> w.getClass().getSimpleName()).toList()), e);
        }
    }

    @Test
    void anUploadReadsTheDiskOffTheFxThread() throws Exception {
        connect();
        ThreadNotingPaths disk = new ThreadNotingPaths();
        List<Path> dropped = List.of(disk.noted(local.resolve("one.txt")), disk.noted(local.resolve("folder")));
        interact(() -> tab().upload(dropped, "/", true));
        waitUntil("one.txt and the folder uploaded", () -> Files.isRegularFile(server.home().resolve("one.txt"))
                && Files.isRegularFile(server.home().resolve("folder/inside.txt")));
        assertTrue(disk.accesses().stream().anyMatch(a -> a.path().endsWith("one.txt"))
                        && disk.accesses().stream().anyMatch(a -> a.path().endsWith("folder")),
                "the adds looked at both on the disk: " + disk.accesses());
        assertEquals(List.of(), disk.onTheFxThread(), "disk read on the FX thread");
        assertEquals("the first file", Files.readString(server.home().resolve("one.txt")));
    }

    /** R13: adds made off the FX thread on a pool of two were queued out of the user's order. */
    @Test
    void addsAreQueuedInTheOrderTheUserAskedFor() throws Exception {
        connect();
        app.queue().pause();
        FileRow down = onFx(() -> table("remote").getItems().stream().filter(row -> row.name().equals("down.txt"))
                .findFirst().orElseThrow());
        interact(() -> {
            tab().upload(List.of(local.resolve("one.txt")), "/", false);
            tab().upload(List.of(local.resolve("folder")), "/", false);
            tab().download(List.of(down), local, false);
            tab().upload(List.of(local.resolve("two.txt")), "/", false);
        });
        waitUntil("the four transfers queued", () -> app.queue().snapshot().size() == 4);
        // Their places in the queue's line (folders run first whatever their place, to be walked early).
        List<String> order = app.queue().snapshot().stream()
                .sorted(java.util.Comparator.comparingLong(ItemSnapshot::sequence).thenComparingLong(ItemSnapshot::id))
                .map(item -> item.localPath().getFileName().toString()).toList();
        assertEquals(List.of("one.txt", "folder", "down.txt", "two.txt"), order, "the order the user asked for");
    }

    /** R13: the queue started once the adds were in, after a Stop the user pressed meanwhile. */
    @Test
    void aStopPressedRightAfterAnUploadIsKept() throws Exception {
        connect();
        app.queue().pause();
        interact(() -> {
            tab().upload(List.of(local.resolve("one.txt"), local.resolve("two.txt")), "/", true);
            app.queue().pause();
        });
        waitUntil("the two uploads queued", () -> app.queue().snapshot().size() == 2);
        // The adds' thread is done with this drop once its status work is handed to the FX thread.
        interact(() -> { });
        assertFalse(app.queue().isProcessing(), "the queue the user stopped after the click");
        assertFalse(Files.exists(server.home().resolve("one.txt")), "nothing uploaded by a stopped queue");
    }
}
