package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DialogueEntry;
import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.site.SiteProfile;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.NetkitFtpd;
import dev.ferry.ui.connection.ConnectionTab;
import dev.ferry.ui.explorer.FileRow;
import javafx.scene.control.Label;
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

/**
 * The Server menu's Diagnose… and Synchronize…, Diagnose… from a failed connection's error, and
 * the question before plain FTP when a "TLS if available" server's TLS is broken: against MINA in
 * this JVM, and netkit ftpd-ssl (a real server whose TLS is broken as packaged).
 */
@ExtendWith(ApplicationExtension.class)
class ServerMenuTest extends GuiTest {

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
        Files.writeString(Files.createDirectories(docs.resolve("guide")).resolve("intro.txt"), "chapter one");
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        SettingsStore settings = SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json"));
        app = new AppContext(settings, () -> stage);
        window = new MainWindow(app, stage, UiState.defaults().withLastLocalDirectory("*", local.toString()));
        app.queue().start();
        stage.show();
    }

    @AfterEach
    void stop() {
        app.close();
        server.close();
    }

    private ConnectionSettings mina(String password) {
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user(MinaServer.USER).password(password)
                .tlsMode(TlsMode.NONE).build();
    }

    @SuppressWarnings("unchecked")
    private boolean remoteShows(String name) {
        TableView<FileRow> table = (TableView<FileRow>) lookup("#remote-table").queryAs(TableView.class);
        return table.getItems().stream().anyMatch(r -> r.name().equals(name));
    }

    private void serverMenu(String item) {
        openServerMenu();
        clickOn(I18n.t(item));
    }

    /**
     * Clicks the Server menu open, and again if the click did not open it: once in CI a click that
     * came right after Escape had closed it left it shut (its items are set as it opens).
     */
    private void openServerMenu() {
        javafx.scene.control.Menu server = lookup(".menu-bar").queryAs(javafx.scene.control.MenuBar.class).getMenus()
                .stream().filter(menu -> I18n.t("menu.server").equals(menu.getText())).findFirst().orElseThrow();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!server.isShowing()) {
            assertTrue(System.nanoTime() < deadline, "Timed out waiting for the Server menu to open");
            clickOn(I18n.t("menu.server"));
            try {
                org.testfx.util.WaitForAsyncUtils.waitFor(5, java.util.concurrent.TimeUnit.SECONDS, server::isShowing);
            } catch (java.util.concurrent.TimeoutException notYet) {
                // Not open: click it again.
            }
        }
    }

    @Test
    void aFailedConnectionOffersDiagnoseWhichFindsTheRefusedLogin() {
        interact(() -> window.currentTab().connect(mina("wrong"), null, "mina", null));
        waitUntil("the error dialog", () -> lookup("#error-dialog").tryQuery().isPresent());
        clickOn("#error-diagnose");
        waitUntil("the diagnosis window", () -> lookup("#diagnosis-dialog").tryQuery().isPresent());
        waitUntil("the verdict", () -> lookup("#diagnosis-summary").tryQuery().isPresent());
        assertEquals("✓", lookup("#diagnosis-mark-GREETING").queryAs(Label.class).getText());
        assertEquals("✗", lookup("#diagnosis-mark-LOGIN").queryAs(Label.class).getText());
        clickOn("#diagnosis-close");
    }

    @Test
    void diagnosingASiteSavesTheSettingsThatWorkIntoIt() throws Exception {
        try (MinaServer nat = MinaServer.builder(directory.resolve("nat-" + System.nanoTime()))
                .passiveExternalAddress("10.255.255.1").start()) {
            Files.writeString(nat.home().resolve("behind-nat.txt"), "hello");
            SiteProfile site = app.sites().save(SiteProfile.builder(dev.ferry.site.SiteStore.newId(), "Behind NAT",
                    "127.0.0.1").port(nat.port()).protocol(TlsMode.NONE).user(MinaServer.USER)
                    .trustPassiveAddress(true).build());
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(nat.port()).user(MinaServer.USER)
                    .password(MinaServer.PASSWORD).tlsMode(TlsMode.NONE).trustPassiveAddress(true).build();
            interact(() -> window.currentTab().connect(settings, site.id(), site.name(), null));
            waitUntil("the listing (over EPSV)", () -> remoteShows("behind-nat.txt"));
            serverMenu("action.diagnose");
            waitUntil("the verdict", () -> lookup("#diagnosis-summary").tryQuery().isPresent());
            assertFalse(lookup("#diagnosis-save").queryButton().isDisabled(), "the site can be corrected");
            clickOn("#diagnosis-save");
            waitUntil("the site saved without trusting the PASV address",
                    () -> Boolean.FALSE.equals(app.sites().find(site.id()).orElseThrow().trustPassiveAddress()));
            clickOn("#diagnosis-close");
        }
    }

    /** Disconnect is offered only where there is a connection: it was there, live, on a tab never connected. */
    /** The first listing refused: Refresh lists again (it did nothing, with no folder shown yet). */
    @Test
    void refreshAfterAFailedFirstListingListsAgain() throws Exception {
        RefusingListings refuser = new RefusingListings();
        try (MinaServer refusing = MinaServer.builder(directory.resolve("refusing-" + System.nanoTime()))
                .ftplet(refuser).start()) {
            Files.writeString(Files.createDirectories(refusing.home().resolve("site")).resolve("index.html"), "hi");
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(refusing.port())
                    .user(MinaServer.USER).password(MinaServer.PASSWORD).tlsMode(TlsMode.NONE).build();
            interact(() -> window.currentTab().connect(settings, null, "refusing", "/site"));
            waitUntil("the refused listing's error", () -> lookup("#error-dialog").tryQuery().isPresent());
            // The folder the server logged us into is tried after the site's (refused too): once, and quietly.
            waitUntil("the login folder tried too", () -> refuser.refused.get() >= 2);
            interact(() -> ((Stage) lookup("#error-dialog").query().getScene().getWindow()).close());
            waitUntil("no second error", () -> lookup("#error-dialog").tryQuery().isEmpty());
            refuser.refusing = false;
            serverMenu("menu.server.refresh");
            waitUntil("the folder listed after Refresh", () -> remoteShows("index.html"));
        }
    }

    static final class RefusingListings extends org.apache.ftpserver.ftplet.DefaultFtplet {
        volatile boolean refusing = true;
        final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public org.apache.ftpserver.ftplet.FtpletResult beforeCommand(org.apache.ftpserver.ftplet.FtpSession session,
                org.apache.ftpserver.ftplet.FtpRequest request) throws org.apache.ftpserver.ftplet.FtpException, java.io.IOException {
            if (refusing && List.of("MLSD", "LIST", "NLST").contains(request.getCommand())) {
                session.write(new org.apache.ftpserver.ftplet.DefaultFtpReply(550, "Permission denied"));
                refused.incrementAndGet();
                return org.apache.ftpserver.ftplet.FtpletResult.SKIP;
            }
            return super.beforeCommand(session, request);
        }
    }

    @Test
    void theServerMenuDiagnosesTheConnectedTab() {
        clickOn(I18n.t("menu.server"));
        waitUntil("the Server menu", () -> lookup(I18n.t("menu.server.disconnect")).tryQuery().isPresent());
        javafx.scene.control.MenuItem disconnect = lookup(".menu-bar").queryAs(javafx.scene.control.MenuBar.class)
                .getMenus().stream().flatMap(menu -> menu.getItems().stream())
                .filter(item -> I18n.t("menu.server.disconnect").equals(item.getText())).findFirst().orElseThrow();
        assertTrue(disconnect.isDisable(), "nothing to disconnect");
        type(javafx.scene.input.KeyCode.ESCAPE);
        interact(() -> window.currentTab().connect(mina(MinaServer.PASSWORD), null, "mina", null));
        waitUntil("the remote listing", () -> remoteShows("docs"));
        openServerMenu();
        waitUntil("Disconnect offered once connected", () -> !disconnect.isDisable());
        type(javafx.scene.input.KeyCode.ESCAPE);
        serverMenu("action.diagnose");
        waitUntil("the verdict", () -> lookup("#diagnosis-summary").tryQuery().isPresent());
        assertEquals("✓", lookup("#diagnosis-mark-LOGIN").queryAs(Label.class).getText());
        assertEquals("✓", lookup("#diagnosis-mark-LISTING").queryAs(Label.class).getText());
        clickOn("#diagnosis-close");
    }

    @Test
    void synchronizeShowsThePlanOfBothPanesAndStartRunsItThroughTheQueue() throws Exception {
        Files.writeString(local.resolve("readme.txt"), "an older copy of another size");
        Files.setLastModifiedTime(local.resolve("readme.txt"), java.nio.file.attribute.FileTime.from(
                java.time.Instant.parse("2020-01-01T00:00:00Z")));
        Files.writeString(local.resolve("only-here.txt"), "the server has no such file");
        interact(() -> window.currentTab().connect(mina(MinaServer.PASSWORD), null, "mina", "/docs"));
        waitUntil("the docs folder", () -> remoteShows("readme.txt"));
        serverMenu("menu.server.syncDownload");
        waitUntil("the plan", () -> lookup("#sync-dialog").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        TableView<dev.ferry.sync.PlannedAction> plan = lookup("#sync-plan").queryAs(TableView.class);
        List<String> paths = plan.getItems().stream().map(dev.ferry.sync.PlannedAction::path).toList();
        assertTrue(paths.contains("guide/intro.txt") && paths.contains("readme.txt"), paths.toString());
        assertTrue(plannedFor("only-here.txt").orElseThrow() != dev.ferry.sync.SyncAction.DELETE_LOCAL,
                "nothing is deleted unless chosen");
        clickOn("#sync-delete");
        waitUntil("only-here.txt planned for deletion once chosen",
                () -> plannedFor("only-here.txt").orElse(null) == dev.ferry.sync.SyncAction.DELETE_LOCAL);
        clickOn("#sync-start");
        waitUntil("the result", () -> lookup("#sync-result").tryQuery().isPresent());
        assertEquals("chapter one", Files.readString(local.resolve("guide/intro.txt")));
        assertEquals("read me", Files.readString(local.resolve("readme.txt")), "the older local copy was replaced");
        assertTrue(!Files.exists(local.resolve("only-here.txt")), "what the server lacks was deleted, as chosen");
        assertEquals("the server has no such file", Files.readString(Path.of(System.getProperty("ferry.trash.dir"))
                .resolve("files/only-here.txt")), "into the Trash, as the local list's Delete");
        assertTrue(app.queue().snapshot().stream().anyMatch(i -> i.name().equals("intro.txt")),
                "the files went through the queue");
        clickOn(I18n.t("button.ok"));
    }

    /** The action the sync plan shown has for a path, if it lists the path. */
    private java.util.Optional<dev.ferry.sync.SyncAction> plannedFor(String path) {
        @SuppressWarnings("unchecked")
        TableView<dev.ferry.sync.PlannedAction> plan = lookup("#sync-plan").queryAs(TableView.class);
        return plan.getItems().stream().filter(row -> row.path().equals(path)).map(dev.ferry.sync.PlannedAction::action)
                .findFirst();
    }

    @Test
    void brokenTlsInIfAvailableModeAsksBeforePlainFtpAndConnectsPlainOnlyOnYes() throws Exception {
        try (NetkitFtpd netkit = NetkitFtpd.start(directory.resolve("netkit-" + System.nanoTime()), List.of())) {
            Files.writeString(netkit.root().resolve("over-plain.txt"), "plain");
            dev.ferry.testing.Interop.chownToUser(netkit.root().resolve("over-plain.txt"));
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(netkit.port())
                    .user(dev.ferry.testing.Interop.USER).password(dev.ferry.testing.Interop.PASSWORD)
                    .tlsMode(TlsMode.EXPLICIT_IF_AVAILABLE).build();
            ConnectionTab tab = window.currentTab();
            interact(() -> tab.connect(settings, null, "netkit", netkit.remoteRoot()));
            waitUntil("the question", () -> lookup("#plain-fallback-dialog").tryQuery().isPresent());
            assertTrue(lookup("#error-dialog").tryQuery().isEmpty(), "asked instead of an error");
            assertFalse(sentInClear(tab), "nothing in clear before the answer");
            clickOn("#plain-fallback-cancel");
            waitUntil("the tab free again", () -> tab.connection() == null);
            assertFalse(sentInClear(tab), "no means no");

            interact(() -> tab.connect(settings, null, "netkit", netkit.remoteRoot()));
            waitUntil("the question again", () -> lookup("#plain-fallback-connect").tryQuery().isPresent());
            clickOn("#plain-fallback-connect");
            waitUntil("the plain listing", () -> remoteShows("over-plain.txt"));
            // The console shows the dialogue a pulse after it happened.
            waitUntil("the plain login in the tab's console", () -> sentInClear(tab));
            assertEquals(TlsMode.NONE, tab.connection().settings().tlsMode());
        }
    }

    /**
     * A saved site left at "TLS if available" whose server has no TLS: asked once with the choice to
     * keep plain FTP in the site, which its next connections then use.
     */
    @Test
    void aSiteWithoutTlsOnTheServerCanKeepPlainFtpInTheSite() throws Exception {
        dev.ferry.site.SiteProfile site = dev.ferry.site.SiteProfile.builder(dev.ferry.site.SiteStore.newId(),
                "No TLS here", "127.0.0.1").port(server.port()).user(MinaServer.USER).build();
        assertEquals(TlsMode.EXPLICIT_IF_AVAILABLE, site.protocol(), "a new site's protocol");
        app.sites().save(site);
        ConnectionSettings ifAvailable = mina(MinaServer.PASSWORD).toBuilder().tlsMode(TlsMode.EXPLICIT_IF_AVAILABLE).build();
        ConnectionTab tab = window.currentTab();
        interact(() -> tab.connect(ifAvailable, site.id(), "No TLS here", "/docs"));
        waitUntil("the question", () -> lookup("#plain-fallback-remember").tryQuery().isPresent());
        assertFalse(sentInClear(tab), "nothing in clear before the answer");
        assertEquals("No TLS here (127.0.0.1:" + server.port() + ") does not offer encryption (TLS)",
                lookup("#plain-fallback-dialog").queryAs(javafx.scene.control.DialogPane.class).getHeaderText(),
                "the question names the site it would change");
        // Its words wrap: unwrapped, the dialog was wider than the screen, its buttons out of reach.
        javafx.scene.control.DialogPane question = lookup("#plain-fallback-dialog").queryAs(javafx.scene.control.DialogPane.class);
        waitUntil("the question laid out", () -> question.getWidth() > 0);
        assertTrue(question.getWidth() < 800, "the question's width: " + question.getWidth());
        javafx.geometry.Bounds connect = lookup("#plain-fallback-connect").query().localToScreen(
                lookup("#plain-fallback-connect").query().getBoundsInLocal());
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        assertTrue(screen.contains(connect.getMinX(), connect.getMinY(), connect.getWidth(), connect.getHeight()),
                "the button on screen: " + connect + " in " + screen);
        clickOn("#plain-fallback-remember");
        clickOn("#plain-fallback-connect");
        waitUntil("the plain listing", () -> remoteShows("readme.txt"));
        waitUntil("plain FTP saved in the site", () -> app.sites().find(site.id())
                .map(saved -> saved.protocol() == TlsMode.NONE).orElse(false));
        assertEquals(site.toBuilder().protocol(TlsMode.NONE).build(), app.sites().find(site.id()).orElseThrow(),
                "nothing else of the site changed");
    }

    /**
     * An item queued from a site's tab after "Connect WITHOUT encryption" (not kept in the site) is
     * plain FTP in the queue: its workers, and the queue restored after a restart, must not go back to
     * the site's "TLS if available" and fail where the user had agreed.
     */
    @Test
    void aQueuedItemOfASiteAgreedToRunPlainStaysPlain() throws Exception {
        dev.ferry.site.SiteProfile site = dev.ferry.site.SiteProfile.builder(dev.ferry.site.SiteStore.newId(),
                "Agreed plain", "127.0.0.1").port(server.port()).user(MinaServer.USER).build();
        app.sites().save(site);
        dev.ferry.transfer.Endpoint agreed = dev.ferry.transfer.Endpoint.of(mina(MinaServer.PASSWORD), site.id());
        java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.Future<ConnectionSettings> asked = worker.submit(() -> app.settingsFor(agreed));
        worker.shutdown();
        waitUntil("the password question", () -> {
            if (asked.isDone()) {
                asked.get(); // A failure says why.
            }
            return lookup("#password-field").tryQuery().isPresent();
        });
        clickOn("#password-field").write(MinaServer.PASSWORD);
        clickOn(I18n.t("button.ok"));
        ConnectionSettings settings = asked.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(TlsMode.NONE, settings.tlsMode(), "the queue's own mode, not the site's");
        assertEquals(MinaServer.PASSWORD, settings.password());
    }

    /**
     * A queue item whose "TLS if available" nobody agreed to run plain (a queue saved before Ferry
     * asked, a quick connection's item restored): its server without TLS is the same question, asked
     * from the queue, and "yes" lets it run instead of failing at every Retry.
     */
    @Test
    void aQueueItemForAServerWithoutTlsAsksAndRunsPlainOnYes() throws Exception {
        ConnectionSettings ifAvailable = mina(MinaServer.PASSWORD).toBuilder().tlsMode(TlsMode.EXPLICIT_IF_AVAILABLE).build();
        app.queue().addDownload(ifAvailable, null, "/docs/readme.txt", local.resolve("readme.txt"), false, 7, null);
        waitUntil("the question from the queue", () -> lookup("#plain-fallback-connect").tryQuery().isPresent());
        assertTrue(Files.notExists(local.resolve("readme.txt")), "nothing fetched before the answer");
        clickOn("#plain-fallback-connect");
        waitUntil("the file fetched over plain FTP", () -> Files.exists(local.resolve("readme.txt"))
                && app.queue().snapshot().stream().allMatch(i -> i.state() == dev.ferry.transfer.ItemState.DONE));
        assertEquals("read me", Files.readString(local.resolve("readme.txt")));
    }

    /** A server allowed plain FTP for good at a quick connection's question: its queued items do not ask again. */
    @Test
    void aQueueItemForAServerAllowedPlainFtpForGoodRunsWithoutAsking() throws Exception {
        ConnectionSettings ifAvailable = mina(MinaServer.PASSWORD).toBuilder().tlsMode(TlsMode.EXPLICIT_IF_AVAILABLE).build();
        app.allowPlainFtp(ifAvailable);
        app.queue().addDownload(ifAvailable, null, "/docs/readme.txt", local.resolve("allowed.txt"), false, 7, null);
        waitUntil("the file fetched, or a question", () -> lookup("#plain-fallback-dialog").tryQuery().isPresent()
                || app.queue().snapshot().stream().allMatch(i -> i.state() == dev.ferry.transfer.ItemState.DONE));
        assertTrue(lookup("#plain-fallback-dialog").tryQuery().isEmpty(), "asked again about a server allowed for good");
        assertEquals("read me", Files.readString(local.resolve("allowed.txt")));
    }

    /** "No" from the queue: the item fails with words for a queued item (Retry asks again), not the engine's advice. */
    @Test
    void aQueueItemForAServerWithoutTlsFailsInWordsOnNo() throws Exception {
        ConnectionSettings ifAvailable = mina(MinaServer.PASSWORD).toBuilder().tlsMode(TlsMode.EXPLICIT_IF_AVAILABLE).build();
        app.queue().addDownload(ifAvailable, null, "/docs/readme.txt", local.resolve("declined.txt"), false, 7, null);
        waitUntil("the question from the queue", () -> lookup("#plain-fallback-cancel").tryQuery().isPresent());
        clickOn("#plain-fallback-cancel");
        waitUntil("the item failed", () -> app.queue().snapshot().stream()
                .anyMatch(i -> i.state() == dev.ferry.transfer.ItemState.FAILED));
        dev.ferry.transfer.ItemSnapshot failed = app.queue().snapshot().getFirst();
        assertEquals(dev.ferry.transfer.QueueText.PLAIN_DECLINED, failed.lastError().key(), I18n.words(failed.lastError()));
        assertTrue(I18n.words(failed.lastError()).contains("Retry asks again"), I18n.words(failed.lastError()));
        assertTrue(Files.notExists(local.resolve("declined.txt")));
    }

    /** Read on the FX thread, whose list the console's entries are (waitUntil's checks already run there). */
    private static boolean sentInClear(ConnectionTab tab) throws Exception {
        java.util.concurrent.Callable<Boolean> userSent = () -> tab.log().entries().stream().anyMatch(e ->
                e.kind() == dev.ferry.ftp.DialogueEntry.Kind.COMMAND && e.text() != null && e.text().startsWith("USER"));
        return javafx.application.Platform.isFxApplicationThread() ? userSent.call()
                : org.testfx.util.WaitForAsyncUtils.asyncFx(userSent).get();
    }
}
