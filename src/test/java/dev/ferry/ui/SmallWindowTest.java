package dev.ferry.ui;

import dev.ferry.site.SettingsStore;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A window made small (900 × 600): the log, the queue and the folder trees kept their heights and
 * the file lists shrank to their headers, with no row left to see.
 */
@ExtendWith(ApplicationExtension.class)
class SmallWindowTest extends GuiTest {

    /** About five rows under the column headers. */
    private static final double ROWS_LEFT = 120;

    @TempDir
    static Path directory;
    Stage stage;
    AppContext app;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        SettingsStore settings = SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json"));
        app = new AppContext(settings, () -> stage);
        new MainWindow(app, stage, UiState.defaults().withLastLocalDirectory("*", local.toString()));
        stage.show();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void theFileListsKeepSomeRowsWhenTheWindowIsSmall() {
        interact(() -> {
            stage.setWidth(1600);
            stage.setHeight(1000);
        });
        waitUntil("the large window laid out", () -> table("local").getHeight() > ROWS_LEFT);
        double logHeight = lookup("#log-console").queryAs(javafx.scene.layout.Region.class).getHeight();
        double treeHeight = lookup("#local-tree").queryAs(javafx.scene.layout.Region.class).getHeight();
        interact(() -> {
            stage.setWidth(900);
            stage.setHeight(600);
        });
        waitUntil("the small window laid out", () -> stage.getScene().getHeight() < 620);
        waitUntil("every word of the quick connect bar whole (none cut to …)", () -> lookup("#quick-connect")
                .queryAs(javafx.scene.layout.HBox.class).getChildren().stream()
                .filter(node -> node instanceof javafx.scene.control.Labeled)
                .map(node -> (javafx.scene.control.Labeled) node)
                .allMatch(words -> words.getWidth() >= words.prefWidth(-1) - 0.5));
        for (String pane : new String[] {"local", "remote"}) {
            javafx.scene.control.Label title = lookup("#" + pane + " .pane-title").queryAs(javafx.scene.control.Label.class);
            waitUntil("the " + pane + " pane's title whole", () -> title.getWidth() >= title.prefWidth(-1) - 0.5);
            TableView<?> table = table(pane);
            waitUntil("room for rows in the " + pane + " list (it is " + table.getHeight() + " px high)",
                    () -> table.getHeight() >= ROWS_LEFT);
        }
        assertTrue(lookup("#log-console").queryAs(javafx.scene.layout.Region.class).getHeight() >= 40, "two lines of the log");
        assertTrue(lookup("#local-tree").queryAs(javafx.scene.layout.Region.class).getHeight() >= 40, "some of the tree");
        // Large again: the log and the tree have their room back, not the sliver the small window left.
        interact(() -> {
            stage.setWidth(1600);
            stage.setHeight(1000);
        });
        waitUntil("the log back to most of its height (" + logHeight + " px)", () ->
                lookup("#log-console").queryAs(javafx.scene.layout.Region.class).getHeight() >= logHeight * 0.8);
        waitUntil("the tree back to most of its height (" + treeHeight + " px)", () ->
                lookup("#local-tree").queryAs(javafx.scene.layout.Region.class).getHeight() >= treeHeight * 0.8);
    }

    /** At 1600 px the queue's Status column cut its text off with ~350 px empty to its right. */
    @Test
    void theQueueStatusColumnTakesTheRoomLeft() {
        interact(() -> {
            stage.setWidth(1600);
            stage.setHeight(1000);
        });
        waitUntil("the queue's table", () -> lookup("#queue-queued").tryQuery().isPresent());
        TableView<?> queue = lookup("#queue-queued").queryAs(TableView.class);
        waitUntil("the columns across the whole table", () -> {
            double columns = queue.getColumns().stream().mapToDouble(c -> c.getWidth()).sum();
            return queue.getWidth() > 1000 && columns >= queue.getWidth() - 30;
        });
    }
}
