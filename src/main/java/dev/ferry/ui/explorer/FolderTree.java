package dev.ferry.ui.explorer;

import dev.ferry.message.NameOrder;
import dev.ferry.ui.Icons;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pane's folder tree: it follows the folder the pane shows, lists a folder's subfolders when
 * the user expands it, and opens the folder the user clicks.
 */
final class FolderTree {

    private final FilePane pane;
    private final TreeView<String> view = new TreeView<>();
    private final Map<String, TreeItem<String>> items = new HashMap<>();
    /** True while the tree follows a navigation: its expansions must not list folders again. */
    private boolean following;

    FolderTree(FilePane pane) {
        this.pane = pane;
        view.setId(pane.getId() + "-tree");
        view.getStyleClass().add("folder-tree");
        view.setShowRoot(true);
        view.setCellFactory(tree -> {
            TreeCell<String> cell = new TreeCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty || item == null ? null : label(item));
                    setGraphic(empty || item == null ? null : Icons.icon(Icons.FOLDER, 14, "file-icon-folder"));
                }
            };
            // A folder of the tree takes a drop as its row in the file list does: it did nothing.
            pane.configureFolderDrop(cell, () -> cell.isEmpty() ? null : cell.getItem());
            return cell;
        });
        // Only the user's click or Enter navigates: the selection also moves when the tree's
        // children are replaced after a listing, and that must not wander off to another folder.
        view.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY) {
                openSelection();
            }
        });
        view.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                openSelection();
                e.consume();
            }
        });
    }

    TreeView<String> view() {
        return view;
    }

    /** After the pane shows {@code folder}: the tree shows it, its ancestors and its subfolders. */
    void follow(String folder, List<FileRow> entries) {
        following = true;
        try {
            reveal(folder);
            fill(folder, entries);
        } finally {
            following = false;
        }
    }

    /** The folder's subfolders as listed again, the tree otherwise left as the user scrolled and folded it. */
    void refill(String folder, List<FileRow> entries) {
        following = true;
        try {
            fill(folder, entries);
        } finally {
            following = false;
        }
    }

    void clear() {
        items.clear();
        view.setRoot(null);
    }

    private void openSelection() {
        TreeItem<String> item = view.getSelectionModel().getSelectedItem();
        if (item != null && !item.getValue().equals(pane.location())) {
            pane.navigate(item.getValue());
        }
    }

    private void reveal(String target) {
        List<String> chain = new ArrayList<>();
        for (String p = target; p != null; p = pane.parentOf(p)) {
            chain.addFirst(p);
        }
        TreeItem<String> parent = null;
        for (String p : chain) {
            TreeItem<String> item = items.computeIfAbsent(p, this::newItem);
            if (parent == null) {
                if (view.getRoot() != item) {
                    view.setRoot(item);
                }
            } else if (!parent.getChildren().contains(item)) {
                parent.getChildren().add(item);
                parent.getChildren().sort(byLabel());
            }
            item.setExpanded(true);
            parent = item;
        }
        if (parent != null) {
            view.getSelectionModel().select(parent);
            view.scrollTo(Math.max(0, view.getRow(parent) - 1));
        }
    }

    private TreeItem<String> newItem(String path) {
        TreeItem<String> item = new TreeItem<>(path);
        item.expandedProperty().addListener((o, was, expanded) -> {
            if (expanded && item.getChildren().isEmpty() && !following) {
                pane.list(path, entries -> fill(path, entries), failure -> { });
            }
        });
        return item;
    }

    /** Puts the subfolders of a listed folder into the tree. */
    private void fill(String folder, List<FileRow> entries) {
        TreeItem<String> item = items.get(folder);
        if (item == null) {
            return;
        }
        List<TreeItem<String>> children = new ArrayList<>();
        for (FileRow row : entries) {
            if (row.isFolder() && !row.isUp() && row.safe() && (pane.showsHidden() || !row.isHidden())) {
                children.add(items.computeIfAbsent(row.location(), this::newItem));
            }
        }
        children.sort(byLabel());
        item.getChildren().setAll(children);
        TreeItem<String> current = pane.location() == null ? null : items.get(pane.location());
        if (current != null && view.getSelectionModel().getSelectedItem() != current) {
            view.getSelectionModel().select(current);
        }
    }

    private Comparator<TreeItem<String>> byLabel() {
        return Comparator.comparing(i -> label(i.getValue()), NameOrder.NAMES);
    }

    private String label(String path) {
        String name = pane.nameOf(path);
        return name.isEmpty() ? path : name;
    }
}
