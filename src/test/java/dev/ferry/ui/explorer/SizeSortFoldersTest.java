package dev.ferry.ui.explorer;

import dev.ferry.site.SettingsStore;
import dev.ferry.ui.AppContext;
import dev.ferry.ui.GuiTest;
import dev.ferry.ui.MainWindow;
import dev.ferry.ui.UiState;
import javafx.scene.control.TableColumn;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sorting by Size shuffled the folders by a size the column does not show (a directory's own
 * size, which grows with its entries: "照片" before "many" on the server of a first-hour trial).
 * A folder has no size to show, so folders keep their name order, as in FileZilla.
 */
@ExtendWith(ApplicationExtension.class)
class SizeSortFoldersTest extends GuiTest {

    @TempDir
    static Path directory;
    Path local;
    MainWindow window;
    AppContext app;

    @Start
    void start(Stage stage) throws Exception {
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        Path big = Files.createDirectories(local.resolve("a-big"));
        for (int i = 0; i < 400; i++) {
            Files.writeString(big.resolve("entry-with-a-long-name-" + i + ".txt"), "x");
        }
        Files.createDirectories(local.resolve("b-small"));
        Files.createDirectories(local.resolve("c-small"));
        Files.writeString(local.resolve("file.txt"), "1");
        SettingsStore settings = SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json"));
        app = new AppContext(settings, () -> stage);
        window = new MainWindow(app, stage, UiState.defaults().withLastLocalDirectory("*", local.toString()));
        stage.show();
    }

    @AfterEach
    void stop() {
        interact(() -> window.tabs().getTabs().clear());
        app.close();
    }

    @Test
    void foldersKeepTheirNameOrderWhenSortedBySize() throws Exception {
        assertTrue(Files.size(local.resolve("a-big")) > Files.size(local.resolve("b-small")),
                "the file system gives a full folder a larger size (else this shows nothing)");
        waitUntil("the local listing", () -> shows(table("local"), "file.txt"));
        for (TableColumn.SortType way : TableColumn.SortType.values()) {
            interact(() -> {
                var size = table("local").getColumns().stream().filter(c -> "size".equals(c.getId())).findFirst().orElseThrow();
                size.setSortType(way);
                table("local").getSortOrder().setAll(List.of(size));
            });
            assertEquals(List.of("..", "a-big", "b-small", "c-small", "file.txt"),
                    onFx(() -> table("local").getItems().stream().map(FileRow::name).toList()), way.toString());
        }
    }
}
