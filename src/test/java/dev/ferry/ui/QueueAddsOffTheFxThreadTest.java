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
        // A dialog a test left open (the disk's words) would be over the next test's window.
        interact(() -> List.copyOf(javafx.stage.Window.getWindows()).stream()
                .filter(w -> w != window.stage() && w instanceof Stage).forEach(w -> ((Stage) w).close()));
        app.close();
        server.close();
    }

    private ConnectionTab tab() {
        return window.currentTab();
    }

    /** Connected without the quick-connect bar, whose typing is not what these tests are about. */
    private void connect() throws Exception {
        interact(() -> tab().connect(dev.ferry.ftp.ConnectionSettings.builder("127.0.0.1").port(server.port())
                .user(MinaServer.USER).password(MinaServer.PASSWORD).tlsMode(TlsMode.NONE).build(), null, "mina", "/"));
        waitUntil("the remote listing", () -> shows(table("remote"), "down.txt"));
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

    /**
     * R20: a drop from a share that does not answer held every later add, in every tab, without a word.
     * It holds its own files only, for a while, and then says they were not added.
     */
    @Test
    void aDiskThatDoesNotAnswerHoldsItsOwnDropOnlyAndIsSaid() throws Exception {
        connect();
        app.queue().pause();
        ThreadNotingPaths disk = new ThreadNotingPaths();
        java.util.concurrent.CountDownLatch hung = disk.hold(local.resolve("two.txt"));
        try {
            FileRow down = onFx(() -> table("remote").getItems().stream().filter(row -> row.name().equals("down.txt"))
                    .findFirst().orElseThrow());
            interact(() -> {
                tab().upload(List.of(disk.noted(local.resolve("one.txt")), disk.noted(local.resolve("two.txt"))), "/", false);
                tab().download(List.of(down), local, false);
            });
            waitUntil("the download asked for after the hung drop, queued", () -> app.queue().snapshot().stream()
                    .anyMatch(item -> item.remotePath().equals("/down.txt")));
            String said = dev.ferry.ui.I18n.t("queue.diskDidNotAnswerPart", 1, "two.txt",
                    dev.ferry.ui.connection.ConnectionTab.DISK_PATIENCE_SECONDS, 1);
            waitUntil("the words saying two.txt was not added", () -> lookup(node -> node instanceof javafx.scene.control.Labeled l
                    && said.equals(l.getText()) || node instanceof javafx.scene.control.DialogPane d && said.equals(d.getContentText()))
                    .tryQuery().isPresent());
            assertEquals(List.of("one.txt", "down.txt"), inLine(), "what the disk told in time, and the download after it");
        } finally {
            hung.countDown();
        }
    }

    /** R21: the patience was for the whole drop: a slow share that answered every time lost its last files. */
    @Test
    void aSlowDiskThatAnswersIsWaitedFor() throws Exception {
        connect();
        app.queue().pause();
        ThreadNotingPaths disk = new ThreadNotingPaths();
        java.util.concurrent.CountDownLatch first = disk.hold(local.resolve("one.txt"));
        java.util.concurrent.CountDownLatch second = disk.hold(local.resolve("two.txt"));
        interact(() -> tab().upload(List.of(disk.noted(local.resolve("one.txt")), disk.noted(local.resolve("two.txt"))),
                "/", false));
        // The disk answers on its own clock: each answer well within the patience, both together well after it.
        long answerEvery = java.util.concurrent.TimeUnit.SECONDS.toMillis(
                dev.ferry.ui.connection.ConnectionTab.DISK_PATIENCE_SECONDS) * 6 / 10;
        java.util.concurrent.ScheduledExecutorService slowDisk = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            slowDisk.schedule(first::countDown, answerEvery, java.util.concurrent.TimeUnit.MILLISECONDS);
            slowDisk.schedule(second::countDown, 2 * answerEvery, java.util.concurrent.TimeUnit.MILLISECONDS);
            waitUntil("both files queued", () -> app.queue().snapshot().size() == 2);
        } finally {
            slowDisk.shutdownNow();
            first.countDown();
            second.countDown();
        }
        assertEquals(List.of("one.txt", "two.txt"), inLine(), "what a slow disk told, all of it");
    }

    /** R20: the tab chosen after the click was taken for one chosen before the adds, which came a moment later. */
    @Test
    void aTabChosenAfterTheClickIsKept() throws Exception {
        connect();
        app.queue().pause();
        java.util.concurrent.CountDownLatch adds = busyQueueAdds(app);
        dev.ferry.ui.queue.QueuePane pane = window.queuePane();
        interact(() -> tab().upload(List.of(local.resolve("one.txt")), "/", false));
        interact(() -> pane.getSelectionModel().select(pane.getTabs().stream()
                .filter(t -> "tab-done".equals(t.getId())).findFirst().orElseThrow()));
        adds.countDown();
        waitUntil("the upload shown in the pane", () -> pane.totalsProperty().get() != null
                && pane.totalsProperty().get().queued() == 1);
        assertEquals("tab-done", onFx(() -> pane.getSelectionModel().getSelectedItem().getId()),
                "the tab the user chose after the click");
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
        assertEquals(List.of("one.txt", "folder", "down.txt", "two.txt"), inLine(), "the order the user asked for");
    }

    /** The names of the queue's items by their places in its line (folders run first whatever their place). */
    private List<String> inLine() {
        return app.queue().snapshot().stream()
                .sorted(java.util.Comparator.comparingLong(ItemSnapshot::sequence).thenComparingLong(ItemSnapshot::id))
                .map(item -> item.localPath().getFileName().toString()).toList();
    }

    /** T1: ■ right after Upload found the queue idle, the upload still on its way, and stopped nothing. */
    @Test
    void theStopButtonRightAfterAnUploadStopsIt() throws Exception {
        connect();
        app.queue().start();
        java.util.concurrent.CountDownLatch adds = busyQueueAdds(app);
        interact(() -> tab().upload(List.of(local.resolve("one.txt")), "/", true));
        clickOn("#toolbar-cancel");
        adds.countDown();
        waitUntil("the upload queued", () -> app.queue().snapshot().size() == 1);
        assertFalse(app.queue().isProcessing(), "the queue the user stopped with ■");
        assertEquals(dev.ferry.transfer.ItemState.QUEUED, app.queue().snapshot().getFirst().state(), "the upload waits");
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
