package dev.ferry.ui;

import dev.ferry.ftp.TlsMode;
import dev.ferry.testing.MinaServer;
import dev.ferry.ui.explorer.FileRow;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Window;
import org.junit.jupiter.api.BeforeAll;
import org.testfx.api.FxRobot;
import org.testfx.robot.BaseRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Base of the GUI tests: headless JavaFX (Monocle) unless {@code -Dferry.gui.headless=false},
 * a private config directory, and waiting helpers.
 */
public abstract class GuiTest extends FxRobot {

    protected static Path config;

    @BeforeAll
    public static void headless() throws Exception {
        if (!"false".equals(System.getProperty("ferry.gui.headless"))) {
            System.setProperty("testfx.robot", "glass");
            System.setProperty("testfx.headless", "true");
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
            System.setProperty("prism.text", "t2k");
            System.setProperty("java.awt.headless", "true");
            System.setProperty("headless.geometry", "1400x900-32");
        }
        config = Files.createTempDirectory("ferry-gui-config");
        System.setProperty("ferry.config.dir", config.toString());
        // Local deletions go to the Trash: this one, not the user's own.
        System.setProperty("ferry.trash.dir", config.resolve("Trash").toString());
        primaryStageAtItsUsualSize();
    }

    /**
     * TestFX keeps one primary stage for the whole JVM, and a stage that was shown keeps its size
     * when it is given a new scene: a class that showed a small scene on it (200 x 100 as a dialog's
     * owner) left it that small for the next class, whose main window then had its quick-connect
     * button out of view. Which class comes next is the file system's order, not the same on every
     * machine: every class starts from the size a main window gives it (its 1200 x 800 default).
     */
    private static void primaryStageAtItsUsualSize() throws java.util.concurrent.TimeoutException {
        javafx.stage.Stage primary = org.testfx.api.FxToolkit.registerPrimaryStage();
        org.testfx.api.FxToolkit.setupFixture(() -> {
            primary.setMaximized(false);
            primary.setWidth(1200);
            primary.setHeight(800);
        });
    }

    /** The config folder goes with its class: best effort, a late writer of the app may still be closing. */
    @org.junit.jupiter.api.AfterAll
    public static void forgetConfig() {
        if (config == null) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(config)) {
            for (Path path : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (java.io.IOException | java.io.UncheckedIOException leftForTheSystem) {
            // /tmp is cleaned by the system; a folder left here fails nothing.
        }
    }

    /**
     * Types {@code text} key by key into the focused window, as TestFX's own {@code write} does, but sends
     * the keys in a row and then waits once for the FX thread: TestFX waits some 50 ms after every
     * character, seconds per quick connect. The FX thread takes the keys in the order they were sent.
     */
    @Override
    public FxRobot write(String text) {
        Window window = robotContext().getWindowFinder().window(Window::isFocused);
        if (window == null) {
            window = targetWindow();
        }
        if (window == null) {
            window = robotContext().getWindowFinder().window(0);
        }
        BaseRobot keyboard = robotContext().getBaseRobot();
        for (char character : text.toCharArray()) {
            KeyCode key = switch (character) {
                case '\n' -> KeyCode.ENTER;
                case '\t' -> KeyCode.TAB;
                default -> KeyCode.UNDEFINED;
            };
            keyboard.typeKeyboard(window.getScene(), key, Character.toString(character));
        }
        WaitForAsyncUtils.waitForFxEvents();
        return this;
    }

    /**
     * Erases with Backspace, as TestFX's own {@code eraseText} does, the presses in a row and one wait
     * for the FX thread at the end: TestFX waits twice per key, and sleeps 25 ms, over a second for a name.
     */
    @Override
    public FxRobot eraseText(int characters) {
        BaseRobot keyboard = robotContext().getBaseRobot();
        for (int i = 0; i < characters; i++) {
            keyboard.pressKeyboard(KeyCode.BACK_SPACE);
            keyboard.releaseKeyboard(KeyCode.BACK_SPACE);
        }
        WaitForAsyncUtils.waitForFxEvents();
        return this;
    }

    /** Waits (up to 60 s: the machine may be busy) until the condition holds, checking on the FX thread. */
    protected static void waitUntil(String what, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            // Each look bounded too: a FX thread that never comes back (held by a disk) fails the wait, not the run.
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition)
                    .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (Exception e) {
            throw new AssertionError("Timed out waiting for: " + what, e);
        }
    }

    /** Runs {@code call} on the FX thread and returns its answer (waiting up to 60 s: the machine may be busy). */
    public static <T> T onFx(Callable<T> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(60, TimeUnit.SECONDS);
    }

    /** The window tests of one JVM share a config folder: a saved queue left there would be restored by the next. */
    protected static void forgetSavedQueue() throws java.io.IOException {
        Files.deleteIfExists(dev.ferry.store.ConfigDirectory.resolve().resolve("queue.json"));
        Files.deleteIfExists(dev.ferry.store.ConfigDirectory.resolve().resolve("queue.journal"));
    }

    /** A pane's file table: "local" or "remote". */
    @SuppressWarnings("unchecked")
    protected TableView<FileRow> table(String pane) {
        return (TableView<FileRow>) lookup("#" + pane + "-table").queryAs(TableView.class);
    }

    protected static boolean shows(TableView<FileRow> table, String name) {
        return table.getItems().stream().anyMatch(r -> r.name().equals(name));
    }

    /** The row of {@code name} in a pane's table, once laid out (a pulse after the table's items change). */
    protected Node row(String pane, String name) {
        waitUntil("the row " + name + " in " + pane, () -> lookup("#" + pane + "-table .table-row-cell")
                .match((TableRow<FileRow> r) -> r.getItem() != null && r.getItem().name().equals(name)).tryQuery().isPresent());
        return lookup("#" + pane + "-table .table-row-cell").match((TableRow<FileRow> r) ->
                r.getItem() != null && r.getItem().name().equals(name)).query();
    }

    /**
     * Clicks the row of {@code name} until it is the one selected: a row found can be taken out of
     * the table as it is redrawn (the folder's watch refreshing it) before the click reaches it.
     */
    protected void select(String pane, String name) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (true) {
            Node node = row(pane, name);
            try {
                clickOn(node);
            } catch (RuntimeException detached) {
                if (node.getScene() != null || System.nanoTime() > deadline) {
                    throw detached;
                }
            }
            FileRow selected = onFx(() -> table(pane).getSelectionModel().getSelectedItems().size() == 1
                    ? table(pane).getSelectionModel().getSelectedItem() : null);
            if (selected != null && selected.name().equals(name)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out selecting " + name + " in " + pane + "; selected: " + selected);
            }
        }
    }

    /** Types a MINA test server's address and login into the quick-connect bar and connects. */
    protected void quickConnect(TlsMode mode, int port) {
        clickOn("#quick-host").write("127.0.0.1");
        clickOn("#quick-user").write(MinaServer.USER);
        clickOn("#quick-password").write(MinaServer.PASSWORD);
        clickOn("#quick-port").write(Integer.toString(port));
        @SuppressWarnings("unchecked")
        ChoiceBox<TlsMode> protocol = (ChoiceBox<TlsMode>) lookup("#quick-protocol").query();
        interact(() -> protocol.setValue(mode));
        clickOn("#quick-connect-button");
    }

    /**
     * Keeps the window's queue adds' thread busy until the returned latch is counted down, as a drop from a
     * share slow to answer does: what is added meanwhile waits behind it.
     */
    protected static java.util.concurrent.CountDownLatch busyQueueAdds(AppContext app) {
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
        app.addToQueue(() -> {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return latch;
    }

    /** Waits until the queue adds' thread has done what was asked before, and the FX thread what that handed it. */
    protected void queueAddsDone(AppContext app) {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        app.addToQueue(done::countDown);
        waitUntil("the adds asked for before", () -> done.getCount() == 0);
        interact(() -> { });
    }
}
