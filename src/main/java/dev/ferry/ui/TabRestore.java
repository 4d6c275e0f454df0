package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpUrl;
import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SiteConnections;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.ui.connection.ConnectionTab;
import dev.ferry.ui.connection.RemoteConnection;
import javafx.scene.control.Tab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Open tabs come back after a restart, as FileZilla's do: a saved site's tab connects again in
 * the folders it showed, and stays a site's tab when it cannot (it comes back at the next start);
 * any other tab comes back in its local folder only (a quick connection's password is never kept,
 * so it is not dialled again).
 */
final class TabRestore {

    /** In a restored site tab's properties, until it connects: the entry it was restored from. */
    private static final String RESTORED = "ferry.restoredTab";

    private TabRestore() {
    }

    /**
     * The saved site a tab is (or was last) for: its connection's, the last one it tried, or the one it was
     * restored for and has not tried yet; null for a quick connection's tab or an empty one.
     */
    static String siteOf(ConnectionTab tab) {
        RemoteConnection connection = tab.connection();
        if (connection != null) {
            return connection.siteId();
        }
        if (tab.lastSettings() != null) {
            return tab.lastSiteId();
        }
        return tab.getProperties().get(RESTORED) instanceof UiState.OpenTab restored ? restored.siteId() : null;
    }

    /** What each tab shows now, in order. */
    static List<UiState.OpenTab> capture(List<Tab> tabs, Tab selected) {
        List<UiState.OpenTab> open = new ArrayList<>();
        for (Tab tab : tabs) {
            ConnectionTab connectionTab = (ConnectionTab) tab;
            RemoteConnection connection = connectionTab.connection();
            String siteId = connection == null ? null : connection.siteId();
            String remote = siteId == null ? null : connectionTab.remoteFolder();
            // Not connected (a question cancelled, the server down): still the site's tab, unless
            // the user tried it with another server since.
            if (connection == null && tab.getProperties().get(RESTORED) instanceof UiState.OpenTab restored
                    && (connectionTab.lastSettings() == null || restored.siteId().equals(connectionTab.lastSiteId()))) {
                siteId = restored.siteId();
                remote = restored.remoteFolder();
            }
            String server = null;
            boolean plainFtp = false;
            if (siteId == null && connectionTab.lastSettings() != null && connectionTab.lastSiteId() == null) {
                server = ConnectionTab.url(connectionTab.lastSettings());
                // A yes to plain FTP for one connection only is asked again, not kept as the tab's protocol.
                plainFtp = connectionTab.protocolAskedFor() == TlsMode.NONE;
                remote = connection != null ? connectionTab.remoteFolder() : connectionTab.lastRemoteFolder();
            }
            open.add(new UiState.OpenTab(siteId, connectionTab.localPane().location(), remote, tab == selected, server,
                    plainFtp));
        }
        return open;
    }

    /**
     * Opens the remembered tabs, once the site store is read (off the FX thread). The window's
     * first, empty tab is used for the first of them.
     */
    static void restore(MainWindow window, AppContext app, List<UiState.OpenTab> saved) {
        if (saved.isEmpty()) {
            return;
        }
        Background.disk(() -> {
            SiteStore store = app.sites();
            List<Optional<SiteProfile>> sites = new ArrayList<>();
            List<Boolean> localExists = new ArrayList<>();
            for (UiState.OpenTab tab : saved) {
                sites.add(tab.siteId() == null ? Optional.empty() : store.find(tab.siteId()));
                localExists.add(tab.localFolder() != null && Files.isDirectory(Path.of(tab.localFolder())));
            }
            return new Found(sites, localExists);
        }, found -> open(window, app, saved, found), failure -> { });
    }

    /**
     * The tab stays among the saved ones whatever comes of connecting it. Once connected it is
     * what it shows: a disconnection the user asks for then ends it as the site's tab.
     */
    private static void keepUntilConnected(ConnectionTab tab, UiState.OpenTab wanted) {
        tab.getProperties().put(RESTORED, wanted);
        tab.stateProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends RemoteConnection.State> property,
                                RemoteConnection.State before, RemoteConnection.State now) {
                if (now == RemoteConnection.State.CONNECTED) {
                    tab.getProperties().remove(RESTORED);
                    property.removeListener(this);
                }
            }
        });
    }

    private static void dial(MainWindow window, ConnectionTab tab, SiteProfile site, UiState.OpenTab wanted,
                             String local, boolean byUser) {
        window.connectSite(site.inFolders(local, wanted.remoteFolder()), tab, byUser);
    }

    /**
     * Reconnect on a restored site's tab that never tried its server (its password question was
     * cancelled): the user asks now, so the question is asked again. False for any other tab, and
     * when the site was deleted meanwhile.
     */
    static boolean connectAgain(MainWindow window, AppContext app, ConnectionTab tab) {
        if (tab.connection() != null || tab.lastSettings() != null
                || !(tab.getProperties().get(RESTORED) instanceof UiState.OpenTab wanted)) {
            return false;
        }
        // The site store was read when the tabs were restored: this looks it up in memory.
        Optional<SiteProfile> site = app.sites().find(wanted.siteId());
        site.ifPresent(found -> dial(window, tab, found, wanted, tab.localPane().location(), true));
        return site.isPresent();
    }

    /** A quick connection's settings from its URL, with today's global settings and no password. */
    private static Optional<ConnectionSettings> quickSettings(AppContext app, UiState.OpenTab wanted) {
        try {
            FtpUrl url = FtpUrl.parse(wanted.server());
            return Optional.of(app.withPlainFtpConsent(SiteConnections.unsaved(url.host(), app.settings(), app.trust())
                    .port(url.port()).tlsMode(wanted.plainFtp() ? TlsMode.NONE : QuickConnectBar.tlsMode(url))
                    .user(url.user()).build(), null));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private record Found(List<Optional<SiteProfile>> sites, List<Boolean> localExists) {
    }

    private static void open(MainWindow window, AppContext app, List<UiState.OpenTab> saved, Found found) {
        ConnectionTab selected = null;
        for (int i = 0; i < saved.size(); i++) {
            UiState.OpenTab wanted = saved.get(i);
            ConnectionTab first = i == 0 ? window.currentTab() : null;
            ConnectionTab tab = first != null && first.connection() == null ? first : window.newTab();
            String local = found.localExists().get(i) ? wanted.localFolder() : null;
            Optional<SiteProfile> site = found.sites().get(i);
            if (local != null) {
                // Before connecting: a password question the user cancels still leaves the folder.
                tab.localPane().navigate(local);
            }
            if (site.isPresent()) {
                keepUntilConnected(tab, wanted);
                // Named for its site from the start: while its question is open, or after a cancel, two
                // tabs both read "Not connected" (U4). Reconnect asks again (connectAgain).
                tab.setText(site.get().name());
                dial(window, tab, site.get(), wanted, local, false);
            } else if (wanted.siteId() == null && wanted.server() != null) {
                quickSettings(app, wanted)
                        .ifPresent(settings -> tab.restoreUnconnected(settings, QuickConnectBar.title(settings),
                                wanted.remoteFolder()));
            }
            if (wanted.selected()) {
                selected = tab;
            }
        }
        if (selected != null) {
            window.tabs().getSelectionModel().select(selected);
        }
    }
}
