package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.TlsMode;
import dev.ferry.message.Message;
import dev.ferry.site.LogonType;
import dev.ferry.site.PasswordStore;
import dev.ferry.site.SettingsStore;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.site.SiteText;
import dev.ferry.site.Vault;
import dev.ferry.store.ConfigDirectory;
import dev.ferry.testing.Interop;
import dev.ferry.testing.MinaServer;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.QueueStore;
import dev.ferry.transfer.TransferQueue;
import dev.ferry.ui.connection.ConnectionTab;
import dev.ferry.ui.dialogs.Dialogs;
import javafx.collections.ListChangeListener;
import javafx.event.Event;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.DialogPane;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.layout.StackPane;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * At a start, the restored tabs and the restored queue may need the same secret (the master
 * password, a password asked at each connection): it is asked once; once cancelled, it is not
 * asked again by what runs by itself, and the tab that could not connect is kept all the same.
 */
@ExtendWith(ApplicationExtension.class)
class StartQuestionsTest extends GuiTest {

    private static final String MASTER = "master of sites";

    @TempDir
    static Path directory;
    MinaServer server;
    Path local;
    Stage stage;
    AppContext app;
    SiteProfile site;
    final AtomicInteger masterQuestions = new AtomicInteger();
    final AtomicInteger passwordQuestions = new AtomicInteger();
    private final ListChangeListener<Window> counting = change -> {
        while (change.next()) {
            for (Window added : change.getAddedSubList()) {
                if (added.getScene() != null && added.getScene().getRoot().lookup("#master-password") != null) {
                    masterQuestions.incrementAndGet();
                }
                if (added.getScene() != null && added.getScene().getRoot().lookup("#password-field") != null) {
                    passwordQuestions.incrementAndGet();
                }
            }
        }
    };

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        Files.writeString(Files.createDirectories(server.home().resolve("docs")).resolve("readme.txt"), "read me");
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        Files.createDirectories(local.resolve("second"));
        Path settings = config.resolve("settings-" + System.nanoTime() + ".json");
        // One session per server: a second item of a site asks for its settings after the first failed.
        Files.writeString(settings, """
                {"version": 1, "passive": true, "timeoutSeconds": 30, "concurrentTransfers": 1, "retries": 0,
                 "showHiddenFiles": true, "theme": "light", "language": "en"}
                """);
        app = new AppContext(SettingsStore.open(settings), () -> stage);
        Window.getWindows().addListener(counting);
        stage.setScene(new Scene(new StackPane(), 400, 300));
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        interact(() -> {
            Window.getWindows().removeListener(counting);
            List.copyOf(Window.getWindows()).stream().filter(w -> w != stage).forEach(Window::hide);
        });
        app.close();
        server.close();
        // The config folder is shared by the window tests of this JVM: no items left for a later restore.
        forgetSavedQueue();
    }

    /** A saved site whose password is in the vault, locked as at a start. */
    private void vaultSite() throws Exception {
        Path file = directory.resolve("sites-" + System.nanoTime() + ".json");
        SiteStore setUp = SiteStore.open(file);
        setUp.setMasterPassword(MASTER.toCharArray(), Vault.KdfParameters.fresh(1024, 1, 1));
        site = setUp.save(SiteProfile.builder(SiteStore.newId(), "Vaulted", "127.0.0.1").port(server.port())
                .protocol(TlsMode.NONE).user(MinaServer.USER).build());
        site = setUp.setPassword(site.id(), MinaServer.PASSWORD, PasswordStore.VAULT);
        app.useSites(SiteStore.open(file));
    }

    /** A saved site that asks for its password at each connection. */
    private void askingSite() throws Exception {
        askingSite(server.port());
    }

    private void askingSite(int port) throws Exception {
        SiteStore store = SiteStore.open(directory.resolve("sites-" + System.nanoTime() + ".json"));
        site = store.save(SiteProfile.builder(SiteStore.newId(), "Asking", "127.0.0.1").port(port)
                .protocol(TlsMode.NONE).logonType(LogonType.ASK_FOR_PASSWORD).user(MinaServer.USER).build());
        app.useSites(store);
    }

    /** The last run's queue: downloads from the site, waiting. */
    private void queuedDownloads(String... names) throws Exception {
        Path file = ConfigDirectory.resolve().resolve("queue.json");
        Files.deleteIfExists(file);
        Files.deleteIfExists(ConfigDirectory.resolve().resolve("queue.journal"));
        ConnectionSettings connection = ConnectionSettings.builder("127.0.0.1").port(server.port())
                .tlsMode(TlsMode.NONE).user(MinaServer.USER).build();
        try (TransferQueue lastRun = new TransferQueue(QueueSettings.DEFAULT, null, new QueueStore(file))) {
            for (String name : names) {
                lastRun.addDownload(connection, site.id(), "/docs/readme.txt", local.resolve(name), false, 7, null);
            }
        }
    }

    /** As FerryApp does once the window is up. */
    private void restoreQueue() {
        Thread.ofPlatform().daemon().start(() -> {
            app.queue().restore();
            app.queue().start();
        });
    }

    /** A window as at a start, with the site's tab (in /docs) and a local tab. */
    private MainWindow windowWithTabs() throws Exception {
        return window(UiState.defaults().withOpenTabs(List.of(
                new UiState.OpenTab(site.id(), local.toString(), "/docs", true),
                new UiState.OpenTab(null, local.resolve("second").toString(), null, false))));
    }

    private MainWindow window(UiState state) throws Exception {
        return onFx(() -> {
            Stage second = new Stage();
            MainWindow window = new MainWindow(app, second, state);
            second.show();
            return window;
        });
    }

    /**
     * Types into the open question and confirms it, or cancels it (null). Through its controls,
     * not a robot: the window restored after it opened, or a failure's notification, may be over it.
     */
    private void answer(String field, String text) {
        interact(() -> {
            javafx.scene.Parent root = Window.getWindows().stream().filter(w -> w.getScene() != null
                    && w.getScene().getRoot().lookup(field) != null).findFirst().orElseThrow().getScene().getRoot();
            DialogPane pane = (DialogPane) root.lookup(".dialog-pane");
            if (text != null) {
                ((TextField) root.lookup(field)).setText(text);
            }
            ((Button) pane.lookupButton(text == null ? Dialogs.CANCEL : Dialogs.OK)).fire();
        });
    }

    private static boolean connectedInDocs(MainWindow window, String siteId) {
        ConnectionTab first = (ConnectionTab) window.allTabs().getFirst();
        return first.connection() != null && siteId.equals(first.connection().siteId())
                && "/docs".equals(first.remotePane().location())
                && first.remotePane().rows().stream().anyMatch(r -> r.name().equals("readme.txt"));
    }

    /** Both tabs restored, and the site's tried its server without getting a connection. */
    private static boolean triedAndFailed(MainWindow window) {
        ConnectionTab first = (ConnectionTab) window.allTabs().getFirst();
        return window.allTabs().size() == 2 && first.lastSettings() != null && first.connection() == null;
    }

    private List<ItemSnapshot> failedForTheMasterPassword() {
        String reason = I18n.words(Message.of(SiteText.VAULT_LOCKED));
        return app.queue().snapshot().stream().filter(i -> i.state() == ItemState.FAILED
                && I18n.words(i.lastError()).contains(reason)).toList();
    }

    @Test
    void theMasterPasswordIsAskedOnceForTheRestoredTabsAndTheQueue() throws Exception {
        vaultSite();
        queuedDownloads("queued.txt");
        restoreQueue();
        waitUntil("the queue's master password question", () -> lookup("#master-password").tryQuery().isPresent());
        // The window restores its tabs while that question is open: at a start, either may ask first.
        MainWindow window = windowWithTabs();
        waitUntil("the two restored tabs, or a second question",
                () -> window.allTabs().size() == 2 || masterQuestions.get() > 1);
        assertEquals(1, masterQuestions.get(), "the master password was asked again for the restored tab");

        answer("#master-password", MASTER);
        waitUntil("the site's tab connected in /docs", () -> connectedInDocs(window, site.id()));
        waitUntil("the queued download", () -> Files.exists(local.resolve("queued.txt")));
        assertEquals("read me", Files.readString(local.resolve("queued.txt")));
        assertEquals(1, masterQuestions.get(), "one master password question in all");
    }

    @Test
    void aMasterPasswordQuestionTheUserOpenedServesTheQueueToo() throws Exception {
        vaultSite();
        queuedDownloads("queued.txt");
        MainWindow window = window(UiState.defaults());
        Path xml = Path.of("src/test/resources/site/filezilla-sitemanager.xml").toAbsolutePath();
        javafx.application.Platform.runLater(() -> window.importSites(xml, true));
        waitUntil("the import's master password question", () -> lookup("#master-password").tryQuery().isPresent());
        restoreQueue();
        waitUntil("the queue's worker waiting for the site's settings", StartQuestionsTest::workerWaitsForSettings);
        interact(() -> { }); // What the worker posted to the FX thread has run.
        assertEquals(1, masterQuestions.get(), "the queue asked for the master password while the import asked it");

        answer("#master-password", MASTER);
        waitUntil("the queued download", () -> Files.exists(local.resolve("queued.txt")));
        assertEquals(1, masterQuestions.get(), "one master password question in all");
    }

    /** A worker of the queue waits in AppContext.settingsFor: it asked on the FX thread. */
    private static boolean workerWaitsForSettings() {
        return Thread.getAllStackTraces().entrySet().stream().anyMatch(thread -> thread.getKey().getName()
                .startsWith("ferry-worker-") && thread.getKey().getState() == Thread.State.WAITING
                && java.util.Arrays.stream(thread.getValue()).anyMatch(frame -> frame.getMethodName().equals("settingsFor")
                && frame.getClassName().equals(AppContext.class.getName())));
    }

    @Test
    void aTabWhoseMasterPasswordQuestionWasCancelledIsStillAmongTheSavedTabs() throws Exception {
        vaultSite();
        MainWindow window = windowWithTabs();
        waitUntil("the master password question", () -> lookup("#master-password").tryQuery().isPresent());
        answer("#master-password", null);
        waitUntil("the two restored tabs", () -> window.allTabs().size() == 2);

        UiState state = onFx(window::currentState);
        app.uiStateStore().save(state);
        assertEquals(List.of(new UiState.OpenTab(site.id(), local.toString(), "/docs", true),
                new UiState.OpenTab(null, local.resolve("second").toString(), null, false)),
                new UiState.Store().load().openTabs(), "the site's tab comes back at the next start");
    }

    @Test
    void aTabWhoseServerIsDownIsStillAmongTheSavedTabs() throws Exception {
        SiteStore store = SiteStore.open(directory.resolve("sites-" + System.nanoTime() + ".json"));
        site = store.save(SiteProfile.builder(SiteStore.newId(), "Down", "127.0.0.1").port(Interop.freePort())
                .protocol(TlsMode.NONE).logonType(LogonType.ANONYMOUS).build());
        app.useSites(store);
        MainWindow window = windowWithTabs();
        waitUntil("the site's tab tried and failed", () -> triedAndFailed(window));

        assertEquals(new UiState.OpenTab(site.id(), local.toString(), "/docs", true),
                onFx(window::currentState).openTabs().getFirst(), "the site's tab comes back at the next start");
    }

    @Test
    void afterACancelAtStartTheQueueAsksNoMoreUntilTheUserRetries() throws Exception {
        vaultSite();
        queuedDownloads("first.txt", "second.txt");
        MainWindow window = window(UiState.defaults());
        restoreQueue();
        waitUntil("the queue's master password question", () -> lookup("#master-password").tryQuery().isPresent());
        answer("#master-password", null);
        waitUntil("both items failed for want of the master password, or a second question",
                () -> failedForTheMasterPassword().size() == 2 || masterQuestions.get() > 1);
        assertEquals(1, masterQuestions.get(), "the master password was asked again for the queue's next item");

        // Retrying is the user asking again: the question may come back. The user chooses Failed once it
        // counts both: chosen earlier, the pane's first showing of the restored items (new transfers, a
        // quarter second behind the queue at most) turned it back to Queued, and the test waited in vain.
        waitUntil("the Failed tab counting both items", () -> window.queuePane().getTabs().get(1).getText()
                .equals(I18n.t("queue.failed", 2)));
        interact(() -> window.queuePane().getSelectionModel().select(1));
        // In this window: another test class's window, hidden in this JVM, may hold a Failed table of its own.
        javafx.scene.Parent root = window.stage().getScene().getRoot();
        waitUntil("the Failed table with both items", () -> from(root).lookup("#queue-failed").tryQuery()
                .map(table -> ((TableView<?>) table).getItems().size() == 2).orElse(false));
        TableView<?> failed = from(root).lookup("#queue-failed").queryAs(TableView.class);
        // Selected and asked for as the platform does: the failures' notifications may cover the
        // table, where a robot's click would land on them.
        interact(() -> {
            failed.getSelectionModel().select(0);
            javafx.geometry.Bounds bounds = failed.localToScreen(failed.getBoundsInLocal());
            Event.fireEvent(failed, new ContextMenuEvent(ContextMenuEvent.CONTEXT_MENU_REQUESTED, 10, 30,
                    bounds.getMinX() + 10, bounds.getMinY() + 30, false, null));
        });
        waitUntil("the Failed table's menu", () -> menuItem(I18n.t("queue.retry")).isPresent());
        interact(() -> menuItem(I18n.t("queue.retry")).orElseThrow().fire());
        waitUntil("the master password question again", () -> lookup("#master-password").tryQuery().isPresent());
        answer("#master-password", MASTER);
        waitUntil("the retried download", () -> Files.exists(local.resolve("first.txt")) || Files.exists(local.resolve("second.txt")));
        assertEquals(2, masterQuestions.get(), "asked again once, for the retry");
    }

    private static java.util.Optional<MenuItem> menuItem(String text) {
        return Window.getWindows().stream().filter(w -> w instanceof ContextMenu && w.isShowing())
                .flatMap(w -> ((ContextMenu) w).getItems().stream()).filter(i -> text.equals(i.getText())).findFirst();
    }

    @Test
    void aPasswordAskedAtEachConnectionIsAskedOnceForTheRestoredTabAndTheQueue() throws Exception {
        askingSite();
        queuedDownloads("queued.txt");
        restoreQueue();
        waitUntil("the queue's password question", () -> lookup("#password-field").tryQuery().isPresent());
        MainWindow window = windowWithTabs();
        waitUntil("the two restored tabs, or a second question",
                () -> window.allTabs().size() == 2 || passwordQuestions.get() > 1);
        assertEquals(1, passwordQuestions.get(), "the password was asked again for the restored tab");

        answer("#password-field", MinaServer.PASSWORD);
        waitUntil("the site's tab connected in /docs", () -> connectedInDocs(window, site.id()));
        waitUntil("the queued download", () -> Files.exists(local.resolve("queued.txt")));
        assertEquals(1, passwordQuestions.get(), "one password question in all");
    }

    @Test
    void aPasswordTypedForTheRestoredTabServesTheQueueRestoredAfterIt() throws Exception {
        askingSite();
        queuedDownloads("queued.txt");
        MainWindow window = windowWithTabs();
        waitUntil("the tab's password question", () -> lookup("#password-field").tryQuery().isPresent());
        answer("#password-field", MinaServer.PASSWORD);
        waitUntil("the site's tab connected in /docs", () -> connectedInDocs(window, site.id()));

        restoreQueue();
        waitUntil("the queued download, or a second question",
                () -> Files.exists(local.resolve("queued.txt")) || passwordQuestions.get() > 1);
        assertEquals(1, passwordQuestions.get(), "the queue asked again for the password typed for the tab");
    }

    /** The tool bar's Reconnect, as a click fires it; not waited for: the question it may open waits for an answer. */
    private static void reconnect(MainWindow window) {
        javafx.application.Platform.runLater(
                () -> ((Button) window.stage().getScene().getRoot().lookup("#toolbar-reconnect")).fire());
    }

    @Test
    void reconnectOnATabWhoseMasterPasswordQuestionWasCancelledAsksAgainAndConnects() throws Exception {
        vaultSite();
        MainWindow window = windowWithTabs();
        waitUntil("the master password question", () -> lookup("#master-password").tryQuery().isPresent());
        answer("#master-password", null);
        waitUntil("the two restored tabs", () -> window.allTabs().size() == 2);
        interact(() -> window.tabs().getSelectionModel().select(0));

        reconnect(window);
        waitUntil("the master password asked again", () -> masterQuestions.get() == 2
                && lookup("#master-password").tryQuery().isPresent());
        answer("#master-password", MASTER);
        waitUntil("the site's tab connected in /docs", () -> connectedInDocs(window, site.id()));
    }

    @Test
    void reconnectOnATabWhoseServerWasDownConnectsOnceItIsUpWithoutAskingAgain() throws Exception {
        int port = Interop.freePort();
        askingSite(port);
        MainWindow window = windowWithTabs();
        waitUntil("the tab's password question", () -> lookup("#password-field").tryQuery().isPresent());
        answer("#password-field", MinaServer.PASSWORD);
        waitUntil("the site's tab tried and failed", () -> triedAndFailed(window));
        interact(() -> window.tabs().getSelectionModel().select(0));

        try (MinaServer up = MinaServer.builder(directory.resolve("up-" + System.nanoTime())).port(port).start()) {
            Files.writeString(Files.createDirectories(up.home().resolve("docs")).resolve("readme.txt"), "read me");
            reconnect(window);
            waitUntil("the site's tab connected in /docs", () -> connectedInDocs(window, site.id()));
            assertEquals(1, passwordQuestions.get(), "Reconnect asked again for the password typed a moment ago");
        }
    }

    @Test
    void reconnectOnATabThatNeverConnectedSaysSo() throws Exception {
        MainWindow window = window(UiState.defaults());
        reconnect(window);
        waitUntil("the tab's status saying there is nothing to reconnect", () -> I18n.t("status.nothingToReconnect")
                .equals(window.currentTab().statusProperty().get()));
    }

    /**
     * The mistyped password is not reused by the queue, which asks; the one typed there serves the
     * tab's Reconnect, as a password typed once serves the run (U4: asked again and again).
     */
    @Test
    void reconnectAfterAMistypedPasswordUsesTheOneTypedSinceAndTheQueueDoesNotReuseTheMistypedOne() throws Exception {
        askingSite();
        queuedDownloads("queued.txt");
        MainWindow window = windowWithTabs();
        waitUntil("the tab's password question", () -> lookup("#password-field").tryQuery().isPresent());
        answer("#password-field", "mistyped");
        waitUntil("the site's tab refused", () -> ((ConnectionTab) window.allTabs().getFirst()).loginRefused());
        interact(() -> window.tabs().getSelectionModel().select(0));

        // The queue, restored now, does not log in with the refused password: it asks.
        restoreQueue();
        waitUntil("the queue's password question", () -> passwordQuestions.get() == 2
                && lookup("#password-field").tryQuery().isPresent());
        answer("#password-field", MinaServer.PASSWORD);
        waitUntil("the queued download", () -> Files.exists(local.resolve("queued.txt")));

        reconnect(window);
        waitUntil("the site's tab connected in /docs", () -> connectedInDocs(window, site.id()));
        assertEquals(2, passwordQuestions.get(), "no third question: the password typed at the queue's serves");
    }
}
