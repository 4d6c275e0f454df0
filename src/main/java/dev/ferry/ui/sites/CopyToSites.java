package dev.ferry.ui.sites;

import dev.ferry.site.SiteProfile;
import dev.ferry.ui.AppContext;
import dev.ferry.ui.I18n;
import dev.ferry.ui.connection.ConnectionTab;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.stage.Window;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * "Copy current connection to Site Manager": a quick connection becomes a saved site (see
 * {@link dev.ferry.ui.connection.ConnectionAsSite}), and the Site Manager opens on it, as FileZilla's
 * File menu does.
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
            if (tab != null) {
                tab.copyToSiteManager(saved -> SiteManagerDialog.open(owner, app, connect, saved.id()), false);
            }
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
}
