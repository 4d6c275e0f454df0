package dev.ferry.ui.e2e;

import dev.ferry.ui.e2e.FerryProcess.Box;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * In the real window (Monocle did not show it), Ctrl+T from a file list left the keyboard on the
 * queue's tab strip: the arrow keys then switched Queued / Failed / Successful.
 */
class TabFocusRealWindowTest {

    @TempDir
    static Path directory;
    static Desktop desktop;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(RealWindowTest.SHOTS);
        desktop = Desktop.start(directory.resolve("x"));
    }

    @AfterAll
    static void stop() {
        if (desktop != null) {
            desktop.close();
        }
    }

    @Test
    void ctrlTLeavesTheKeyboardInTheNewTabsLocalList() throws Exception {
        try (FerryProcess app = LanguageAndThemeTestStarter.start(desktop, directory)) {
            desktop.waitFor("the local folder listed", () -> !app.items("local-table").isEmpty());
            Box row = app.nodeOnScreen("#local-table .table-row-cell");
            desktop.click(row.centerX(), row.centerY());
            desktop.waitFor("the local list focused", () -> app.focus().startsWith("TableView local-table"));
            desktop.key("ctrl+t");
            desktop.waitFor("a second connection tab", () -> app.nodes("#connection-tabs .tab").size() == 2);
            desktop.waitFor("the new tab's local list focused, not the queue's tabs: " + app.focus(), 10,
                    () -> app.focus().startsWith("TableView local-table"));
            desktop.screenshot(RealWindowTest.SHOTS.resolve("tab-focus.png"));
        }
    }

    /** A window with a local folder of its own, in a config folder of its own. */
    static final class LanguageAndThemeTestStarter {
        static FerryProcess start(Desktop desktop, Path directory) throws Exception {
            Path config = Files.createDirectories(directory.resolve("config"));
            Path local = Files.createDirectories(directory.resolve("local"));
            Files.writeString(local.resolve("a.txt"), "a");
            Files.writeString(config.resolve("settings.json"), """
                    {"version": 1, "passive": true, "timeoutSeconds": 30, "concurrentTransfers": 2, "retries": 5,
                     "showHiddenFiles": true}
                    """);
            Files.writeString(config.resolve("ui-state.json"), """
                    {"x": 20, "y": 20, "width": 1340, "height": 840, "maximized": false, "logVisible": true,
                     "queueVisible": true, "lastLocalDirectory": {"*": "%s"}}
                    """.formatted(local));
            return FerryProcess.start(desktop, config, java.util.Map.of());
        }
    }
}
