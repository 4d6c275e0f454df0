package dev.ferry.ui.queue;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.Interop;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.TransferQueue;
import dev.ferry.ui.GuiTest;
import dev.ferry.ui.I18n;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The queue stayed on its Failed (or Successful) tab, where the user last looked, while new
 * transfers started: what was going on was out of sight. As in FileZilla, new transfers show the
 * queued files; a retry from the Failed tab leaves the user there.
 */
@ExtendWith(ApplicationExtension.class)
class NewTransfersShowTheQueueTest extends GuiTest {

    private TransferQueue queue;
    private QueuePane pane;

    @Start
    void start(Stage stage) {
        I18n.use("en");
        queue = new TransferQueue(QueueSettings.DEFAULT, null, null);
        pane = new QueuePane(queue);
        stage.setScene(new Scene(pane, 1200, 300));
        stage.show();
    }

    @AfterEach
    void close() {
        queue.close();
    }

    private Tab tab(String id) {
        return pane.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().orElseThrow();
    }

    @Test
    void aNewTransferBringsTheQueuedTabForward() throws Exception {
        ConnectionSettings nowhere = ConnectionSettings.builder("127.0.0.1").port(Interop.freePort()).build();
        long cancelled = queue.addDownload(nowhere, null, "/one.bin", Path.of("/tmp/ferry-never/one.bin"), false, 10, null).id();
        queue.cancel(cancelled);
        waitUntil("the cancel applied", () -> pane.totalsProperty().get() != null && pane.totalsProperty().get().cancelled() == 1);
        onFx(() -> {
            pane.getSelectionModel().select(tab("tab-failed"));
            return null;
        });
        // Not processed: it waits in the queue.
        queue.addDownload(nowhere, null, "/two.bin", Path.of("/tmp/ferry-never/two.bin"), false, 10, null);
        waitUntil("the new item in the pane", () -> pane.totalsProperty().get().queued() == 1);
        waitUntil("the Queued tab shown (shown: " + onFx(() -> pane.getSelectionModel().getSelectedItem().getId()) + ")",
                () -> onFx(() -> pane.getSelectionModel().getSelectedItem()) == tab("tab-queued"));

        onFx(() -> {
            pane.getSelectionModel().select(tab("tab-done"));
            return null;
        });
        queue.retry(cancelled);
        waitUntil("the retried item back in the queue", () -> pane.totalsProperty().get().queued() == 2);
        assertEquals("tab-done", onFx(() -> pane.getSelectionModel().getSelectedItem().getId()),
                "a retry is not a new transfer: the user stays where they acted");
    }

    /**
     * The pane shows new transfers up to a third of a second after they were added (the queue tells
     * ten times a second, the pane shows four times). A tab the user chose in that time was left
     * at once for Queued: their click undone.
     */
    @Test
    void aTabChosenWhileNewTransfersAreOnTheirWayIsKept() throws Exception {
        ConnectionSettings nowhere = ConnectionSettings.builder("127.0.0.1").port(Interop.freePort()).build();
        onFx(() -> {
            pane.getSelectionModel().select(tab("tab-failed"));
            return null;
        });
        queue.addDownload(nowhere, null, "/three.bin", Path.of("/tmp/ferry-never/three.bin"), false, 10, null);
        // Chosen after the add, as a user who adds transfers then turns to the Successful tab.
        onFx(() -> {
            pane.getSelectionModel().select(tab("tab-done"));
            return null;
        });
        waitUntil("the new item in the pane", () -> pane.totalsProperty().get().queued() == 1
                && onFx(() -> pane.getTabs().getFirst().getText()).contains("1"));
        assertEquals("tab-done", onFx(() -> pane.getSelectionModel().getSelectedItem().getId()),
                "the tab the user chose after adding the transfer");
    }

    /**
     * R16: the time taken for the add was that of the oldest change in the queue's update: any
     * change just before it (a running transfer's progress, a priority) made a tab the user had
     * chosen before adding look chosen after, and the new transfers stayed out of sight.
     */
    @Test
    void aTabChosenBeforeAddingIsLeftForTheQueuedTabEvenAfterOtherChanges() throws Exception {
        ConnectionSettings nowhere = ConnectionSettings.builder("127.0.0.1").port(Interop.freePort()).build();
        long waiting = queue.addDownload(nowhere, null, "/four.bin", Path.of("/tmp/ferry-never/four.bin"), false, 10, null).id();
        waitUntil("the first item in the pane", () -> pane.totalsProperty().get() != null
                && pane.totalsProperty().get().queued() == 1);
        onFx(() -> {
            queue.setPriority(waiting, 3);
            pane.getSelectionModel().select(tab("tab-failed"));
            return null;
        });
        queue.addDownload(nowhere, null, "/five.bin", Path.of("/tmp/ferry-never/five.bin"), false, 10, null);
        waitUntil("the new item in the pane", () -> pane.totalsProperty().get().queued() == 2);
        assertEquals("tab-queued", onFx(() -> pane.getSelectionModel().getSelectedItem().getId()),
                "transfers added after the user chose Failed are shown");
    }

    /** R17: an add just before the user chose a tab, shown together with one after, hid the later one. */
    @Test
    void aTransferAddedAfterTheChoiceIsShownEvenWithOneAddedJustBefore() throws Exception {
        ConnectionSettings nowhere = ConnectionSettings.builder("127.0.0.1").port(Interop.freePort()).build();
        onFx(() -> {
            queue.addDownload(nowhere, null, "/six.bin", Path.of("/tmp/ferry-never/six.bin"), false, 10, null);
            pane.getSelectionModel().select(tab("tab-failed"));
            return null;
        });
        queue.addDownload(nowhere, null, "/seven.bin", Path.of("/tmp/ferry-never/seven.bin"), false, 10, null);
        waitUntil("both new items in the pane", () -> pane.totalsProperty().get() != null
                && pane.totalsProperty().get().queued() == 2);
        assertEquals("tab-queued", onFx(() -> pane.getSelectionModel().getSelectedItem().getId()),
                "a transfer added after the user chose Failed is shown");
    }

    /** R17: the saved queue restored at start took a user who had chosen another tab to Queued. */
    @Test
    void theSavedQueueRestoredAtStartLeavesTheUsersTab(@org.junit.jupiter.api.io.TempDir Path directory) throws Exception {
        Path file = directory.resolve("queue.json");
        ConnectionSettings nowhere = ConnectionSettings.builder("127.0.0.1").port(Interop.freePort()).build();
        try (TransferQueue lastRun = new TransferQueue(dev.ferry.transfer.QueueSettings.DEFAULT, null,
                new dev.ferry.transfer.QueueStore(file))) {
            lastRun.restore();
            lastRun.addDownload(nowhere, null, "/saved.bin", directory.resolve("saved.bin"), false, 10, null);
        }
        try (TransferQueue restoring = new TransferQueue(dev.ferry.transfer.QueueSettings.DEFAULT, null,
                new dev.ferry.transfer.QueueStore(file))) {
            QueuePane shown = onFx(() -> new QueuePane(restoring));
            onFx(() -> {
                shown.getSelectionModel().select(shown.getTabs().get(2));
                return null;
            });
            restoring.restore();
            waitUntil("the saved item in the pane", () -> shown.totalsProperty().get() != null
                    && shown.totalsProperty().get().queued() == 1);
            assertEquals("tab-done", onFx(() -> shown.getSelectionModel().getSelectedItem().getId()),
                    "the tab the user chose before the saved queue arrived");
        }
    }

    /**
     * A folder's files arrive as new items while it is transferred, subfolder by subfolder: each
     * arrival brought the Queued tab forward again, away from the Failed tab the user was reading.
     * Only a new batch does.
     */
    @Test
    void aFoldersFilesArrivingDoNotTakeTheUserAwayFromTheFailedTab() throws Exception {
        onFx(() -> {
            pane.apply(new dev.ferry.transfer.QueueListener.Update(java.util.List.of(row(1, 7)), java.util.List.of(), null));
            return null;
        });
        assertEquals("tab-queued", onFx(() -> pane.getSelectionModel().getSelectedItem().getId()), "a new batch shows");
        String shown = onFx(() -> {
            pane.getSelectionModel().select(tab("tab-failed"));
            pane.apply(new dev.ferry.transfer.QueueListener.Update(java.util.List.of(row(2, 7), row(3, 7)), java.util.List.of(), null));
            return pane.getSelectionModel().getSelectedItem().getId();
        });
        assertEquals("tab-failed", shown, "files of the same batch, found in its folder");
        shown = onFx(() -> {
            pane.apply(new dev.ferry.transfer.QueueListener.Update(java.util.List.of(row(4, 8)), java.util.List.of(), null));
            return pane.getSelectionModel().getSelectedItem().getId();
        });
        assertEquals("tab-queued", shown, "another batch");
    }

    private static dev.ferry.transfer.ItemSnapshot row(long id, long batch) {
        return new dev.ferry.transfer.ItemSnapshot(id, dev.ferry.transfer.Direction.DOWNLOAD, false,
                Path.of("/tmp/ferry-never/f" + id), "/d/f" + id, "k", "u@h", 10, null, dev.ferry.transfer.ItemState.QUEUED,
                0, 0, null, dev.ferry.transfer.Verification.NOT_CHECKED, 0, id, 0, -1, batch, java.util.List.of(), false,
                false, 0, false);
    }
}
