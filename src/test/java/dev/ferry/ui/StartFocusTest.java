package dev.ferry.ui;

import dev.ferry.site.SettingsStore;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * At a start with no tab to restore, the first thing to do is to type a server, as in FileZilla:
 * the keyboard was nowhere near the quick-connect host field.
 */
@ExtendWith(ApplicationExtension.class)
class StartFocusTest extends GuiTest {

    Stage stage;
    AppContext app;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        forgetSavedQueue();
        app = new AppContext(SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json")), () -> stage);
        new MainWindow(app, stage, UiState.defaults());
        stage.show();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void aFreshStartPutsTheKeyboardInTheHostField() throws Exception {
        Node hostEditor = lookup("#quick-host").queryAs(ComboBox.class).getEditor();
        waitUntil("the keyboard in the host field (it is on: " + onFx(() -> stage.getScene().getFocusOwner()) + ")",
                () -> onFx(() -> stage.getScene().getFocusOwner()) == hostEditor
                        || onFx(() -> stage.getScene().getFocusOwner()) == lookup("#quick-host").query());
        write("example.org");
        waitUntil("typed into it", () -> "example.org".equals(onFx(() -> lookup("#quick-host").queryAs(ComboBox.class)
                .getEditor().getText())));
    }
}
