package dev.ferry.ui.dialogs;

import dev.ferry.ui.GuiTest;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The New folder question says the folder it goes in: a long path made it as wide as the screen, its end, the folder
 * the question names, cut off (seen by a helper in the real window, 260 characters).
 */
@ExtendWith(ApplicationExtension.class)
class NameQuestionTest extends GuiTest {

    Stage main;

    @Start
    void start(Stage stage) {
        main = stage;
        stage.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(), 600, 400));
        stage.show();
    }

    @Test
    void aLongFolderInTheQuestionWrapsInsteadOfWideningIt() throws Exception {
        String folder = "/home/user" + "/a-really-long-folder-name-for-testing".repeat(7) + "/the-last-one";
        String question = "Name of the new folder in " + folder + ":";
        javafx.application.Platform.runLater(() -> Dialogs.name(main, "New folder", question, "", typed -> Optional.empty()));
        waitUntil("the question shown", () -> lookup("#text-dialog").tryQuery().isPresent());
        Window shown = lookup("#text-dialog").query().getScene().getWindow();
        double width = onFx(shown::getWidth);
        assertTrue(width <= 640, "the question is " + width + " px wide");
        javafx.scene.control.Label said = lookup("#text-dialog .label").queryAll().stream()
                .map(node -> (javafx.scene.control.Label) node).filter(label -> question.equals(label.getText()))
                .findFirst().orElseThrow();
        // As drawn: a text cut short ends in an ellipsis there.
        String drawn = onFx(() -> ((javafx.scene.text.Text) said.lookup(".text")).getText());
        assertTrue(drawn.replace("\n", "").endsWith("/the-last-one:"), "the whole question shown, the last folder too: " + drawn);
        interact(() -> ((Stage) shown).close());
    }
}
