package dev.ferry.ui.queue;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.Interop;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.TransferQueue;
import dev.ferry.ui.GuiTest;
import dev.ferry.ui.I18n;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rows of a queue that is not processed said "Queued", as if they were about to run: with
 * "Process queue" off nothing runs until the user switches it on, and the row says so.
 */
@ExtendWith(ApplicationExtension.class)
class StoppedQueueWordsTest extends GuiTest {

    private TransferQueue queue;

    @Start
    void start(Stage stage) {
        I18n.use("en");
        queue = new TransferQueue(QueueSettings.DEFAULT, null, null);
        stage.setScene(new Scene(new QueuePane(queue), 1200, 300));
        stage.show();
    }

    @AfterEach
    void close() {
        queue.close();
    }

    /** What the Status column shows, top to bottom. */
    private List<String> statuses() {
        return lookup("#queue-queued .queue-status").queryAllAs(TableCell.class).stream()
                .filter(cell -> !cell.isEmpty() && cell.getText() != null).map(TableCell::getText).toList();
    }

    @Test
    void theRowsOfAStoppedQueueSayItIsStopped() throws Exception {
        // Nothing listens there: were the queue processed, the item would fail at once, not wait.
        ConnectionSettings nowhere = ConnectionSettings.builder("127.0.0.1").port(Interop.freePort()).build();
        assertEquals(false, queue.isProcessing(), "a new queue waits for start()");
        queue.addDownload(nowhere, null, "/waiting.bin", Path.of("/tmp/ferry-never/waiting.bin"), false, 10, null);
        waitUntil("the waiting item's row in the Queued tab", () -> !statuses().isEmpty());
        assertEquals(List.of(I18n.t("state.queueStopped")), onFx(this::statuses),
                "the queue is not processed: the row must not say \"" + I18n.t("state.QUEUED") + "\"");
        queue.start();
        waitUntil("the row to stop saying the queue is stopped once it runs",
                () -> !statuses().isEmpty() && !statuses().contains(I18n.t("state.queueStopped"))
                        || lookup("#queue-queued .queue-status").queryAllAs(TableCell.class).stream().allMatch(TableCell::isEmpty));
    }

    /**
     * T3: while a server could not be reached the row only said "Queued" at 0 %, the reason in a notice that
     * went away (the server's outage costs the file none of its tries, so none was counted). It says why.
     */
    @Test
    void aRowWaitingForAServerThatCannotBeReachedSaysWhy() throws Exception {
        ConnectionSettings nowhere = ConnectionSettings.builder("127.0.0.1").port(Interop.freePort()).build();
        queue.addDownload(nowhere, null, "/waiting.bin", Path.of("/tmp/ferry-never/waiting.bin"), false, 10, null);
        queue.start();
        String queued = I18n.t("state.QUEUED") + ": ";
        waitUntil("the row saying why it waits", () -> statuses().stream().anyMatch(text -> text.startsWith(queued)));
    }
}
