package dev.ferry.ui;

import dev.ferry.ftp.TlsMode;
import dev.ferry.message.Message;
import dev.ferry.site.Keyring;
import dev.ferry.site.KeyringException;
import dev.ferry.site.LogonType;
import dev.ferry.site.PasswordStore;
import dev.ferry.site.SettingsStore;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.site.SiteText;
import dev.ferry.testing.MinaServer;
import javafx.application.Platform;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The system keyring is the Secret Service over D-Bus: a call may wait seconds (a busy bus, an
 * unlock prompt). Connecting a saved site read its password, and the Site Manager wrote a typed
 * one, on the window's thread, which froze meanwhile.
 */
@ExtendWith(ApplicationExtension.class)
class KeyringOffTheFxThreadTest extends GuiTest {

    @TempDir
    static Path directory;
    MinaServer server;
    AppContext app;
    MainWindow window;
    ThreadNotingKeyring keyring;
    SiteStore sites;
    Path sitesFile;

    @Start
    void start(Stage stage) throws Exception {
        forgetSavedQueue();
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        Files.writeString(server.home().resolve("hello.txt"), "hi");
        app = new AppContext(SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json")), () -> stage);
        keyring = new ThreadNotingKeyring();
        sitesFile = directory.resolve("sites-" + System.nanoTime() + ".json");
        sites = SiteStore.open(sitesFile, keyring);
        sites.setPasswordPolicy(SiteStore.PasswordPolicy.SAVE_IN_KEYRING);
        sites.save(SiteProfile.builder("s1", "Mine", "127.0.0.1").port(server.port()).protocol(TlsMode.NONE)
                .logonType(LogonType.NORMAL).user(MinaServer.USER).build());
        app.useSites(sites);
        window = new MainWindow(app, stage, UiState.defaults());
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        server.close();
    }

    @Test
    void aSavedSitesPasswordIsReadFromTheKeyringOffTheFxThread() throws Exception {
        sites.setPassword("s1", MinaServer.PASSWORD, PasswordStore.KEYRING);
        keyring.onFxThread.clear();
        SiteProfile site = sites.find("s1").orElseThrow();
        Optional<dev.ferry.ftp.ConnectionSettings> settings = onFx(() -> app.connectSite(site, true))
                .get(60, TimeUnit.SECONDS);
        assertEquals(MinaServer.PASSWORD, settings.orElseThrow().password(), "the saved password");
        assertEquals(List.of(), List.copyOf(keyring.onFxThread), "keyring calls on the FX thread");
    }

    /**
     * A password typed earlier in the run and not saved then (the keyring could not be reached, or
     * the policy kept none) won over the one saved since: the old one was sent, refused, and only
     * then forgotten. The typed one comes first only while its own way to the keyring is under way.
     */
    @Test
    void aPasswordSavedSinceBeatsOneTypedEarlierAndNotSaved() throws Exception {
        onFx(() -> {
            app.usePasswordNotSaved("s1", "typed-earlier");
            return null;
        });
        sites.setPassword("s1", MinaServer.PASSWORD, PasswordStore.KEYRING);
        SiteProfile site = sites.find("s1").orElseThrow();
        Optional<dev.ferry.ftp.ConnectionSettings> settings = onFx(() -> app.connectSite(site, true))
                .get(60, TimeUnit.SECONDS);
        assertEquals(MinaServer.PASSWORD, settings.orElseThrow().password(), "the password saved since");
    }

    @Test
    void aPasswordTypedInTheSiteManagerIsWrittenToTheKeyringOffTheFxThread() throws Exception {
        openMineInTheSiteManager();
        clickOn("#site-password").write(MinaServer.PASSWORD);
        clickOn("#sites-connect");
        waitUntil("the remote listing", () -> shows(table("remote"), "hello.txt"));
        waitUntil("the password in the keyring", () -> MinaServer.PASSWORD.equals(keyring.secrets.get("s1/password")));
        waitUntil("the site saying its password is in the keyring",
                () -> sites.find("s1").orElseThrow().password().isInKeyring());
        assertTrue(lookup("#password-field").tryQuery().isEmpty(), "the password just typed was asked for");
        assertEquals(List.of(), List.copyOf(keyring.onFxThread), "keyring calls on the FX thread");
    }

    /**
     * Duplicating a site copies its keyring secrets, deleting one forgets them: both ran on the FX
     * thread, the window frozen while D-Bus answered.
     */
    @Test
    void duplicatingAndDeletingASiteLeaveTheKeyringToAnotherThread() throws Exception {
        sites.setPassword("s1", MinaServer.PASSWORD, PasswordStore.KEYRING);
        keyring.onFxThread.clear();
        openMineInTheSiteManager();
        clickOn("#sites-duplicate");
        waitUntil("the copy, with the password in the keyring", () -> sites.find("Mine (copy)")
                .map(copy -> MinaServer.PASSWORD.equals(keyring.secrets.get(copy.id() + "/password"))).orElse(false));
        String copyId = sites.find("Mine (copy)").orElseThrow().id();
        waitUntil("the copy chosen in the list", () -> lookup("#site-name").queryTextInputControl().getText().equals("Mine (copy)"));
        clickOn("#sites-delete");
        waitUntil("the delete question", () -> lookup("#confirm-dialog").tryQuery().isPresent());
        clickOn(lookup("#confirm-dialog .button").match((javafx.scene.control.Button b) -> b.isDefaultButton())
                .queryAs(javafx.scene.control.Button.class));
        waitUntil("the copy and its password gone", () -> sites.find(copyId).isEmpty()
                && !keyring.secrets.containsKey(copyId + "/password"));
        assertEquals(MinaServer.PASSWORD, keyring.secrets.get("s1/password"), "the original keeps its password");
        assertEquals(List.of(), List.copyOf(keyring.onFxThread), "keyring calls on the FX thread");
    }

    /**
     * A site saved as anonymous no longer needs its keyring password, which is deleted: on the FX
     * thread, from the Site Manager's save.
     */
    @Test
    void aPasswordASiteNoLongerNeedsLeavesTheKeyringFromAnotherThread() throws Exception {
        sites.setPassword("s1", MinaServer.PASSWORD, PasswordStore.KEYRING);
        keyring.onFxThread.clear();
        openMineInTheSiteManager();
        interact(() -> lookup("#site-logon").queryAs(javafx.scene.control.ChoiceBox.class).setValue(LogonType.ANONYMOUS));
        clickOn("#sites-ok");
        waitUntil("the password gone from the keyring", () -> !keyring.secrets.containsKey("s1/password"));
        assertEquals(LogonType.ANONYMOUS, sites.find("s1").orElseThrow().logonType());
        assertEquals(List.of(), List.copyOf(keyring.onFxThread), "keyring calls on the FX thread");
    }

    /**
     * Without a reachable keyring (no D-Bus session), the question offered "Remember password (in
     * the system keyring)"; ticked, it ended in an error after connecting. The box is greyed, with
     * the reason, and the keyring was asked off the FX thread.
     */
    @Test
    void whereNoKeyringCanBeReachedRememberIsGreyedWithTheReason() throws Exception {
        keyring.unreachable = new KeyringException(Message.of(SiteText.KEYRING_NO_SESSION_BUS));
        SiteProfile site = sites.find("s1").orElseThrow();
        Platform.runLater(() -> window.connectSite(site));
        waitUntil("the password question", () -> lookup("#password-field").tryQuery().isPresent());
        CheckBox box = lookup("#password-remember").queryAs(CheckBox.class);
        assertTrue(onFx(box::isDisabled), "the box greyed");
        Label reason = lookup("#password-remember-reason").queryAs(Label.class);
        String said = onFx(reason::getText);
        assertTrue(said.contains("keyring") && said.contains("D-Bus"), "the reason beside the box: " + said);
        clickOn("#password-field").write(MinaServer.PASSWORD);
        type(KeyCode.ENTER);
        waitUntil("the remote listing", () -> shows(table("remote"), "hello.txt"));
        assertTrue(lookup("#error-dialog").tryQuery().isEmpty(), "no error after connecting");
        assertEquals(List.of(), List.copyOf(keyring.onFxThread), "keyring calls on the FX thread");
    }

    /**
     * A keyring not up yet when first asked (started with the desktop session, after Ferry) stayed
     * "cannot be reached" for the whole run: the box is offered once it answers.
     */
    @Test
    void aKeyringThatComesUpLaterIsOfferedAtTheNextQuestion() throws Exception {
        keyring.unreachable = new KeyringException(Message.of(SiteText.KEYRING_NO_SESSION_BUS));
        SiteProfile site = sites.find("s1").orElseThrow();
        Platform.runLater(() -> window.connectSite(site));
        waitUntil("the password question", () -> lookup("#password-field").tryQuery().isPresent());
        assertTrue(onFx(lookup("#password-remember").queryAs(CheckBox.class)::isDisabled), "greyed while unreachable");
        clickOn("#password-field");
        type(KeyCode.ESCAPE);
        waitUntil("the question gone", () -> lookup("#password-field").tryQuery().isEmpty());

        keyring.unreachable = null;
        Platform.runLater(() -> window.connectSite(site));
        waitUntil("the password question again", () -> lookup("#password-field").tryQuery().isPresent());
        assertTrue(!onFx(lookup("#password-remember").queryAs(CheckBox.class)::isDisabled), "offered now that it answers");
        clickOn("#password-field");
        type(KeyCode.ESCAPE);
    }

    private void openMineInTheSiteManager() {
        clickOn("#toolbar-sites");
        waitUntil("the site manager", () -> lookup("#sites-tree").tryQuery().isPresent());
        clickOn("Mine");
        waitUntil("the site's form", () -> lookup("#site-host").queryTextInputControl().getText().equals("127.0.0.1"));
    }

    /** A keyring in memory that notes every call made on the FX thread. */
    static final class ThreadNotingKeyring implements Keyring {
        final Map<String, String> secrets = new ConcurrentHashMap<>();
        final List<String> onFxThread = new CopyOnWriteArrayList<>();
        /** Set: every call fails with it, as where the keyring cannot be reached. */
        volatile KeyringException unreachable;

        private void note(String call) throws KeyringException {
            if (Platform.isFxApplicationThread()) {
                onFxThread.add(call);
            }
            if (unreachable != null) {
                throw unreachable;
            }
        }

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public void check() throws KeyringException {
            note("check");
        }

        @Override
        public void store(Entry entry, String secret) throws KeyringException {
            note("store " + entry.key());
            secrets.put(entry.key(), secret);
        }

        @Override
        public Optional<String> lookup(Entry entry) throws KeyringException {
            note("lookup " + entry.key());
            return Optional.ofNullable(secrets.get(entry.key()));
        }

        @Override
        public boolean delete(Entry entry) throws KeyringException {
            note("delete " + entry.key());
            return secrets.remove(entry.key()) != null;
        }
    }
}
