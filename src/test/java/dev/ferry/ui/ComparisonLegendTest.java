package dev.ferry.ui;

import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.testing.MinaServer;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
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

/**
 * Directory comparison coloured rows with nothing on the screen to say what a colour means: each
 * pane's status line carries a legend while the comparison is on, and none while it is off.
 */
@ExtendWith(ApplicationExtension.class)
class ComparisonLegendTest extends GuiTest {

    static final List<String> WORDS = List.of("compare.legend.onlyHere", "compare.legend.differs", "compare.legend.newer");

    @TempDir
    static Path directory;
    MinaServer server;
    AppContext app;
    MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        forgetSavedQueue();
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        Files.writeString(server.home().resolve("there.txt"), "remote");
        Path local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        Files.writeString(local.resolve("here.txt"), "local");
        app = new AppContext(SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json")), () -> stage);
        window = new MainWindow(app, stage, UiState.defaults().withLastLocalDirectory("*", local.toString()));
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        server.close();
    }

    @Test
    void theComparisonColoursSayWhatTheyMean() throws Exception {
        quickConnect(TlsMode.NONE, server.port());
        waitUntil("the remote listing", () -> shows(table("remote"), "there.txt"));
        assertEquals(List.of(), onFx(() -> legendsShown("local")), "no legend while the comparison is off");

        interact(() -> window.paneToggles().setCompare(true));
        for (String pane : List.of("local", "remote")) {
            waitUntil("the " + pane + " pane's legend", () -> legendsShown(pane).size() == WORDS.size());
            assertEquals(WORDS.stream().map(I18n::t).toList(), onFx(() -> legendsShown(pane)), pane);
        }

        interact(() -> window.paneToggles().setCompare(false));
        waitUntil("the legend gone with the colours", () -> legendsShown("local").isEmpty() && legendsShown("remote").isEmpty());
    }

    /** The legend's words a pane shows, in their order. */
    private List<String> legendsShown(String pane) {
        Node paneNode = lookup("#" + pane + "-status").query().getParent();
        List<String> words = WORDS.stream().map(I18n::t).toList();
        return lookup((Node n) -> n instanceof Labeled label && words.contains(label.getText()) && visible(n)
                && isInside(n, paneNode)).queryAll().stream()
                .sorted(java.util.Comparator.comparingDouble(n -> n.localToScene(0, 0).getX()))
                .map(n -> ((Labeled) n).getText()).toList();
    }

    private static boolean visible(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    private static boolean isInside(Node node, Node ancestor) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }
}
