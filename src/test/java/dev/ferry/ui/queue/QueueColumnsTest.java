package dev.ferry.ui.queue;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.Interop;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.TransferQueue;
import dev.ferry.ui.GuiTest;
import dev.ferry.ui.I18n;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * T8, T10: the queue's "Remote file" column began with the server ("user@host:port  /path…"), so at its width no
 * file's name was ever seen, and a long local path showed its start, not its name.
 */
@ExtendWith(ApplicationExtension.class)
class QueueColumnsTest extends GuiTest {

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

    @Test
    void eachPathColumnShowsTheFilesNameAndTheServerHasItsOwn() throws Exception {
        ConnectionSettings server = ConnectionSettings.builder("127.0.0.1").port(Interop.freePort()).user("webmaster").build();
        // Not processed: the item waits, listed under Queued.
        queue.addDownload(server, null, "/var/www/example.com/public_html/assets/images/gallery/2026/holiday-photo.jpg",
                Path.of("/home/someone/Downloads/websites/example.com/assets/images/gallery/2026/local-copy.jpg"),
                false, 10, null);
        waitUntil("the row drawn", () -> shown("#queue-queued .queue-remote").size() == 1);
        String remote = onFx(() -> shown("#queue-queued .queue-remote").getFirst());
        String local = onFx(() -> shown("#queue-queued .queue-local").getFirst());
        assertTrue(remote.endsWith("holiday-photo.jpg") && !remote.contains("webmaster@"), "the remote file's name: " + remote);
        assertTrue(local.endsWith("local-copy.jpg"), "the local file's name: " + local);
        assertTrue(onFx(() -> shown("#queue-queued .queue-server")).getFirst().startsWith("webmaster@"),
                "the server in a column of its own");
    }

    /** The text each non-empty cell of {@code selector} shows as drawn, ellipsis included. */
    private List<String> shown(String selector) {
        return lookup(selector).queryAllAs(TableCell.class).stream().filter(cell -> !cell.isEmpty() && cell.getText() != null)
                .map(cell -> cell.lookupAll(".text").stream().filter(Text.class::isInstance)
                        .map(node -> ((Text) node).getText()).findFirst().orElse(cell.getText())).toList();
    }
}
