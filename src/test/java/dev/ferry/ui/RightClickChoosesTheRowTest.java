package dev.ferry.ui;

import dev.ferry.site.SettingsStore;
import dev.ferry.ui.explorer.FileRow;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.TableRow;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.PickResult;
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

/**
 * A right click on a row that is not chosen chooses it first, as in file managers: the menu acted
 * on the rows chosen before, not on the one under the pointer.
 */
@ExtendWith(ApplicationExtension.class)
class RightClickChoosesTheRowTest extends GuiTest {

    @TempDir
    static Path directory;
    Path local;
    MainWindow window;
    AppContext app;

    @Start
    void start(Stage stage) throws Exception {
        forgetSavedQueue();
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        Files.writeString(local.resolve("a.txt"), "a");
        Files.writeString(local.resolve("b.txt"), "b");
        Files.writeString(local.resolve("c.txt"), "c");
        SettingsStore settings = SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json"));
        app = new AppContext(settings, () -> stage);
        window = new MainWindow(app, stage, UiState.defaults().withLastLocalDirectory("*", local.toString()));
        stage.show();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void aRightClickOnAnUnchosenFileRowChoosesIt() throws Exception {
        waitUntil("the local files", () -> shows(table("local"), "c.txt"));
        // Chosen through the table: how they were chosen is not what is tested.
        interact(() -> {
            table("local").getSelectionModel().clearSelection();
            table("local").getItems().stream().filter(r -> r.name().equals("a.txt") || r.name().equals("b.txt"))
                    .toList().forEach(r -> table("local").getSelectionModel().select(r));
        });
        waitUntil("a and b chosen", () -> chosen().equals(List.of("a.txt", "b.txt")));

        // On a chosen row the choice stays: the menu acts on all of it.
        rightClick("#local-table", row -> row instanceof FileRow file && file.name().equals("b.txt"));
        waitUntil("the list's menu", () -> lookup(".context-menu").tryQuery().isPresent());
        assertEquals(List.of("a.txt", "b.txt"), onFx(this::chosen), "a right click inside the choice keeps it");

        rightClick("#local-table", row -> row instanceof FileRow file && file.name().equals("c.txt"));
        waitUntil("the list's menu", () -> lookup(".context-menu").tryQuery().isPresent());
        assertEquals(List.of("c.txt"), onFx(this::chosen), "the row under the pointer, alone");
        type(KeyCode.ESCAPE);
    }

    @Test
    void aRightClickOnAnUnchosenQueueRowChoosesIt() throws Exception {
        dev.ferry.ftp.ConnectionSettings nowhere = dev.ferry.ftp.ConnectionSettings.builder("127.0.0.1")
                .port(dev.ferry.testing.Interop.freePort()).build();
        // The queue is not started: the items wait, and their rows stay put.
        for (String name : List.of("one", "two", "three")) {
            app.queue().addDownload(nowhere, null, "/" + name, local.resolve(name), false, 10, null);
        }
        waitUntil("the queued rows", () -> queueTable().getItems().size() == 3);
        interact(() -> {
            queueTable().getSelectionModel().clearSelection();
            queueTable().getItems().stream().filter(i -> !i.remotePath().equals("/three")).toList()
                    .forEach(i -> queueTable().getSelectionModel().select(i));
        });
        waitUntil("one and two chosen", () -> queueChosen().equals(List.of("/one", "/two")));

        rightClick("#queue-queued", row -> row instanceof dev.ferry.transfer.ItemSnapshot i && i.remotePath().equals("/two"));
        waitUntil("the queue's menu", () -> lookup(I18n.t("queue.remove")).tryQuery().isPresent());
        assertEquals(List.of("/one", "/two"), onFx(this::queueChosen), "a right click inside the choice keeps it");

        rightClick("#queue-queued", row -> row instanceof dev.ferry.transfer.ItemSnapshot i && i.remotePath().equals("/three"));
        waitUntil("the queue's menu", () -> lookup(I18n.t("queue.remove")).tryQuery().isPresent());
        assertEquals(List.of("/three"), onFx(this::queueChosen), "the row under the pointer, alone");
        type(KeyCode.ESCAPE);
    }

    @SuppressWarnings("unchecked")
    private javafx.scene.control.TableView<dev.ferry.transfer.ItemSnapshot> queueTable() {
        return (javafx.scene.control.TableView<dev.ferry.transfer.ItemSnapshot>) lookup("#queue-queued")
                .queryAs(javafx.scene.control.TableView.class);
    }

    private List<String> queueChosen() {
        return queueTable().getSelectionModel().getSelectedItems().stream()
                .map(dev.ferry.transfer.ItemSnapshot::remotePath).sorted().toList();
    }

    private List<String> chosen() {
        return table("local").getSelectionModel().getSelectedItems().stream().map(FileRow::name).sorted().toList();
    }

    /**
     * The menu request of a right click on the row of {@code table} whose item passes {@code item},
     * as the platform sends it. Not preceded by a press here: JavaFX's own press handling chooses
     * the row when a press comes first and reaches the table, but a request can come without one
     * (a touch screen's long press, a pen, a press an open popup took for itself), and the menu
     * must not depend on it. The row is looked up on the FX thread right before: rows are reused.
     */
    private void rightClick(String table, java.util.function.Predicate<Object> item) {
        waitUntil("the row to click in " + table, () -> visibleRow(table, item) != null);
        interact(() -> {
            Node row = visibleRow(table, item);
            Bounds at = row.localToScreen(row.getBoundsInLocal());
            Event.fireEvent(row, new ContextMenuEvent(ContextMenuEvent.CONTEXT_MENU_REQUESTED, 20, 5,
                    at.getMinX() + 20, at.getMinY() + 5, false, new PickResult(row, at.getMinX() + 20, at.getMinY() + 5)));
        });
    }

    private Node visibleRow(String table, java.util.function.Predicate<Object> item) {
        return lookup(table + " .table-row-cell").match((TableRow<?> r) -> r.getItem() != null && item.test(r.getItem())
                && r.isVisible() && r.getScene() != null && r.localToScreen(r.getBoundsInLocal()) != null)
                .tryQuery().orElse(null);
    }
}
