package dev.ferry.ui.explorer;

import dev.ferry.ui.I18n;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;

import java.util.List;

/**
 * The View menu's switches that link a tab's two panes: directory comparison (colours) and
 * synchronized browsing. One switch for all tabs; each tab's panes follow it.
 */
public final class PaneToggles {

    private final CheckMenuItem compare = new CheckMenuItem(I18n.t("menu.view.compare"));
    private final CheckMenuItem syncBrowse = new CheckMenuItem(I18n.t("menu.view.syncBrowse"));

    public PaneToggles() {
        compare.setId("menu-compare");
        syncBrowse.setId("menu-sync-browse");
    }

    public List<MenuItem> menuItems() {
        return List.of(new SeparatorMenuItem(), compare, syncBrowse);
    }

    /** Links a new tab's panes to the switches. */
    public void attach(FilePane local, FilePane remote) {
        ComparisonColours.attach(local, remote, compare.selectedProperty());
        SyncBrowsing.attach(local, remote, syncBrowse.selectedProperty());
    }

    public void setCompare(boolean on) {
        compare.setSelected(on);
    }

    public void setSyncBrowse(boolean on) {
        syncBrowse.setSelected(on);
    }

    public boolean compareOn() {
        return compare.isSelected();
    }

    public boolean syncBrowseOn() {
        return syncBrowse.isSelected();
    }
}
