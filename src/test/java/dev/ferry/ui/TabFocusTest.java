package dev.ferry.ui;

import dev.ferry.site.SettingsStore;
import dev.ferry.ui.connection.ConnectionTab;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A keyboard user in a file list who opens a tab (Ctrl+T, or a site from the Site Manager) found
 * the keyboard on the queue's tab strip: the list that had it went with the old tab's content,
 * and the arrow keys then switched Queued / Failed / Successful instead of moving in a list.
 */
@ExtendWith(ApplicationExtension.class)
class TabFocusTest extends GuiTest {

    @TempDir
    static Path directory;
    Stage stage;
    MainWindow window;
    AppContext app;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        Files.writeString(local.resolve("a.txt"), "a");
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
    void theKeyboardStaysInAFileListWhenTabsChange() throws Exception {
        ConnectionTab first = onFx(() -> window.currentTab());
        waitUntil("the local listing", () -> shows(table("local"), "a.txt"));
        interact(() -> first.localPane().table().requestFocus());
        waitUntil("the first tab's local list focused", () -> focused() == first.localPane().table());

        push(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.T);
        waitUntil("a second tab", () -> onFx(() -> window.tabs().getTabs().size()) == 2);
        ConnectionTab second = onFx(() -> window.currentTab());
        waitUntil("the new tab's local list focused (not the queue's tabs)",
                () -> focused() == second.localPane().table());

        // Ctrl+Tab, as a keyboard user goes back.
        push(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.TAB);
        waitUntil("back in the first tab's local list", () -> focused() == first.localPane().table());
    }

    private Node focused() throws Exception {
        return onFx(() -> stage.getScene().getFocusOwner());
    }
}
