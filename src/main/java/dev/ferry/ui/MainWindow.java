package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpUrl;
import dev.ferry.ftp.SecurityStatus;
import dev.ferry.store.ConfigDirectory;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueTotals;
import dev.ferry.ui.connection.ConnectionTab;
import dev.ferry.ui.connection.RemoteConnection;
import dev.ferry.ui.connection.WindowTitle;
import dev.ferry.ui.dialogs.Dialogs;
import dev.ferry.ui.dialogs.MasterPasswordDialog;
import dev.ferry.ui.dialogs.SecurityDialog;
import dev.ferry.ui.explorer.BookmarksMenu;
import dev.ferry.ui.queue.QueuePane;
import dev.ferry.ui.sites.CopyToSites;
import dev.ferry.ui.sites.SiteManagerDialog;
import dev.ferry.ui.sites.SettingsDialog;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.controlsfx.control.Notifications;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The main window: menu and tool bars, the quick-connect bar, connection tabs (each with its
 * log and two panes), the transfer queue, and a status bar with the padlock and overall
 * progress. Everything slow happens elsewhere; this class only wires.
 */
public final class MainWindow {

    private final AppContext app;
    private final Stage stage;
    private final TabPane tabs = new TabPane();
    private final QueuePane queuePane;
    private final SplitPane center;
    private final QuickConnectBar quickConnect;
    private final Label connectionStatus = new Label();
    private final Button padlock = new Button();
    private final ProgressBar overall = new ProgressBar(0);
    private final Label overallText = new Label();
    private final CheckMenuItem showLog = new CheckMenuItem(I18n.t("menu.view.log"));
    private final CheckMenuItem showQueue = new CheckMenuItem(I18n.t("menu.view.queue"));
    private final CheckMenuItem showHidden = new CheckMenuItem(I18n.t("menu.view.hidden"));
    private final ToggleButton process = new ToggleButton(null, Icons.icon(Icons.PLAY));
    private final dev.ferry.ui.explorer.PaneToggles paneToggles = new dev.ferry.ui.explorer.PaneToggles();
    private UiState uiState;
    /** As the window opened: the queue's start follows it, and a window closed before the queue was restored keeps it. */
    private final UiState startState;
    private volatile boolean queueRestored;
    /** The process button is being set to what the queue does, not by the user. */
    private boolean followingQueue;

    public MainWindow(AppContext app, Stage stage, UiState uiState) {
        this.app = app;
        this.stage = stage;
        this.uiState = uiState;
        app.restorePlainFtpConsents(uiState.plainFtpConsents());
        // A consent given or taken back is written at once: one lost to a crash would only ask again,
        // but one taken back and then resurrected would not.
        app.onPlainFtpConsentsChanged(() -> javafx.application.Platform.runLater(this::saveState));
        this.startState = uiState;
        this.queuePane = new QueuePane(app.queue());
        queuePane.setOnRetry(app::askAgain);
        dev.ferry.ui.explorer.QueueDrop.install(queuePane, this::currentTab);
        tabs.setId("connection-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);
        center = new SplitPane(tabs, queuePane);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(uiState.dividers().getOrDefault("queue", 0.72));
        SplitPane.setResizableWithParent(queuePane, false);
        if (uiState.queueHeight() > 0) {
            restoreQueueHeight(uiState.queueHeight());
        }

        quickConnect = new QuickConnectBar(app, uiState.recentServers(), request -> {
            ConnectionSettings settings = request.settings();
            if (request.askPassword()) {
                // A user name without a password: asked for, as a site set to ask does (an empty one
                // only earned a "530 Login incorrect").
                String typed = Dialogs.password(stage, QuickConnectBar.title(settings));
                if (typed == null) {
                    return;
                }
                settings = settings.toBuilder().password(typed).build();
            }
            ConnectionTab tab = currentOrNewTab();
            tab.connect(settings, null, request.title(), request.remoteFolder());
            rememberOnceConnected(tab, request.historyEntry());
        });
        VBox top = new VBox(menuBar(), toolBar(), quickConnect);
        BorderPane root = new BorderPane(center, top, null, statusBar(), null);
        root.setId("main-root");

        // Remembered geometry is only a wish: screens change between runs (a laptop undocked).
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        double width = Math.min(Math.max(uiState.width(), 640), screen.getWidth());
        double height = Math.min(Math.max(uiState.height(), 400), screen.getHeight());
        Scene scene = new Scene(root, width, height);
        Theme.apply(scene, app.settings().theme());
        app.settingsStore().addListener(settings -> javafx.application.Platform.runLater(() -> {
            Theme.apply(scene, settings.theme());
            showHidden.setSelected(settings.showHiddenFiles());
        }));
        stage.setScene(scene);
        if (Dialogs.onSomeScreen(uiState.x(), uiState.y(), width, height)) {
            stage.setX(uiState.x());
            stage.setY(uiState.y());
        } else {
            stage.setX(screen.getMinX() + (screen.getWidth() - width) / 2);
            stage.setY(screen.getMinY() + (screen.getHeight() - height) / 2);
        }
        stage.setMinWidth(480);
        stage.setMinHeight(320);
        NormalGeometry.keep(stage, stage.getX(), stage.getY(), width, height);
        stage.setMaximized(uiState.maximized());
        installShortcuts(scene);
        // A drag whose source never heard "done" (dropped outside, cancelled): free moves end it.
        scene.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_MOVED, e -> DragGuard.finished(stage));

        showLog.setSelected(uiState.logVisible());
        showQueue.setSelected(uiState.queueVisible());
        paneToggles.setCompare(uiState.compareFolders());
        paneToggles.setSyncBrowse(uiState.syncBrowsing());
        showHidden.setSelected(app.settings().showHiddenFiles());
        showLog.selectedProperty().addListener((o, a, visible) -> tabs.getTabs().forEach(t -> ((ConnectionTab) t).setLogVisible(visible)));
        showQueue.selectedProperty().addListener((o, a, visible) -> setQueueVisible(visible));
        showHidden.selectedProperty().addListener((o, a, show) -> {
            tabs.getTabs().forEach(t -> ((ConnectionTab) t).setShowHidden(show));
            // The same choice as in Settings, so it is there at the next start too.
            if (show != app.settings().showHiddenFiles()) {
                Background.disk(() -> app.settingsStore().update(s -> s.withShowHiddenFiles(show)), saved -> { },
                        failure -> Dialogs.error(stage, failure));
            }
        });
        setQueueVisible(uiState.queueVisible());

        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, tab) -> {
            bindStatus((ConnectionTab) tab);
            keepKeyboardInAList((ConnectionTab) a, (ConnectionTab) tab);
        });
        queuePane.totalsProperty().addListener((o, a, totals) -> showTotals(totals));
        queuePane.addUpdateListener(update -> notify(update));
        app.queue().addListener(new dev.ferry.transfer.QueueListener() {
            @Override
            public void queueChanged(Update update) {
            }

            @Override
            public void journalProblem(dev.ferry.message.Message problem) {
                // Until it is fixed, a crash loses what the queue holds: worth a notification, not only a log line.
                javafx.application.Platform.runLater(() -> toast(I18n.t("queue.saving"), I18n.words(problem),
                        problem.key() != dev.ferry.transfer.QueueText.JOURNAL_WRITE_RECOVERED));
            }

            @Override
            public void serverUnreachable(dev.ferry.message.Message notice) {
                // Said at the first try of an outage: the queue tries again and again, with longer pauses.
                Object server = notice.arguments().isEmpty() ? null : notice.arguments().getFirst();
                javafx.application.Platform.runLater(() -> {
                    if (unreachable.add(server)) {
                        toast(I18n.t("queue.serverUnreachableTitle"), Notices.outage(notice), true);
                    }
                });
            }

            @Override
            public void serverReachable(dev.ferry.message.Message notice) {
                // The outage was said and stayed the last word: the transfers that went on again were not.
                Object server = notice.arguments().isEmpty() ? null : notice.arguments().getFirst();
                javafx.application.Platform.runLater(() -> {
                    unreachable.remove(server);
                    toast(I18n.t("queue.serverReachableTitle"), I18n.words(notice), false);
                });
            }
        });
        process.setSelected(!uiState.queuePaused());
        process.selectedProperty().addListener((o, a, on) -> {
            if (followingQueue) {
                return;
            }
            app.queueChosen(on);
            // On disk at once, not only at the quit: after a crash the queue the user stopped started by itself (T1).
            saveState();
            if (on) {
                app.askAgain();
                app.queue().start();
            } else {
                app.queue().pause();
            }
        });
        WindowTitle.follow(stage, tabs);
        newTab();
        TabRestore.restore(this, app, uiState.openTabs());
        if (uiState.openTabs().isEmpty()) {
            // Nothing to come back to: what there is to do first is type a server, as in FileZilla.
            stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, new javafx.event.EventHandler<>() {
                @Override
                public void handle(javafx.stage.WindowEvent shown) {
                    stage.removeEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, this);
                    // After the scene gave the focus to its first control itself.
                    javafx.application.Platform.runLater(quickConnect::focusHost);
                }
            });
        }
        stage.setOnCloseRequest(e -> {
            if (!mayQuit()) {
                e.consume();
                return;
            }
            saveState();
        });
    }

    /**
     * Loads the saved queue on a thread of its own and, unless "Process queue" was off when the
     * window last closed, runs it: transfers a crash or a quit interrupted continue. Completes
     * once loaded (and started).
     */
    public java.util.concurrent.CompletableFuture<Void> restoreQueue() {
        // Not the button: it follows the queue, which is not processing until this starts it.
        boolean process = !startState.queuePaused();
        java.util.concurrent.CompletableFuture<Void> restored = new java.util.concurrent.CompletableFuture<>();
        app.queueRestoring(restored, process);
        app.queue().restoreComing();
        // An update shown before this saw a queue not running and nothing to start it: the button said off.
        javafx.application.Platform.runLater(() -> followQueue(queuePane.totalsProperty().get()));
        Thread.ofPlatform().daemon().name("ferry-restore-queue").start(() -> {
            java.util.List<dev.ferry.message.Message> said = java.util.List.of();
            try {
                said = app.queue().restore();
            } catch (RuntimeException | Error e) {
                // Said, and the window goes on as after a restore (R18: the button said the queue ran, it never
                // started, and what the user chose later was not saved).
                System.getLogger(MainWindow.class.getName()).log(System.Logger.Level.WARNING,
                        "the saved queue could not be restored", e);
                // What it means for the user, not only the exception's words (R19).
                String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                javafx.application.Platform.runLater(() -> Dialogs.error(stage,
                        new java.io.IOException(I18n.t("queue.restoreFailed", reason), e)));
            }
            java.util.List<dev.ferry.message.Message> leftOut = said;
            // On the FX thread, where the button is: "Process queue" switched off while the saved queue was
            // read is the user's word now, not how the last close left it.
            javafx.application.Platform.runLater(() -> {
                boolean leftStopped = !leftOut.isEmpty() && (app.queueStartsWhenRestored() || app.queue().isProcessing());
                if (leftStopped) {
                    // Restored in part: a transfer the user had removed may be back (T2: it ran again at once).
                    // Stopped too when something started it during the restore (R24: a drop, a double-click).
                    app.queueChosen(false);
                    app.queue().pause();
                    saveState();
                } else if (app.queueStartsWhenRestored()) {
                    app.queue().start();
                }
                queueRestored = true;
                restored.complete(null);
                followQueue(app.queue().totals());
                if (!leftOut.isEmpty()) {
                    // Recovered, not failed (T1: a red error for it): what was left out, and where the file is kept.
                    java.util.List<String> words = new java.util.ArrayList<>(leftOut.stream().map(I18n::words).toList());
                    if (leftStopped) {
                        words.add(I18n.t("queue.leftStoppedAfterRestore", I18n.t("toolbar.process")));
                    }
                    Dialogs.warning(stage, String.join("\n\n", words));
                }
            });
        });
        return restored;
    }

    public Stage stage() {
        return stage;
    }

    public TabPane tabs() {
        return tabs;
    }

    public QueuePane queuePane() {
        return queuePane;
    }

    public dev.ferry.ui.explorer.PaneToggles paneToggles() {
        return paneToggles;
    }

    /**
     * The keyboard in a file list of the tab left goes to the same list of the tab shown (the local
     * one while that tab has no server): the focused list left the scene with the old tab's
     * content, and the focus fell on the queue's tab strip, where the arrow keys switch tabs.
     */
    private void keepKeyboardInAList(ConnectionTab left, ConnectionTab shown) {
        javafx.scene.Node owner = stage.getScene() == null ? null : stage.getScene().getFocusOwner();
        if (left == null || shown == null || owner == null || !within(owner, left.getContent())) {
            return;
        }
        boolean remote = within(owner, left.remotePane());
        javafx.scene.Scene scene = stage.getScene();
        // After layout: the shown tab's content joins the scene and becomes visible there, not at once;
        // a request before that is lost, and the scene then moves the focus off the hidden old content.
        int[] pulsesLeft = {10};
        boolean[] done = {false};
        Runnable[] attempt = new Runnable[1];
        attempt[0] = () -> {
            if (done[0]) {
                return;
            }
            javafx.scene.control.TableView<?> target = (remote && shown.connection() != null
                    ? shown.remotePane() : shown.localPane()).table();
            if (currentTab() == shown && --pulsesLeft[0] >= 0 && !(target.getScene() == scene && shownOnScreen(target))) {
                javafx.application.Platform.requestNextPulse();
                return;
            }
            if (currentTab() == shown && pulsesLeft[0] >= 0) {
                target.requestFocus();
            }
            done[0] = true;
            // Not while the scene walks its listeners.
            javafx.application.Platform.runLater(() -> scene.removePostLayoutPulseListener(attempt[0]));
        };
        scene.addPostLayoutPulseListener(attempt[0]);
        javafx.application.Platform.requestNextPulse();
    }

    private static boolean shownOnScreen(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private static boolean within(javafx.scene.Node node, javafx.scene.Node ancestor) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    public ConnectionTab currentTab() {
        return (ConnectionTab) tabs.getSelectionModel().getSelectedItem();
    }

    private ConnectionTab currentOrNewTab() {
        ConnectionTab tab = currentTab();
        return tab != null && tab.connection() == null ? tab : newTab();
    }

    /**
     * Where Connect on a saved site goes: the site's own tab when it is not connected (never connected, its
     * login refused, disconnected), as FileZilla does, brought to the front; else the current tab if free, else
     * a new one. A user trial corrected a refused password and got a second tab of the site beside the failed
     * one, both restored and connecting at the next start. A connected (or connecting) tab of the site is left
     * alone: a second connection to it is then what is asked for.
     */
    private ConnectionTab siteTabOrFree(String siteId) {
        ConnectionTab current = currentTab();
        java.util.List<ConnectionTab> inOrder = new java.util.ArrayList<>();
        if (current != null) {
            inOrder.add(current);
        }
        for (Tab t : tabs.getTabs()) {
            if (t != current) {
                inOrder.add((ConnectionTab) t);
            }
        }
        for (ConnectionTab tab : inOrder) {
            if (siteId.equals(TabRestore.siteOf(tab)) && (tab.connection() == null
                    || tab.stateProperty().get() == dev.ferry.ui.connection.RemoteConnection.State.DISCONNECTED)) {
                tabs.getSelectionModel().select(tab);
                return tab;
            }
        }
        return currentOrNewTab();
    }

    public ConnectionTab newTab() {
        ConnectionTab current = currentTab();
        String lastLocal = current != null && current.localPane().location() != null ? current.localPane().location()
                : uiState.lastLocalDirectory().get("*");
        ConnectionTab tab = new ConnectionTab(app);
        tab.localPane().openFirstFolderOf(java.util.Arrays.asList(lastLocal, ConfigDirectory.userHome().toString()));
        java.util.List<Double> localWidths = uiState.columnWidths().get("local");
        java.util.List<Double> remoteWidths = uiState.columnWidths().get("remote");
        if (localWidths != null) {
            tab.localPane().applyColumnWidths(localWidths);
        }
        if (remoteWidths != null) {
            tab.remotePane().applyColumnWidths(remoteWidths);
        }
        tab.localPane().applySort(uiState.sort().get("local"));
        tab.remotePane().applySort(uiState.sort().get("remote"));
        tab.setLogVisible(showLog.isSelected());
        tab.setShowHidden(showHidden.isSelected());
        paneToggles.attach(tab.localPane(), tab.remotePane());
        tabs.getTabs().add(tab);
        tabs.getSelectionModel().select(tab);
        return tab;
    }

    /** As the tab's × does: the tab goes, and its closing handler disconnects it. */
    private void closeCurrentTab() {
        ConnectionTab tab = currentTab();
        if (tab == null) {
            return;
        }
        tabs.getTabs().remove(tab);
        javafx.event.Event.fireEvent(tab, new javafx.event.Event(javafx.scene.control.Tab.CLOSED_EVENT));
    }

    /** Connects to a URL given on the command line (the desktop's ftp:// link handler). */
    public void openUrl(String url) {
        try {
            FtpUrl parsed = FtpUrl.parse(url);
            String password = null;
            if (parsed.password() == null && parsed.user() != null && !parsed.user().equals("anonymous")) {
                password = Dialogs.password(stage, parsed.user() + "@" + parsed.host()
                        + (parsed.port() > 0 ? ":" + parsed.port() : ""));
                if (password == null) {
                    return;
                }
            }
            quickConnect.connect(url, password);
        } catch (IllegalArgumentException e) {
            Dialogs.error(stage, e);
        }
    }

    /** Opens a saved site in a tab (from the site manager). */
    public void connectSite(dev.ferry.site.SiteProfile site) {
        connectSite(site, null, true);
    }

    /**
     * Connects {@code into} (null: the current tab if free, else a new one) to a saved site once
     * its passwords are known, which may be when a question opened by the queue is answered.
     *
     * @param byUser see {@link AppContext#connectSite}
     */
    void connectSite(dev.ferry.site.SiteProfile site, ConnectionTab into, boolean byUser) {
        lastSiteShown = site.id();
        app.connectSite(site, byUser).thenAccept(answer -> answer.ifPresent(settings -> {
            if (into != null && (into.getTabPane() == null || into.connection() != null)) {
                return; // Closed, or connected elsewhere, while the question was open.
            }
            ConnectionTab tab = into != null ? into : siteTabOrFree(site.id());
            tab.localPane().openFirstFolderOf(java.util.Arrays.asList(site.localDirectory(),
                    uiState.lastLocalDirectory().get(site.id())));
            tab.localPane().locationProperty().addListener((o, a, folder) -> {
                if (folder != null) {
                    uiState = uiState.withLastLocalDirectory(site.id(), folder);
                }
            });
            tab.connect(settings, site.id(), site.name(), site.remoteDirectory());
        })).exceptionally(failure -> {
            Dialogs.error(stage, failure instanceof java.util.concurrent.CompletionException wrapped
                    && wrapped.getCause() != null ? wrapped.getCause() : failure);
            return null;
        });
    }

    // ------------------------------------------------------------------ bars

    private MenuBar menuBar() {
        MenuItem siteManager = item("menu.file.siteManager", this::openSiteManager);
        siteManager.setAccelerator(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN));
        MenuItem newTab = item("menu.file.newTab", this::newTab);
        newTab.setAccelerator(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN));
        MenuItem closeTab = item("menu.file.closeTab", this::closeCurrentTab);
        closeTab.setAccelerator(new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN));
        MenuItem exportSites = item("menu.file.exportSites", this::exportSites);
        MenuItem importSites = item("menu.file.importSites", () -> importSites(false));
        MenuItem importFileZilla = item("menu.file.importFileZilla", () -> importSites(true));
        // As the window's close button does, so both ask the same question before quitting.
        MenuItem quit = item("menu.file.quit", () -> stage.fireEvent(
                new javafx.stage.WindowEvent(stage, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        MenuItem copyToSites = CopyToSites.menuItem(stage, app, this::currentTab, this::connectSite);
        Menu file = new Menu(I18n.t("menu.file"), null, siteManager, copyToSites, newTab, closeTab, new SeparatorMenuItem(), importFileZilla,
                importSites, exportSites, new SeparatorMenuItem(), quit);

        MenuItem settings = item("menu.edit.settings", () -> SettingsDialog.show(stage, app));
        MenuItem master = item("menu.edit.masterPassword", () -> {
            if (app.unlockSites(stage)) {
                MasterPasswordDialog.manage(stage, app.sites(), app.passwordsNotSaved(),
                        kept -> kept.forEach(app::passwordSaved));
            }
        });
        Menu edit = new Menu(I18n.t("menu.edit"), null, settings, master);

        MenuItem disconnect = item("menu.server.disconnect", () -> withTab(ConnectionTab::disconnect));
        MenuItem reconnect = item("menu.server.reconnect", () -> withTab(this::reconnect));
        reconnect.setAccelerator(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN));
        MenuItem refresh = item("menu.server.refresh", () -> withTab(ConnectionTab::refresh));
        refresh.setAccelerator(new KeyCodeCombination(KeyCode.F5));
        MenuItem cancel = item("menu.server.cancel", this::cancelCurrentOperations);
        MenuItem security = item("menu.server.security", this::showSecurity);
        Menu server = new Menu(I18n.t("menu.server"), null, disconnect, reconnect, refresh, cancel, new SeparatorMenuItem(), security);
        server.getItems().addAll(new dev.ferry.ui.connection.ServerMenu(app, this::currentTab).items());
        server.setOnShowing(e -> disconnect.setDisable(currentTab() == null || currentTab().connection() == null));

        CheckMenuItem processMenu = new CheckMenuItem(I18n.t("menu.transfer.process"));
        processMenu.selectedProperty().bindBidirectional(process.selectedProperty());
        MenuItem removeFinished = item("menu.transfer.removeFinished", () -> app.queue().removeFinished());
        Menu transfer = new Menu(I18n.t("menu.transfer"), null, processMenu, removeFinished);

        Menu view = new Menu(I18n.t("menu.view"), null, showLog, showQueue, showHidden);
        view.getItems().addAll(paneToggles.menuItems());
        MenuItem about = item("menu.help.about", () -> {
            javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.INFORMATION,
                    I18n.t("about.text", dev.ferry.cli.FerryCli.version()), Dialogs.OK);
            Dialogs.prepare(alert, stage);
            alert.setHeaderText(null);
            alert.show();
        });
        Menu help = new Menu(I18n.t("menu.help"), null, about);
        Menu bookmarks = BookmarksMenu.create(stage, app::sites, this::currentTab);
        MenuBar bar = new MenuBar(file, edit, server, transfer, view, bookmarks, help);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private ToolBar toolBar() {
        Button sites = toolButton(Icons.SITES, "toolbar.siteManager", this::openSiteManager);
        sites.setId("toolbar-sites");
        Button reconnect = toolButton(Icons.PLUG, "toolbar.reconnect", () -> withTab(this::reconnect));
        Button disconnect = toolButton(Icons.DISCONNECT, "toolbar.disconnect", () -> withTab(ConnectionTab::disconnect));
        Button refresh = toolButton(Icons.REFRESH, "toolbar.refresh", () -> withTab(ConnectionTab::refresh));
        Button cancel = toolButton(Icons.STOP, "toolbar.cancel", this::cancelCurrentOperations);
        cancel.setId("toolbar-cancel");
        HoverTips.install(process, I18n.t("toolbar.process"));
        process.setId("toolbar-process");
        Button settings = toolButton(Icons.SETTINGS, "toolbar.settings", () -> SettingsDialog.show(stage, app));
        settings.setId("toolbar-settings");
        ToggleButton log = new ToggleButton(null, Icons.icon(Icons.LOG));
        HoverTips.install(log, I18n.t("toolbar.toggleLog"));
        log.selectedProperty().bindBidirectional(showLog.selectedProperty());
        ToggleButton queue = new ToggleButton(null, Icons.icon(Icons.QUEUE));
        HoverTips.install(queue, I18n.t("toolbar.toggleQueue"));
        queue.selectedProperty().bindBidirectional(showQueue.selectedProperty());
        return new ToolBar(sites, reconnect, disconnect, refresh, cancel, process, settings, log, queue);
    }

    private static Button toolButton(String icon, String tooltip, Runnable action) {
        Button button = new Button(null, Icons.icon(icon));
        // Tests find a tool by it, as a user does by its tooltip.
        button.setId(tooltip.replace('.', '-'));
        HoverTips.install(button, I18n.t(tooltip));
        button.setOnAction(e -> action.run());
        return button;
    }

    private static MenuItem item(String key, Runnable action) {
        MenuItem item = new MenuItem(I18n.t(key));
        item.setOnAction(e -> action.run());
        return item;
    }

    private Node statusBar() {
        connectionStatus.setId("connection-status");
        // A failure's advice is often longer than the bar: cut with "…" there, whole when pointed at.
        javafx.scene.control.Tooltip wholeStatus = new javafx.scene.control.Tooltip();
        wholeStatus.setWrapText(true);
        wholeStatus.setMaxWidth(640);
        wholeStatus.textProperty().bind(connectionStatus.textProperty());
        connectionStatus.tooltipProperty().bind(javafx.beans.binding.Bindings.when(connectionStatus.textProperty().isEmpty())
                .then((javafx.scene.control.Tooltip) null).otherwise(wholeStatus));
        padlock.setId("padlock");
        padlock.getStyleClass().add("flat-button");
        padlock.setOnAction(e -> showSecurity());
        overall.setPrefWidth(160);
        overall.setId("overall-progress");
        overallText.setId("overall-text");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        javafx.scene.control.ProgressIndicator busy = new javafx.scene.control.ProgressIndicator();
        busy.setPrefSize(14, 14);
        Label localWork = new Label(I18n.t("status.localChanges"), busy);
        localWork.setId("local-work");
        localWork.visibleProperty().bind(Background.filesBeingChangedShown().greaterThan(0));
        localWork.managedProperty().bind(localWork.visibleProperty());
        HBox bar = new HBox(padlock, connectionStatus, spacer, localWork, overallText, overall);
        bar.getStyleClass().add("status-bar");
        showPadlock(SecurityStatus.DISCONNECTED);
        return bar;
    }

    private void bindStatus(ConnectionTab tab) {
        connectionStatus.textProperty().unbind();
        if (tab == null) {
            connectionStatus.setText("");
            showPadlock(SecurityStatus.DISCONNECTED);
            return;
        }
        connectionStatus.textProperty().bind(tab.statusProperty());
        showPadlock(tab.security());
        tab.securityProperty().addListener((o, a, status) -> {
            if (tab == currentTab()) {
                showPadlock(status);
            }
        });
    }

    private void showPadlock(SecurityStatus status) {
        String icon;
        String style;
        String tip;
        if (status == null || status.control() == null && !status.fellBackToPlain()) {
            icon = Icons.PADLOCK_OPEN;
            style = "padlock-insecure";
            tip = status == null || status.requested() == null ? "" : I18n.t("padlock.insecure");
        } else if (status.fellBackToPlain()) {
            icon = Icons.PADLOCK_OPEN;
            style = "padlock-broken";
            tip = I18n.t("padlock.fallback");
        } else if (status.fullyEncrypted()) {
            icon = Icons.PADLOCK;
            style = "padlock-secure";
            tip = I18n.t("padlock.secure");
        } else {
            icon = Icons.PADLOCK;
            style = "padlock-partial";
            tip = I18n.t("padlock.partial");
        }
        padlock.setGraphic(Icons.icon(icon, 16, style));
        padlock.setUserData(style);
        padlock.setTooltip(tip.isEmpty() ? null : new Tooltip(tip));
    }

    private void showSecurity() {
        ConnectionTab tab = currentTab();
        if (tab != null && tab.connection() != null) {
            ConnectionSettings settings = tab.connection().settings();
            // Where plain FTP was allowed for good, here is where the user sees it, and takes it back.
            Runnable askAgain = tab.connection().siteId() == null && app.plainFtpAllowed(settings)
                    ? () -> app.forgetPlainFtp(settings) : null;
            SecurityDialog.show(stage, tab.security(), askAgain);
        }
    }

    /** What the status bar shows: this batch only (the queue keeps finished items of earlier ones). */
    private final dev.ferry.ui.queue.BatchProgress batch = new dev.ferry.ui.queue.BatchProgress();
    private java.util.Optional<dev.ferry.ui.queue.BatchProgress.End> batchFinished = java.util.Optional.empty();

    private void showTotals(QueueTotals totals) {
        if (totals == null) {
            return;
        }
        batchFinished = batch.update(totals);
        boolean running = batch.running();
        long done = batch.bytesDone();
        long total = batch.bytesTotal();
        overall.setProgress(running ? total > 0 ? (double) done / total : -1 : 0);
        overallText.setText(running ? Formats.size(done) + " / " + Formats.size(total)
                + "   " + Formats.speed(totals.speed()) : "");
    }

    private int lastFailed;

    /** The quick connection goes into the history once it answered: a typo or a dead server does not. */
    private void rememberOnceConnected(ConnectionTab tab, String historyEntry) {
        // One watch per tab: a failed attempt's watch, still waiting, gives way to the next attempt's.
        if (tab.getProperties().remove(HISTORY_WATCH) instanceof javafx.beans.value.ChangeListener<?> earlier) {
            @SuppressWarnings("unchecked")
            javafx.beans.value.ChangeListener<RemoteConnection.State> stale =
                    (javafx.beans.value.ChangeListener<RemoteConnection.State>) earlier;
            tab.stateProperty().removeListener(stale);
        }
        javafx.beans.value.ChangeListener<RemoteConnection.State> watch = new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends RemoteConnection.State> property,
                                RemoteConnection.State before,
                                RemoteConnection.State now) {
                // A failed attempt is still watched: "Connect WITHOUT encryption" tries the same server
                // again in this tab. What connects next counts only if it is that server.
                if (now == RemoteConnection.State.CONNECTED
                        || now == RemoteConnection.State.BUSY) {
                    property.removeListener(this);
                    tab.getProperties().remove(HISTORY_WATCH, this);
                    RemoteConnection connection = tab.connection();
                    if (connection != null && connection.siteId() == null
                            && historyEntry.equals(ConnectionTab.url(connection.settings()))) {
                        quickConnect.remember(historyEntry);
                        uiState = uiState.withRecentServer(historyEntry);
                        // Kept now, not only at a clean quit: a crash or a kill lost the history.
                        saveState();
                    }
                }
            }
        };
        tab.getProperties().put(HISTORY_WATCH, watch);
        tab.stateProperty().addListener(watch);
    }

    private static final String HISTORY_WATCH = "ferry.historyWatch";

    /** A notification when the queue finishes, and when an item fails. */
    /**
     * A transfer started directly (a double-click, a drop) starts the queue too: the button says
     * so. Checked at every applied update, not only when the totals change: a pause and a start
     * merged into one update leave the totals as they were, and the button as the click left it.
     */
    private void followQueue(QueueTotals totals) {
        // The queue as it is now, not as the update says: one sent before a click and shown after it turned the
        // button back for a moment, and a second click then started what it was meant to stop (CI on 097c69a).
        // A queue the restore going on is to start is on, as the user left it: shown off, a click meant to stop
        // it started it.
        boolean on = totals != null && app.queueMeantToRun();
        if (totals != null && process.isSelected() != on) {
            followingQueue = true;
            try {
                process.setSelected(on);
            } finally {
                followingQueue = false;
            }
        }
    }

    /** The servers an outage was said of, until they can be reached again; FX thread only. */
    private final java.util.Set<Object> unreachable = new java.util.HashSet<>();

    private void notify(dev.ferry.transfer.QueueListener.Update update) {
        QueueTotals totals = update.totals();
        followQueue(totals);
        // One notification per update, however many items failed in it: a storm must not bury the screen.
        // A failure restored from the last run was reported then: listed, not announced at every start.
        java.util.List<dev.ferry.transfer.ItemSnapshot> failedNow = totals.failed() + totals.refused() <= lastFailed ? java.util.List.of()
                : update.changed().stream().filter(item -> (item.state() == ItemState.FAILED
                        || item.state() == ItemState.REFUSED) && !item.leftByAnEarlierRun()).toList();
        lastFailed = totals.failed() + totals.refused();
        if (totals.idle() || !totals.processing()) {
            // Nothing tries the servers any more: the next outage is a new one, and is said again.
            unreachable.clear();
        }
        failedNow.stream().filter(item -> item.lastError() != null
                        && item.lastError().key() == dev.ferry.transfer.QueueText.SERVER_UNREACHABLE)
                .forEach(item -> unreachable.remove(item.endpointDisplay()));
        // The totals listener ran first for this update and saw whether it ended a batch.
        dev.ferry.ui.queue.BatchNotice.of(failedNow, batchFinished.map(end -> end.paused() == 0 ? end
                        : end.waitingForRoom(queuePane.waitingForRoom())))
                .ifPresent(notice -> toast(notice.title(), notice.text(), notice.error()));
        batchFinished = java.util.Optional.empty();
    }

    void toast(String title, String text, boolean error) {
        if (stage.getScene() == null || !stage.isShowing()) {
            return;
        }
        // A notification costs tens of milliseconds to build: not inside the queue update that triggered it.
        javafx.application.Platform.runLater(() -> {
            // The words as the notification's graphic: its own text is not wrapped, and a failure's words ran
            // off the screen from the left, their beginning unread. (No icon then: the title says what it is.)
            javafx.scene.control.Label words = Notices.wrapped(text, "window-notice");
            Notifications.create().title(title).graphic(words).owner(stage)
                    .hideAfter(javafx.util.Duration.seconds(error ? 8 : 4)).show();
        });
    }

    /**
     * The queue comes back as tall as it was, in pixels: a fraction of the window would not do,
     * because a start's first size is not its last (a maximized window grows; one taller than the
     * screen is shrunk by the window manager) and the queue keeps its height when the window's
     * changes, so each start carried the difference into the file panes, until the panes or the
     * queue were gone. Set once, at the first height with room for it; resizes keep it from there.
     */
    private void restoreQueueHeight(double queueHeight) {
        center.heightProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> property, Number before, Number height) {
                if (height.doubleValue() > queueHeight + 100 && center.getItems().contains(queuePane)) {
                    property.removeListener(this);
                    center.setDividerPositions(1 - queueHeight / height.doubleValue());
                }
            }
        });
    }

    private void setQueueVisible(boolean visible) {
        if (visible && !center.getItems().contains(queuePane)) {
            center.getItems().add(queuePane);
            center.setDividerPositions(0.72);
        } else if (!visible) {
            center.getItems().remove(queuePane);
        }
    }

    /**
     * A site's tab whose question was cancelled, or whose password was refused, asks for it again
     * (the user asks now); any other tab dials what it last tried.
     */
    private void reconnect(ConnectionTab tab) {
        if (TabRestore.connectAgain(this, app, tab)) {
            return;
        }
        if (tab.loginRefused() && tab.lastSiteId() != null) {
            java.util.Optional<dev.ferry.site.SiteProfile> site = app.sites().find(tab.lastSiteId());
            if (site.isPresent()) {
                // Refused when it logged in again by itself: that connection takes no password, and a
                // tab holding one would not take the new connection (R14: the password typed was dropped).
                tab.disconnect();
                // In the folders the tab shows, as a reconnection of a tab does.
                connectSite(site.get().inFolders(tab.localPane().location(), tab.lastRemoteFolder()), tab, true);
                return;
            }
        }
        tab.reconnect();
    }

    /**
     * Stops what the tab is doing and, as in FileZilla, the running transfers: the queue stops
     * processing and they wait where they stopped, to go on with ▶.
     */
    private void cancelCurrentOperations() {
        withTab(ConnectionTab::cancel);
        // Waiting items too: one pausing between retries would start again a moment later. And adds still
        // on their way (T1: ■ right after Upload found the queue idle, and the upload then ran).
        if (app.queue().isProcessing() && (!app.queue().totals().idle() || app.addingToQueue())) {
            process.setSelected(false);
        }
    }

    private void withTab(java.util.function.Consumer<ConnectionTab> action) {
        ConnectionTab tab = currentTab();
        if (tab != null) {
            action.accept(tab);
        }
    }

    private void installShortcuts(Scene scene) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), this::openSiteManager);
    }

    /** The site the Site Manager was last left on, or last connected: it opens on it, as FileZilla's does. */
    private String lastSiteShown;

    private static final java.util.concurrent.ExecutorService STATE_WRITES =
            java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "ferry-window-state");
                thread.setDaemon(true);
                return thread;
            });

    private boolean siteManagerOpening;

    /** Sites the command line (or another window) added meanwhile show too: the file is read again, off this thread. */
    private void openSiteManager() {
        if (siteManagerOpening) {
            return;
        }
        siteManagerOpening = true;
        Background.disk(() -> {
            app.sites().refresh();
            return Boolean.TRUE;
        }, read -> showSiteManager(), unread -> showSiteManager());
    }

    private void showSiteManager() {
        siteManagerOpening = false;
        ConnectionTab current = currentTab();
        String currentSite = current == null ? null : current.lastSiteId();
        Stage shown = SiteManagerDialog.open(stage, app, this::connectSite, currentSite != null ? currentSite : lastSiteShown);
        shown.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> {
            String left = SiteManagerDialog.siteShown(shown);
            if (left != null) {
                lastSiteShown = left;
            }
        });
    }

    private void exportSites() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(I18n.t("chooser.exportSites"));
        chooser.setInitialFileName("ferry-sites.json");
        File file = chooser.showSaveDialog(stage);
        if (file != null) {
            Background.disk(() -> {
                app.sites().exportTo(file.toPath());
                return null;
            }, done -> { }, failure -> Dialogs.error(stage, failure));
        }
    }

    private void importSites(boolean fileZilla) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(I18n.t(fileZilla ? "chooser.importFileZilla" : "chooser.importSites"));
        if (fileZilla) {
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("FileZilla", "sitemanager.xml", "*.xml"));
        }
        File file = chooser.showOpenDialog(stage);
        if (file != null) {
            importSites(file.toPath(), fileZilla);
        }
    }

    /**
     * Imports sites. Passwords are saved encrypted when a master password exists: it is asked
     * first (it may not have been entered in this run), or they would be dropped.
     */
    public void importSites(Path file, boolean fileZilla) {
        importSites(file, fileZilla, null);
    }

    private void importSites(Path file, boolean fileZilla, char[] fileZillaMasterPassword) {
        dev.ferry.site.SiteStore store = app.sites();
        if (store.hasMasterPassword() && !store.isUnlocked() && !app.unlockSites(stage)
                && !Dialogs.confirm(stage, I18n.t("sites.importWithoutPasswords"), I18n.t("sites.importWithoutPasswordsDetail"))) {
            return;
        }
        Background.disk(() -> fileZilla
                        ? store.importFileZilla(file, new dev.ferry.site.SiteStore.ImportOptions(null, fileZillaMasterPassword))
                        : store.importFrom(file),
                report -> {
                    javafx.scene.control.Alert alert = new javafx.scene.control.Alert(
                            javafx.scene.control.Alert.AlertType.INFORMATION,
                            String.join("\n", report.notes().stream().map(I18n::words).toList()), Dialogs.OK);
                    Dialogs.prepare(alert, stage);
                    alert.getDialogPane().setId("import-report");
                    alert.setHeaderText(I18n.words(report.summary()));
                    // FileZilla's master password is asked only when it is needed; importing again
                    // with it adds no copies, it gives the sites just imported their passwords.
                    boolean passwordsUnread = fileZilla && report.notes().stream().anyMatch(note ->
                            note.says(dev.ferry.site.SiteText.IMPORT_FILEZILLA_MASTER_NEEDED)
                                    || note.says(dev.ferry.site.SiteText.IMPORT_PASSWORD_WRONG_FILEZILLA_MASTER));
                    javafx.scene.control.ButtonType typeMaster = new javafx.scene.control.ButtonType(
                            I18n.t("sites.fileZillaMaster"), javafx.scene.control.ButtonBar.ButtonData.LEFT);
                    if (passwordsUnread) {
                        alert.getButtonTypes().add(typeMaster);
                    }
                    alert.setOnHidden(hidden -> {
                        if (alert.getResult() == typeMaster) {
                            String master = Dialogs.password(stage, I18n.t("sites.fileZillaMasterTitle"),
                                    I18n.t("sites.fileZillaMasterQuestion"));
                            if (master != null && !master.isEmpty()) {
                                importSites(file, true, master.toCharArray());
                            }
                        }
                    });
                    alert.show();
                }, failure -> Dialogs.error(stage, failure));
    }

    /** A quit question is on screen: a second close request (a double click on the close button) adds no second one. */
    private boolean askingToQuit;

    /**
     * Whether to quit now. Quitting stops the transfers that are running; the queue is saved and
     * they continue at the next start, but a user waiting for a file now would not want that by
     * a slip of the close button. Nothing running, nothing asked.
     */
    private boolean mayQuit() {
        if (askingToQuit) {
            return false;
        }
        int active = app.queue().totals().active();
        // Kept on disk either way; said here, or the user would not know where their work went.
        java.util.List<java.nio.file.Path> unsentEdits = app.editWatcher().unsent();
        // R10: a move to another disk, or a large deletion, was cut short by a quit without a word.
        int localChanges = Background.filesBeingChanged();
        if (active == 0 && unsentEdits.isEmpty() && localChanges == 0) {
            return true;
        }
        StringBuilder detail = new StringBuilder(active > 0 ? I18n.t("quit.detail", active) : "");
        // T8: FTP cannot take back what STOR wrote: a web master's live site keeps the half until the next start.
        long uploading = active == 0 ? 0 : app.queue().snapshot().stream().filter(item -> item.state() == ItemState.ACTIVE
                && item.direction() == dev.ferry.transfer.Direction.UPLOAD && !item.directory()).count();
        if (uploading > 0) {
            detail.append("\n\n").append(I18n.t("quit.partialUploads", uploading));
        }
        if (localChanges > 0) {
            detail.append(detail.isEmpty() ? "" : "\n\n").append(I18n.t("quit.localChanges"));
        }
        if (!unsentEdits.isEmpty()) {
            StringBuilder copies = new StringBuilder();
            unsentEdits.forEach(copy -> copies.append("\n").append(copy));
            detail.append(detail.isEmpty() ? "" : "\n\n").append(I18n.t("quit.unsentEdits", unsentEdits.size(), copies));
        }
        javafx.scene.control.ButtonType quit = new javafx.scene.control.ButtonType(I18n.t("quit.confirm"),
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                detail.toString(), quit, Dialogs.CANCEL);
        Dialogs.prepare(alert, stage);
        alert.setTitle(I18n.t("app.title"));
        alert.setHeaderText(I18n.t(active > 0 ? "quit.header" : localChanges > 0 ? "quit.localChangesHeader"
                : "quit.unsentEditsHeader"));
        alert.getDialogPane().setId("quit-dialog");
        javafx.scene.control.Button quitButton = (javafx.scene.control.Button) alert.getDialogPane().lookupButton(quit);
        javafx.scene.control.Button cancelButton = (javafx.scene.control.Button) alert.getDialogPane().lookupButton(Dialogs.CANCEL);
        quitButton.setId("quit-confirm");
        cancelButton.setId("quit-cancel");
        // Return answers Cancel: a user typing as the question appears keeps the transfers.
        quitButton.setDefaultButton(false);
        cancelButton.setDefaultButton(true);
        // And has the focus: where the focused button takes Return (and Space), Quit came first.
        alert.addEventHandler(javafx.scene.control.DialogEvent.DIALOG_SHOWN, e -> cancelButton.requestFocus());
        askingToQuit = true;
        try {
            return alert.showAndWait().filter(answer -> answer == quit).isPresent();
        } finally {
            askingToQuit = false;
        }
    }

    /** Window geometry, dividers and panes, saved off the FX thread. */
    public void saveState() {
        writeState();
    }

    /** One writer, in order: an older state never lands after a newer one. */
    private java.util.concurrent.Future<?> writeState() {
        UiState toSave = currentState();
        return STATE_WRITES.submit(() -> app.uiStateStore().save(toSave));
    }

    /**
     * At exit: written now, on the same thread as the saves still queued (an older state would
     * otherwise land after this one), waited for so that it is not lost with the JVM.
     */
    public void saveStateBeforeExit() {
        try {
            writeState().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Losing the window's layout is not worth keeping the user from quitting.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the window looks like now, for the state file. */
    public UiState currentState() {
        java.util.Map<String, Double> dividers = new java.util.HashMap<>(uiState.dividers());
        double queueHeight = uiState.queueHeight();
        if (center.getDividers().size() > 0) {
            dividers.put("queue", center.getDividerPositions()[0]);
            if (center.getHeight() > 0) {
                // From the divider's position down (the queue and the divider's own thickness): what restoreQueueHeight sets.
                queueHeight = center.getHeight() * (1 - center.getDividerPositions()[0]);
            }
        }
        ConnectionTab tab = currentTab();
        java.util.Map<String, java.util.List<Double>> widths = new java.util.HashMap<>(uiState.columnWidths());
        java.util.Map<String, String> sort = new java.util.HashMap<>(uiState.sort());
        if (tab != null) {
            widths.put("local", tab.localPane().columnWidths());
            widths.put("remote", tab.remotePane().columnWidths());
            sort.put("local", tab.localPane().sortState());
            sort.put("remote", tab.remotePane().sortState());
        }
        // The content's size, which is what a start restores (new Scene(root, width, height)): the
        // window's own size counts the title bar and borders too, and grew the window by them at
        // every start. A maximized window keeps the normal place and size saved before, to come back to.
        Scene scene = stage.getScene();
        boolean normal = !stage.isMaximized() && scene != null;
        UiState state = new UiState(normal ? stage.getX() : uiState.x(), normal ? stage.getY() : uiState.y(),
                normal ? scene.getWidth() : uiState.width(), normal ? scene.getHeight() : uiState.height(), stage.isMaximized(),
                dividers, widths, sort, uiState.lastLocalDirectory(), uiState.recentServers(),
                showLog.isSelected(), showQueue.isSelected(), TabRestore.capture(tabs.getTabs(), tab),
                paneToggles.compareOn(), paneToggles.syncBrowseOn(), queueHeight,
                // During the restore, what the user chose since the start (R18: closed then, a stop was forgotten).
                queueRestored ? !process.isSelected() : !app.queueStartsWhenRestored(), app.plainFtpConsents());
        if (tab != null && tab.localPane().location() != null) {
            state = state.withLastLocalDirectory("*", tab.localPane().location());
        }
        uiState = state;
        return state;
    }

    /** All tabs, for tests. */
    public java.util.List<Tab> allTabs() {
        return tabs.getTabs();
    }
}
