package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.testing.MinaServer;
import dev.ferry.ui.connection.ConnectionTab;
import dev.ferry.ui.explorer.FileRow;
import javafx.css.PseudoClass;
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
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Directory comparison colours and synchronized browsing, switched on in the View menu, against MINA. */
@ExtendWith(ApplicationExtension.class)
class PaneLinksTest extends GuiTest {

    private static final Set<String> MARKS = Set.of("only-here", "differs", "newer");

    @TempDir
    static Path directory;
    MinaServer server;
    Path local;
    MainWindow window;
    AppContext app;

    @Start
    void start(Stage stage) throws Exception {
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        Path docs = Files.createDirectories(server.home().resolve("docs"));
        Files.writeString(docs.resolve("readme.txt"), "read me");
        Files.writeString(docs.resolve("remote-only.txt"), "there");
        Files.writeString(Files.createDirectories(docs.resolve("guide")).resolve("intro.txt"), "chapter one");
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        Path localDocs = Files.createDirectories(local.resolve("docs"));
        Files.writeString(localDocs.resolve("readme.txt"), "read me, edited here");
        Files.writeString(localDocs.resolve("local-only.txt"), "here");
        Files.createDirectories(localDocs.resolve("guide"));
        Files.createDirectories(localDocs.resolve("local-folder"));
        // A folder inside one of the same name, as Django's mysite/mysite; the server has only the outer one.
        Files.createDirectories(localDocs.resolve("guide/guide"));
        app = new AppContext(SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json")), () -> stage);
        window = new MainWindow(app, stage, UiState.defaults().withLastLocalDirectory("*", localDocs.toString()));
        stage.show();
    }

    @AfterEach
    void stop() {
        app.close();
        server.close();
    }

    private ConnectionTab tab() {
        return window.currentTab();
    }

    private void connect() {
        interact(() -> tab().connect(ConnectionSettings.builder("127.0.0.1").port(server.port()).user(MinaServer.USER)
                .password(MinaServer.PASSWORD).tlsMode(TlsMode.NONE).build(), null, "mina", "/docs"));
        waitUntil("the remote docs", () -> tab().remotePane().rows().stream().anyMatch(r -> r.name().equals("remote-only.txt")));
        waitUntil("the local docs", () -> tab().localPane().rows().stream().anyMatch(r -> r.name().equals("local-only.txt")));
    }

    private void view(String item) {
        clickOn(I18n.t("menu.view"));
        clickOn(I18n.t(item));
    }

    /** The comparison marks the row of {@code name} in a pane shows, once it is laid out. */
    private Set<String> marks(String pane, String name) {
        waitUntil("the row " + name + " in " + pane, () -> rowIfShown(pane, name) != null);
        try {
            return org.testfx.util.WaitForAsyncUtils.asyncFx(() -> rowIfShown(pane, name).getPseudoClassStates().stream()
                    .map(PseudoClass::getPseudoClassName).filter(MARKS::contains).collect(Collectors.toSet()))
                    .get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private TableRow<FileRow> rowIfShown(String pane, String name) {
        return lookup("#" + pane + "-table .table-row-cell").match((TableRow<FileRow> r) -> r.getItem() != null
                && r.getItem().name().equals(name)).<TableRow<FileRow>>tryQuery().orElse(null);
    }

    @Test
    void comparisonColoursWhatDiffersOnBothSidesOnlyWhileSwitchedOn() {
        connect();
        assertEquals(Set.of(), marks("remote", "remote-only.txt"), "off by default");
        view("menu.view.compare");
        waitUntil("the colours", () -> rowIfShown("remote", "remote-only.txt").getPseudoClassStates()
                .contains(PseudoClass.getPseudoClass("only-here")));
        assertEquals(Set.of("only-here"), marks("remote", "remote-only.txt"));
        assertEquals(Set.of("only-here"), marks("local", "local-only.txt"));
        assertEquals(Set.of("differs"), marks("remote", "readme.txt"));
        assertEquals(Set.of("differs"), marks("local", "readme.txt"));
        assertEquals(Set.of(), marks("remote", "guide"), "a folder on both sides agrees");
        assertEquals(Set.of(), marks("local", "guide"));

        // A row the other pane's filter hides is still there to compare with: not "only here".
        clickOn("#local-filter").write("guide");
        waitUntil("the local filter applied", () -> !tab().localPane().table().getItems().stream()
                .anyMatch(r -> r.name().equals("readme.txt")));
        waitUntil("readme.txt still compared with the hidden local copy", () -> {
            TableRow<FileRow> readme = rowIfShown("remote", "readme.txt");
            return readme != null && readme.getPseudoClassStates().contains(PseudoClass.getPseudoClass("differs"))
                    && !readme.getPseudoClassStates().contains(PseudoClass.getPseudoClass("only-here"));
        });
        assertEquals(Set.of(), marks("remote", "guide"));
        interact(() -> ((javafx.scene.control.TextField) lookup("#local-filter").query()).setText(""));

        // Selected, a marked row shows the selection alone: the tint over an unfocused selection read as the tint.
        clickOn(rowIfShown("remote", "remote-only.txt"));
        clickOn(rowIfShown("local", "readme.txt"));
        waitUntil("the remote row selected, the focus in the other pane", () -> {
            TableRow<FileRow> row = rowIfShown("remote", "remote-only.txt");
            return row.isSelected() && row.getBackground() != null && row.getBackground().getFills().size() == 2;
        });

        view("menu.view.compare");
        waitUntil("no colours", () -> !rowIfShown("remote", "remote-only.txt").getPseudoClassStates()
                .contains(PseudoClass.getPseudoClass("only-here")));
        assertEquals(Set.of(), marks("remote", "remote-only.txt"));
        assertEquals(Set.of(), marks("local", "readme.txt"));
    }

    @Test
    void synchronizedBrowsingEntersTheSameFolderAndGoesUpTogether() {
        connect();
        view("menu.view.syncBrowse");
        clickOn(rowIfShown("local", "guide"));
        type(KeyCode.ENTER);
        waitUntil("the remote guide", () -> "/docs/guide".equals(tab().remotePane().location())
                && tab().remotePane().rows().stream().anyMatch(r -> r.name().equals("intro.txt")));
        assertEquals(local.resolve("docs/guide").toString(), tab().localPane().location());

        clickOn(rowIfShown("remote", "intro.txt"));
        type(KeyCode.BACK_SPACE);
        waitUntil("both back in docs", () -> "/docs".equals(tab().remotePane().location())
                && local.resolve("docs").toString().equals(tab().localPane().location()));
    }

    /**
     * A folder only one side has: the other pane stays, and going back up does not take it up too
     * (it went to the parent of where it stood, and every move after that compared the wrong folders).
     */
    @Test
    void afterAFolderTheOtherSideLacksGoingUpBringsThePanesBackInStep() {
        connect();
        view("menu.view.syncBrowse");
        clickOn(rowIfShown("local", "local-folder"));
        type(KeyCode.ENTER);
        waitUntil("the local folder entered", () -> local.resolve("docs/local-folder").toString().equals(tab().localPane().location()));
        assertEquals("/docs", tab().remotePane().location(), "the remote pane stays: it has no such folder");
        // and says so where the user looks for why it did not follow: it stayed without a word.
        waitUntil("the remote pane saying it has no such folder", () -> ((javafx.scene.control.Label) tab().remotePane()
                .lookup("#remote-status")).getText().contains(I18n.t("sync.noMatch", "local-folder")));

        type(KeyCode.BACK_SPACE);
        waitUntil("local back in docs", () -> local.resolve("docs").toString().equals(tab().localPane().location()));
        // Back in step, the notice goes: it stayed, even after synchronized browsing was switched off.
        waitUntil("the notice gone", () -> !((javafx.scene.control.Label) tab().remotePane().lookup("#remote-status"))
                .getText().contains(I18n.t("sync.noMatch", "local-folder")));
        clickOn(rowIfShown("local", "guide"));
        type(KeyCode.ENTER);
        waitUntil("both in guide again: the remote pane never left docs", () -> "/docs/guide".equals(tab().remotePane().location())
                && local.resolve("docs/guide").toString().equals(tab().localPane().location()));
    }

    /** Out of a folder the other side lacks, inside one of the same name: the other pane stays (names alone took it up). */
    @Test
    void aFolderInsideOneOfTheSameNameDoesNotTakeTheOtherPaneUp() {
        connect();
        view("menu.view.syncBrowse");
        clickOn(rowIfShown("local", "guide"));
        type(KeyCode.ENTER);
        waitUntil("both in guide", () -> "/docs/guide".equals(tab().remotePane().location())
                && local.resolve("docs/guide").toString().equals(tab().localPane().location()));
        waitUntil("the inner guide listed", () -> rowIfShown("local", "guide") != null);
        clickOn(rowIfShown("local", "guide"));
        type(KeyCode.ENTER);
        waitUntil("local in the inner guide", () -> local.resolve("docs/guide/guide").toString().equals(tab().localPane().location()));
        assertEquals("/docs/guide", tab().remotePane().location(), "the server has no inner guide");

        // Whether the remote pane was sent anywhere is seen the moment local arrives: a listing started.
        String outer = local.resolve("docs/guide").toString();
        java.util.concurrent.atomic.AtomicReference<String> remoteWhenLocalArrived = new java.util.concurrent.atomic.AtomicReference<>();
        interact(() -> tab().localPane().locationProperty().addListener((o, was, now) -> {
            if (outer.equals(now)) {
                remoteWhenLocalArrived.compareAndSet(null, ((javafx.scene.control.Label) tab().remotePane()
                        .lookup("#remote-status")).getText());
            }
        }));
        type(KeyCode.BACK_SPACE);
        waitUntil("local back in the outer guide", () -> remoteWhenLocalArrived.get() != null);
        assertEquals("/docs/guide", tab().remotePane().location());
        assertFalse(I18n.t("status.listing").equals(remoteWhenLocalArrived.get()), "the remote pane was sent up too");
        type(KeyCode.BACK_SPACE);
        waitUntil("both back in docs, in step", () -> "/docs".equals(tab().remotePane().location())
                && local.resolve("docs").toString().equals(tab().localPane().location()));
    }
}
