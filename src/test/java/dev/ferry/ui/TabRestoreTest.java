package dev.ferry.ui;

import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.store.Json;
import dev.ferry.testing.MinaServer;
import dev.ferry.ui.connection.ConnectionTab;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Open tabs come back after a restart: through the state file, into a new window. */
@ExtendWith(ApplicationExtension.class)
class TabRestoreTest extends GuiTest {

    @TempDir
    static Path directory;
    MinaServer server;
    Path local;
    MainWindow window;
    AppContext app;
    /** The restarted app's: a new run, which knows no password typed in the first. */
    AppContext restartedApp;

    @Start
    void start(Stage stage) throws Exception {
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        Files.writeString(Files.createDirectories(server.home().resolve("docs")).resolve("readme.txt"), "read me");
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        Files.createDirectories(local.resolve("second"));
        app = new AppContext(SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json")), () -> stage);
        window = new MainWindow(app, stage, UiState.defaults().withLastLocalDirectory("*", local.toString()));
        stage.show();
    }

    @AfterEach
    void stop() {
        app.close();
        if (restartedApp != null) {
            restartedApp.close();
        }
        server.close();
    }

    /** A new run's window, with its own app (which knows no password typed in the first), on {@code loaded}. */
    private AtomicReference<MainWindow> restart(UiState loaded) {
        AtomicReference<MainWindow> restarted = new AtomicReference<>();
        interact(() -> {
            Stage second = new Stage();
            restartedApp = new AppContext(SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json")),
                    () -> second);
            restarted.set(new MainWindow(restartedApp, second, loaded));
            second.show();
        });
        return restarted;
    }

    private void answerPassword() {
        waitUntil("the password question", () -> lookup("#password-field").tryQuery().isPresent());
        clickOn("#password-field").write(MinaServer.PASSWORD);
        clickOn("OK");
    }

    @Test
    void aSiteTabConnectsAgainInItsFoldersAndALocalTabKeepsItsFolder() throws Exception {
        SiteProfile site = app.sites().save(SiteProfile.builder(SiteStore.newId(), "Restored " + System.nanoTime(),
                "127.0.0.1").port(server.port()).protocol(TlsMode.NONE).user(MinaServer.USER).build());
        javafx.application.Platform.runLater(() -> window.connectSite(site));
        answerPassword();
        waitUntil("the site's listing", () -> window.currentTab().remotePane().rows().stream()
                .anyMatch(r -> r.name().equals("docs")));
        interact(() -> window.currentTab().remotePane().navigate("/docs"));
        waitUntil("/docs", () -> "/docs".equals(window.currentTab().remotePane().location()));
        interact(() -> window.newTab().localPane().navigate(local.resolve("second").toString()));
        waitUntil("the second tab's folder", () -> local.resolve("second").toString()
                .equals(window.currentTab().localPane().location()));
        interact(() -> window.tabs().getSelectionModel().select(0));

        // Written and read back as at exit and start.
        UiState state = WaitForAsyncUtils.asyncFx(() -> window.currentState()).get();
        assertEquals(List.of(new UiState.OpenTab(site.id(), local.toString(), "/docs", true),
                new UiState.OpenTab(null, local.resolve("second").toString(), null, false)), state.openTabs());
        app.uiStateStore().save(state);
        UiState loaded = new UiState.Store().load();
        assertEquals(state.openTabs(), loaded.openTabs());

        AtomicReference<MainWindow> restarted = restart(loaded);
        answerPassword();
        waitUntil("two tabs, the site's connected in /docs", () -> {
            List<javafx.scene.control.Tab> tabs = restarted.get().allTabs();
            if (tabs.size() != 2) {
                return false;
            }
            ConnectionTab first = (ConnectionTab) tabs.get(0);
            ConnectionTab second = (ConnectionTab) tabs.get(1);
            return first.connection() != null && site.id().equals(first.connection().siteId())
                    && "/docs".equals(first.remotePane().location())
                    && first.remotePane().rows().stream().anyMatch(r -> r.name().equals("readme.txt"))
                    && second.connection() == null
                    && local.resolve("second").toString().equals(second.localPane().location());
        });
        assertTrue(WaitForAsyncUtils.asyncFx(() -> restarted.get().currentTab() == restarted.get().allTabs().get(0)).get(),
                "the tab that was in front is in front again");
    }

    /** The windows showing a password question. */
    private static List<javafx.stage.Window> passwordQuestions() throws Exception {
        return onFx(() -> javafx.stage.Window.getWindows().stream().filter(javafx.stage.Window::isShowing)
                .filter(w -> w.getScene() != null && w.getScene().lookup("#password-field") != null).toList());
    }

    /**
     * Two restored tabs of sites without a saved password asked both questions at once, the second
     * on top of the first (U3): the answer typed for one could go to the other. They come one after
     * the other, each naming its site.
     */
    @Test
    void twoRestoredSitesAskTheirPasswordsOneAfterTheOther() throws Exception {
        List<SiteProfile> sites = new java.util.ArrayList<>();
        for (String name : List.of("Shop", "Blog")) {
            sites.add(app.sites().save(SiteProfile.builder(SiteStore.newId(), name + " " + System.nanoTime(), "127.0.0.1")
                    .port(server.port()).protocol(TlsMode.NONE).user(MinaServer.USER).build()));
        }
        UiState loaded = UiState.defaults().withLastLocalDirectory("*", local.toString()).withOpenTabs(List.of(
                new UiState.OpenTab(sites.get(0).id(), local.toString(), "/docs", true),
                new UiState.OpenTab(sites.get(1).id(), local.toString(), "/docs", false)));

        AtomicReference<MainWindow> restarted = restart(loaded);
        waitUntil("a password question", () -> !passwordQuestions().isEmpty());
        waitUntil("the other site's question asked too, or waiting its turn",
                () -> passwordQuestions().size() > 1 || restartedApp.questionsWaitingTheirTurn() > 0);
        assertEquals(1, passwordQuestions().size(), "one question at a time");
        // Both read "Not connected" while their questions waited (U4).
        assertEquals(List.of(sites.get(0).name(), sites.get(1).name()), onFx(() -> restarted.get().allTabs().stream()
                .map(javafx.scene.control.Tab::getText).toList()), "each tab named for its site");
        answerPassword();
        waitUntil("the second question, once the first is answered",
                () -> passwordQuestions().size() == 1 && restartedApp.questionsWaitingTheirTurn() == 0);
        answerPassword();
        waitUntil("both tabs connected in /docs", () -> restarted.get().allTabs().stream().map(ConnectionTab.class::cast)
                .allMatch(tab -> tab.connection() != null && "/docs".equals(tab.remotePane().location())));
        assertEquals(java.util.Set.of(sites.get(0).id(), sites.get(1).id()), java.util.Set.copyOf(restarted.get().allTabs()
                .stream().map(tab -> ((ConnectionTab) tab).connection().siteId()).toList()));
    }

    /** The windows showing a password or certificate question. */
    private static List<javafx.stage.Window> questions() throws Exception {
        return onFx(() -> javafx.stage.Window.getWindows().stream().filter(javafx.stage.Window::isShowing)
                .filter(w -> w.getScene() != null && (w.getScene().lookup("#password-field") != null
                        || w.getScene().lookup("#certificate-dialog") != null)).toList());
    }

    /**
     * A restored TLS site's certificate question opened over another tab's password question (U4):
     * the password typed for one went, with Enter, to the other, and rejected the certificate. The
     * certificate question waits its turn as the password questions do.
     */
    @Test
    void aCertificateQuestionWaitsForAPasswordQuestionOpenAtStart() throws Exception {
        try (MinaServer tls = MinaServer.builder(directory.resolve("tls-" + System.nanoTime())).tls(MinaServer.Tls.EXPLICIT)
                .start()) {
            Files.createDirectories(tls.home().resolve("docs"));
            SiteProfile secure = app.sites().save(SiteProfile.builder(SiteStore.newId(), "Secure " + System.nanoTime(),
                    "127.0.0.1").port(tls.port()).protocol(TlsMode.EXPLICIT).user(MinaServer.USER)
                    .password(dev.ferry.site.Secret.plain(MinaServer.PASSWORD)).build());
            SiteProfile asking = app.sites().save(SiteProfile.builder(SiteStore.newId(), "Asking " + System.nanoTime(),
                    "127.0.0.1").port(server.port()).protocol(TlsMode.NONE).user(MinaServer.USER).build());
            UiState loaded = UiState.defaults().withLastLocalDirectory("*", local.toString()).withOpenTabs(List.of(
                    new UiState.OpenTab(asking.id(), local.toString(), "/docs", true),
                    new UiState.OpenTab(secure.id(), local.toString(), "/docs", false)));

            restart(loaded);
            waitUntil("a question", () -> !questions().isEmpty());
            waitUntil("the other question asked too, or waiting its turn",
                    () -> questions().size() > 1 || restartedApp.questionsWaitingTheirTurn() > 0);
            assertEquals(1, questions().size(), "one question at a time");
            if (lookup("#password-field").tryQuery().isPresent()) {
                answerPassword();
                waitUntil("the certificate question, once the password is answered",
                        () -> lookup("#certificate-dialog").tryQuery().isPresent());
            } else {
                waitUntil("the certificate question", () -> lookup("#certificate-dialog").tryQuery().isPresent());
            }
            assertEquals(1, questions().size(), "still one question at a time");
            interact(() -> lookup("#certificate-dialog").queryAs(javafx.scene.control.DialogPane.class).getScene()
                    .getWindow().hide());
        }
    }

    /**
     * T8: a site's remote folder typed without its leading slash ("public_html", as FileZilla takes it) was shown
     * as typed: Up, ".." and Backspace did nothing there, without a word, and the queue kept relative paths.
     */
    @Test
    void aRemoteFolderTypedWithoutItsSlashIsBelowTheLoginFolder() throws Exception {
        dev.ferry.ftp.ConnectionSettings quick = dev.ferry.ftp.ConnectionSettings.builder("127.0.0.1").port(server.port())
                .tlsMode(TlsMode.NONE).user(MinaServer.USER).password(MinaServer.PASSWORD).build();
        interact(() -> window.currentTab().connect(quick, null, QuickConnectBar.title(quick), "docs"));
        waitUntil("the folder below the login folder, by its whole path",
                () -> "/docs".equals(window.currentTab().remotePane().location()));
        interact(() -> window.currentTab().remotePane().goUp());
        waitUntil("up from it", () -> "/".equals(window.currentTab().remotePane().location()));
    }

    /**
     * A quick connection's tab comes back named after its server, in its folder at the first Reconnect,
     * which asks for the password (never kept): it came back as a blank "Not connected" tab, and
     * Reconnect said there was nothing to reconnect.
     */
    @Test
    void aQuickConnectionsTabComesBackNamedAndReconnectsAfterAskingThePassword() throws Exception {
        dev.ferry.ftp.ConnectionSettings quick = dev.ferry.ftp.ConnectionSettings.builder("127.0.0.1").port(server.port())
                .tlsMode(TlsMode.NONE).user(MinaServer.USER).password(MinaServer.PASSWORD).build();
        String title = QuickConnectBar.title(quick);
        interact(() -> window.currentTab().connect(quick, null, title, "/docs"));
        waitUntil("the quick connection's listing", () -> "/docs".equals(window.currentTab().remotePane().location()));

        UiState state = WaitForAsyncUtils.asyncFx(() -> window.currentState()).get();
        UiState.OpenTab saved = state.openTabs().getFirst();
        assertEquals("ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port(), saved.server());
        assertEquals("/docs", saved.remoteFolder());
        // Its ftp:// alone would come back as "TLS if available", and ask about plain FTP again.
        assertTrue(saved.plainFtp(), "kept as plain FTP: " + saved);
        app.uiStateStore().save(state);
        assertFalse(Files.readString(config.resolve(UiState.FILE_NAME)).contains(MinaServer.PASSWORD), "no password kept");
        UiState loaded = new UiState.Store().load();
        assertEquals(state.openTabs(), loaded.openTabs());

        AtomicReference<MainWindow> restarted = restart(loaded);
        waitUntil("the tab named after its server", () -> title.equals(restarted.get().currentTab().getText()));
        assertTrue(WaitForAsyncUtils.asyncFx(() -> restarted.get().currentTab().connection() == null).get(),
                "not dialled at start: its password was not kept");
        // Not through interact: the password question waits inside the call.
        javafx.application.Platform.runLater(() -> restarted.get().currentTab().reconnect());
        waitUntil("the password question", () -> lookup("#password-field").tryQuery().isPresent());
        clickOn("#password-field").write("not the password");
        clickOn("OK");
        waitUntil("the refusal", () -> lookup("#error-dialog").tryQuery().isPresent());
        clickOn(I18n.t("button.ok"));
        waitUntil("the refusal closed", () -> lookup("#error-dialog").tryQuery().isEmpty());
        // Refused: the next Reconnect asks again (it sent the refused password again, without a word).
        javafx.application.Platform.runLater(() -> restarted.get().currentTab().reconnect());
        answerPassword();
        waitUntil("connected again in /docs", () -> "/docs".equals(restarted.get().currentTab().remotePane().location())
                && restarted.get().currentTab().remotePane().rows().stream().anyMatch(r -> r.name().equals("readme.txt")));
    }

    /** A server allowed plain FTP for good: its restored tab reconnects without the question. */
    @Test
    void aRestoredTabOfAServerAllowedPlainFtpForGoodIsNotAskedAboutAgain() throws Exception {
        dev.ferry.ftp.ConnectionSettings quick = dev.ferry.ftp.ConnectionSettings.builder("127.0.0.1").port(server.port())
                .tlsMode(TlsMode.EXPLICIT_IF_AVAILABLE).user(MinaServer.USER).password(MinaServer.PASSWORD).build();
        app.allowPlainFtp(quick);
        interact(() -> window.currentTab().connect(app.withPlainFtpConsent(quick, null), null, QuickConnectBar.title(quick), "/docs"));
        waitUntil("the quick connection's listing", () -> "/docs".equals(window.currentTab().remotePane().location()));
        UiState state = WaitForAsyncUtils.asyncFx(() -> window.currentState()).get();
        assertFalse(state.openTabs().getFirst().plainFtp(), "kept as TLS if available, with the consent beside it");
        assertEquals(java.util.List.of(MinaServer.USER + "@" + quick.address()), state.plainFtpConsents());
        app.uiStateStore().save(state);

        AtomicReference<MainWindow> restarted = restart(new UiState.Store().load());
        waitUntil("the restored tab", () -> restarted.get().currentTab().getText().equals(QuickConnectBar.title(quick)));
        javafx.application.Platform.runLater(() -> restarted.get().currentTab().reconnect());
        answerPassword();
        waitUntil("connected again in /docs, or the question", () -> lookup("#plain-fallback-dialog").tryQuery().isPresent()
                || restarted.get().currentTab().remotePane().rows().stream().anyMatch(r -> r.name().equals("readme.txt")));
        assertTrue(lookup("#plain-fallback-dialog").tryQuery().isEmpty(), "asked again about a server allowed for good");
    }

    @Test
    void directoryComparisonAndSynchronizedBrowsingAreOnAgainAfterARestart() throws Exception {
        interact(() -> {
            window.paneToggles().setCompare(true);
            window.paneToggles().setSyncBrowse(true);
        });
        app.uiStateStore().save(WaitForAsyncUtils.asyncFx(() -> window.currentState()).get());
        UiState loaded = new UiState.Store().load();

        AtomicReference<MainWindow> restarted = new AtomicReference<>();
        interact(() -> {
            Stage second = new Stage();
            restarted.set(new MainWindow(app, second, loaded));
            second.show();
        });
        assertTrue(WaitForAsyncUtils.asyncFx(() -> restarted.get().paneToggles().compareOn()).get(),
                "View > Compare folders is on again");
        assertTrue(WaitForAsyncUtils.asyncFx(() -> restarted.get().paneToggles().syncBrowseOn()).get(),
                "View > Synchronized browsing is on again");

        interact(() -> restarted.get().paneToggles().setCompare(false));
        UiState off = WaitForAsyncUtils.asyncFx(() -> restarted.get().currentState()).get();
        assertFalse(off.compareFolders(), "switched off, remembered off");
        assertTrue(off.syncBrowsing());
    }

    @Test
    void aStateFileFromBeforeOpensNoTabs() throws Exception {
        String old = "{\"x\":1,\"y\":2,\"width\":800,\"height\":600,\"maximized\":false,\"logVisible\":true,\"queueVisible\":true}";
        UiState state = Json.mapper().readValue(old, UiState.class);
        assertEquals(List.of(), state.openTabs());
        assertEquals(800, state.width());
    }
}
