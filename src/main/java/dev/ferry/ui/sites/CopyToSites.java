package dev.ferry.ui.sites;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.ui.AppContext;
import dev.ferry.ui.Background;
import dev.ferry.ui.I18n;
import dev.ferry.ui.connection.ConnectionTab;
import dev.ferry.ui.connection.RemoteConnection;
import dev.ferry.ui.dialogs.Dialogs;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.stage.Window;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * "Copy current connection to Site Manager": a quick connection becomes a saved site (without
 * its password: that is asked when the site connects, or typed in the Site Manager), and the
 * Site Manager opens on it, as FileZilla's File menu does.
 */
public final class CopyToSites {

    private CopyToSites() {
    }

    /** The File menu's item; disabled while the tab in front has no connection. */
    public static MenuItem menuItem(Window owner, AppContext app, Supplier<ConnectionTab> currentTab,
                                    Consumer<SiteProfile> connect) {
        MenuItem item = new MenuItem(I18n.t("menu.file.copyToSites"));
        item.setId("menu-copy-to-sites");
        item.setOnAction(e -> {
            ConnectionTab tab = currentTab.get();
            RemoteConnection connection = tab == null ? null : tab.connection();
            if (connection == null) {
                return;
            }
            save(owner, app, connection.settings(), tab.getText(), tab.remoteFolder(),
                    saved -> SiteManagerDialog.open(owner, app, connect, saved.id()));
        });
        item.parentMenuProperty().addListener((o, was, menu) -> {
            if (menu != null) {
                menu.addEventHandler(Menu.ON_SHOWING, shown -> {
                    ConnectionTab tab = currentTab.get();
                    item.setDisable(tab == null || tab.connection() == null);
                });
            }
        });
        return item;
    }

    /** Saves the connection as a new site off the FX thread; {@code saved} gets it on the FX thread. */
    public static void save(Window owner, AppContext app, ConnectionSettings settings, String title,
                            String remoteFolder, Consumer<SiteProfile> saved) {
        SiteProfile site = profile(settings, title, remoteFolder);
        Background.disk(() -> app.sites().save(site), saved, failure -> Dialogs.error(owner, failure));
    }

    static SiteProfile profile(ConnectionSettings settings, String title, String remoteFolder) {
        String name = title == null || title.isBlank() ? settings.host() : title.replace('/', '-');
        return SiteProfile.builder(SiteStore.newId(), name, settings.host()).port(settings.port())
                .protocol(settings.tlsMode()).user(settings.user()).remoteDirectory(remoteFolder).build();
    }
}
