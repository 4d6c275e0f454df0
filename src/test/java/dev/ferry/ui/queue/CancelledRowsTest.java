package dev.ferry.ui.queue;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.Interop;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.TransferQueue;
import dev.ferry.ui.GuiTest;
import dev.ferry.ui.I18n;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Items the user cancelled were listed under Failed, counted in its title and shown in red as failures. */
@ExtendWith(ApplicationExtension.class)
class CancelledRowsTest extends GuiTest {

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
    void aCancelledItemIsCountedAndShownAsCancelledNotFailed() throws Exception {
        ConnectionSettings nowhere = ConnectionSettings.builder("127.0.0.1").port(Interop.freePort()).build();
        // Not processed: the items wait until cancelled.
        long first = queue.addDownload(nowhere, null, "/one.bin", Path.of("/tmp/ferry-never/one.bin"), false, 10, null).id();
        long second = queue.addDownload(nowhere, null, "/two.bin", Path.of("/tmp/ferry-never/two.bin"), false, 10, null).id();
        queue.cancel(first);
        queue.cancel(second);
        // Whatever they are counted as: both finished, in the totals the pane shows.
        waitUntil("both cancels applied to the pane", () -> pane.totalsProperty().get() != null
                && pane.totalsProperty().get().queued() == 0
                && pane.totalsProperty().get().bytesTotal() == 20);
        assertEquals(I18n.t("queue.failed", 0), onFx(() -> tab("tab-failed").getText()), "nothing failed");
        assertEquals(I18n.t("queue.done", 0) + I18n.t("queue.andCancelled", 2), onFx(() -> tab("tab-done").getText()));
        onFx(() -> {
            pane.getSelectionModel().select(tab("tab-done"));
            return null;
        });
        waitUntil("the cancelled rows under " + I18n.t("queue.done", 0), () -> lookup("#queue-done").tryQuery()
                .map(node -> ((TableView<?>) node).getItems().size() == 2).orElse(false));
        waitUntil("the rows' status drawn", () -> statuses().size() == 2);
        assertEquals(List.of(I18n.words(dev.ferry.message.Message.of(dev.ferry.transfer.QueueText.CANCELLED)),
                I18n.words(dev.ferry.message.Message.of(dev.ferry.transfer.QueueText.CANCELLED))), onFx(this::statuses));
        assertEquals(0L, onFx(() -> lookup("#queue-done .queue-status").queryAllAs(TableCell.class).stream()
                .filter(cell -> cell.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("error")))
                .count()), "not in red: nothing went wrong");
    }

    private List<String> statuses() {
        return lookup("#queue-done .queue-status").queryAllAs(TableCell.class).stream()
                .filter(cell -> !cell.isEmpty() && cell.getText() != null).map(TableCell::getText).toList();
    }
}
