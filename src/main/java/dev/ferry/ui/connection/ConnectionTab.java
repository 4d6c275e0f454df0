package dev.ferry.ui.connection;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DialogueListener;
import dev.ferry.ftp.SecurityStatus;
import dev.ferry.ftp.TlsMode;
import dev.ferry.ftp.TransferListener;
import dev.ferry.ftp.UnsafeNameException;
import dev.ferry.store.ConfigDirectory;
import dev.ferry.transfer.FileTransfers;
import dev.ferry.transfer.LocalPaths;
import dev.ferry.transfer.TransferQueue;
import dev.ferry.ui.AppContext;
import dev.ferry.ui.Background;
import dev.ferry.ui.DesktopOpener;
import dev.ferry.ui.I18n;
import dev.ferry.ui.QuickConnectBar;
import dev.ferry.ui.dialogs.Dialogs;
import dev.ferry.ui.explorer.Explorer;
import dev.ferry.ui.explorer.FileRow;
import dev.ferry.ui.explorer.LocalPane;
import dev.ferry.ui.explorer.RemotePane;
import dev.ferry.ui.log.LogConsole;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Orientation;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.stage.Window;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One server: its own log console, local and remote panes, and browsing connection. Transfers
 * go to the application's queue; the queue's sessions to this server log into this console.
 */
public final class ConnectionTab extends Tab implements Explorer {

    private final AppContext app;
    private final LogConsole log = new LogConsole();
    /** Two lines of the log. */
    private static final double LOG_MIN_HEIGHT = 44;
    private final LocalPane local;
    private final RemotePane remote;
    private final SplitPane panes;
    private final SplitPane vertical;
    private RemoteConnection connection;
    /** The panes' folders, for the queue's notifier thread. */
    private volatile String shownLocal;
    private volatile String shownRemote;
    private final StalePanes stalePanes = new StalePanes();
    private final java.util.concurrent.atomic.AtomicBoolean localRefreshPending = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicBoolean remoteRefreshPending = new java.util.concurrent.atomic.AtomicBoolean();
    private long lastRemoteRefresh;
    /**
     * "user@host:port" of the tab's server: its connection's, or, without one (restored after a
     * restart, first attempt failed, disconnected), the last one tried. The queue's workers for it
     * log here and the status says when they run.
     */
    private volatile String server;
    /** What an unconnected tab's status said before its server's transfers started, to say again after. */
    private String statusBeforeTransfers;
    /** The queue's running items → their server's display; written on the notifier thread. */
    private final Map<Long, String> running = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * One subscription per tab: when an item finishes in a folder a pane shows (a resumed
     * download's NAME.part becomes NAME), and when the queue goes idle, the pane is listed again.
     */
    private final dev.ferry.transfer.QueueListener queueWatcher = new dev.ferry.transfer.QueueListener() {
        @Override
        public void queueChanged(Update update) {
            ConnectionTab.this.queueChanged(update);
        }

        @Override
        public void localFileChanged(Path file) {
            if (stalePanes.localFileChanged(file, shownLocal)) {
                refreshLocalSoon();
            }
        }
    };
    /** The last connection that got as far as a listing; null while this tab never connected. */
    private RemoteConnection connectedOnce;
    /** What this tab last tried to connect to, kept after a failure: Diagnose… looks at it. */
    private ConnectionSettings lastSettings;
    private String lastSiteId;
    private String lastTitle;
    /**
     * The protocol asked for before a one-time "connect without encryption" took this tab to plain
     * FTP, or null: a copy to the Site Manager keeps what was asked, not that once.
     */
    private TlsMode protocolBeforePlainOnce;
    /** Handed from the one-time answer (or a reconnection) to the {@link #connect} it starts. */
    private TlsMode plainOnceAskedFor;
    /** The last attempt's password was refused: Reconnect asks for the site's password again. */
    private boolean loginRefused;
    /** Where Reconnect opens after no connection: the folder shown when it ended, else the one first asked for. */
    private String lastRemoteFolder;
    private final ObjectProperty<SecurityStatus> security = new SimpleObjectProperty<>(SecurityStatus.DISCONNECTED);
    private final ObjectProperty<RemoteConnection.State> state = new SimpleObjectProperty<>(RemoteConnection.State.DISCONNECTED);
    private final StringProperty status = new SimpleStringProperty(I18n.t("status.notConnected"));

    /** A tab whose local pane shows nothing yet: its folder is opened by the caller, which knows which. */
    public ConnectionTab(AppContext app) {
        this.app = app;
        this.local = new LocalPane(this);
        this.remote = new RemotePane(this);
        this.panes = new SplitPane(local, remote);
        panes.setDividerPositions(0.5);
        this.vertical = new SplitPane(log, panes);
        vertical.setOrientation(Orientation.VERTICAL);
        vertical.setDividerPositions(0.22);
        // The log shrinks and grows with the window, in its share: kept at its height, a small window
        // squeezed it to nothing, and it stayed so once the window was large again.
        log.setMinHeight(LOG_MIN_HEIGHT);
        setText(I18n.t("tab.notConnected"));
        setContent(vertical);
        // Tab goes straight to the other file list, as in two-pane file managers: it took seven presses
        // through path fields, filters and trees, which Shift+Tab still reaches from a list.
        switchListsWithTab(local, remote);
        switchListsWithTab(remote, local);
        local.setShowHidden(app.settings().showHiddenFiles());
        remote.setShowHidden(app.settings().showHiddenFiles());
        DialogueListener workers = entry -> {
            String s = server;
            if (s != null && AppContext.belongsTo(entry, s)) {
                log.listener().onEntry(entry);
            }
        };
        app.addQueueDialogueListener(workers);
        local.locationProperty().addListener((o, a, folder) -> shownLocal = folder);
        remote.locationProperty().addListener((o, a, folder) -> shownRemote = folder);
        app.queue().addListener(queueWatcher);
        CharsetMarker.attach(app, this);
        setOnClosed(e -> {
            app.removeQueueDialogueListener(workers);
            app.queue().removeListener(queueWatcher);
            app.editWatcher().release(this);
            local.stopFollowingChanges();
            disconnect();
        });
    }

    private static void switchListsWithTab(dev.ferry.ui.explorer.FilePane from, dev.ferry.ui.explorer.FilePane to) {
        from.table().addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() != javafx.scene.input.KeyCode.TAB || e.isShiftDown() || e.isControlDown() || e.isAltDown()
                    || e.isMetaDown() || from.table().getEditingCell() != null) {
                return;
            }
            e.consume();
            javafx.scene.control.TableView<dev.ferry.ui.explorer.FileRow> target = to.table();
            if (target.getSelectionModel().isEmpty() && !target.getItems().isEmpty()) {
                int focused = Math.max(0, target.getFocusModel().getFocusedIndex());
                target.getSelectionModel().select(Math.min(focused, target.getItems().size() - 1));
            }
            target.requestFocus();
        });
    }

    public LogConsole log() {
        return log;
    }

    public LocalPane localPane() {
        return local;
    }

    public RemotePane remotePane() {
        return remote;
    }

    public void setLogVisible(boolean visible) {
        if (visible && !vertical.getItems().contains(log)) {
            vertical.getItems().addFirst(log);
            vertical.setDividerPositions(0.22);
        } else if (!visible) {
            vertical.getItems().remove(log);
        }
    }

    public void setShowHidden(boolean show) {
        local.setShowHidden(show);
        remote.setShowHidden(show);
    }

    public ReadOnlyObjectProperty<SecurityStatus> securityProperty() {
        return security;
    }

    public ReadOnlyObjectProperty<RemoteConnection.State> stateProperty() {
        return state;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    // ------------------------------------------------------------------ connecting

    /** Connects this tab (replacing an earlier connection) and shows the remote folder. */
    public void connect(ConnectionSettings settings, String siteId, String title, String remoteStart) {
        // Set only for the connection a one-time "without encryption" starts (or a reconnection of it).
        protocolBeforePlainOnce = plainOnceAskedFor;
        plainOnceAskedFor = null;
        disconnect();
        app.rememberPassword(settings, siteId);
        lastSettings = settings;
        lastSiteId = siteId;
        lastTitle = title;
        lastRemoteFolder = remoteStart;
        loginRefused = false;
        RemoteConnection next = new RemoteConnection(settings, siteId, I18n.t("log.browsing"), log.listener(),
                app.settings().keepAliveSeconds());
        boolean firstConnection = connectedOnce == null;
        connection = next;
        server = next.display();
        setText(title);
        describe(next, title);
        status.set(I18n.t("status.connecting", next.display()));
        state.set(RemoteConnection.State.CONNECTING);
        next.onLoginRefused(() -> {
            if (connection == next) {
                // Mistyped, or changed on the server since: neither the queue, a Connect nor Reconnect uses it again.
                app.forgetPassword(dev.ferry.transfer.Endpoint.of(settings, siteId), settings);
                loginRefused = true;
                if (connectedOnce == next) {
                    // Refused when it logged in again by itself: once the failing task has said so, the tab lets
                    // the connection go, so that its downloads and uploads (queued with its settings) do not send
                    // that password again, nor its next actions pile up the same error (R15).
                    javafx.application.Platform.runLater(() -> {
                        if (connection == next) {
                            disconnect();
                            status.set(I18n.t("status.passwordRefusedAgain", next.display()));
                        }
                    });
                }
            }
        });
        next.stateProperty().addListener((o, a, s) -> {
            if (connection == next) {
                state.set(s);
                status.set(switch (s) {
                    case CONNECTED, BUSY -> I18n.t("status.connected", next.display());
                    case CONNECTING -> I18n.t("status.connecting", next.display());
                    case DISCONNECTED -> disconnectedStatus(next);
                });
            }
        });
        next.securityProperty().addListener((o, a, s) -> {
            if (connection == next) {
                security.set(s);
            }
            if (siteId == null && s.controlEncrypted() && settings.plainWhenTlsNotOffered()) {
                // The server offers TLS now: a refusal later is news (or someone on the way), to be asked about.
                app.forgetPlainFtp(settings);
            }
        });
        next.run(session -> session.initialDirectory(), initial -> {
            if (connection == next) {
                connectedOnce = next;
                app.passwordAccepted(siteId, settings);
                remote.showInitial(startFolder(remoteStart, initial), initial);
            }
        }, failure -> {
            if (connection == next) {
                String problem = ConnectFailure.statusWords(settings, failure);
                if (firstConnection) {
                    // Never connected: the tab is free again, and the next attempt reuses it.
                    disconnect();
                    setText(I18n.t("tab.notConnected"));
                    setTooltip(null);
                }
                // Where the user is asked whether to go on without TLS, the words for a no wait for the no (T3).
                boolean asked = ConnectFailure.asksAboutPlainFtp(settings, failure);
                if (!asked) {
                    status.set(problem);
                }
                showTransfersWithoutConnection();
                boolean goesOn = ConnectFailure.show(app, window(), settings, siteId, siteId == null ? null : title, failure,
                        again -> connect(again, siteId, title, remoteStart), () -> plainOnceAskedFor = settings.tlsMode());
                if (asked && !goesOn) {
                    status.set(problem);
                }
            }
        });
    }

    /**
     * Where the remote pane starts: the site's folder, one typed without its leading slash ("public_html", as
     * FileZilla takes it) below the login folder. Shown as typed, Up and ".." did nothing there (T8).
     */
    static String startFolder(String remoteStart, String loginFolder) {
        if (remoteStart == null || remoteStart.isBlank()) {
            return loginFolder;
        }
        if (dev.ferry.ftp.RemotePaths.isAbsolute(remoteStart) || loginFolder == null
                || !dev.ferry.ftp.RemotePaths.isAbsolute(loginFolder)) {
            return remoteStart;
        }
        return dev.ferry.ftp.RemotePaths.normalize(dev.ferry.ftp.RemotePaths.join(loginFolder, remoteStart));
    }

    /** Whether the server refused the last attempt's login (a wrong password), not its connection. */
    public boolean loginRefused() {
        return loginRefused;
    }

    /** The remote folder Reconnect opens: the one shown when the last connection ended, else the one it asked for. */
    public String lastRemoteFolder() {
        return lastRemoteFolder;
    }

    /** The settings of the last connection attempt (failed or not); null before the first. */
    public ConnectionSettings lastSettings() {
        return lastSettings;
    }

    /** The saved site of the last connection attempt; null for a quick connection. */
    public String lastSiteId() {
        return lastSiteId;
    }

    /**
     * The protocol the tab's last connection was asked with: the one before a one-time "connect
     * without encryption" where there was one, which a restored tab and a copied site keep, and the
     * question with it.
     */
    public TlsMode protocolAskedFor() {
        return protocolBeforePlainOnce != null ? protocolBeforePlainOnce
                : lastSettings == null ? null : lastSettings.tlsMode();
    }

    /**
     * A quick connection's tab after a restart: named after its server and ready for Reconnect, which
     * asks for the password (it is never kept) and opens {@code remoteFolder}. Not dialled by itself.
     */
    public void restoreUnconnected(ConnectionSettings settings, String title, String remoteFolder) {
        lastSettings = settings;
        lastSiteId = null;
        lastTitle = title;
        lastRemoteFolder = remoteFolder;
        setText(title);
        setTooltip(new javafx.scene.control.Tooltip(url(settings)));
        server = settings.user() + "@" + settings.address();
        statusBeforeTransfers = null;
        status.set(I18n.t("status.restoredUnconnected"));
        showTransfersWithoutConnection();
    }

    /**
     * A tab without a connection whose server's transfers run (the restored queue, or a batch the
     * tab started before) says so instead of only "Not connected"; its own words come back once
     * they ended. FX thread.
     */
    private void showTransfersWithoutConnection() {
        String s = server;
        if (connection != null || s == null) {
            return;
        }
        String transfers = I18n.t("status.transfersRunUnconnected", s);
        if (running.containsValue(s)) {
            if (!transfers.equals(status.get())) {
                statusBeforeTransfers = status.get();
                status.set(transfers);
            }
        } else if (transfers.equals(status.get())) {
            status.set(statusBeforeTransfers != null ? statusBeforeTransfers : I18n.t("status.notConnected"));
            statusBeforeTransfers = null;
        }
    }

    /** The tab's tooltip (URL, protocol, TLS state) and its context menu. */
    private void describe(RemoteConnection next, String title) {
        ConnectionSettings settings = next.settings();
        javafx.scene.control.Tooltip tooltip = new javafx.scene.control.Tooltip();
        Runnable update = () -> tooltip.setText(url(settings) + "\n" + I18n.t("protocol." + settings.tlsMode().name())
                + "\n" + tlsState(security.get()));
        update.run();
        security.addListener((o, a, b) -> {
            if (connection == next) {
                update.run();
            }
        });
        setTooltip(tooltip);
        javafx.scene.control.MenuItem reconnect = new javafx.scene.control.MenuItem(I18n.t("menu.server.reconnect"));
        reconnect.setOnAction(e -> reconnect());
        javafx.scene.control.MenuItem disconnect = new javafx.scene.control.MenuItem(I18n.t("menu.server.disconnect"));
        disconnect.setOnAction(e -> disconnect());
        javafx.scene.control.MenuItem close = new javafx.scene.control.MenuItem(I18n.t("tab.close"));
        close.setOnAction(e -> {
            if (getTabPane() != null) {
                javafx.scene.control.TabPane pane = getTabPane();
                pane.getTabs().remove(this);
                if (getOnClosed() != null) {
                    getOnClosed().handle(new javafx.event.Event(javafx.scene.control.Tab.CLOSED_EVENT));
                }
            }
        });
        javafx.scene.control.MenuItem copyUrl = new javafx.scene.control.MenuItem(I18n.t("action.copyUrl"));
        copyUrl.setOnAction(e -> {
            javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
            content.putString(url(settings));
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        });
        javafx.scene.control.MenuItem toSites = new javafx.scene.control.MenuItem(I18n.t("tab.toSiteManager"));
        toSites.setOnAction(e -> copyToSiteManager(saved -> { }, true));
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu(reconnect, disconnect, close,
                new javafx.scene.control.SeparatorMenuItem(), copyUrl, toSites);
        menu.setId("tab-menu");
        // Copied is the open connection: without one there is nothing to copy (it did nothing, unsaid).
        menu.setOnShowing(shown -> toSites.setDisable(connection == null));
        setContextMenu(menu);
    }

    /** The connection as a URL without password: ftp://, ftpes:// or ftps://. */
    public static String url(ConnectionSettings settings) {
        String scheme = switch (settings.tlsMode()) {
            case IMPLICIT -> "ftps";
            case EXPLICIT -> "ftpes";
            default -> "ftp";
        };
        return scheme + "://" + (settings.user() == null ? "" : settings.user() + "@") + settings.address();
    }

    private static String tlsState(SecurityStatus status) {
        if (status == null || status.control() == null && !status.fellBackToPlain()) {
            return status == null || status.requested() == null ? I18n.t("status.notConnected") : I18n.t("padlock.insecure");
        }
        if (status.fellBackToPlain()) {
            return I18n.t("padlock.fallback");
        }
        return I18n.t(status.fullyEncrypted() ? "padlock.secure" : "padlock.partial");
    }

    /**
     * Saves the open connection as a new site (the tab's menu, the File menu's "Copy current connection
     * to Site Manager"); {@code then} gets it. A password that serves only this run is said so where
     * {@code sayPasswordNotKept}: not where the Site Manager opens on the site, whose own hint says
     * where passwords go (a warning behind it went unseen).
     */
    public void copyToSiteManager(java.util.function.Consumer<dev.ferry.site.SiteProfile> then, boolean sayPasswordNotKept) {
        RemoteConnection open = connection;
        if (open == null) {
            return;
        }
        ConnectionAsSite.save(app, open.settings(), open.siteId(), open.securityProperty().get(), protocolBeforePlainOnce,
                getText(), remoteFolder(), saved -> {
                    status.set(I18n.t("tab.savedAsSite", saved.site().name()));
                    if (sayPasswordNotKept && saved.passwordNotKept() != null) {
                        Dialogs.warning(window(), I18n.t("sites.copy.passwordForThisRun", saved.passwordNotKept()));
                    }
                    then.accept(saved.site());
                }, failure -> Dialogs.error(window(), failure));
    }

    /**
     * Connects again: the open connection, or, when the tab has none (its first attempt failed,
     * or the user disconnected), what it last tried, in the folder it last showed. A tab that
     * never tried says so.
     */
    public void reconnect() {
        RemoteConnection c = connection;
        // A refused password is not sent again: the branch below asks for one.
        if (c != null && !loginRefused) {
            c.reconnect(failure -> {
                if (failure != null) {
                    Dialogs.error(window(), failure, getText());
                } else {
                    remote.refresh();
                }
            });
        } else if (lastSettings != null) {
            ConnectionSettings settings = lastSettings;
            if ((settings.password().isEmpty() && lastSiteId == null || loginRefused) && !QuickConnectBar.anonymous(settings)) {
                // A restored quick connection (its password was not kept), or any whose password was refused: a
                // site's too, changed on the server since (T11: its old one was sent again, only the Site Manager
                // took a new one); the restored queue may have been given it already (a refused one is forgotten there).
                String typed = loginRefused ? null : app.typedPassword(settings, null).orElse(null);
                if (typed == null) {
                    typed = Dialogs.password(window(), lastTitle);
                }
                if (typed == null) {
                    return;
                }
                settings = settings.toBuilder().password(typed).build();
            }
            plainOnceAskedFor = protocolBeforePlainOnce;
            connect(settings, lastSiteId, lastTitle, lastRemoteFolder);
        } else {
            status.set(I18n.t("status.nothingToReconnect"));
        }
    }

    public void disconnect() {
        RemoteConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
            if (remote.location() != null) {
                lastRemoteFolder = remote.location();
            }
        }
        remote.disconnected();
        security.set(SecurityStatus.DISCONNECTED);
        state.set(RemoteConnection.State.DISCONNECTED);
        statusBeforeTransfers = null;
        status.set(I18n.t("status.notConnected"));
        showTransfersWithoutConnection();
    }

    public void cancel() {
        RemoteConnection c = connection;
        if (c != null) {
            c.cancel();
        }
    }

    public void refresh() {
        local.refresh();
        remote.refresh();
    }

    // ------------------------------------------------------------------ Explorer

    @Override
    public RemoteConnection connection() {
        return connection;
    }

    @Override
    public Path localFolder() {
        return local.location() == null ? ConfigDirectory.userHome() : Path.of(local.location());
    }

    @Override
    public String remoteFolder() {
        return connection == null ? null : remote.location();
    }

    @Override
    public void download(List<FileRow> rows, Path into, boolean start) {
        List<String> alreadyQueued = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        addToQueue(downloadAdds(rows, into, alreadyQueued), alreadyQueued);
        startIfAsked(start);
    }

    @Override
    public List<Runnable> downloadAdds(List<FileRow> rows, Path into) {
        return downloadAdds(rows, into, java.util.Collections.synchronizedList(new java.util.ArrayList<>()));
    }

    private List<Runnable> downloadAdds(List<FileRow> rows, Path into, List<String> alreadyQueued) {
        RemoteConnection c = connection;
        if (c == null) {
            return List.of();
        }
        // One drop, one batch: "apply to all" and "cancel the rest" answer for these files only.
        TransferQueue.Batch batch = SiteBatch.batch(app, c.siteId());
        List<Runnable> adds = new java.util.ArrayList<>();
        for (FileRow row : rows) {
            try {
                Path target = LocalPaths.child(into, row.name());
                adds.add(() -> noteAlreadyQueued(batch, row.kind() == FileRow.Kind.LINK
                        ? batch.addLinkDownload(c.settings(), c.siteId(), row.location(), target, row.modified())
                        : batch.addDownload(c.settings(), c.siteId(), row.location(), target, row.isFolder(),
                                row.exactSize(), row.modified()), row.name(), alreadyQueued));
            } catch (UnsafeNameException e) {
                Dialogs.error(window(), e);
            }
        }
        return adds;
    }

    @Override
    public void afterQueueAdds(Runnable work) {
        app.addToQueue(work);
    }

    /**
     * How long an upload's adds wait for the disk to tell the next file's kind, size and time: from its
     * last answer, so a slow share that answers is waited for, however many files it holds.
     */
    public static final int DISK_PATIENCE_SECONDS = 10;

    @Override
    public void upload(List<Path> files, String into, boolean start) {
        RemoteConnection c = connection;
        if (c == null || into == null) {
            return;
        }
        TransferQueue.Batch batch = SiteBatch.batch(app, c.siteId());
        List<Path> safe = new java.util.ArrayList<>();
        for (Path file : files) {
            java.util.Optional<dev.ferry.message.Message> unsafe = LocalPaths.uploadNameProblem(nameOf(file));
            if (unsafe.isPresent()) {
                Dialogs.error(window(), new java.io.IOException(I18n.words(unsafe.get())));
                continue;
            }
            safe.add(file);
        }
        if (!safe.isEmpty()) {
            List<String> alreadyQueued = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            app.addToQueue(() -> {
                List<LocalFacts> read = LocalFacts.read(safe, DISK_PATIENCE_SECONDS);
                List<Runnable> adds = read.stream().<Runnable>map(facts -> () -> noteAlreadyQueued(batch,
                        batch.addUpload(c.settings(), c.siteId(), facts.file(), dev.ferry.ftp.RemotePaths.join(into,
                                nameOf(facts.file())), facts.directory(), facts.size(), facts.modified()),
                        nameOf(facts.file()), alreadyQueued)).toList();
                addNow(adds);
                if (read.size() < safe.size()) {
                    String firstUnread = nameOf(safe.get(read.size()));
                    int unread = safe.size() - read.size();
                    String said = read.isEmpty() ? I18n.t("queue.diskDidNotAnswer", unread, firstUnread, DISK_PATIENCE_SECONDS)
                            : I18n.t("queue.diskDidNotAnswerPart", unread, firstUnread, DISK_PATIENCE_SECONDS, read.size());
                    Platform.runLater(() -> Dialogs.error(window(), new java.io.IOException(said)));
                }
                Platform.runLater(() -> sayAlreadyQueued(alreadyQueued));
            });
        }
        startIfAsked(start);
    }

    private static String nameOf(Path file) {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    /** What an upload's add reads on the disk: the file's kind, and a file's size and time (-1, null: unreadable). */
    private record LocalFacts(Path file, boolean directory, long size, java.time.Instant modified) {

        /**
         * Read in order on a thread of their own, until the disk has not answered for {@code patience}
         * seconds: a share that is down then holds this drop only, not the adds asked for after it for
         * long. What was read by then. (The reader is left to its stalled call: nothing can take it back.)
         */
        static List<LocalFacts> read(List<Path> files, int patience) {
            List<LocalFacts> read = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicLong lastAnswer = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
            Thread reader = Thread.ofPlatform().daemon().name("ferry-upload-facts").start(() -> {
                for (Path file : files) {
                    read.add(of(file));
                    lastAnswer.set(System.nanoTime());
                }
            });
            long patienceNanos = java.util.concurrent.TimeUnit.SECONDS.toNanos(patience);
            try {
                for (long silent; reader.isAlive() && (silent = System.nanoTime() - lastAnswer.get()) < patienceNanos; ) {
                    reader.join(java.time.Duration.ofNanos(patienceNanos - silent));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.copyOf(read);
        }

        private static LocalFacts of(Path file) {
            if (Files.isDirectory(file)) {
                return new LocalFacts(file, true, -1, null);
            }
            try {
                return new LocalFacts(file, false, Files.size(file), Files.getLastModifiedTime(file).toInstant());
            } catch (IOException e) {
                // Said when the item runs.
                return new LocalFacts(file, false, -1, null);
            }
        }
    }

    /**
     * The queue is started at the click, not once the adds are in: a Stop pressed meanwhile is the
     * user's last word, and the adds then wait in the stopped queue.
     */
    private void startIfAsked(boolean start) {
        if (start) {
            app.queue().start();
        }
    }

    /** On the adds' thread, after the adds asked for before; what the queue held already is said on this tab. */
    private void addToQueue(List<Runnable> adds, List<String> alreadyQueued) {
        if (adds.isEmpty()) {
            return;
        }
        app.addToQueue(() -> {
            addNow(adds);
            Platform.runLater(() -> sayAlreadyQueued(alreadyQueued));
        });
    }

    /** On the adds' thread. */
    private void addNow(List<Runnable> adds) {
        for (Runnable add : adds) {
            try {
                add.run();
            } catch (RuntimeException e) {
                // One add the queue refused (a path the system cannot take) leaves the others queued.
                Platform.runLater(() -> Dialogs.error(window(), e));
            }
        }
    }

    /** The queue gave back an item of an earlier batch: it held this transfer already, and added nothing. */
    private static void noteAlreadyQueued(TransferQueue.Batch batch, dev.ferry.transfer.ItemSnapshot added, String name,
                                          List<String> alreadyQueued) {
        if (added.batch() != batch.id()) {
            alreadyQueued.add(name);
        }
    }

    /** U4: a second drop of the same file was ignored without a word, as if the drop had failed. */
    private void sayAlreadyQueued(List<String> names) {
        if (!names.isEmpty()) {
            status.set(I18n.t("status.alreadyQueued", names.size(), names.getFirst()));
        }
    }

    /**
     * What the status bar says once the browsing connection is gone: while the queue's workers still
     * move files of that server, "Disconnected" read as if the transfers had stopped too.
     */
    private String disconnectedStatus(RemoteConnection c) {
        String display = c.display();
        return running.containsValue(display) ? I18n.t("status.transfersRunWithoutBrowsing", display)
                : I18n.t("status.disconnected");
    }

    /** On the notifier thread: which items run, and for which server ("user@host:port"). */
    private void noteRunning(dev.ferry.transfer.QueueListener.Update update, RemoteConnection c) {
        boolean before = c != null && running.containsValue(c.display());
        String s = server;
        boolean serverBefore = s != null && running.containsValue(s);
        update.removed().forEach(running::remove);
        for (dev.ferry.transfer.ItemSnapshot item : update.changed()) {
            if (item.state() == dev.ferry.transfer.ItemState.ACTIVE) {
                running.put(item.id(), item.endpointDisplay());
            } else {
                running.remove(item.id());
            }
        }
        if (c == null && s != null && serverBefore != running.containsValue(s)) {
            Platform.runLater(this::showTransfersWithoutConnection);
        }
        if (c != null && before != running.containsValue(c.display())) {
            Platform.runLater(() -> {
                if (connection == c && state.get() == RemoteConnection.State.DISCONNECTED) {
                    status.set(disconnectedStatus(c));
                }
            });
        }
    }

    /** On the queue's notifier thread. */
    private void queueChanged(dev.ferry.transfer.QueueListener.Update update) {
        RemoteConnection c = connection;
        noteRunning(update, c);
        StalePanes.Stale stale = stalePanes.after(update, shownLocal, shownRemote, c == null ? null : c.display());
        if (stale.local()) {
            refreshLocalSoon();
        }
        if (stale.remote() && remoteRefreshPending.compareAndSet(false, true)) {
            Platform.runLater(this::refreshRemoteSoon);
        }
        String remoteFolder = shownRemote;
        List<dev.ferry.transfer.ItemSnapshot> downloaded = c == null || remoteFolder == null ? List.of()
                : update.changed().stream().filter(item -> item.direction() == dev.ferry.transfer.Direction.DOWNLOAD
                        && item.state() == dev.ferry.transfer.ItemState.DONE && !item.directory()
                        && c.display().equals(item.endpointDisplay())
                        && remoteFolder.equals(dev.ferry.ftp.RemotePaths.parent(item.remotePath()))).toList();
        if (!downloaded.isEmpty()) {
            // The download found the file changed since it was listed (it asked again): the row still says what was.
            Platform.runLater(() -> {
                if (rowsOutdatedBy(downloaded) && remoteRefreshPending.compareAndSet(false, true)) {
                    refreshRemoteSoon();
                }
            });
        }
    }

    /** Whether the remote pane shows any of these downloaded files with another size than the server gave. */
    private boolean rowsOutdatedBy(List<dev.ferry.transfer.ItemSnapshot> downloaded) {
        Map<String, FileRow> shown = new HashMap<>();
        for (FileRow row : remote.rows()) {
            shown.put(row.location(), row);
        }
        for (dev.ferry.transfer.ItemSnapshot item : downloaded) {
            FileRow row = shown.get(item.remotePath());
            if (row == null) {
                continue;
            }
            // The size only: a LIST row's time has minutes at best, and would differ from MDTM's after every download.
            if (item.size() >= 0 && row.exactSize() >= 0 && item.size() != row.exactSize()) {
                return true;
            }
        }
        return false;
    }

    private void refreshLocalSoon() {
        if (localRefreshPending.compareAndSet(false, true)) {
            Platform.runLater(() -> {
                localRefreshPending.set(false);
                local.refresh();
            });
        }
    }

    /** At most one remote listing a second while a batch of uploads finishes. */
    private void refreshRemoteSoon() {
        long wait = lastRemoteRefresh + 1_000_000_000L - System.nanoTime();
        if (wait > 0) {
            javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(javafx.util.Duration.millis(wait / 1e6));
            later.setOnFinished(e -> refreshRemoteSoon());
            later.play();
            return;
        }
        remoteRefreshPending.set(false);
        lastRemoteRefresh = System.nanoTime();
        if (connection != null) {
            remote.refresh();
        }
    }

    /**
     * Open/edit: the file is downloaded to a private temporary folder and opened with the
     * system's application; when it changes there, the user is offered to upload it back.
     */
    @Override
    public void openRemote(FileRow row) {
        RemoteConnection c = connection;
        if (c == null) {
            return;
        }
        Path folder;
        Path copy;
        try {
            folder = app.editWatcher().newFolder();
            copy = LocalPaths.child(folder, row.name());
        } catch (IOException e) {
            Dialogs.error(window(), e);
            return;
        }
        String remotePath = row.location();
        c.run(session -> {
            FileTransfers.download(session, remotePath, copy, row.exactSize(), false, null, openingProgress(c, row));
            return ServerCopy.of(session, remotePath);
        }, opened -> {
            openedAs.put(copy, opened);
            DesktopOpener.open(copy);
            try {
                app.editWatcher().watch(folder, copy, this, () -> Platform.runLater(() -> offerUpload(copy, remotePath)));
            } catch (IOException e) {
                Dialogs.error(window(), e);
            }
        }, failure -> Dialogs.error(window(), failure, getText()));
    }

    /**
     * The status bar tells how far the download of a file being opened is: a large one took minutes
     * with nothing shown. At most one update waits for the FX thread at a time; the connection's
     * own status replaces it when the download ends.
     */
    private TransferListener openingProgress(RemoteConnection c, FileRow row) {
        AtomicLong received = new AtomicLong();
        AtomicBoolean updatePending = new AtomicBoolean();
        return bytes -> {
            received.addAndGet(bytes);
            if (updatePending.compareAndSet(false, true)) {
                Platform.runLater(() -> {
                    updatePending.set(false);
                    if (connection == c && c.stateProperty().get() == RemoteConnection.State.BUSY) {
                        long done = received.get();
                        long percent = row.size() > 0 ? Math.min(100, done * 100 / row.size()) : 0;
                        status.set(row.size() > 0
                                ? I18n.t("status.opening", row.name(), percent, dev.ferry.ui.Formats.size(row.size()))
                                : I18n.t("status.openingSize", row.name(), dev.ferry.ui.Formats.size(done)));
                    }
                });
            }
        };
    }

    /**
     * What the server's file was when its copy was opened or last saved back: any other state on the
     * server is somebody else's change, which saving the copy would overwrite.
     */
    private record ServerCopy(long size, java.time.Instant modified) {
        static ServerCopy of(dev.ferry.ftp.FtpSession session, String path) throws dev.ferry.ftp.FtpException {
            return new ServerCopy(session.size(path).orElse(-1), session.modificationTime(path).orElse(null));
        }
    }

    /** Per opened copy; FX thread only. */
    private final Map<Path, ServerCopy> openedAs = new HashMap<>();

    /**
     * The copy changed: asked once, then sent back over the server's file on the browsing connection
     * (the user has just said yes to replacing it). A file changed on the server since it was opened
     * is said in the question: it was overwritten without a word.
     */
    private void offerUpload(Path copy, String remotePath) {
        RemoteConnection c = connection;
        if (c == null) {
            return;
        }
        c.run(session -> ServerCopy.of(session, remotePath), now -> {
            ServerCopy before = openedAs.get(copy);
            boolean changed = before != null && !before.equals(now);
            String question = I18n.t("edit.uploadQuestion", copy.getFileName());
            if (!Dialogs.confirm(window(), changed ? I18n.t("edit.changedOnServer") + " " + question : question,
                    I18n.t("edit.uploadDetail", remotePath, c.display()), I18n.t("action.upload")) || connection != c) {
                return;
            }
            c.run(session -> {
                // The save this uploads: one made meanwhile is still to be sent.
                long sending = EditWatcher.modificationTime(copy);
                FileTransfers.upload(session, copy, remotePath, 0, bytes -> { });
                app.editWatcher().sentBack(copy, sending);
                return ServerCopy.of(session, remotePath);
            }, saved -> {
                openedAs.put(copy, saved);
                status.set(I18n.t("status.savedBack", copy.getFileName()));
                remote.refresh();
            }, failure -> Dialogs.error(window(), failure, getText()));
        }, failure -> Dialogs.error(window(), failure, getText()));
    }

    @Override
    public TransferQueue queue() {
        return app.queue();
    }

    @Override
    public boolean queueMeantToRun() {
        return app.queueMeantToRun();
    }

    @Override
    public void afterQueueRestored(Runnable onFx) {
        app.afterQueueRestored(onFx);
    }

    @Override
    public void refreshLocal() {
        local.refresh();
    }

    @Override
    public void refreshRemote() {
        remote.refresh();
    }

    @Override
    public Window window() {
        return getTabPane() == null || getTabPane().getScene() == null ? app.window() : getTabPane().getScene().getWindow();
    }

    /** For the status bar's padlock dialog. */
    public SecurityStatus security() {
        return security.get();
    }

}
