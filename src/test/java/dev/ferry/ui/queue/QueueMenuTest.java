package dev.ferry.ui.queue;

import dev.ferry.transfer.Direction;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.TransferQueue;
import dev.ferry.transfer.Verification;
import dev.ferry.ui.GuiTest;
import dev.ferry.ui.I18n;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The queue's right-click menu offers what applies to the chosen rows: Retry and Resume were offered on a running one. */
@ExtendWith(ApplicationExtension.class)
class QueueMenuTest extends GuiTest {

    private TransferQueue queue;
    private QueuePane pane;

    @Start
    void start(Stage stage) {
        I18n.use("en");
        queue = new TransferQueue(QueueSettings.DEFAULT, null, null);
        pane = new QueuePane(queue);
    }

    @AfterEach
    void close() {
        queue.close();
    }

    private static ItemSnapshot item(long id, ItemState state) {
        return new ItemSnapshot(id, Direction.DOWNLOAD, false, Path.of("/tmp/x" + id), "/x" + id, "k", "u@h", 10, null,
                state, 0, 0, null, Verification.NOT_CHECKED, 0, 0, -1, 1, List.of(), false, false);
    }

    /** Each entry's words → whether it can be chosen. */
    private Map<String, Boolean> offered(ItemSnapshot... selection) throws Exception {
        ContextMenu menu = org.testfx.util.WaitForAsyncUtils.asyncFx(() -> pane.menu(List.of(selection))).get();
        return menu.getItems().stream().filter(i -> i.getText() != null)
                .collect(Collectors.toMap(MenuItem::getText, i -> !i.isDisable()));
    }

    @Test
    void aRunningItemIsOfferedPauseNotRetryOrResume() throws Exception {
        Map<String, Boolean> running = offered(item(1, ItemState.ACTIVE));
        assertEquals(false, running.get(I18n.t("queue.retry")), running.toString());
        assertEquals(false, running.get(I18n.t("queue.resume")), running.toString());
        assertEquals(true, running.get(I18n.t("queue.pause")), running.toString());
        assertEquals(true, running.get(I18n.t("queue.remove")), running.toString());

        Map<String, Boolean> paused = offered(item(2, ItemState.PAUSED));
        assertEquals(true, paused.get(I18n.t("queue.resume")), paused.toString());
        assertEquals(false, paused.get(I18n.t("queue.pause")), paused.toString());
        assertEquals(false, paused.get(I18n.t("queue.retry")), paused.toString());

        Map<String, Boolean> failed = offered(item(3, ItemState.FAILED));
        assertEquals(true, failed.get(I18n.t("queue.retry")), failed.toString());
        assertEquals(false, failed.get(I18n.t("queue.pause")), failed.toString());
        assertEquals(false, failed.get(I18n.t("queue.resume")), failed.toString());

        Map<String, Boolean> mixed = offered(item(4, ItemState.ACTIVE), item(5, ItemState.FAILED), item(6, ItemState.PAUSED));
        assertEquals(true, mixed.get(I18n.t("queue.retry")), mixed.toString());
        assertEquals(true, mixed.get(I18n.t("queue.resume")), mixed.toString());
        assertEquals(true, mixed.get(I18n.t("queue.pause")), mixed.toString());
    }
}
