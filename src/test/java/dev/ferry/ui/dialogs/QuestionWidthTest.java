package dev.ferry.ui.dialogs;

import dev.ferry.ui.GuiTest;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Questions with a long name or path in them (seen by a helper in the real window): the New folder question, which
 * says the folder it goes in, became as wide as the screen with its end, the folder named, cut off; the delete
 * question of a long name as wide as the screen.
 */
@ExtendWith(ApplicationExtension.class)
class QuestionWidthTest extends GuiTest {

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

    @Test
    void aLongNameInTheDeleteQuestionKeepsItNarrow() throws Exception {
        String name = "a-long-file-name-".repeat(12) + "end.txt";
        javafx.application.Platform.runLater(() -> Dialogs.confirmDeletion(main, "Delete \"" + name + "\" from the server?",
                "This cannot be undone.", false));
        waitUntil("the question shown", () -> lookup("#confirm-dialog").tryQuery().isPresent());
        Window shown = lookup("#confirm-dialog").query().getScene().getWindow();
        double width = onFx(shown::getWidth);
        assertTrue(width <= 640, "the question is " + width + " px wide");
        String drawn = onFx(() -> ((javafx.scene.text.Text) lookup("#confirm-dialog .header-panel .label").query()
                .lookup(".text")).getText());
        assertTrue(drawn.replace("\n", "").endsWith("end.txt\" from the server?"), "the whole name shown: " + drawn);
        interact(() -> ((Stage) shown).close());
    }

    @Test
    void theDeleteQuestionIsTitledForWhatItAsks() throws Exception {
        javafx.application.Platform.runLater(() -> Dialogs.confirmDeletion(main, "Delete \"a.txt\" from the server?",
                "This cannot be undone.", false));
        waitUntil("the question shown", () -> lookup("#confirm-dialog").tryQuery().isPresent());
        Stage shown = (Stage) lookup("#confirm-dialog").query().getScene().getWindow();
        assertEquals("Delete", onFx(shown::getTitle), "the delete question's title");
        interact(shown::close);
    }

    /** A helper saw the New file question grow to the right when a name was refused under it, off its owner's middle. */
    @Test
    void aNameQuestionStaysCentredWhenItsProblemLineAppears() throws Exception {
        String problem = "A name cannot hold a slash: the file would be made in another folder than this one.";
        javafx.application.Platform.runLater(() -> Dialogs.name(main, "New file", "Name:", "",
                typed -> typed.contains("/") ? Optional.of(problem) : Optional.empty()));
        waitUntil("the question shown", () -> lookup("#text-dialog").tryQuery().isPresent());
        Stage shown = (Stage) lookup("#text-dialog").query().getScene().getWindow();
        double ownerCentre = onFx(() -> main.getX() + main.getWidth() / 2);
        waitUntil("the question centred over its owner",
                () -> onFx(() -> Math.abs(shown.getX() + shown.getWidth() / 2 - ownerCentre)) < 3);
        double narrow = onFx(shown::getWidth);
        javafx.scene.control.TextField field = lookup("#text-dialog .text-field").query();
        interact(() -> field.setText("a/b"));
        waitUntil("the problem said and the question wider", () -> lookup("#text-dialog-problem").query().isVisible()
                && onFx(shown::getWidth) > narrow + 20);
        waitUntil("the wider question still centred over its owner (centre " + ownerCentre + ")",
                () -> onFx(() -> Math.abs(shown.getX() + shown.getWidth() / 2 - ownerCentre)) < 3);
        interact(shown::close);
    }
}
