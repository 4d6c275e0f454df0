package dev.ferry.ui.log;

import dev.ferry.ftp.DialogueEntry;
import dev.ferry.ui.GuiTest;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The log's Session choice grew to its longest entry as the queue's workers logged in, and the
 * search field beside it jumped to the right in the middle of a download.
 */
@ExtendWith(ApplicationExtension.class)
class SessionChoiceWidthTest extends GuiTest {

    LogConsole console;
    Scene scene;

    Stage own;

    /** A stage of its own: the shared one, left 300 px high, hid the rows the next window tests click. */
    @Start
    void start(Stage stage) {
        console = new LogConsole();
        scene = new Scene(console, 1000, 300);
        own = new Stage();
        own.setScene(scene);
        own.show();
    }

    @org.junit.jupiter.api.AfterEach
    void stop() {
        interact(() -> own.close());
    }

    @Test
    void theSessionChoiceKeepsItsWidthWhenWorkersLogIn() throws Exception {
        console.listener().onEntry(new DialogueEntry(Instant.now(), "Browsing", DialogueEntry.Kind.values()[0], "220 hi", null));
        waitUntil("the browsing session listed", () -> sessions().getItems().contains("Browsing"));
        double before = width();
        console.listener().onEntry(new DialogueEntry(Instant.now(),
                "worker 1 someone@a-rather-long-host-name.example.org:2121", DialogueEntry.Kind.values()[0], "220 hi", null));
        waitUntil("the worker listed", () -> sessions().getItems().size() == 3);
        assertEquals(before, width(), 0.5, "the Session choice kept its width");
    }

    @SuppressWarnings("unchecked")
    private ComboBox<String> sessions() {
        return (ComboBox<String>) scene.lookup("#log-sessions");
    }

    private double width() throws Exception {
        return onFx(() -> {
            console.applyCss();
            console.layout();
            return sessions().getWidth();
        });
    }
}
