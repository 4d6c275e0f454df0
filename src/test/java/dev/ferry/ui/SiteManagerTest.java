package dev.ferry.ui;

import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.testing.MinaServer;
import dev.ferry.ui.explorer.FileRow;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TableView;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The site manager: create a site in the dialog, connect from it. */
@ExtendWith(ApplicationExtension.class)
class SiteManagerTest extends GuiTest {

    @TempDir
    static Path directory;
    MinaServer server;
    MainWindow window;
    AppContext app;

    @Start
    void start(Stage stage) throws Exception {
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        Files.writeString(server.home().resolve("from-site.txt"), "hello");
        app = new AppContext(SettingsStore.open(config.resolve("settings-sm.json")), () -> stage);
        window = new MainWindow(app, stage, UiState.defaults());
        stage.show();
    }

    @AfterEach
    void stop() {
        app.close();
        server.close();
    }

    /** Opens the site manager and makes a new site with this name, its form showing. */
    private void newSiteNamed(String name) {
        clickOn("#toolbar-sites");
        waitUntil("the site manager", () -> lookup("#sites-tree").tryQuery().isPresent());
        clickOn("#sites-new");
        doubleClickOn("#site-name");
        eraseText(20);
        write(name);
    }

    /** A site the command line imported while the window was open: shown, and kept when the window saves another. */
    @Test
    void sitesAddedByTheCommandLineMeanwhileAreShownAndKept() throws Exception {
        dev.ferry.site.SiteProfile mine = app.sites().save(dev.ferry.site.SiteProfile.builder(
                dev.ferry.site.SiteStore.newId(), "Mine " + System.nanoTime(), "127.0.0.1").build());
        String imported = "Imported " + System.nanoTime();
        dev.ferry.site.SiteStore.openDefault().save(dev.ferry.site.SiteProfile.builder(
                dev.ferry.site.SiteStore.newId(), imported, "192.0.2.7").build());
        clickOn("#toolbar-sites");
        waitUntil("the site manager", () -> lookup("#sites-tree").tryQuery().isPresent());
        waitUntil("the imported site listed", () -> lookup(imported).tryQuery().isPresent());
        clickOn(mine.name());
        waitUntil("its form", () -> lookup("#site-host").queryTextInputControl().getText().equals("127.0.0.1"));
        clickOn("#site-user").write("edited");
        clickOn("#sites-ok");
        waitUntil("the site manager closed", () -> lookup("#sites-tree").tryQuery().isEmpty());
        dev.ferry.site.SiteStore onDisk = dev.ferry.site.SiteStore.openDefault();
        assertTrue(onDisk.sites().stream().anyMatch(site -> site.name().equals(imported)), "kept: " + onDisk.sites());
        assertEquals("edited", onDisk.find(mine.id()).orElseThrow().user());
    }

    /**
     * With the keyboard only (U2): a search chooses the first site it finds, Enter connects to it, and
     * Down leaves the search for the list, where Down goes on to the next site.
     */
    @Test
    void aSiteIsFoundAndConnectedToWithTheKeyboardOnly() throws Exception {
        String tag = Long.toString(System.nanoTime());
        for (String name : List.of("Kestrel " + tag, "Kite " + tag, "Osprey " + tag)) {
            app.sites().save(dev.ferry.site.SiteProfile.builder(dev.ferry.site.SiteStore.newId(), name, "127.0.0.1")
                    .port(server.port()).protocol(TlsMode.NONE).user("anonymous").build());
        }
        clickOn("#toolbar-sites");
        waitUntil("the site manager", () -> lookup("#sites-tree").tryQuery().isPresent());
        clickOn("#sites-search").write("k");
        waitUntil("the first site found chosen", () -> "Kestrel".equals(chosenSiteName()));
        type(javafx.scene.input.KeyCode.DOWN);
        waitUntil("the list has the keyboard", () -> lookup("#sites-tree").query().isFocused());
        type(javafx.scene.input.KeyCode.DOWN);
        waitUntil("the next site found chosen", () -> "Kite".equals(chosenSiteName()));
        clickOn("#sites-search").write("est");
        waitUntil("the one site found chosen", () -> "Kestrel".equals(chosenSiteName()));
        type(javafx.scene.input.KeyCode.ENTER);
        waitUntil("the site manager closed by Enter", () -> lookup("#sites-tree").tryQuery().isEmpty());
        // No password saved: the question names the site Enter connects to.
        waitUntil("the password question", () -> lookup("#password-field").tryQuery().isPresent());
        javafx.scene.Parent pane = lookup("#password-field").query().getParent();
        while (!(pane instanceof javafx.scene.control.DialogPane)) {
            pane = pane.getParent();
        }
        String question = ((javafx.scene.control.DialogPane) pane).getHeaderText();
        assertTrue(question.contains("Kestrel " + tag), question);
        type(javafx.scene.input.KeyCode.ESCAPE);
    }

    /**
     * Found by helper T1: a site saved under its address (as a quick connection is) was asked for as
     * "Password for u@h:p (u@h:p):". The address is said once; a site with a name of its own keeps both.
     */
    @Test
    void thePasswordQuestionSaysASiteNamedByItsAddressOnce() throws Exception {
        String address = "anonymous@127.0.0.1:" + server.port();
        app.sites().save(SiteProfile.builder(SiteStore.newId(), address, "127.0.0.1")
                .port(server.port()).protocol(TlsMode.NONE).user("anonymous").build());
        clickOn("#toolbar-sites");
        waitUntil("the site manager", () -> lookup("#sites-tree").tryQuery().isPresent());
        clickOn("#sites-search").write(address);
        waitUntil("the site found chosen", () -> lookup("#site-name").queryTextInputControl().getText().equals(address));
        type(javafx.scene.input.KeyCode.ENTER);
        waitUntil("the password question", () -> lookup("#password-field").tryQuery().isPresent());
        javafx.scene.Parent pane = lookup("#password-field").query().getParent();
        while (!(pane instanceof javafx.scene.control.DialogPane)) {
            pane = pane.getParent();
        }
        assertEquals(I18n.t("dialog.password.text", address), ((javafx.scene.control.DialogPane) pane).getHeaderText());
        type(javafx.scene.input.KeyCode.ESCAPE);
    }

    /** Found by helper T1: the Site Manager opened with nothing chosen and an empty form; it opens on a site. */
    @Test
    void theSiteManagerOpensOnASite() throws Exception {
        app.sites().save(SiteProfile.builder(SiteStore.newId(), "Plover " + System.nanoTime(), "127.0.0.1")
                .port(server.port()).protocol(TlsMode.NONE).user("anonymous").build());
        clickOn("#toolbar-sites");
        waitUntil("the site manager", () -> lookup("#sites-tree").tryQuery().isPresent());
        waitUntil("a site chosen, its form showing", () -> {
            javafx.scene.control.TreeView<?> tree = lookup("#sites-tree").queryAs(javafx.scene.control.TreeView.class);
            Object chosen = tree.getSelectionModel().getSelectedItem();
            String shown = lookup("#site-name").queryTextInputControl().getText();
            return chosen != null && shown != null && !shown.isEmpty()
                    && lookup("#sites-tree .tree-cell").match((javafx.scene.control.TreeCell<?> cell) -> cell.isSelected()
                    && shown.equals(cell.getText())).tryQuery().isPresent();
        });
        clickOn("#sites-ok");
        waitUntil("the site manager closed", () -> lookup("#sites-tree").tryQuery().isEmpty());
    }

    /** A search that still finds the site open leaves it open: its edits are neither saved nor dropped by a keystroke. */
    @Test
    void searchingKeepsTheOpenSitesEditsUnsaved() throws Exception {
        String tag = Long.toString(System.nanoTime());
        SiteProfile open = app.sites().save(SiteProfile.builder(SiteStore.newId(), "Heron " + tag, "127.0.0.1")
                .port(server.port()).protocol(TlsMode.NONE).user("before").build());
        clickOn("#toolbar-sites");
        waitUntil("the site manager", () -> lookup("#sites-tree").tryQuery().isPresent());
        clickOn("Heron " + tag);
        waitUntil("its form", () -> lookup("#site-user").queryTextInputControl().getText().equals("before"));
        doubleClickOn("#site-user");
        write("typed");
        byte[] onDisk = Files.readAllBytes(config.resolve("sites.json"));
        clickOn("#sites-search").write("heron " + tag);
        waitUntil("the search applied", () -> lookup("#sites-search").queryTextInputControl().getText().endsWith(tag));
        assertEquals("typed", lookup("#site-user").queryTextInputControl().getText(), "the edit kept in the form");
        assertEquals(new String(onDisk, java.nio.charset.StandardCharsets.UTF_8),
                Files.readString(config.resolve("sites.json")), "a keystroke in the search wrote the sites");
        clickOn("#sites-ok");
        waitUntil("the site manager closed", () -> lookup("#sites-tree").tryQuery().isEmpty());
        assertEquals("typed", SiteStore.openDefault().find(open.id()).orElseThrow().user(), "saved by OK");
    }

    /** The first word of the site chosen in the list, or null. */
    private String chosenSiteName() {
        return lookup("#sites-tree .tree-cell").match((javafx.scene.control.TreeCell<?> cell) -> cell.isSelected()
                && cell.getText() != null).tryQueryAs(javafx.scene.control.TreeCell.class)
                .map(cell -> cell.getText().split(" ")[0]).orElse(null);
    }

    /** As in FileZilla: a new site's name is typed first; it went into the host field with an error showing. */
    @Test
    void aNewSiteStartsWithItsNameSelectedForTyping() {
        clickOn("#toolbar-sites");
        waitUntil("the site manager", () -> lookup("#sites-tree").tryQuery().isPresent());
        clickOn("#sites-new");
        javafx.scene.control.TextField name = lookup("#site-name").queryAs(javafx.scene.control.TextField.class);
        waitUntil("the name focused and selected", () -> name.isFocused()
                && name.getSelectedText().equals(name.getText()) && !name.getText().isEmpty());
        write("Typed name");
        waitUntil("the typed name in the name field", () -> name.getText().equals("Typed name"));
        type(javafx.scene.input.KeyCode.ESCAPE);
    }

    /** The default local folder is chosen as every other client lets it be: a Browse… beside the field (T10: typed only). */
    @Test
    void theDefaultLocalFolderHasABrowseButtonBesideIt() {
        clickOn("#toolbar-sites");
        waitUntil("the site manager", () -> lookup("#sites-tree").tryQuery().isPresent());
        clickOn("#sites-new");
        clickOn(I18n.t("sites.advanced"));
        waitUntil("the Browse… beside the local folder", () -> lookup("#site-local-dir-browse").tryQuery()
                .filter(javafx.scene.Node::isVisible).isPresent());
        javafx.scene.control.Button browse = lookup("#site-local-dir-browse").queryButton();
        assertEquals(I18n.t("sites.localDir.browse"), browse.getText());
        assertTrue(browse.getParent().getChildrenUnmodifiable().contains(lookup("#site-local-dir").query()),
                "the button in the local folder's row");
        type(javafx.scene.input.KeyCode.ESCAPE);
    }

    @Test
    void aSiteCreatedInTheDialogIsSavedAndConnects() throws Exception {
        newSiteNamed("Test server");
        clickOn("#site-host").write("127.0.0.1");
        clickOn("#site-port").write("99999");
        waitUntil("the port is refused", () -> !lookup("#site-validation").queryLabeled().getText().isEmpty());
        doubleClickOn("#site-port");
        eraseText(10);
        write(Integer.toString(server.port()));
        waitUntil("the form is valid", () -> lookup("#site-validation").queryLabeled().getText().isEmpty());
        @SuppressWarnings("unchecked")
        ChoiceBox<TlsMode> protocol = (ChoiceBox<TlsMode>) lookup("#site-protocol").query();
        interact(() -> protocol.setValue(TlsMode.NONE));
        clickOn("#site-user").write(MinaServer.USER);
        clickOn("#sites-connect");

        // Passwords are not saved by default: connecting asks for it, naming the site and its port.
        waitUntil("the password question", () -> lookup("#password-field").tryQuery().isPresent());
        javafx.scene.Parent pane = lookup("#password-field").query().getParent();
        while (!(pane instanceof javafx.scene.control.DialogPane)) {
            pane = pane.getParent();
        }
        String question = ((javafx.scene.control.DialogPane) pane).getHeaderText();
        assertTrue(question.contains("Test server") && question.contains("127.0.0.1:" + server.port()), question);
        clickOn("#password-field").write(MinaServer.PASSWORD);
        clickOn("OK");
        @SuppressWarnings("unchecked")
        TableView<FileRow> remote = (TableView<FileRow>) lookup("#remote-table").query();
        waitUntil("the site's listing", () -> remote.getItems().stream().anyMatch(r -> r.name().equals("from-site.txt")));
        assertEquals("Test server", window.currentTab().getText());
        waitUntil("the site's name in the window's title", () -> window.stage().getTitle().startsWith("Test server — "));

        SiteProfile saved = SiteStore.open(config.resolve(SiteStore.FILE_NAME)).find("Test server").orElseThrow();
        assertEquals("127.0.0.1", saved.host());
        assertEquals(server.port(), saved.port());
        assertEquals(TlsMode.NONE, saved.protocol());
        assertTrue(saved.password().isEmpty(), "no password saved without the user's choice");
    }

    /** A password typed in the form is used to connect even when it is not saved: it was asked for again. */
    @Test
    void aPasswordTypedInTheFormIsUsedForThisConnectionThoughNotSaved() throws Exception {
        newSiteNamed("Typed once");
        clickOn("#site-host").write("127.0.0.1");
        doubleClickOn("#site-port");
        eraseText(10);
        write(Integer.toString(server.port()));
        @SuppressWarnings("unchecked")
        ChoiceBox<TlsMode> protocol = (ChoiceBox<TlsMode>) lookup("#site-protocol").query();
        interact(() -> protocol.setValue(TlsMode.NONE));
        clickOn("#site-user").write(MinaServer.USER);
        clickOn("#site-password").write(MinaServer.PASSWORD);
        waitUntil("the form is valid", () -> lookup("#site-validation").queryLabeled().getText().isEmpty());
        clickOn("#sites-connect");
        @SuppressWarnings("unchecked")
        TableView<FileRow> remote = (TableView<FileRow>) lookup("#remote-table").query();
        waitUntil("the site's listing, or a password question", () -> lookup("#password-field").tryQuery().isPresent()
                || remote.getItems().stream().anyMatch(r -> r.name().equals("from-site.txt")));
        assertTrue(lookup("#password-field").tryQuery().isEmpty(), "the password just typed was asked for again");
        SiteProfile saved = SiteStore.open(config.resolve(SiteStore.FILE_NAME)).find("Typed once").orElseThrow();
        assertTrue(saved.password().isEmpty(), "not saved without the user's choice");
    }

    /**
     * Sites kept in {@code file} with no keyring to reach, and a new site {@code name} typed in the form (alice's
     * password "secret" on files.example.org), the hint saying so before the password is typed; not saved yet.
     */
    private void typeASiteWithoutAKeyring(Path file, String name) {
        app.useSites(SiteStore.open(file, dev.ferry.site.Keyring.unavailable(
                dev.ferry.message.Message.of(dev.ferry.site.SiteText.KEYRING_NO_SESSION_BUS))));
        newSiteNamed(name);
        waitUntil("the hint saying there is no keyring, before any password is typed", () -> lookup("#sites-password-policy")
                .queryAs(javafx.scene.control.Label.class).getText().contains("until Ferry closes"));
        clickOn("#site-host").write("files.example.org");
        clickOn("#site-user").write("alice");
        clickOn("#site-password").write("secret");
    }

    @Test
    void withoutAReachableKeyringTheSiteIsSavedWithoutItsPasswordAndTheUserToldWhy() throws Exception {
        Path file = config.resolve("sites-no-keyring.json");
        typeASiteWithoutAKeyring(file, "Keyless");
        clickOn("#sites-ok");
        waitUntil("a warning that the password was not kept (the first time in this run: once only, see below)", () -> lookup("#warning-dialog").tryQuery().isPresent());
        String text = lookup("#warning-dialog .content").queryLabeled().getText();
        assertTrue(text.contains("D-Bus"), "the keyring's reason in the warning: " + text);
        // The hint below the form said the rest before the password was typed: the warning repeated it.
        assertFalse(text.toLowerCase(java.util.Locale.ROOT).contains("master password"), "only what is new: " + text);
        SiteProfile saved = SiteStore.open(file).find("Keyless").orElseThrow();
        assertEquals("files.example.org", saved.host());
        assertEquals("alice", saved.user());
        assertTrue(saved.password().isEmpty(), "no password saved");
    }

    /** A keyring that counts the writes asked of it, each failing as {@code failure} says. */
    private static dev.ferry.site.Keyring refusing(java.util.concurrent.atomic.AtomicInteger writes, boolean reachable,
            dev.ferry.message.Message failure) {
        dev.ferry.site.Keyring none = dev.ferry.site.Keyring.unavailable(failure);
        return new dev.ferry.site.Keyring() {
            @Override
            public String name() {
                return "test keyring";
            }

            @Override
            public void check() throws dev.ferry.site.KeyringException {
                if (!reachable) {
                    none.check();
                }
            }

            @Override
            public void store(Entry entry, String secret) throws dev.ferry.site.KeyringException {
                writes.incrementAndGet();
                none.store(entry, secret);
            }

            @Override
            public java.util.Optional<String> lookup(Entry entry) {
                return java.util.Optional.empty();
            }

            @Override
            public boolean delete(Entry entry) {
                return false;
            }
        };
    }

    /** Types a new site with a password and saves it with OK; returns once the keyring was asked to keep it and the answer is in. */
    private void saveASiteWithAPassword(String name, java.util.concurrent.atomic.AtomicInteger writes) {
        int before = writes.get();
        newSiteNamed(name);
        clickOn("#site-host").write("files.example.org");
        clickOn("#site-user").write("alice");
        clickOn("#site-password").write("secret");
        clickOn("#sites-ok");
        waitUntil("the keyring asked", () -> writes.get() > before);
        // Its answer reaches the FX thread after it: twice round the event queue, then a moment for a dialog.
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        org.testfx.util.WaitForAsyncUtils.sleep(500, java.util.concurrent.TimeUnit.MILLISECONDS);
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * A user trial: without a session bus, every password typed in the Site Manager (each OK, each Connect) popped
     * "The site is saved, but not its password: there is no D-Bus session bus…", four times in one session, below
     * a form that said so already. Said once in a run; a keyring that is there and refuses is still said each time.
     */
    @Test
    void aKeyringThatCannotBeReachedIsToldOncePerRunOneThatRefusesEveryTime() throws Exception {
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        app.useSites(SiteStore.open(config.resolve("sites-told-once-" + System.nanoTime() + ".json"), refusing(writes, false,
                dev.ferry.message.Message.of(dev.ferry.site.SiteText.KEYRING_NO_SESSION_BUS))));
        saveASiteWithAPassword("Keyless one", writes);
        waitUntil("the first time, a warning", () -> lookup("#warning-dialog").tryQuery().isPresent());
        interact(() -> ((Stage) lookup("#warning-dialog").query().getScene().getWindow()).close());
        saveASiteWithAPassword("Keyless two", writes);
        assertTrue(lookup("#warning-dialog").tryQuery().isEmpty(), "the missing keyring said a second time: "
                + lookup("#warning-dialog .content").tryQuery().map(n -> ((javafx.scene.control.Labeled) n).getText()).orElse(""));

        app.useSites(SiteStore.open(config.resolve("sites-refused-" + System.nanoTime() + ".json"), refusing(writes, true,
                dev.ferry.message.Message.of(dev.ferry.site.SiteText.KEYRING_FAILED, "access denied"))));
        for (String name : List.of("Refused one", "Refused two")) {
            saveASiteWithAPassword(name, writes);
            waitUntil("the refusal said for " + name, () -> lookup("#warning-dialog").tryQuery().isPresent());
            String text = lookup("#warning-dialog .content").queryLabeled().getText();
            assertTrue(text.contains("access denied"), text);
            interact(() -> ((Stage) lookup("#warning-dialog").query().getScene().getWindow()).close());
        }
    }

    /**
     * Without a keyring, a duplicated site lost the password typed for the original in this run,
     * and the hint below the form went on saying passwords are kept in the system keyring.
     */
    @Test
    void withoutAKeyringADuplicateKeepsThePasswordForThisRunAndTheHintSaysSo() throws Exception {
        Path file = config.resolve("sites-no-keyring-" + System.nanoTime() + ".json");
        typeASiteWithoutAKeyring(file, "Keyless original");
        clickOn("#sites-duplicate");
        waitUntil("a warning that the password was not kept (the first time in this run: once only, see below)", () -> lookup("#warning-dialog").tryQuery().isPresent());
        interact(() -> ((Stage) lookup("#warning-dialog").query().getScene().getWindow()).close());
        waitUntil("the copy", () -> SiteStore.open(file).find("Keyless original (copy)").isPresent());
        SiteProfile copy = SiteStore.open(file).find("Keyless original (copy)").orElseThrow();
        String password = onFx(() -> app.connectSite(copy, false)).get(60, java.util.concurrent.TimeUnit.SECONDS)
                .orElseThrow().password();
        assertEquals("secret", password, "the copy has the password typed for the original in this run");
        String hint = lookup("#sites-password-policy").queryAs(javafx.scene.control.Label.class).getText();
        assertFalse(hint.contains("are kept in the system keyring"), hint);
        assertTrue(hint.contains("until Ferry closes"), hint);
    }

    /**
     * T10: without a keyring a site's password served until Ferry closed, and a master password set then left it
     * out of the vault while the form went on showing it beside "Passwords are encrypted with your master
     * password": asked again after a restart. Setting one keeps such passwords in the vault.
     */
    @Test
    void aMasterPasswordSetLaterKeepsThePasswordsTypedForThisRun() throws Exception {
        Path file = config.resolve("sites-master-later-" + System.nanoTime() + ".json");
        typeASiteWithoutAKeyring(file, "Keyless for now");
        clickOn("#sites-ok");
        waitUntil("a warning that the password was not kept (the first time in this run: once only, see below)", () -> lookup("#warning-dialog").tryQuery().isPresent());
        interact(() -> ((Stage) lookup("#warning-dialog").query().getScene().getWindow()).close());
        waitUntil("the site saved without its password", () -> SiteStore.open(file).find("Keyless for now")
                .map(site -> site.password().isEmpty()).orElse(false));

        javafx.scene.control.MenuItem master = lookup(".menu-bar").queryAs(javafx.scene.control.MenuBar.class).getMenus()
                .stream().flatMap(menu -> menu.getItems().stream())
                .filter(item -> I18n.t("menu.edit.masterPassword").equals(item.getText())).findFirst().orElseThrow();
        javafx.application.Platform.runLater(master::fire);
        waitUntil("the master password dialog", () -> lookup("#master-new").tryQuery().isPresent());
        javafx.scene.Node ok = lookup("#master-manage-dialog .button").match((javafx.scene.control.Button b) -> b.isDefaultButton()).query();
        assertTrue(ok.isDisabled(), "OK offered before a password was typed");
        clickOn("#master-new").write("the master");
        assertTrue(ok.isDisabled(), "OK offered before the password was repeated");
        clickOn("#master-repeat").write("the master");
        waitUntil("OK offered once both are typed", () -> !ok.isDisabled());
        double width = onFx(() -> lookup("#master-manage-dialog").query().getScene().getWindow().getWidth());
        assertTrue(width <= 640, "the master password dialog is " + width + " px wide");
        clickOn(I18n.t("button.ok"));
        waitUntil("a word that it was set", () -> lookup("#info-dialog").tryQuery()
                .map(pane -> ((javafx.scene.control.DialogPane) pane).getContentText().equals(I18n.t("master.setDone")))
                .orElse(false));
        clickOn(I18n.t("button.ok"));

        SiteStore nextRun = SiteStore.open(file, dev.ferry.site.Keyring.unavailable(
                dev.ferry.message.Message.of(dev.ferry.site.SiteText.KEYRING_NO_SESSION_BUS)));
        nextRun.unlock("the master".toCharArray());
        SiteProfile kept = nextRun.find("Keyless for now").orElseThrow();
        assertEquals(java.util.Optional.of("secret"), nextRun.password(kept), "the password typed, kept in the vault");
    }

    /**
     * Changing the master password asks for the current one first, as FileZilla does: anyone at an
     * unlocked session could replace it.
     */
    @Test
    void changingTheMasterPasswordAsksForTheCurrentOne() throws Exception {
        Path file = config.resolve("sites-master-" + System.nanoTime() + ".json");
        SiteStore store = SiteStore.open(file);
        store.setMasterPassword("old master".toCharArray(), dev.ferry.site.Vault.KdfParameters.fresh(1024, 1, 1));
        javafx.application.Platform.runLater(() -> dev.ferry.ui.dialogs.MasterPasswordDialog.manage(
                window.stage(), store));
        waitUntil("the master password dialog", () -> lookup("#master-current").tryQuery().isPresent());
        clickOn("#master-current").write("not it");
        clickOn("#master-new").write("new master");
        clickOn("#master-repeat").write("new master");
        clickOn(I18n.t("button.ok"));
        waitUntil("the refusal", () -> lookup("#error-dialog").tryQuery().isPresent());
        assertTrue(lookup("#error-dialog .content").queryAs(javafx.scene.control.Label.class).getText()
                .contains(I18n.t("master.wrong")));
        clickOn(I18n.t("button.ok"));
        SiteStore unchanged = SiteStore.open(file);
        unchanged.unlock("old master".toCharArray());
        assertTrue(unchanged.isUnlocked(), "the old master password still opens it");

        javafx.application.Platform.runLater(() -> dev.ferry.ui.dialogs.MasterPasswordDialog.manage(
                window.stage(), store));
        waitUntil("the master password dialog again", () -> lookup("#master-current").tryQuery().isPresent());
        clickOn("#master-current").write("old master");
        clickOn("#master-new").write("new master");
        clickOn("#master-repeat").write("new master");
        clickOn(I18n.t("button.ok"));
        waitUntil("the new master password in force", () -> {
            try {
                SiteStore.open(file).unlock("new master".toCharArray());
                return true;
            } catch (dev.ferry.site.VaultException wrongYet) {
                return false;
            }
        });
        waitUntil("a word that it was changed", () -> lookup("#info-dialog").tryQuery()
                .map(pane -> ((javafx.scene.control.DialogPane) pane).getContentText().equals(I18n.t("master.changed")))
                .orElse(false));
        clickOn(I18n.t("button.ok"));
    }

    /** Rename, then OK: the new name stays (OK saved the form, which still held the old name, over it). */
    @Test
    void aRenamedSiteKeepsItsNewNameAfterOk() throws Exception {
        Path file = config.resolve("sites-rename.json");
        app.useSites(SiteStore.open(file));
        newSiteNamed("Before rename");
        clickOn("#site-host").write("files.example.org");
        waitUntil("the form is valid", () -> lookup("#site-validation").queryLabeled().getText().isEmpty());
        clickOn("#sites-rename");
        waitUntil("the rename question", () -> lookup("#text-dialog .text-field").tryQuery().isPresent());
        javafx.scene.control.TextField field = lookup("#text-dialog .text-field").queryAs(javafx.scene.control.TextField.class);
        interact(() -> field.setText("After rename"));
        clickOn(lookup("#text-dialog .button").match((javafx.scene.control.Button b) -> b.isDefaultButton())
                .queryAs(javafx.scene.control.Button.class));
        waitUntil("the form showing the new name", () -> "After rename".equals(
                lookup("#site-name").queryAs(javafx.scene.control.TextField.class).getText()));
        clickOn("#sites-ok");
        waitUntil("the site manager closed", () -> lookup("#sites-tree").tryQuery().isEmpty());
        SiteStore saved = SiteStore.open(file);
        assertEquals(List.of("After rename"), saved.sites().stream().map(SiteProfile::name).toList());

        // Opened again, it shows the site the user left it on, as FileZilla's does: it opened on nothing.
        clickOn("#toolbar-sites");
        waitUntil("the site manager on the site it was left on", () -> lookup("#site-name").tryQuery().isPresent()
                && "After rename".equals(lookup("#site-name").queryAs(javafx.scene.control.TextField.class).getText()));
        clickOn("#sites-ok");
        waitUntil("the site manager closed", () -> lookup("#sites-tree").tryQuery().isEmpty());
    }

    /**
     * Connect waits for a site to be chosen (it closed the dialog silently), the list shows a name as
     * it is typed (it kept "New site"), and a deleted site's details leave the form.
     */
    @Test
    void theListAndTheButtonsFollowTheForm() throws Exception {
        app.useSites(SiteStore.open(config.resolve("sites-follow.json")));
        clickOn("#toolbar-sites");
        waitUntil("the site manager", () -> lookup("#sites-tree").tryQuery().isPresent());
        assertTrue(lookup("#sites-connect").queryButton().isDisabled(), "no site chosen: nothing to connect to");
        for (String button : List.of("#sites-rename", "#sites-duplicate", "#sites-delete")) {
            assertTrue(lookup(button).queryButton().isDisabled(), "nothing chosen to act on: " + button);
        }

        clickOn("#sites-new");
        doubleClickOn("#site-name");
        eraseText(20);
        write("Typed name");
        waitUntil("the list showing the name being typed", () -> lookup("#sites-tree .tree-cell")
                .match((javafx.scene.control.TreeCell<?> c) -> "Typed name".equals(c.getText())).tryQuery().isPresent());
        clickOn("#site-host").write("files.example.org");

        clickOn("#sites-delete");
        waitUntil("the delete question", () -> lookup("#confirm-dialog").tryQuery().isPresent());
        clickOn(lookup("#confirm-dialog .button").match((javafx.scene.control.Button b) -> b.isDefaultButton())
                .queryAs(javafx.scene.control.Button.class));
        waitUntil("the deleted site's details gone from the form", () -> lookup("#site-host")
                .queryAs(javafx.scene.control.TextField.class).getText().isEmpty()
                && lookup("#site-name").queryAs(javafx.scene.control.TextField.class).getText().isEmpty());
        assertTrue(lookup("#sites-connect").queryButton().isDisabled(), "nothing to connect to after the delete");
    }

    @Test
    void aNewSiteLeftBlankIsGoneWhenTheDialogIsCancelled() throws Exception {
        Path file = config.resolve("sites-cancel.json");
        SiteStore store = SiteStore.open(file);
        app.useSites(store);
        clickOn("#toolbar-sites");
        waitUntil("the site manager", () -> lookup("#sites-tree").tryQuery().isPresent());
        clickOn("#sites-new");
        waitUntil("the new site in the list", () -> !store.sites().isEmpty());
        clickOn(I18n.t("sites.cancel"));
        waitUntil("the site manager closed", () -> lookup("#sites-tree").tryQuery().isEmpty());
        waitUntil("no blank site left in the file", () -> SiteStore.open(file).sites().isEmpty());
    }
}
