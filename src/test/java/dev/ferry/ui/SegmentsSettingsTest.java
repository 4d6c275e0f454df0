package dev.ferry.ui;

import dev.ferry.ftp.DialogueEntry;
import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import dev.ferry.ui.explorer.FileRow;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableRow;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Segmented downloads from the window: the count and the threshold in the Settings dialog, a site's
 * own count in the Site Manager, and a download from MINA that is split accordingly.
 */
@ExtendWith(ApplicationExtension.class)
class SegmentsSettingsTest extends GuiTest {

    @TempDir
    static Path directory;
    MinaServer server;
    Path local;
    MainWindow window;
    AppContext app;

    @Start
    void start(Stage stage) throws Exception {
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        TestFiles.random(server.home().resolve("big.bin"), 6L << 20, 7);
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        app = new AppContext(SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json")), () -> stage);
        window = new MainWindow(app, stage, UiState.defaults().withLastLocalDirectory("*", local.toString()));
        app.queue().start();
        stage.show();
    }

    @AfterEach
    void stop() {
        app.close();
        server.close();
    }

    @SuppressWarnings("unchecked")
    private Spinner<Integer> spinner(String id) {
        return (Spinner<Integer>) lookup("#" + id).queryAs(Spinner.class);
    }

    @Test
    void theSettingsDialogShowsAndSavesTheCountAndTheThreshold() throws Exception {
        clickOn("#toolbar-settings");
        clickOn(I18n.t("settings.transfers"));
        assertEquals(1, spinner("settings-segments").getValue());
        assertEquals(16, spinner("settings-segment-threshold").getValue());
        clickOn("#settings-segments");
        type(KeyCode.UP, 3);
        doubleClickOn("#settings-segment-threshold");
        push(KeyCode.CONTROL, KeyCode.A).write("1");
        clickOn(I18n.t("button.ok"));
        waitUntil("the saved settings", () -> app.settings().segments() == 4);
        assertEquals(1, app.settings().segmentThresholdMiB());
        assertEquals(4, app.queue().settings().segments());
        assertEquals(1L << 20, app.queue().settings().segmentThreshold());

        interact(() -> window.currentTab().connect(dev.ferry.ftp.ConnectionSettings.builder("127.0.0.1")
                .port(server.port()).user(MinaServer.USER).password(MinaServer.PASSWORD).tlsMode(TlsMode.NONE).build(),
                null, "mina", null));
        downloadBigAndExpectSegments();
    }

    /**
     * T10: the Settings dialog says the language changes at the next start, and part of the window changed at once
     * (every dialog opened after it), the rest not: one window in two languages until the restart.
     */
    @Test
    void aLanguageChosenInSettingsWaitsForTheNextStart() throws Exception {
        String before = I18n.t("menu.server");
        try {
            clickOn("#toolbar-settings");
            clickOn(I18n.t("settings.interface"));
            @SuppressWarnings("unchecked")
            ChoiceBox<String> language = (ChoiceBox<String>) lookup("#settings-language").query();
            interact(() -> language.setValue("zh-CN"));
            clickOn(I18n.t("button.ok"));
            waitUntil("the language saved for the next start", () -> "zh-CN".equals(app.settings().language()));
            assertEquals(before, I18n.t("menu.server"), "the words of this run");
        } finally {
            I18n.use("en");
        }
    }

    @Test
    void aSiteShowsAndSavesItsOwnCountAndItsDownloadsAreSplit() throws Exception {
        clickOn("#toolbar-sites");
        waitUntil("the site manager", () -> lookup("#sites-tree").tryQuery().isPresent());
        clickOn("#sites-new");
        doubleClickOn("#site-name");
        eraseText(20);
        write("Segmented");
        clickOn("#site-host").write("127.0.0.1");
        clickOn("#site-port").write(Integer.toString(server.port()));
        @SuppressWarnings("unchecked")
        ChoiceBox<TlsMode> protocol = (ChoiceBox<TlsMode>) lookup("#site-protocol").query();
        interact(() -> protocol.setValue(TlsMode.NONE));
        clickOn("#site-user").write(MinaServer.USER);
        clickOn(I18n.t("sites.transfer"));
        assertEquals(0, spinner("site-segments").getValue(), "0: as in the settings");
        // Typed, as people set a number; the field takes it once it is left.
        clickOn("#site-segments .text-field");
        push(KeyCode.CONTROL, KeyCode.A).write("3");
        clickOn("#site-connections .text-field");
        push(KeyCode.CONTROL, KeyCode.A).write("2");
        clickOn("#sites-connect");
        waitUntil("the password question", () -> lookup("#password-field").tryQuery().isPresent());
        clickOn("#password-field").write(MinaServer.PASSWORD);
        clickOn(I18n.t("button.ok"));

        SiteProfile saved = SiteStore.open(config.resolve(SiteStore.FILE_NAME)).find("Segmented").orElseThrow();
        assertEquals(3, saved.segments());
        assertEquals(2, saved.maxConnections());
        assertEquals(1, app.settings().segments(), "the global setting does not split");
        app.queue().setSettings(app.queue().settings().withSegments(1, 1L << 20));
        downloadBigAndExpectSegments();
    }

    private void downloadBigAndExpectSegments() throws Exception {
        waitUntil("the remote listing", () -> lookup("#remote-table .table-row-cell")
                .match((TableRow<FileRow> r) -> r.getItem() != null && r.getItem().name().equals("big.bin"))
                .tryQuery().isPresent());
        clickOn(lookup("#remote-table .table-row-cell")
                .match((TableRow<FileRow> r) -> r.getItem() != null && r.getItem().name().equals("big.bin")).<TableRow<FileRow>>query());
        type(KeyCode.ENTER);
        waitUntil("the download", () -> app.queue().totals().done() >= 1);
        assertArrayEquals(Files.readAllBytes(server.home().resolve("big.bin")), Files.readAllBytes(local.resolve("big.bin")));
        var tab = window.currentTab();
        // The workers' dialogue reaches the tab's console in batches on the FX thread: it may come after "done".
        try {
            waitUntil("a later segment's REST in the tab's console", () -> tab.log().entries().stream()
                    .anyMatch(e -> e.kind() == DialogueEntry.Kind.COMMAND && e.text() != null
                            && e.text().startsWith("REST ") && !e.text().equals("REST 0")));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the console's commands: " + tab.log().entries().stream()
                    .filter(entry -> entry.kind() == DialogueEntry.Kind.COMMAND).map(DialogueEntry::text).toList(), e);
        }
    }
}
