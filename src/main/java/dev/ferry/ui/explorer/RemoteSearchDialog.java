package dev.ferry.ui.explorer;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.message.NameOrder;
import dev.ferry.ui.Formats;
import dev.ferry.ui.I18n;
import dev.ferry.ui.connection.RemoteConnection;
import dev.ferry.ui.dialogs.Dialogs;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.List;

/**
 * Search remote files (FileZilla's Server → Search): a name pattern, searched from the remote
 * pane's folder down through its subfolders on a session of its own, so the pane stays usable.
 * Results arrive as folders are listed; Stop (or closing) cancels. A double-click on a result
 * shows it in the remote pane, selected.
 */
final class RemoteSearchDialog {

    static final int MAX_RESULTS = 1000;
    static final int MAX_FOLDERS = 5000;

    private final RemoteConnection browsing;
    private final String root;
    private final RemotePane pane;
    private final Stage stage = new Stage();
    private final TextField pattern = new TextField();
    private final Button start = new Button(I18n.t("search.start"));
    private final Button stop = new Button(I18n.t("search.stop"));
    private final Label status = new Label();
    private final TableView<RemoteSearch.Hit> results = new TableView<>();
    /** Hits as they come, folder after folder; the table shows them sorted (by folder and name at first). */
    private final javafx.collections.ObservableList<RemoteSearch.Hit> found = javafx.collections.FXCollections.observableArrayList();
    private CancelToken running;
    private RemoteConnection session;

    private RemoteSearchDialog(Window owner, RemoteConnection browsing, String root, RemotePane pane) {
        this.browsing = browsing;
        this.root = root;
        this.pane = pane;
        stage.initOwner(owner);
        stage.setTitle(I18n.t("search.title"));
        pattern.setId("search-pattern");
        pattern.setPromptText(I18n.t("search.prompt"));
        pattern.setOnAction(e -> search());
        HBox.setHgrow(pattern, Priority.ALWAYS);
        start.setId("search-start");
        start.setDefaultButton(true);
        start.setOnAction(e -> search());
        stop.setId("search-stop");
        stop.setDisable(true);
        stop.setOnAction(e -> cancel());
        status.setId("search-status");
        HBox line = new HBox(8, new Label(I18n.t("search.pattern")), pattern, start, stop);
        VBox top = new VBox(6, line, new Label(I18n.t("search.in", root)));
        top.setPadding(new Insets(8));

        results.setId("search-results");
        results.setPlaceholder(new Label(""));
        TableColumn<RemoteSearch.Hit, String> name = new TableColumn<>(I18n.t("column.name"));
        name.setPrefWidth(220);
        name.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().entry().name()));
        name.setComparator(NameOrder.NAMES);
        TableColumn<RemoteSearch.Hit, String> folder = new TableColumn<>(I18n.t("search.column.folder"));
        folder.setPrefWidth(300);
        folder.setCellValueFactory(c -> new ReadOnlyStringWrapper(RemotePaths.parent(c.getValue().path())));
        folder.setComparator(RemoteSearchDialog::byFolder);
        // Numbers and times sort as numbers and times, shown in words: "9 KB" came after "10 MB".
        TableColumn<RemoteSearch.Hit, Long> size = new TableColumn<>(I18n.t("column.size"));
        size.setPrefWidth(90);
        size.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().entry().isDirectory() ? null
                : c.getValue().entry().size()));
        size.setComparator(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
        size.setCellFactory(column -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Long value, boolean empty) {
                super.updateItem(value, empty);
                setText(empty || value == null ? "" : Formats.size(value));
                setStyle("-fx-alignment: center-right;");
            }
        });
        TableColumn<RemoteSearch.Hit, java.time.Instant> modified = new TableColumn<>(I18n.t("column.modified"));
        modified.setPrefWidth(130);
        modified.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().entry().modified()));
        modified.setComparator(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
        modified.setCellFactory(column -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(java.time.Instant value, boolean empty) {
                super.updateItem(value, empty);
                setText(empty ? "" : Formats.date(value));
            }
        });
        results.getColumns().addAll(List.of(name, folder, size, modified));
        javafx.collections.transformation.SortedList<RemoteSearch.Hit> sorted = new javafx.collections.transformation.SortedList<>(found);
        sorted.comparatorProperty().bind(results.comparatorProperty());
        results.setItems(sorted);
        results.getSortOrder().setAll(List.of(folder, name));
        results.setRowFactory(view -> {
            TableRow<RemoteSearch.Hit> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    reveal(row.getItem());
                }
            });
            return row;
        });
        results.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        // What FileZilla's search results offer: fetch what was found without walking to each folder.
        dev.ferry.ui.TableContextMenu.install(results, () -> {
            List<RemoteSearch.Hit> chosen = List.copyOf(results.getSelectionModel().getSelectedItems());
            javafx.scene.control.MenuItem download = new javafx.scene.control.MenuItem(I18n.t("action.download"));
            download.setId("search-download");
            download.setDisable(chosen.isEmpty());
            download.setOnAction(e -> pane.transfer(chosen.stream()
                    .map(hit -> FileRow.remote(hit.entry(), hit.path())).toList(), true));
            javafx.scene.control.MenuItem show = new javafx.scene.control.MenuItem(I18n.t("search.reveal"));
            show.setDisable(chosen.size() != 1);
            show.setOnAction(e -> reveal(chosen.getFirst()));
            return new javafx.scene.control.ContextMenu(download, show);
        });
        results.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && results.getSelectionModel().getSelectedItem() != null) {
                reveal(results.getSelectionModel().getSelectedItem());
            }
        });
        status.setPadding(new Insets(4, 8, 6, 8));
        BorderPane layout = new BorderPane(results, top, null, status, null);
        Scene scene = new Scene(layout, 760, 460);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        stage.setOnHidden(e -> cancel());
        // As every other dialog: Escape closes it (a search still running is stopped by closing).
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                e.consume();
                stage.close();
            }
        });
    }

    /** Opens the dialog for the pane's folder; returns its stage (tests). */
    static Stage show(Window owner, RemoteConnection browsing, String root, RemotePane pane) {
        RemoteSearchDialog dialog = new RemoteSearchDialog(owner, browsing, root, pane);
        dialog.stage.setOnShown(e -> {
            Dialogs.fit(dialog.stage, owner);
            // What the user types first is the pattern: the table took the focus and the words were lost.
            dialog.pattern.requestFocus();
        });
        dialog.stage.show();
        return dialog.stage;
    }

    /**
     * Folders in the order of the tree: name by name, so that a folder's subfolders follow it ("/docs",
     * "/docs/sub", then "/docs 2"); whole paths compared put "/docs 2" between "/docs" and "/docs/sub".
     */
    static int byFolder(String a, String b) {
        String[] left = a.split("/", -1);
        String[] right = b.split("/", -1);
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int order = NameOrder.NAMES.compare(left[i], right[i]);
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.length, right.length);
    }

    private void search() {
        String text = pattern.getText() == null ? "" : pattern.getText().strip();
        if (text.isEmpty() || running != null) {
            return;
        }
        found.clear();
        CancelToken token = new CancelToken();
        running = token;
        start.setDisable(true);
        stop.setDisable(false);
        status.setText(I18n.t("search.running", 0, 0));
        // A session of its own: a long search must not hold up the remote pane's listings.
        RemoteConnection own = new RemoteConnection(browsing.settings(), browsing.siteId(), I18n.t("search.title"),
                entry -> { }, 0);
        session = own;
        var matches = RemoteSearch.matcher(text);
        own.run(s -> RemoteSearch.run(s, root, matches, MAX_RESULTS, MAX_FOLDERS, token, (hits, folders) ->
                Platform.runLater(() -> {
                    if (running == token) {
                        found.addAll(hits);
                        status.setText(I18n.t("search.running", folders, found.size()));
                    }
                })), outcome -> finished(token, own, outcome), failure -> {
                    finished(token, own, null);
                    status.setText(I18n.words(failure));
                });
    }

    private void finished(CancelToken token, RemoteConnection own, RemoteSearch.Outcome outcome) {
        own.close();
        if (session == own) {
            session = null;
        }
        if (running != token) {
            return;
        }
        running = null;
        start.setDisable(false);
        stop.setDisable(true);
        if (outcome == null) {
            return;
        }
        String text;
        if (outcome.cancelled()) {
            text = I18n.t("search.cancelled", outcome.folders(), outcome.found());
        } else if (outcome.resultsLimited()) {
            text = I18n.t("search.limited", outcome.found());
        } else if (outcome.foldersLimited()) {
            text = I18n.t("search.foldersLimited", outcome.folders(), outcome.found());
        } else {
            text = I18n.t("search.done", outcome.folders(), outcome.found());
        }
        if (outcome.unreadable() > 0) {
            text += "  " + I18n.t("search.unreadable", outcome.unreadable());
        }
        status.setText(text);
    }

    private void cancel() {
        CancelToken token = running;
        if (token != null) {
            token.cancel();
        }
    }

    /** The result's folder in the remote pane, with the result selected. */
    private void reveal(RemoteSearch.Hit hit) {
        pane.showAndSelect(RemotePaths.parent(hit.path()), hit.path());
    }
}
