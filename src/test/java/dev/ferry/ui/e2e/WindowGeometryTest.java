package dev.ferry.ui.e2e;

import dev.ferry.ui.e2e.FerryProcess.Box;
import dev.ferry.ui.e2e.FerryProcess.FxWindow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window comes back as it was closed, start after start, on a desktop whose window manager
 * draws a title bar: a size saved with the frame but restored as the content grew the window by the
 * frame at every start, and once the screen held it no longer, the shrink came out of the file
 * panes until they were gone.
 */
class WindowGeometryTest {

    @TempDir
    static Path directory;
    static Desktop desktop;

    @BeforeAll
    static void start() throws Exception {
        desktop = Desktop.start(directory.resolve("x"));
    }

    @AfterAll
    static void stop() {
        if (desktop != null) {
            desktop.close();
        }
    }

    /** What a start showed once the window settled: the window as JavaFX sees it, the file panes' area and the queue's. */
    record Seen(FxWindow window, Box connectionTabs, Box queue) {
    }

    /** Starts the app, waits for the window to settle, then closes it with the window manager's Alt+F4. */
    static Seen startAndClose(Path config) throws Exception {
        try (FerryProcess app = FerryProcess.start(desktop, config, Map.of())) {
            Box tabs = RealWindowTest.node(app, "#connection-tabs");
            FxWindow[] window = new FxWindow[2];
            desktop.waitFor("the main window the same size twice", () -> {
                window[1] = window[0];
                window[0] = app.windows().stream().filter(w -> w.title().equals("Ferry")).findFirst().orElse(null);
                return window[0] != null && window[0].equals(window[1]);
            });
            tabs = RealWindowTest.node(app, "#connection-tabs");
            Box queue = RealWindowTest.node(app, "#queue-tabs");
            // Pressed again while the window is still there: on a loaded machine the window manager
            // can take the key before the activation has landed (the app then never saw it).
            for (int attempt = 0; attempt < 3 && app.isAlive() && !desktop.windowsNamed("^Ferry$").isEmpty(); attempt++) {
                desktop.xdotool("windowactivate", "--sync", desktop.windowsNamed("^Ferry$").getFirst());
                desktop.key("alt+F4");
                try {
                    desktop.waitFor("the window gone after Alt+F4", 20,
                            () -> !app.isAlive() || desktop.windowsNamed("^Ferry$").isEmpty());
                } catch (AssertionError keyLost) {
                    // Tried again above, up to three times; the exit itself is awaited below.
                }
            }
            app.awaitExit("the app to end once its window was closed");
            return new Seen(window[0], tabs, queue);
        }
    }

    static List<Seen> threeStarts(String name, int width, int height, boolean maximized) throws Exception {
        Path config = Files.createDirectories(directory.resolve(name));
        Files.writeString(config.resolve("ui-state.json"), """
                {"x": 30, "y": 30, "width": %d, "height": %d, "maximized": %s, "dividers": {"queue": 0.6},
                 "logVisible": true, "queueVisible": true}
                """.formatted(width, height, maximized));
        List<Seen> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            seen.add(startAndClose(config));
        }
        return seen;
    }

    @Test
    void aWindowThatFitsTheScreenComesBackTheSameSize() throws Exception {
        List<Seen> seen = threeStarts("fits", 1000, 640, false);
        for (Seen start : seen) {
            assertEquals(1000, start.window().sceneWidth(), "the window's content width at each start: " + seen);
            assertEquals(640, start.window().sceneHeight(), "the window's content height at each start: " + seen);
            assertEquals(seen.getFirst().connectionTabs().height(), start.connectionTabs().height(),
                    "the file panes' height at each start: " + seen);
        }
    }

    @Test
    void aWindowTallerThanTheScreenSettlesAndKeepsItsFilePanes() throws Exception {
        // Saved by a run on a taller screen (or grown by earlier versions): the window manager shrinks it once.
        List<Seen> seen = threeStarts("taller", 1000, Desktop.HEIGHT, false);
        assertTrue(seen.getFirst().window().height() <= Desktop.HEIGHT, "the first start fits the screen: " + seen);
        assertEquals(seen.get(1), seen.get(2), "after the first start, the same window and file panes: " + seen);
        assertTrue(seen.get(2).connectionTabs().height() >= seen.getFirst().connectionTabs().height() - 30,
                "the file panes keep their height: " + seen);
    }

    @Test
    void aMaximizedWindowKeepsItsQueueAndFilePanes() throws Exception {
        List<Seen> seen = threeStarts("maximized", 900, 600, true);
        assertEquals(seen.get(1), seen.get(2), "the second and third start show the same: " + seen);
        assertTrue(Math.abs(seen.get(2).queue().height() - seen.getFirst().queue().height()) <= 2,
                "the queue keeps its height: " + seen);
    }

    @Test
    void aWindowStartedMaximizedGoesBackToItsSavedSizeWhenUnmaximized() throws Exception {
        Path config = Files.createDirectories(directory.resolve("unmaximize"));
        Files.writeString(config.resolve("ui-state.json"), """
                {"x": 30, "y": 30, "width": 900, "height": 600, "maximized": true, "logVisible": true, "queueVisible": true}
                """);
        try (FerryProcess app = FerryProcess.start(desktop, config, Map.of())) {
            FxWindow[] window = new FxWindow[2];
            desktop.waitFor("the main window maximized, the same size twice", () -> {
                window[1] = window[0];
                window[0] = main(app);
                return window[0] != null && window[0].equals(window[1]) && window[0].width() >= Desktop.WIDTH - 10;
            });
            FxWindow maximized = window[0];
            // As a user does it: a double-click on the title bar openbox draws above the content.
            int titleBar = maximized.height() - maximized.sceneHeight();
            desktop.doubleClick(maximized.x() + maximized.width() / 2.0, maximized.y() + Math.max(titleBar / 2.0, 3));
            // The window passes through its normal size on the way (the window manager restores it,
            // then JavaFX resized it to the screen again): only where it comes to rest counts.
            List<FxWindow> seen = new ArrayList<>();
            desktop.waitFor("the window to rest, un-maximized", () -> {
                seen.add(main(app));
                int n = seen.size();
                return n >= 40 && !seen.getLast().equals(maximized) && seen.subList(n - 40, n).stream().distinct().count() == 1;
            });
            FxWindow normal = seen.getLast();
            String story = "maximized it was " + maximized + "; then, un-maximized, " + seen.stream().distinct().toList();
            if (Math.abs(normal.sceneWidth() - 900) > 3 || Math.abs(normal.sceneHeight() - 600) > 3) {
                desktop.screenshot(Files.createDirectories(RealWindowTest.SHOTS).resolve("unmaximized.png"));
            }
            assertTrue(Math.abs(normal.sceneWidth() - 900) <= 3 && Math.abs(normal.sceneHeight() - 600) <= 3,
                    "the window back at its saved content size, 900 x 600: " + story);
            assertTrue(Math.abs(normal.x() - 30) <= 3 && Math.abs(normal.y() - 30) <= 3,
                    "the window back at its saved place, 30, 30: " + story);
        }
    }

    private static FxWindow main(FerryProcess app) {
        return app.windows().stream().filter(w -> w.title().equals("Ferry")).findFirst().orElse(null);
    }
}
