package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.site.Vault;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.Endpoint;
import dev.ferry.ui.dialogs.MasterPasswordDialog;
import dev.ferry.ui.explorer.FileRow;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.control.TableView;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a new user met in the first hour, in the window (Monocle) against MINA FtpServer. */
@ExtendWith(ApplicationExtension.class)
class FirstHourTest extends GuiTest {

    @TempDir
    static Path directory;
    MinaServer server;
    MainWindow window;
    AppContext app;
    Path local;
    Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        I18n.use("en");
        this.stage = stage;
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        Path configHere = Files.createDirectories(directory.resolve("config-" + System.nanoTime()));
        System.setProperty("ferry.config.dir", configHere.toString());
        app = new AppContext(SettingsStore.open(configHere.resolve("settings.json")), () -> stage);
        window = new MainWindow(app, stage, new UiState(-5000, -8, 1200, 800, false, Map.of(), Map.of(), Map.of(),
                Map.of("*", local.toString()), java.util.List.of(), true, true));
        stage.show();
    }

    @AfterEach
    void stop() {
        System.clearProperty("ferry.opener");
        app.close();
        server.close();
    }

    private ConnectionSettings settings(String password) {
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user(MinaServer.USER).password(password)
                .tlsMode(TlsMode.NONE).build();
    }

    @SuppressWarnings("unchecked")
    private java.util.List<String> localNames() {
        TableView<FileRow> table = (TableView<FileRow>) lookup("#local-table").queryAs(TableView.class);
        return table.getItems().stream().map(FileRow::name).toList();
    }

    @Test
    void aRememberedPositionOffEveryScreenIsNotUsed() {
        var screen = Screen.getPrimary().getVisualBounds();
        assertTrue(stage.getX() >= screen.getMinX() && stage.getY() >= screen.getMinY()
                        && stage.getX() + stage.getWidth() <= screen.getMaxX() + 1,
                "the window was put at " + stage.getX() + "," + stage.getY() + " on " + screen);
    }

    @Test
    void aResumedDownloadShowsItsFileNotThePartFile() throws Exception {
        byte[] content = TestFiles.bytes(300_000, 7);
        Files.write(server.home().resolve("big.bin"), content);
        Files.write(local.resolve("big.bin.part"), Arrays.copyOf(content, 120_000));
        interact(() -> {
            window.currentTab().localPane().refresh();
            window.currentTab().connect(settings(MinaServer.PASSWORD), null, "t", "/");
        });
        waitUntil("the part file in the local pane", () -> localNames().contains("big.bin.part"));
        // As a queue restored after a restart does: no drop, no double-click, only the queue.
        app.queue().addDownload(settings(MinaServer.PASSWORD), null, "/big.bin", local.resolve("big.bin"), false,
                content.length, null);
        app.queue().start();
        waitUntil("the download", () -> Files.exists(local.resolve("big.bin")) && !Files.exists(local.resolve("big.bin.part")));
        assertArrayEquals(content, Files.readAllBytes(local.resolve("big.bin")));
        waitUntil("the local pane showing big.bin instead of big.bin.part", () -> localNames().contains("big.bin")
                && !localNames().contains("big.bin.part"));
    }

    @Test
    void openingAFileWithoutARegisteredApplicationSaysSoAndOffersAlternatives() throws Exception {
        Path file = Files.writeString(local.resolve("notes.weird-extension"), "x");
        System.setProperty("ferry.opener", directory.resolve("no-such-opener").toString());
        interact(() -> DesktopOpener.open(file));
        waitUntil("the dialog saying nothing can open it", () -> lookup("#open-failed-dialog").tryQuery().isPresent());
        assertTrue(lookup(I18n.t("open.with")).tryQuery().isPresent(), "Open with… is offered");
        assertTrue(lookup(I18n.t("open.showFolder")).tryQuery().isPresent(), "Show in folder is offered");
        javafx.scene.control.CheckBox remember = lookup("#open-with-remember").queryAs(javafx.scene.control.CheckBox.class);
        assertEquals(I18n.t("open.withRemember", "weird-extension"), remember.getText());
        assertTrue(remember.isSelected(), "the program chosen is kept for the type unless the user says otherwise");
        clickOn(I18n.t("button.close"));
    }

    /**
     * A program chosen with "Open with…" was asked for again at the next file of the same type (U3).
     * It now opens it at once; one that no longer starts is forgotten, and the question comes back.
     */
    @Test
    void aProgramChosenWithOpenWithOpensTheNextFileOfItsTypeWithoutAsking() throws Exception {
        Path opened = directory.resolve("opened-" + System.nanoTime() + ".txt");
        Path program = Files.writeString(directory.resolve("viewer-" + System.nanoTime() + ".sh"),
                "#!/bin/sh\necho \"$1\" >> '" + opened + "'\n");
        program.toFile().setExecutable(true);
        System.setProperty("ferry.opener", directory.resolve("no-such-opener").toString());
        Path first = Files.writeString(local.resolve("first.ferry-type"), "x");
        Path second = Files.writeString(local.resolve("Second.FERRY-TYPE"), "y");

        // What the question's "Open with…" does once the program is chosen, "Open every .ferry-type file…" ticked.
        interact(() -> DesktopOpener.openWith(first, program, true, null));
        waitUntil("the chosen program to open the first file", () -> Files.exists(opened)
                && Files.readString(opened).contains(first.toString()));
        interact(() -> DesktopOpener.open(second));
        waitUntil("the same program to open the next file of that type",
                () -> Files.readString(opened).contains(second.toString()));
        assertFalse(lookup("#open-failed-dialog").tryQuery().isPresent(), "not asked again");

        Files.delete(program);
        interact(() -> DesktopOpener.open(second));
        waitUntil("the question again, the program being gone", () -> lookup("#open-failed-dialog").tryQuery().isPresent());
        clickOn(I18n.t("button.close"));
    }

    /**
     * U4: a file that is no program, chosen in "Open with…", got "could not open the file" without a
     * reason. The words say why, and the choice is not kept.
     */
    @Test
    void aChosenFileThatIsNoProgramIsSaidWhy() throws Exception {
        Path notAProgram = Files.writeString(directory.resolve("notes-" + System.nanoTime() + ".txt"), "just text");
        Path file = Files.writeString(local.resolve("third.ferry-kind"), "z");
        interact(() -> DesktopOpener.openWith(file, notAProgram, true, null));
        waitUntil("the error", () -> lookup(".dialog-pane").match((javafx.scene.control.DialogPane pane) ->
                pane.getContentText() != null && pane.getContentText().contains(notAProgram.getFileName().toString()))
                .tryQuery().isPresent());
        String words = lookup(".dialog-pane").match((javafx.scene.control.DialogPane pane) -> pane.getContentText() != null
                && pane.getContentText().contains(notAProgram.getFileName().toString()))
                .queryAs(javafx.scene.control.DialogPane.class).getContentText();
        assertTrue(words.contains("Permission denied"), "the system's reason: " + words);
        // R13: the JDK's own sentence, naming the file twice, came with it.
        assertFalse(words.contains("Cannot run program"), "the system's reason alone: " + words);
        assertTrue(OpenWithPrograms.shared().programFor(file).isEmpty(), "not kept for the type");
        type(javafx.scene.input.KeyCode.ESCAPE);
    }

    @Test
    void aFileZillaImportAsksForTheMasterPasswordAndKeepsThePasswords() throws Exception {
        Path sitesFile = ConfigDirectoryForTest.sites();
        SiteStore before = SiteStore.open(sitesFile);
        before.setMasterPassword("master".toCharArray(), Vault.KdfParameters.fresh(1024, 1, 1));
        Path xml = Path.of("src/test/resources/site/filezilla-sitemanager.xml").toAbsolutePath();
        Platform.runLater(() -> window.importSites(xml, true));
        waitUntil("the master password question", () -> lookup("#master-password").tryQuery().isPresent());
        clickOn("#master-password").write("master");
        clickOn(I18n.t("button.ok"));
        waitUntil("the import report", () -> lookup("#import-report").tryQuery().isPresent());
        SiteStore after = SiteStore.open(sitesFile);
        after.unlock("master".toCharArray());
        SiteProfile example = after.find("Example").orElseThrow();
        assertEquals("secret-pass", after.password(example).orElse(null), "the imported password was kept");
    }

    @Test
    void passwordsFileZillaEncryptedAreImportedOnceItsMasterPasswordIsTyped() throws Exception {
        Path sitesFile = ConfigDirectoryForTest.sites();
        SiteStore.open(sitesFile).setPasswordPolicy(SiteStore.PasswordPolicy.SAVE_UNPROTECTED);
        Path xml = Files.writeString(directory.resolve("sitemanager.xml"),
                Files.readString(Path.of("src/test/resources/site/filezilla-passwords.xml")).replace("@PORT@", "2121"));
        Platform.runLater(() -> window.importSites(xml, true));
        waitUntil("the import report offering FileZilla's master password",
                () -> lookup(I18n.t("sites.fileZillaMaster")).tryQuery().isPresent());
        clickOn(I18n.t("sites.fileZillaMaster"));
        waitUntil("the question for FileZilla's master password", () -> lookup("#password-field").tryQuery().isPresent());
        clickOn("#password-field").write("zilla master \u00fc");
        clickOn(I18n.t("button.ok"));
        waitUntil("the second import's report", () -> lookup("#import-report").tryQuery()
                .map(pane -> ((javafx.scene.control.DialogPane) pane).getHeaderText()
                        .contains("2 passwords were added to them")).orElse(false));
        clickOn(I18n.t("button.ok"));
        SiteStore after = SiteStore.open(sitesFile);
        assertEquals(5, after.sites().size(), "the second import added no copies: " + after.sites());
        assertEquals("s3cret-pa55", after.password(after.find("Imported/Master CTR").orElseThrow()).orElse(null));
    }

    @Test
    void unlockingDerivesTheKeyOffTheFxThreadWhileTheDialogShowsProgress() throws Exception {
        SiteStore store = SiteStore.open(ConfigDirectoryForTest.sites());
        // Real Argon2id parameters: slow enough (on purpose) to be seen.
        store.setMasterPassword("master".toCharArray(), Vault.KdfParameters.fresh());
        SiteStore locked = SiteStore.open(ConfigDirectoryForTest.sites());
        CompletableFuture<Boolean> unlocked = new CompletableFuture<>();
        Platform.runLater(() -> unlocked.complete(MasterPasswordDialog.unlock(stage, locked)));
        waitUntil("the master password question", () -> lookup("#master-password").tryQuery().isPresent());
        // The dialog must say that it is working while the key is derived: only possible when
        // the derivation does not hold the FX thread.
        java.util.concurrent.atomic.AtomicBoolean showedProgress = new java.util.concurrent.atomic.AtomicBoolean();
        javafx.scene.Node progress = lookup("#master-progress").query();
        interact(() -> progress.visibleProperty().addListener((o, was, visible) -> {
            if (visible) {
                showedProgress.set(true);
            }
        }));
        clickOn("#master-password").write("master");
        clickOn(I18n.t("button.ok"));
        assertTrue(unlocked.get(60, TimeUnit.SECONDS));
        assertTrue(locked.isUnlocked());
        assertTrue(showedProgress.get(), "no progress was shown while unlocking");
    }

    @Test
    void workersOfOneServerShareOnePasswordQuestion() throws Exception {
        Endpoint endpoint = Endpoint.of(settings(null), null);
        AtomicInteger questions = new AtomicInteger();
        interact(() -> Window.getWindows().addListener((ListChangeListener<Window>) change -> {
            while (change.next()) {
                for (Window added : change.getAddedSubList()) {
                    if (added.getScene() != null && added.getScene().getRoot().lookup("#password-field") != null) {
                        questions.incrementAndGet();
                    }
                }
            }
        }));
        CyclicBarrier together = new CyclicBarrier(2);
        // Two threads of their own: the common pool may have a single one on a small machine.
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(2);
        CompletableFuture<ConnectionSettings> first = CompletableFuture.supplyAsync(() -> ask(endpoint, together), workers);
        CompletableFuture<ConnectionSettings> second = CompletableFuture.supplyAsync(() -> ask(endpoint, together), workers);
        workers.shutdown();
        waitUntil("a password question", () -> {
            if (first.isDone()) {
                first.join(); // An asker that failed says why.
            }
            return lookup("#password-field").tryQuery().isPresent();
        });
        clickOn("#password-field").write(MinaServer.PASSWORD);
        clickOn(I18n.t("button.ok"));
        assertEquals(MinaServer.PASSWORD, first.get(30, TimeUnit.SECONDS).password());
        assertEquals(MinaServer.PASSWORD, second.get(30, TimeUnit.SECONDS).password());
        assertEquals(1, questions.get(), "two workers of one server asked twice");
    }

    private ConnectionSettings ask(Endpoint endpoint, CyclicBarrier together) {
        try {
            together.await(10, TimeUnit.SECONDS);
            return app.settingsFor(endpoint);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void applyToAllDoesNotBecomeASettingAndSettingsShowTheRealDefault() throws Exception {
        Files.writeString(Files.createDirectories(server.home().resolve("two")).resolve("a.txt"), "server a");
        Files.writeString(server.home().resolve("two/b.txt"), "server b");
        Files.writeString(local.resolve("a.txt"), "local a");
        Files.writeString(local.resolve("b.txt"), "local b");
        assertEquals(ConflictAction.ASK, app.settings().fileExistsDownload());
        // One drop of two files: "apply to all" holds for that batch.
        var batch = app.queue().batch();
        batch.addDownload(settings(MinaServer.PASSWORD), null, "/two/a.txt", local.resolve("a.txt"), false, 8, null);
        batch.addDownload(settings(MinaServer.PASSWORD), null, "/two/b.txt", local.resolve("b.txt"), false, 8, null);
        app.queue().start();
        waitUntil("the file-exists question", () -> lookup("#file-exists-dialog").tryQuery().isPresent());
        clickOn("#exists-OVERWRITE");
        clickOn("#exists-apply-all");
        clickOn("#exists-apply");
        waitUntil("both overwritten", () -> Files.readString(local.resolve("b.txt")).equals("server b")
                && Files.readString(local.resolve("a.txt")).equals("server a"));
        assertEquals(ConflictAction.ASK, app.settings().fileExistsDownload(), "the choice became a setting");
        assertEquals(ConflictAction.ASK, SettingsStore.open(Path.of(System.getProperty("ferry.config.dir"), "settings.json"))
                .current().fileExistsDownload(), "the choice was saved as a setting");
        Platform.runLater(() -> dev.ferry.ui.sites.SettingsDialog.show(stage, app));
        waitUntil("Settings", () -> lookup("#settings-dialog").tryQuery().isPresent());
        clickOn(I18n.t("settings.transfers"));
        assertTrue(lookup(".choice-box").queryAll().stream().anyMatch(n -> n.getId() != null
                        && n.getId().equals("settings-exists-download")
                        && ((javafx.scene.control.ChoiceBox<?>) n).getValue() == ConflictAction.ASK),
                "Settings shows Ask, the real default");
        clickOn(I18n.t("button.cancel"));
    }

    /** The sites file of the configuration folder this test's app uses. */
    static final class ConfigDirectoryForTest {
        static Path sites() {
            return Path.of(System.getProperty("ferry.config.dir")).resolve(SiteStore.FILE_NAME);
        }
    }
}
