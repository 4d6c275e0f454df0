package dev.ferry.ui.explorer;

import dev.ferry.site.Bookmark;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.ui.I18n;
import dev.ferry.ui.dialogs.Dialogs;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.io.IOException;
import java.util.List;

/** Renames and deletes one site's bookmarks; every change is saved in the site store at once. */
final class BookmarksDialog {

    private final SiteStore store;
    private final String siteId;
    private final Dialog<Void> dialog = new Dialog<>();
    private final ListView<Bookmark> list = new ListView<>();

    private BookmarksDialog(Window owner, SiteStore store, String siteId) {
        this.store = store;
        this.siteId = siteId;
        Dialogs.prepare(dialog, owner);
        dialog.setTitle(I18n.t("bookmarks.title"));
        dialog.getDialogPane().setId("bookmarks-dialog");
        list.setId("bookmarks-list");
        list.setPrefSize(460, 240);
        list.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(Bookmark bookmark, boolean empty) {
                super.updateItem(bookmark, empty);
                setText(empty || bookmark == null ? null : bookmark.name() + "\n    " + side(bookmark.localDirectory())
                        + "  ⇄  " + side(bookmark.remoteDirectory()));
            }
        });
        Button rename = new Button(I18n.t("bookmarks.rename"));
        rename.setId("bookmarks-rename");
        rename.setOnAction(e -> rename());
        Button delete = new Button(I18n.t("bookmarks.delete"));
        delete.setId("bookmarks-delete");
        delete.setOnAction(e -> delete());
        rename.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        delete.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        String siteName = store.find(siteId).map(SiteProfile::name).orElse("");
        VBox content = new VBox(8, new Label(I18n.t("bookmarks.of", siteName)), list, new HBox(8, rename, delete));
        VBox.setVgrow(list, Priority.ALWAYS);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().add(new ButtonType(I18n.t("button.close"), ButtonBar.ButtonData.CANCEL_CLOSE));
        reload();
    }

    static void show(Window owner, SiteStore store, String siteId) {
        new BookmarksDialog(owner, store, siteId).dialog.show();
    }

    private static String side(String folder) {
        return folder == null ? "—" : folder;
    }

    private void reload() {
        List<Bookmark> bookmarks = store.find(siteId).map(SiteProfile::bookmarks).orElse(List.of());
        list.getItems().setAll(bookmarks);
    }

    private void rename() {
        Bookmark selected = list.getSelectionModel().getSelectedItem();
        if (selected == null) {
            return;
        }
        Dialogs.text(dialog.getDialogPane().getScene().getWindow(), I18n.t("bookmarks.name"), selected.name())
                .filter(name -> !name.equals(selected.name()))
                .ifPresent(name -> BookmarksMenu.update(store, window(), siteId, bookmarks -> {
                    if (bookmarks.stream().anyMatch(b -> b.name().equals(name))) {
                        throw new IOException(I18n.t("bookmarks.exists", name));
                    }
                    bookmarks.replaceAll(b -> b.equals(selected)
                            ? new Bookmark(name, b.localDirectory(), b.remoteDirectory()) : b);
                }, this::reload));
    }

    private void delete() {
        Bookmark selected = list.getSelectionModel().getSelectedItem();
        if (selected != null && Dialogs.confirmDeletion(window(), I18n.t("dialog.confirm.delete", selected.name()), null, false)) {
            BookmarksMenu.update(store, window(), siteId, bookmarks -> bookmarks.remove(selected), this::reload);
        }
    }

    private Window window() {
        return dialog.getDialogPane().getScene().getWindow();
    }
}
