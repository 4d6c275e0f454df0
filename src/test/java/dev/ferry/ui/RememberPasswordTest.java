package dev.ferry.ui;

import dev.ferry.ftp.TlsMode;
import dev.ferry.site.Keyring;
import dev.ferry.site.LogonType;
import dev.ferry.site.SettingsStore;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.ui.connection.ConnectionTab;
import dev.ferry.testing.MinaServer;
import javafx.application.Platform;
import javafx.scene.control.CheckBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connecting to a saved site without a saved password asked for it with no way to keep it, as
 * FileZilla's and WinSCP's questions offer: "Remember password" (off unless ticked) saves it where
 * the Site Manager saves passwords, once the server took it.
 */
@ExtendWith(ApplicationExtension.class)
class RememberPasswordTest extends GuiTest {

    @TempDir
    static Path directory;
    MinaServer server;
    AppContext app;
    MainWindow window;
    MemoryKeyring keyring;
    SiteStore sites;
    Path sitesFile;

    /** Once set, the server drops each logged-in session at its next command and refuses the password it had. */
    final java.util.concurrent.atomic.AtomicBoolean passwordChanged = new java.util.concurrent.atomic.AtomicBoolean();
    final java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
    final org.apache.ftpserver.ftplet.Ftplet passwordChange = new org.apache.ftpserver.ftplet.DefaultFtplet() {
        @Override
        public org.apache.ftpserver.ftplet.FtpletResult beforeCommand(org.apache.ftpserver.ftplet.FtpSession session,
                org.apache.ftpserver.ftplet.FtpRequest request) throws org.apache.ftpserver.ftplet.FtpException {
            if (!passwordChanged.get()) {
                return org.apache.ftpserver.ftplet.FtpletResult.DEFAULT;
            }
            if ("PASS".equals(request.getCommand())) {
                refusals.incrementAndGet();
                session.write(new org.apache.ftpserver.ftplet.DefaultFtpReply(530, "Login incorrect."));
                return org.apache.ftpserver.ftplet.FtpletResult.SKIP;
            }
            return session.isLoggedIn() ? org.apache.ftpserver.ftplet.FtpletResult.DISCONNECT
                    : org.apache.ftpserver.ftplet.FtpletResult.DEFAULT;
        }
    };

    @Start
    void start(Stage stage) throws Exception {
        forgetSavedQueue();
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).ftplet(passwordChange).start();
        Files.writeString(server.home().resolve("hello.txt"), "hi");
        app = new AppContext(SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json")), () -> stage);
        keyring = new MemoryKeyring();
        sitesFile = directory.resolve("sites-" + System.nanoTime() + ".json");
        sites = SiteStore.open(sitesFile, keyring);
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
    void aTickedRememberSavesTheAcceptedPasswordInTheKeyring() throws Exception {
        answer(MinaServer.PASSWORD, true);
        waitUntil("the remote listing", () -> shows(table("remote"), "hello.txt"));
        waitUntil("the password in the keyring", () -> MinaServer.PASSWORD.equals(keyring.secrets.get("s1/password")));
        assertTrue(sites.find("s1").orElseThrow().password().isInKeyring(), "the site says where its password is");
        assertFalse(Files.readString(sitesFile).contains(MinaServer.PASSWORD), "not in the site file");
        assertEquals(Optional.of(MinaServer.PASSWORD), SiteStore.open(sitesFile, keyring).password(sites.find("s1").orElseThrow()),
                "read back at the next start");
        // A keyring may take seconds (a D-Bus call, an unlock prompt) and the site file is disk: the
        // window's thread does neither.
        assertEquals(Boolean.FALSE, keyring.storedOnFxThread, "the keyring written off the FX thread");
    }

    @Test
    void aRefusedPasswordIsNotRememberedAndNothingIsWithoutTheTick() throws Exception {
        answer("wrong-password", true);
        waitUntil("the refusal", () -> window.currentTab() != null && window.currentTab().loginRefused());
        answer(MinaServer.PASSWORD, false);
        waitUntil("the remote listing", () -> shows(table("remote"), "hello.txt"));
        assertEquals(Map.of(), Map.copyOf(keyring.secrets), "neither the refused password nor the unticked one");
        assertTrue(sites.find("s1").orElseThrow().password().isEmpty());
    }

    /**
     * U4: a password typed at the question (not kept) was asked for again at the site's next
     * connection in the same run. It serves until Ferry closes, as FileZilla's "until closed" does;
     * only an interactive site (one-time passwords) asks every time.
     */
    @Test
    void aTypedPasswordServesTheSitesNextConnectionsOfThisRunUnlessItIsInteractive() throws Exception {
        answer(MinaServer.PASSWORD, false);
        waitUntil("the remote listing", () -> shows(table("remote"), "hello.txt"));
        SiteProfile site = sites.find("s1").orElseThrow();
        Platform.runLater(() -> window.connectSite(site));
        waitUntil("a second tab connected to the site without a question (a question keeps it from connecting)",
                () -> window.tabs().getTabs().size() == 2 && window.currentTab().connection() != null);
        assertTrue(lookup("#password-field").tryQuery().isEmpty(), "no question for the password typed before");

        sites.save(site.toBuilder().logonType(LogonType.INTERACTIVE).build());
        SiteProfile interactive = sites.find("s1").orElseThrow();
        Platform.runLater(() -> window.connectSite(interactive));
        waitUntil("the password question of an interactive site", () -> lookup("#password-field").tryQuery().isPresent());
        type(javafx.scene.input.KeyCode.ESCAPE);
        waitUntil("the question closed", () -> lookup("#password-field").tryQuery().isEmpty());
    }

    /**
     * R12: a password refused after "Connect without encryption (this once)" was kept under the
     * site's TLS key, and every later Connect reused it without asking.
     */
    @Test
    void aPasswordRefusedAfterPlainThisOnceIsAskedForAgain() throws Exception {
        sites.save(SiteProfile.builder("s3", "Plain only", "127.0.0.1").port(server.port())
                .protocol(TlsMode.EXPLICIT_IF_AVAILABLE).logonType(LogonType.ASK_FOR_PASSWORD).user(MinaServer.USER).build());
        SiteProfile site = sites.find("s3").orElseThrow();
        Platform.runLater(() -> window.connectSite(site));
        waitUntil("the password question", () -> lookup("#password-field").tryQuery().isPresent());
        clickOn("#password-field").write("wrong-password");
        type(javafx.scene.input.KeyCode.ENTER);
        waitUntil("the question about plain FTP", () -> lookup("#plain-fallback-connect").tryQuery().isPresent());
        clickOn("#plain-fallback-connect");
        waitUntil("the refusal", () -> window.currentTab() != null && window.currentTab().loginRefused());

        Platform.runLater(() -> window.connectSite(site));
        waitUntil("the password question again, or the plain question without it",
                () -> lookup("#password-field").tryQuery().isPresent() || lookup("#plain-fallback-connect").tryQuery().isPresent());
        assertTrue(lookup("#password-field").tryQuery().isPresent(), "the refused password is asked for again");
        type(javafx.scene.input.KeyCode.ESCAPE);
    }

    /**
     * A password the server refused when the tab logged in again by itself (it had dropped the
     * session, and the password was changed meanwhile) was tried once more at the site's next
     * Connect and at the tab's Reconnect, as if never refused: a second refusal where a server
     * counts them before locking the account. It is asked for, as one refused at the first login.
     */
    @Test
    void aPasswordRefusedWhenTheTabLogsInAgainByItselfIsAskedForAgain() throws Exception {
        answer(MinaServer.PASSWORD, false);
        waitUntil("the remote listing", () -> shows(table("remote"), "hello.txt"));
        passwordChanged.set(true);
        ConnectionTab tab = (ConnectionTab) window.currentTab();
        Platform.runLater(() -> tab.remotePane().refresh());
        waitUntil("the refused login again", () -> refusals.get() == 1);
        waitUntil("the tab done with its refresh", () -> tab.stateProperty().get() == dev.ferry.ui.connection.RemoteConnection.State.DISCONNECTED);
        // R14: each refresh (the queue's after its transfers too) logged in with it again; R15: a download
        // from the tab was queued with it. The tab lets that connection go, and says so.
        waitUntil("the tab without its refused connection, saying why", () -> tab.connection() == null
                && tab.statusProperty().get().equals(dev.ferry.ui.I18n.t("status.passwordRefusedAgain",
                        MinaServer.USER + "@127.0.0.1:" + server.port())));

        Platform.runLater(() -> window.connectSite(sites.find("s1").orElseThrow()));
        waitUntil("the password question, or the refused password tried again",
                () -> lookup("#password-field").tryQuery().isPresent() || refusals.get() > 1);
        assertEquals(1, refusals.get(), "the refused password was tried again at Connect");
        type(javafx.scene.input.KeyCode.ESCAPE);
        waitUntil("the question closed", () -> lookup("#password-field").tryQuery().isEmpty());

        interact(() -> window.tabs().getSelectionModel().select(tab));

        // R14: Reconnect then asked, and did nothing with the answer (the tab still held its connection).
        passwordChanged.set(false);
        Platform.runLater(() -> ((javafx.scene.control.Button) window.stage().getScene().getRoot().lookup("#toolbar-reconnect")).fire());
        waitUntil("the password question at Reconnect, or the refused password tried again",
                () -> lookup("#password-field").tryQuery().isPresent() || refusals.get() > 1);
        assertEquals(1, refusals.get(), "the refused password was tried again at Reconnect");
        clickOn("#password-field").write(MinaServer.PASSWORD);
        type(javafx.scene.input.KeyCode.ENTER);
        waitUntil("the tab connected again with the password typed at Reconnect", () -> tab.connection() != null
                && tab.stateProperty().get() == dev.ferry.ui.connection.RemoteConnection.State.CONNECTED
                && shows(table("remote"), "hello.txt"));
        assertTrue(!tab.loginRefused(), "no longer refused");
    }

    /** R12: a site whose saved password was removed (now "Ask for password") connected with the old one. */
    @Test
    void aSavedPasswordRemovedIsNotUsedAgain() throws Exception {
        sites.save(sites.find("s1").orElseThrow().toBuilder().password(dev.ferry.site.Secret.plain(MinaServer.PASSWORD)).build());
        SiteProfile saved = sites.find("s1").orElseThrow();
        Platform.runLater(() -> window.connectSite(saved));
        waitUntil("the remote listing", () -> shows(table("remote"), "hello.txt"));
        sites.save(saved.toBuilder().logonType(LogonType.ASK_FOR_PASSWORD).password(dev.ferry.site.Secret.NONE).build());
        SiteProfile asking = sites.find("s1").orElseThrow();
        Platform.runLater(() -> window.connectSite(asking));
        waitUntil("the password question, or a second tab connected without it", () -> lookup("#password-field").tryQuery().isPresent()
                || window.tabs().getTabs().size() == 2);
        assertTrue(lookup("#password-field").tryQuery().isPresent(), "the site asks for its password now");
        type(javafx.scene.input.KeyCode.ESCAPE);
    }

    /** Where nothing would keep it, or a kept one would not be used, there is no box to tick. */
    @Test
    void noRememberWhereNoPasswordIsKeptOrUsed() throws Exception {
        sites.save(sites.find("s1").orElseThrow().toBuilder().logonType(LogonType.ASK_FOR_PASSWORD).build());
        assertEquals(false, offersRemember(), "a site that asks every time");
        sites.save(sites.find("s1").orElseThrow().toBuilder().logonType(LogonType.NORMAL).build());
        sites.setPasswordPolicy(SiteStore.PasswordPolicy.DONT_SAVE);
        assertEquals(false, offersRemember(), "passwords are not saved on this computer");
    }

    private boolean offersRemember() throws Exception {
        SiteProfile site = sites.find("s1").orElseThrow();
        Platform.runLater(() -> window.connectSite(site));
        waitUntil("the password question", () -> lookup("#password-field").tryQuery().isPresent());
        boolean offered = onFx(() -> lookup("#password-remember").tryQuery().isPresent());
        type(javafx.scene.input.KeyCode.ESCAPE);
        waitUntil("the question closed", () -> lookup("#password-field").tryQuery().isEmpty());
        return offered;
    }

    /** Connects the site from the window and answers its password question. */
    private void answer(String password, boolean remember) throws Exception {
        SiteProfile site = sites.find("s1").orElseThrow();
        // The question is modal: asked from its own event, not from inside a call this test waits for.
        Platform.runLater(() -> window.connectSite(site));
        waitUntil("the password question", () -> lookup("#password-field").tryQuery().isPresent());
        CheckBox box = lookup("#password-remember").queryAs(CheckBox.class);
        assertFalse(onFx(box::isSelected), "off unless the user ticks it");
        clickOn("#password-field").write(password);
        if (remember) {
            // Ticked, the box has the focus: Enter answers from there too.
            clickOn(box);
            type(javafx.scene.input.KeyCode.ENTER);
        } else {
            clickOn(lookup(".dialog-pane .button").match((javafx.scene.control.Button b) -> b.isDefaultButton())
                    .queryAs(javafx.scene.control.Button.class));
        }
        waitUntil("the question closed", () -> lookup("#password-field").tryQuery().isEmpty());
    }

    /** A keyring in memory: what the system's would hold. */
    static final class MemoryKeyring implements Keyring {
        final Map<String, String> secrets = new ConcurrentHashMap<>();
        /** Whether the last store came from the FX thread; null before any. */
        volatile Boolean storedOnFxThread;

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public void check() {
        }

        @Override
        public void store(Entry entry, String secret) {
            storedOnFxThread = Platform.isFxApplicationThread();
            secrets.put(entry.key(), secret);
        }

        @Override
        public Optional<String> lookup(Entry entry) {
            return Optional.ofNullable(secrets.get(entry.key()));
        }

        @Override
        public boolean delete(Entry entry) {
            return secrets.remove(entry.key()) != null;
        }
    }
}
