package dev.ferry.ui.connection;

import dev.ferry.diagnose.SettingsDelta;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.site.SiteStore;
import dev.ferry.sync.SyncDirection;
import dev.ferry.ui.AppContext;
import dev.ferry.ui.Background;
import dev.ferry.ui.I18n;
import dev.ferry.ui.dialogs.DiagnosisDialog;
import dev.ferry.ui.dialogs.Dialogs;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.stage.Window;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Server menu's entries beyond connecting: "Diagnose…" for the current tab's connection (also
 * after it failed), and "Synchronize…" for the two panes' folders, in either direction. The items
 * are enabled only when the tab has something to act on, checked each time the menu opens.
 */
public final class ServerMenu {

    private final AppContext app;
    private final Supplier<ConnectionTab> currentTab;

    public ServerMenu(AppContext app, Supplier<ConnectionTab> currentTab) {
        this.app = app;
        this.currentTab = currentTab;
    }

    /** The entries to add to the Server menu, after a separator. */
    public List<MenuItem> items() {
        MenuItem diagnose = new MenuItem(I18n.t("action.diagnose"));
        diagnose.setId("menu-diagnose");
        diagnose.setOnAction(e -> diagnoseCurrent());
        MenuItem download = new MenuItem(I18n.t("menu.server.syncDownload"));
        download.setId("menu-sync-download");
        download.setOnAction(e -> synchronize(SyncDirection.DOWNLOAD));
        MenuItem upload = new MenuItem(I18n.t("menu.server.syncUpload"));
        upload.setId("menu-sync-upload");
        upload.setOnAction(e -> synchronize(SyncDirection.UPLOAD));
        diagnose.parentMenuProperty().addListener((o, was, menu) -> {
            if (menu != null) {
                menu.addEventHandler(Menu.ON_SHOWING, shown -> {
                    ConnectionTab tab = currentTab.get();
                    diagnose.setDisable(tab == null || tab.lastSettings() == null);
                    boolean connected = tab != null && tab.connection() != null && tab.remoteFolder() != null;
                    download.setDisable(!connected);
                    upload.setDisable(!connected);
                });
            }
        });
        return List.of(new SeparatorMenuItem(), diagnose, download, upload);
    }

    /** Diagnoses what the current tab connects (or last tried to connect) to. */
    public void diagnoseCurrent() {
        ConnectionTab tab = currentTab.get();
        if (tab != null && tab.lastSettings() != null) {
            diagnose(app, tab.window(), tab.lastSettings(), tab.lastSiteId());
        }
    }

    /** Synchronizes the current tab's folders: the plan first, the transfers through the queue on Start. */
    public void synchronize(SyncDirection direction) {
        ConnectionTab tab = currentTab.get();
        if (tab != null && tab.connection() != null) {
            PaneSync.start(app, tab, direction);
        }
    }

    /**
     * Opens the Diagnose window for {@code settings}; the probes run on the window's own thread.
     * For a saved site, "Save these settings to the site" writes the settings that work into it.
     */
    public static void diagnose(AppContext app, Window owner, ConnectionSettings settings, String siteId) {
        Consumer<SettingsDelta> save = siteId == null ? null : delta -> Background.disk(() -> {
            SiteStore sites = app.sites();
            return sites.find(siteId).map(site -> {
                try {
                    return sites.save(DiagnosisDialog.applyTo(site, delta));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).orElse(null);
        }, saved -> { }, failure -> Dialogs.error(owner, failure));
        DiagnosisDialog.show(owner, settings, save);
    }
}
