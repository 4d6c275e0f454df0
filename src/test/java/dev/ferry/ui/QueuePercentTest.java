package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.TransferQueue;
import dev.ferry.ui.queue.QueuePane;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The percentage over a queue row's bar is readable when the row is selected: it was white on the light track. */
@ExtendWith(ApplicationExtension.class)
class QueuePercentTest extends GuiTest {

    private TransferQueue queue;
    @org.junit.jupiter.api.io.TempDir
    Path skipDirectory;
    private Scene scene;

    @Start
    void start(Stage stage) {
        I18n.use("en");
        queue = new TransferQueue(QueueSettings.DEFAULT, null, null);
        ConnectionSettings nowhere = ConnectionSettings.builder("127.0.0.1").port(9).user("u").password("p").build();
        // Not started: the item waits at 0 %, its bar and percentage shown.
        queue.addDownload(nowhere, null, "/big.bin", Path.of("/tmp/ferry-never/big.bin"), false, 50_000, null);
        scene = new Scene(new QueuePane(queue), 900, 300);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void close() {
        queue.close();
    }

    @SuppressWarnings("unchecked")
    private void checkSelectedRowIn(String theme) {
        interact(() -> Theme.apply(scene, theme));
        waitUntil("the queued row with its percentage", () -> scene.getRoot().lookupAll(".progress-percent").stream()
                .anyMatch(n -> n instanceof Label label && "0%".equals(label.getText()) && label.isVisible()));
        interact(() -> {
            TableView<ItemSnapshot> table = (TableView<ItemSnapshot>) scene.getRoot().lookup(".table-view");
            table.requestFocus();
            table.getSelectionModel().select(0);
        });
        interact(() -> { });
        Label percent = (Label) scene.getRoot().lookupAll(".progress-percent").stream()
                .filter(n -> n instanceof Label label && "0%".equals(label.getText())).findFirst().orElseThrow();
        Node bar = percent.getParent().lookup(".progress-bar");
        Region track = (Region) bar.lookup(".track");
        double contrast = DarkThemeTest.contrast(percent.getTextFill(), DarkThemeTest.background(track));
        assertTrue(contrast >= 3, theme + ": " + percent.getTextFill() + " on the track's "
                + DarkThemeTest.background(track) + ", contrast " + contrast);
    }

    @Test
    void thePercentageOfASelectedRowIsReadableInBothThemes() {
        checkSelectedRowIn("light");
        checkSelectedRowIn("dark");
    }

    /**
     * A row stays selected while the queue updates it (a running transfer's progress): the
     * selection went at each update, so Pause or the keyboard's menu acted on nothing.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aRowStaysSelectedWhileTheQueueUpdatesIt() {
        ConnectionSettings nowhere = ConnectionSettings.builder("127.0.0.1").port(9).user("u").password("p").build();
        long second = queue.addDownload(nowhere, null, "/second.bin", Path.of("/tmp/ferry-never/second.bin"), false, 10, null).id();
        queue.addDownload(nowhere, null, "/third.bin", Path.of("/tmp/ferry-never/third.bin"), false, 10, null);
        TableView<ItemSnapshot> table = (TableView<ItemSnapshot>) scene.getRoot().lookup(".table-view");
        waitUntil("three rows", () -> table.getItems().size() == 3);
        interact(() -> {
            table.requestFocus();
            table.getSelectionModel().select(1);
            table.getFocusModel().focus(1);
        });
        queue.pause(second);
        waitUntil("the row shown paused", () -> table.getItems().get(1).state() == dev.ferry.transfer.ItemState.PAUSED);
        waitUntil("the row still selected", () -> table.getSelectionModel().getSelectedItems().size() == 1
                && table.getSelectionModel().getSelectedItem().id() == second);
        queue.resume(second);
        waitUntil("the row shown queued again", () -> table.getItems().get(1).state() == dev.ferry.transfer.ItemState.QUEUED);
        waitUntil("the row still selected and focused", () -> table.getSelectionModel().getSelectedItems().size() == 1
                && table.getSelectionModel().getSelectedItem().id() == second && table.getFocusModel().getFocusedIndex() == 1);
    }

    /**
     * A skipped file (it existed and the answer was Skip) shows no progress bar among the finished
     * ones: an empty 0 % bar read as a transfer that never got going.
     */
    @Test
    void aSkippedFileShowsNoProgressBar() throws Exception {
        java.nio.file.Path home = skipDirectory;
        try (dev.ferry.testing.MinaServer server = dev.ferry.testing.MinaServer.builder(home).start()) {
            java.nio.file.Files.writeString(server.home().resolve("there.txt"), "server copy");
            java.nio.file.Path local = java.nio.file.Files.createDirectories(home.resolve("local"));
            java.nio.file.Files.writeString(local.resolve("there.txt"), "local copy");
            queue.setConflictResolver(conflict -> new dev.ferry.transfer.ConflictResolver.Decision(
                    dev.ferry.transfer.ConflictAction.SKIP, true));
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(dev.ferry.testing.MinaServer.USER).password(dev.ferry.testing.MinaServer.PASSWORD).build();
            long skipped = queue.addDownload(settings, null, "/there.txt", local.resolve("there.txt"), false, -1, null).id();
            queue.start();
            waitUntil("the file skipped", () -> queue.snapshot().stream().anyMatch(
                    i -> i.id() == skipped && i.state() == dev.ferry.transfer.ItemState.SKIPPED));
            clickOn("#tab-done");
            waitUntil("the skipped row shown", () -> scene.getRoot().lookupAll("#queue-done .table-row-cell").stream()
                    .anyMatch(n -> n instanceof javafx.scene.control.TableRow<?> row && row.getItem() instanceof ItemSnapshot item
                            && item.id() == skipped));
            javafx.scene.control.TableRow<?> row = (javafx.scene.control.TableRow<?>) scene.getRoot()
                    .lookupAll("#queue-done .table-row-cell").stream()
                    .filter(n -> n instanceof javafx.scene.control.TableRow<?> r && r.getItem() instanceof ItemSnapshot item
                            && item.id() == skipped).findFirst().orElseThrow();
            assertTrue(onFx(() -> row.lookupAll(".progress-bar").stream().noneMatch(bar -> bar.getParent().isVisible())),
                    "no bar on a skipped row");
            // Nor is it counted as a success: the tab said "Successful (1)" for a file that did not move.
            String title = onFx(() -> ((javafx.scene.control.TabPane) scene.getRoot().lookup("#queue-tabs")).getTabs()
                    .stream().filter(t -> "tab-done".equals(t.getId())).findFirst().orElseThrow().getText());
            assertEquals(dev.ferry.ui.I18n.t("queue.doneAndSkipped", 0, 1), title);
        }
    }

    /**
     * While the "file exists" question waits, the file's row says so and shows no bar: it said
     * "Transferring" over an empty bar, for a file that could not move until the user answered.
     */
    @Test
    void aFileWaitingForTheExistsAnswerSaysSo() throws Exception {
        java.nio.file.Path home = skipDirectory;
        java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        try (dev.ferry.testing.MinaServer server = dev.ferry.testing.MinaServer.builder(home).start()) {
            java.nio.file.Files.writeString(server.home().resolve("there.txt"), "server copy");
            java.nio.file.Path local = java.nio.file.Files.createDirectories(home.resolve("local"));
            java.nio.file.Files.writeString(local.resolve("there.txt"), "local copy");
            queue.setConflictResolver(conflict -> {
                asked.countDown();
                try {
                    answer.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new dev.ferry.transfer.ConflictResolver.Decision(dev.ferry.transfer.ConflictAction.OVERWRITE, false);
            });
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(dev.ferry.testing.MinaServer.USER).password(dev.ferry.testing.MinaServer.PASSWORD).build();
            long waiting = queue.addDownload(settings, null, "/there.txt", local.resolve("there.txt"), false, -1, null).id();
            queue.start();
            try {
                assertTrue(asked.await(60, java.util.concurrent.TimeUnit.SECONDS), "the question asked");
                waitUntil("the waiting row saying so", () -> rowTexts(waiting).contains("Waiting for an answer"));
                assertTrue(onFx(() -> rowOf(waiting).lookupAll(".progress-bar").stream()
                        .noneMatch(bar -> bar.getParent().isVisible())), "no bar while the question waits");
            } finally {
                answer.countDown();
            }
            waitUntil("the file downloaded after the answer", () -> queue.snapshot().stream().anyMatch(
                    i -> i.id() == waiting && i.state() == dev.ferry.transfer.ItemState.DONE));
            assertTrue(java.nio.file.Files.readString(local.resolve("there.txt")).equals("server copy"));
        }
    }

    private javafx.scene.control.TableRow<?> rowOf(long id) {
        return (javafx.scene.control.TableRow<?>) scene.getRoot().lookupAll(".table-row-cell").stream()
                .filter(n -> n instanceof javafx.scene.control.TableRow<?> r && r.getItem() instanceof ItemSnapshot item
                        && item.id() == id && r.isVisible()).findFirst().orElse(null);
    }

    private String rowTexts(long id) throws Exception {
        return onFx(() -> {
            javafx.scene.control.TableRow<?> row = rowOf(id);
            if (row == null) {
                return "";
            }
            StringBuilder texts = new StringBuilder();
            row.lookupAll(".table-cell").forEach(n -> {
                if (n instanceof javafx.scene.control.Labeled cell && cell.getText() != null) {
                    texts.append(cell.getText()).append(" | ");
                }
            });
            return texts.toString();
        });
    }
}
