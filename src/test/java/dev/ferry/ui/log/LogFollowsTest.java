package dev.ferry.ui.log;

import dev.ferry.ftp.DialogueEntry;
import dev.ferry.ui.GuiTest;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.time.Instant;

/**
 * T8: once a line of the log was selected (a click while dragging the divider above it), the log stopped
 * following the dialogue for good, without a sign; FileZilla follows unless the user scrolled up.
 */
@ExtendWith(ApplicationExtension.class)
class LogFollowsTest extends GuiTest {

    LogConsole console;
    Scene scene;
    Stage own;

    @Start
    void start(Stage stage) {
        console = new LogConsole();
        scene = new Scene(console, 900, 300);
        own = new Stage();
        own.setScene(scene);
        own.show();
    }

    @AfterEach
    void stop() {
        interact(() -> own.close());
    }

    @Test
    void aSelectedLineDoesNotStopTheLogFollowing() throws Exception {
        say(0, 100);
        waitUntil("the hundredth line shown", () -> lastShown() == 99);
        interact(() -> lines().getSelectionModel().select(97));
        say(100, 50);
        waitUntil("the log following past the selected line to the 150th", () -> lastShown() == 149);
    }

    @Test
    void aLogScrolledUpStaysWhereTheUserPutIt() throws Exception {
        say(0, 100);
        waitUntil("the hundredth line shown", () -> lastShown() == 99);
        interact(() -> lines().scrollTo(0));
        waitUntil("the first line shown", () -> firstShown() == 0);
        say(100, 50);
        waitUntil("the new lines listed", () -> onFx(() -> lines().getItems().size()) == 150);
        waitUntil("still the first line shown", () -> firstShown() == 0);
    }

    /**
     * T10: after a listing the last line stayed below the view and the log stopped following: replies of several
     * lines (FEAT, a LIST's) make some lines taller than the rest. Burst after burst, the last line is whole in view.
     */
    @Test
    void theLastLineStaysWholeInViewAfterRepliesOfSeveralLines() throws Exception {
        int said = 0;
        for (int burst = 0; burst < 12; burst++) {
            for (int i = 0; i < 8; i++, said++) {
                String text = i % 3 == 0 ? "211-Features:\n MDTM\n SIZE\n MLST type*;size*;modify*;\n211 End " + said
                        : "200 line " + said;
                console.listener().onEntry(new DialogueEntry(Instant.now(), "Browsing", DialogueEntry.Kind.values()[0],
                        text, null));
            }
            int last = said - 1;
            waitUntil("line " + last + " listed", () -> onFx(() -> lines().getItems().size()) == last + 1);
            waitUntil("line " + last + " whole at the bottom of the view", () -> lastWholeInView(last));
        }
    }

    private boolean lastWholeInView(int index) throws Exception {
        return onFx(() -> {
            javafx.scene.control.IndexedCell<?> cell = flow().getLastVisibleCell();
            if (cell == null || cell.getIndex() != index) {
                return false;
            }
            javafx.geometry.Bounds inFlow = flow().sceneToLocal(cell.localToScene(cell.getLayoutBounds()));
            return inFlow.getMaxY() <= flow().getHeight() + 0.5;
        });
    }

    private void say(int from, int count) {
        for (int i = from; i < from + count; i++) {
            console.listener().onEntry(new DialogueEntry(Instant.now(), "Browsing", DialogueEntry.Kind.values()[0],
                    "200 line " + i, null));
        }
    }

    @SuppressWarnings("unchecked")
    private ListView<DialogueEntry> lines() {
        return (ListView<DialogueEntry>) scene.lookup("#log-list");
    }

    private int lastShown() throws Exception {
        return onFx(() -> flow().getLastVisibleCell() == null ? -1 : flow().getLastVisibleCell().getIndex());
    }

    private int firstShown() throws Exception {
        return onFx(() -> flow().getFirstVisibleCell() == null ? -1 : flow().getFirstVisibleCell().getIndex());
    }

    private VirtualFlow<?> flow() {
        return (VirtualFlow<?>) lines().lookup(".virtual-flow");
    }
}
