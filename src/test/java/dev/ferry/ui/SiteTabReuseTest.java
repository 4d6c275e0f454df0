package dev.ferry.ui;

import dev.ferry.ftp.TlsMode;
import dev.ferry.site.LogonType;
import dev.ferry.site.Secret;
import dev.ferry.site.SettingsStore;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.testing.MinaServer;
import dev.ferry.ui.connection.ConnectionTab;
import dev.ferry.ui.connection.RemoteConnection;
import javafx.application.Platform;
import javafx.scene.control.Tab;
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
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A user trial: a site's login failed (a wrong password), the tab stayed; Connect with the password corrected
 * opened a second tab of the same name, the failed one beside it (both restored, both connecting, at the next
 * start), and the window's title named the failed tab's server as if it were connected. As FileZilla does, a
 * site's tab that is not connected is used again; a connected one is left alone.
 */
@ExtendWith(ApplicationExtension.class)
class SiteTabReuseTest extends GuiTest {

    @TempDir
    static Path directory;
    MinaServer server;
    AppContext app;
    MainWindow window;
    SiteStore sites;

    @Start
    void start(Stage stage) throws Exception {
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        Files.writeString(server.home().resolve("hello.txt"), "hi");
        app = new AppContext(SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json")), () -> stage);
        sites = SiteStore.open(directory.resolve("sites-" + System.nanoTime() + ".json"),
                dev.ferry.site.Keyring.unavailable(dev.ferry.message.Message.of(dev.ferry.site.SiteText.KEYRING_NO_SESSION_BUS)));
        sites.setPasswordPolicy(SiteStore.PasswordPolicy.SAVE_UNPROTECTED);
        app.useSites(sites);
        window = new MainWindow(app, stage, UiState.defaults());
        stage.show();
    }

    @AfterEach
    void stop() {
        app.close();
        server.close();
    }

    private SiteProfile site(String password) throws Exception {
        return sites.save(SiteProfile.builder("s1", "Mine", "127.0.0.1").port(server.port()).protocol(TlsMode.NONE)
                .logonType(LogonType.NORMAL).user(MinaServer.USER).password(Secret.plain(password)).build());
    }

    /** What Site Manager's Connect does with the site; waits for the login's refusal and closes its error. */
    private void connectRefused(SiteProfile wrong) {
        Platform.runLater(() -> window.connectSite(wrong));
        waitUntil("the login refused", () -> lookup("#error-dialog").tryQuery().isPresent());
        interact(() -> ((Stage) lookup("#error-dialog").query().getScene().getWindow()).close());
    }

    private List<Tab> tabsNamed(String name) throws Exception {
        return onFx(() -> window.tabs().getTabs().stream().filter(tab -> name.equals(tab.getText())).toList());
    }

    private static boolean connected(ConnectionTab tab) {
        return tab.connection() != null && tab.stateProperty().get() == RemoteConnection.State.CONNECTED;
    }

    @Test
    void connectingAgainAfterARefusedLoginUsesTheFailedTab() throws Exception {
        // Once connected, then refused: the tab keeps the site's name (as after a disconnect).
        SiteProfile good = site(MinaServer.PASSWORD);
        Platform.runLater(() -> window.connectSite(good));
        waitUntil("connected", () -> shows(table("remote"), "hello.txt"));
        ConnectionTab first = onFx(() -> window.currentTab());
        interact(first::disconnect);
        connectRefused(site("not the password"));
        waitUntil("the tab not connected", () -> first.connection() == null
                || first.stateProperty().get() == RemoteConnection.State.DISCONNECTED);
        assertEquals(I18n.t("app.title"), onFx(() -> window.stage().getTitle()),
                "the window's title with the failed tab in front");

        // Another tab in front: Connect still finds the site's own.
        interact(window::newTab);
        SiteProfile corrected = site(MinaServer.PASSWORD);
        Platform.runLater(() -> window.connectSite(corrected));
        waitUntil("the site's tab connected", () -> connected(first));
        assertEquals(1, tabsNamed("Mine").size(), "tabs named after the site: " + tabsNamed("Mine"));
        assertEquals(2, onFx(() -> window.tabs().getTabs().size()), "the failed tab and the new one, no third");
        assertSame(first, onFx(() -> window.currentTab()), "the site's tab brought to the front");
    }

    /** The trial's own steps: refused at the first attempt, then Connect with the password corrected. */
    @Test
    void refusedAtTheFirstAttemptThenCorrectedOpensNoSecondTab() throws Exception {
        connectRefused(site("not the password"));
        assertEquals(I18n.t("app.title"), onFx(() -> window.stage().getTitle()),
                "the window's title with the failed tab in front");
        SiteProfile corrected = site(MinaServer.PASSWORD);
        Platform.runLater(() -> window.connectSite(corrected));
        waitUntil("connected", () -> shows(table("remote"), "hello.txt"));
        assertEquals(1, onFx(() -> window.tabs().getTabs().size()), "tabs: " + tabsNamed("Mine"));
    }

    @Test
    void aConnectedTabOfTheSiteIsLeftAloneAndASecondOneOpens() throws Exception {
        SiteProfile good = site(MinaServer.PASSWORD);
        Platform.runLater(() -> window.connectSite(good));
        waitUntil("connected", () -> shows(table("remote"), "hello.txt"));
        ConnectionTab first = onFx(() -> window.currentTab());
        Platform.runLater(() -> window.connectSite(good));
        waitUntil("a second tab", () -> onFx(() -> window.tabs().getTabs().size()) == 2);
        ConnectionTab second = onFx(() -> window.currentTab());
        waitUntil("the second connected", () -> connected(second));
        assertEquals(true, connected(first), "the first tab's connection kept");
        assertEquals(2, tabsNamed("Mine").size());
    }

    /**
     * T11: the password was changed on the server; Reconnect (Ctrl+R) sent the refused one again, and only the
     * Site Manager could take a new one. Reconnect asks for it, as for a quick connection, and connects with it.
     */
    @Test
    void reconnectAfterASitesPasswordWasRefusedAsksForIt() throws Exception {
        connectRefused(site("the old password"));
        ConnectionTab tab = onFx(() -> window.currentTab());
        Platform.runLater(tab::reconnect);
        waitUntil("the password asked", () -> lookup("#password-field").tryQuery().isPresent());
        javafx.scene.control.PasswordField field = lookup("#password-field").query();
        interact(() -> field.setText(MinaServer.PASSWORD));
        clickOn(I18n.t("button.ok"));
        waitUntil("connected with the password typed", () -> shows(table("remote"), "hello.txt"));
        assertEquals(1, onFx(() -> window.tabs().getTabs().size()), "tabs: " + tabsNamed("Mine"));
    }

    /**
     * A user look (helper H): a site's default local folder was ignored when its Connect opened a new tab: the new
     * tab's first folder (the one in front's) and the site's were both looked up off the FX thread, and whichever
     * came second was dropped as if the user had moved. The site's, asked later, wins.
     */
    @Test
    void aNewTabForASiteOpensItsDefaultLocalFolder() throws Exception {
        Path elsewhere = Files.createDirectories(directory.resolve("elsewhere-" + System.nanoTime()));
        Path sitesOwn = Files.createDirectories(directory.resolve("sites-own-" + System.nanoTime()));
        SiteProfile good = site(MinaServer.PASSWORD);
        Platform.runLater(() -> window.connectSite(good));
        waitUntil("connected", () -> shows(table("remote"), "hello.txt"));
        ConnectionTab first = onFx(() -> window.currentTab());
        interact(() -> first.localPane().navigate(elsewhere.toString()));
        waitUntil("the first tab's local folder elsewhere", () -> elsewhere.toString().equals(first.localPane().location()));
        SiteProfile withFolder = sites.save(good.toBuilder().localDirectory(sitesOwn.toString()).build());
        Platform.runLater(() -> window.connectSite(withFolder));
        waitUntil("a second tab", () -> onFx(() -> window.tabs().getTabs().size()) == 2);
        ConnectionTab second = onFx(() -> window.currentTab());
        waitUntil("the second tab connected", () -> connected(second));
        waitUntil("the new tab in the site's local folder " + sitesOwn,
                () -> sitesOwn.toString().equals(second.localPane().location()));
    }
}
