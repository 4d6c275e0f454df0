package dev.ferry.ui.explorer;

import dev.ferry.site.Bookmark;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.ui.Background;
import dev.ferry.ui.I18n;
import dev.ferry.ui.connection.ConnectionTab;
import dev.ferry.ui.connection.RemoteConnection;
import dev.ferry.ui.dialogs.Dialogs;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Window;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Bookmarks menu: a pair of folders (local and remote) of a saved site, to go back to in
 * both panes at once; "Add bookmark" takes the folders the tab shows now. Bookmarks live in
 * the site's profile, so they travel with an export and come in with a FileZilla import.
 */
public final class BookmarksMenu {

    private final Window owner;
    /** Asked for only when used: the store is read from disk the first time, never at start on the FX thread. */
    private final Supplier<SiteStore> sites;
    private final Supplier<ConnectionTab> currentTab;
    private final Menu menu = new Menu(I18n.t("bookmarks.menu"));
    private final MenuItem add = new MenuItem(I18n.t("bookmarks.add"));
    private final MenuItem manage = new MenuItem(I18n.t("bookmarks.manage"));

    private BookmarksMenu(Window owner, Supplier<SiteStore> sites, Supplier<ConnectionTab> currentTab) {
        this.owner = owner;
        this.sites = sites;
        this.currentTab = currentTab;
        menu.setId("menu-bookmarks");
        add.setId("bookmarks-add");
        add.setAccelerator(new KeyCodeCombination(KeyCode.B, KeyCombination.SHORTCUT_DOWN));
        add.setOnAction(e -> addCurrent());
        manage.setId("bookmarks-manage");
        manage.setOnAction(e -> site().ifPresent(site -> BookmarksDialog.show(owner, sites.get(), site.id())));
        // An item is needed for the menu to open at all; the rest is filled in as it opens.
        menu.getItems().setAll(add, manage);
        menu.setOnShowing(e -> fill());
        // Greyed out only while the menu shows why: a disabled item would also swallow Ctrl+B later,
        // in a tab of a saved site, until the menu was opened again.
        menu.setOnHidden(e -> add.setDisable(false));
    }

    public static Menu create(Window owner, Supplier<SiteStore> sites, Supplier<ConnectionTab> currentTab) {
        return new BookmarksMenu(owner, sites, currentTab).menu;
    }

    /** The saved site of the tab in front, as the store has it now. */
    private Optional<SiteProfile> site() {
        ConnectionTab tab = currentTab.get();
        RemoteConnection connection = tab == null ? null : tab.connection();
        return connection == null || connection.siteId() == null ? Optional.empty() : sites.get().find(connection.siteId());
    }

    private void fill() {
        Optional<SiteProfile> site = site();
        add.setDisable(site.isEmpty());
        manage.setDisable(site.isEmpty());
        List<MenuItem> items = new ArrayList<>(List.of(add, manage, new SeparatorMenuItem()));
        if (site.isEmpty()) {
            items.add(hint(currentTab.get() != null && currentTab.get().connection() != null
                    ? "bookmarks.needSite" : "bookmarks.notConnected"));
        } else if (site.get().bookmarks().isEmpty()) {
            items.add(hint("bookmarks.none"));
        } else {
            for (Bookmark bookmark : site.get().bookmarks()) {
                MenuItem go = new MenuItem(bookmark.name());
                go.getStyleClass().add("bookmark-item");
                go.setOnAction(e -> go(bookmark));
                items.add(go);
            }
        }
        menu.getItems().setAll(items);
    }

    private static MenuItem hint(String key) {
        MenuItem hint = new MenuItem(I18n.t(key));
        hint.setDisable(true);
        return hint;
    }

    /** Both panes to the bookmark's folders (a side without a folder stays where it is). */
    void go(Bookmark bookmark) {
        ConnectionTab tab = currentTab.get();
        if (tab == null) {
            return;
        }
        if (bookmark.localDirectory() != null) {
            tab.localPane().navigate(bookmark.localDirectory());
        }
        if (bookmark.remoteDirectory() != null && tab.connection() != null) {
            tab.remotePane().navigate(bookmark.remoteDirectory());
        }
    }

    private void addCurrent() {
        ConnectionTab tab = currentTab.get();
        Optional<SiteProfile> site = site();
        if (tab == null || site.isEmpty()) {
            Dialogs.warning(owner, I18n.t(tab != null && tab.connection() != null ? "bookmarks.needSite" : "bookmarks.notConnected"));
            return;
        }
        String remote = tab.remoteFolder();
        String local = tab.localPane().location();
        String suggested = remote == null ? "" : dev.ferry.ftp.RemotePaths.name(remote);
        Dialogs.text(owner, I18n.t("bookmarks.name"), suggested.isEmpty() ? site.get().name() : suggested)
                .ifPresent(name -> update(site.get().id(), list -> {
                    if (list.stream().anyMatch(b -> b.name().equals(name))) {
                        throw new IOException(I18n.t("bookmarks.exists", name));
                    }
                    list.add(new Bookmark(name, local, remote));
                }, () -> { }));
    }

    /** A change to a site's bookmarks, read and saved off the FX thread. */
    interface Change {
        void apply(List<Bookmark> bookmarks) throws IOException;
    }

    /** Changes a site's bookmarks in the store off the FX thread; {@code done} runs on the FX thread. */
    static void update(SiteStore store, Window owner, String siteId, Change change, Runnable done) {
        Background.disk(() -> {
            SiteProfile site = store.find(siteId).orElseThrow(() -> new IOException(I18n.t("bookmarks.siteGone")));
            List<Bookmark> bookmarks = new ArrayList<>(site.bookmarks());
            change.apply(bookmarks);
            return store.save(site.toBuilder().bookmarks(bookmarks).build());
        }, saved -> done.run(), failure -> Dialogs.error(owner, failure));
    }

    private void update(String siteId, Change change, Runnable done) {
        update(sites.get(), owner, siteId, change, done);
    }
}
