package dev.ferry.ui.explorer;

import dev.ferry.ftp.listing.NameSafety;
import dev.ferry.message.NameOrder;
import dev.ferry.ui.Formats;
import dev.ferry.ui.HoverTips;
import dev.ferry.ui.I18n;
import dev.ferry.ui.Icons;
import dev.ferry.ui.TableContextMenu;
import dev.ferry.ui.dialogs.Dialogs;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.converter.DefaultStringConverter;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One side of the explorer: path bar with back, forward and up; a folder tree; a virtualised,
 * sortable file table (folders first) with a filter box and a hidden-files toggle; a status
 * line. Listing happens off the FX thread ({@link #list}); the pane shows a progress indicator
 * meanwhile. Subclasses say how to list, how paths compose, and what the actions do.
 */
public abstract class FilePane extends BorderPane {

    protected static final PseudoClass DROP_TARGET = PseudoClass.getPseudoClass("drop-target");

    protected final TableView<FileRow> table = new TableView<>();
    private final FolderTree tree;
    private final ObservableList<FileRow> rows = FXCollections.observableArrayList();
    private final FilteredList<FileRow> filtered = new FilteredList<>(rows);
    private final SortedList<FileRow> sorted = new SortedList<>(filtered);
    private final TextField pathField = new TextField();
    private final TextField filterField = new TextField();
    protected final ToggleButton hiddenToggle = new ToggleButton();
    private final ProgressIndicator busy = new ProgressIndicator();
    private final Label status = new Label();
    private final HBox footer = new HBox(status);
    private final Label title = new Label();
    private final ReadOnlyStringWrapper location = new ReadOnlyStringWrapper();
    private final DoubleClicks doubleClicks = new DoubleClicks();
    private boolean refreshAfterEdit;
    private final Deque<String> back = new ArrayDeque<>();
    private final Deque<String> forward = new ArrayDeque<>();
    private final Button backButton = iconButton(Icons.BACK, "pane.back");
    private final Button forwardButton = iconButton(Icons.FORWARD, "pane.forward");
    private int listingGeneration;
    /** FX thread: the listing under way is one nobody asked for (the folder changed on disk). */
    private boolean quietListingUnderWay;
    /** FX thread: the folder changed on disk while a listing was under way or a rename was typed. */
    private boolean changedWhileListing;
    private boolean quietRefreshAfterEdit;
    private static final int DELETE_NAMES_SHOWN = 10;

    private static final KeyCodeCombination SELECT_ALL = new KeyCodeCombination(KeyCode.A, KeyCombination.SHORTCUT_DOWN);
    /** The column headers and about five rows. */
    private static final double TABLE_MIN_HEIGHT = 150;
    /** Two folders of the tree. */
    private static final double TREE_MIN_HEIGHT = 50;
    private String pendingRename;
    private String selectAfterListing;
    /** The folder the pane was first asked to show, while that listing has failed and nothing is shown. */
    private String failedFirstFolder;
    private boolean noticeShown;

    protected FilePane(String titleKey, String id) {
        setId(id);
        getStyleClass().add("file-pane");
        title.setText(I18n.t(titleKey));
        title.getStyleClass().add("pane-title");
        title.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);

        Button up = iconButton(Icons.UP, "pane.up");
        up.setOnAction(e -> goUp());
        Button refresh = iconButton(Icons.REFRESH, "action.refresh");
        refresh.setOnAction(e -> refresh());
        backButton.setOnAction(e -> goBack());
        forwardButton.setOnAction(e -> goForward());
        backButton.setDisable(true);
        forwardButton.setDisable(true);
        // A file manager's keys and mouse buttons, anywhere in the pane; a text field's own use of them comes first.
        addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (!e.isAltDown() || e.isControlDown() || e.isShiftDown() || e.isMetaDown() || table.getEditingCell() != null) {
                return;
            }
            switch (e.getCode()) {
                case UP -> goUp();
                case LEFT -> goBack();
                case RIGHT -> goForward();
                default -> {
                    return;
                }
            }
            e.consume();
        });
        addEventHandler(javafx.scene.input.MouseEvent.MOUSE_RELEASED, e -> {
            if (e.getButton() == javafx.scene.input.MouseButton.BACK) {
                goBack();
                e.consume();
            } else if (e.getButton() == javafx.scene.input.MouseButton.FORWARD) {
                goForward();
                e.consume();
            }
        });
        pathField.setId(id + "-path");
        pathField.setOnAction(e -> navigate(pathField.getText().strip()));
        HBox.setHgrow(pathField, Priority.ALWAYS);
        filterField.setPromptText(I18n.t("pane.filter"));
        filterField.setPrefColumnCount(8);
        filterField.setId(id + "-filter");
        filterField.textProperty().addListener((o, a, b) -> applyFilter());
        hiddenToggle.setText(".*");
        HoverTips.install(hiddenToggle, I18n.t("pane.hidden"));
        hiddenToggle.setSelected(true);
        hiddenToggle.selectedProperty().addListener((o, a, b) -> applyFilter());
        busy.setPrefSize(16, 16);
        busy.setVisible(false);
        HBox header = new HBox(title, backButton, forwardButton, up, pathField, refresh, filterField, hiddenToggle, busy);
        header.getStyleClass().add("pane-header");

        setUpTable(id);
        tree = new FolderTree(this);
        SplitPane split = new SplitPane(tree.view(), table);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.28);
        // In its share, as the log: kept at its height, a small window squeezed it away for good.
        tree.view().setMinHeight(TREE_MIN_HEIGHT);

        status.getStyleClass().add("status-line");
        status.setId(id + "-status");
        setTop(header);
        setCenter(split);
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, javafx.scene.layout.Priority.ALWAYS);
        footer.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        setBottom(footer);
        updateStatus();
    }

    /** Puts {@code node} at the right end of the status line (the comparison colours' legend). */
    void addToStatusLine(javafx.scene.Node node) {
        footer.getChildren().add(node);
    }

    private static Button iconButton(String icon, String tooltipKey) {
        Button button = new Button(null, Icons.icon(icon));
        HoverTips.install(button, I18n.t(tooltipKey));
        button.getStyleClass().add("flat-button");
        return button;
    }

    // ------------------------------------------------------------------ table

    private void setUpTable(String id) {
        table.setId(id + "-table");
        table.getStyleClass().add("file-table");
        // The log, the queue and the folder tree keep their heights when the window shrinks: without
        // a floor, a small window left the list its column headers only.
        table.setMinHeight(TABLE_MIN_HEIGHT);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        // Editable only while a rename (F2) runs: otherwise a click on an already selected row
        // starts an edit the name cell refuses, and the table, "editing", ignores the pane's keys.
        table.setEditable(false);
        // Not editable again once the edit is over (commit or cancel): while editable, the table
        // would clear its editing cell only if still editable, so this waits for that.
        table.editingCellProperty().addListener((o, was, now) -> {
            if (now == null) {
                table.setEditable(false);
            }
        });
        table.setItems(sorted);
        table.setPlaceholder(new Label(""));

        TableColumn<FileRow, String> name = new TableColumn<>(I18n.t("column.name"));
        name.setId("name");
        name.setPrefWidth(260);
        name.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(c.getValue().name()));
        name.setCellFactory(column -> new NameCell());
        name.setOnEditCommit(e -> {
            FileRow row = e.getRowValue();
            String newName = e.getNewValue() == null ? "" : e.getNewValue().strip();
            // An emptied name is taken as a change of mind: the item keeps its name, as in file managers.
            if (newName.isEmpty() || newName.equals(row.name())) {
                return;
            }
            // Refused before the disk or the server sees it: a separator would move the item (or fail
            // on a missing folder and blame the existing file), "." and ".." name folders.
            Optional<dev.ferry.message.Message> problem = nameProblem(newName);
            if (problem.isPresent()) {
                showError(new RefusedName(I18n.t("error.renameRefused", row.name(), NameSafety.printable(newName),
                        I18n.words(problem.get()))));
                // The committed cell shows what was typed until its row is drawn again.
                table.refresh();
                return;
            }
            rename(row, newName);
        });
        name.setComparator(NameOrder.NAMES);

        TableColumn<FileRow, Long> size = new TableColumn<>(I18n.t("column.size"));
        size.setId("size");
        size.setPrefWidth(90);
        size.setEditable(false);
        // A folder shows no size, so it sorts by none: a directory's own size (it grows with its entries)
        // shuffled the folders by a number nobody saw.
        size.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(
                c.getValue().isFolder() ? null : c.getValue().size()));
        size.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(Long value, boolean empty) {
                super.updateItem(value, empty);
                FileRow row = getTableRow() == null ? null : getTableRow().getItem();
                setText(empty || value == null || row == null || row.isFolder() ? "" : Formats.size(value));
                setStyle("-fx-alignment: center-right;");
            }
        });

        TableColumn<FileRow, String> type = new TableColumn<>(I18n.t("column.type"));
        type.setId("type");
        type.setPrefWidth(100);
        type.setEditable(false);
        type.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(c.getValue().typeDescription()));

        TableColumn<FileRow, Instant> modified = new TableColumn<>(I18n.t("column.modified"));
        modified.setId("modified");
        modified.setPrefWidth(130);
        modified.setEditable(false);
        modified.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue().modified()));
        modified.setComparator(Comparator.nullsFirst(Comparator.naturalOrder()));
        modified.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(Instant value, boolean empty) {
                super.updateItem(value, empty);
                setText(empty ? "" : Formats.date(value));
            }
        });

        TableColumn<FileRow, String> permissions = new TableColumn<>(I18n.t("column.permissions"));
        permissions.setId("permissions");
        permissions.setPrefWidth(90);
        permissions.setEditable(false);
        permissions.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(
                c.getValue().permissions() == null ? "" : c.getValue().permissions()));

        table.getColumns().addAll(List.of(name, size, type, modified, permissions));
        addExtraColumns(table);

        // Folders stay on top whatever column sorts: the sorted list follows the table's comparator
        // behind a folders-first one. The table's default sort policy accepts a SortedList only
        // when its comparator is the table's own, and otherwise undoes every header click; the
        // sorting is done by the list, so the policy only has to agree.
        sorted.comparatorProperty().bind(Bindings.createObjectBinding(() -> foldersFirst(table.getComparator()),
                table.comparatorProperty()));
        table.setSortPolicy(view -> true);

        table.setRowFactory(view -> {
            TableRow<FileRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && !row.isEmpty()
                        && doubleClicks.isDoubleClick(row.getItem().location(), e.getClickCount())) {
                    activate(row.getItem());
                }
            });
            configureRow(row);
            return row;
        });
        table.getSelectionModel().getSelectedItems().addListener((javafx.collections.ListChangeListener<FileRow>) c -> updateStatus());
        table.editingCellProperty().addListener((o, was, now) -> {
            if (now == null && refreshAfterEdit) {
                refreshAfterEdit = false;
                quietRefreshAfterEdit = false;
                Platform.runLater(this::refresh);
            } else if (now == null && quietRefreshAfterEdit) {
                quietRefreshAfterEdit = false;
                Platform.runLater(this::refreshQuietly);
            }
        });
        table.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            // The table's own Ctrl+A would highlight "..", which no command acts on.
            if (SELECT_ALL.match(e) && table.getEditingCell() == null) {
                selectAllButUp();
                e.consume();
            }
        });
        table.setOnKeyPressed(e -> {
            if (table.getEditingCell() != null) {
                return;
            }
            if (e.getCode() == KeyCode.ENTER) {
                List<FileRow> chosen = selection().stream().filter(row -> row.kind() != FileRow.Kind.OTHER).toList();
                if (chosen.size() > 1) {
                    // Several rows: what a drag of them to the other side does. Opening one folder of them
                    // would drop the rest of the choice.
                    transfer(chosen, true);
                } else {
                    FileRow row = table.getSelectionModel().getSelectedItem();
                    if (row != null) {
                        activate(row);
                    }
                }
                e.consume();
            } else if (e.getCode() == KeyCode.BACK_SPACE) {
                goUp();
                e.consume();
            } else if (e.getCode() == KeyCode.F5) {
                refresh();
                e.consume();
            } else if (e.getCode() == KeyCode.F2) {
                startRename();
                e.consume();
            } else if (e.getCode() == KeyCode.DELETE) {
                List<FileRow> selection = selection();
                if (!selection.isEmpty()) {
                    delete(selection);
                }
                e.consume();
            } else if (new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN).match(e)
                    || e.getCode() == KeyCode.F7 && !e.isShortcutDown() && !e.isAltDown() && !e.isShiftDown()) {
                // F7 as in WinSCP and Total Commander.
                newFolder();
                e.consume();
            }
        });
        TypeToFind typeToFind = new TypeToFind(System::nanoTime);
        table.addEventHandler(javafx.scene.input.KeyEvent.KEY_TYPED, e -> {
            String typed = e.getCharacter();
            if (table.getEditingCell() != null || e.isControlDown() || e.isAltDown() || e.isMetaDown()
                    || typed.length() != 1 || Character.isISOControl(typed.charAt(0)) || typed.charAt(0) == ' ') {
                return;
            }
            int found = typeToFind.typed(typed.charAt(0), sorted, table.getSelectionModel().getSelectedIndex());
            if (found >= 0) {
                table.getSelectionModel().clearAndSelect(found);
                table.getFocusModel().focus(found);
                table.scrollTo(Math.max(0, found - 1));
            }
            e.consume();
        });
        TableContextMenu.install(table, () -> contextMenu(selection()));
    }

    /**
     * ".." first, then folders, then the order the user chose by the column headers; rows that
     * order leaves equal (folders by size, files of one type) by name.
     */
    static Comparator<FileRow> foldersFirst(Comparator<FileRow> chosen) {
        Comparator<FileRow> byName = Comparator.comparing(FileRow::name, NameOrder.NAMES);
        Comparator<FileRow> within = chosen != null ? chosen.thenComparing(byName) : byName;
        return (a, b) -> {
            if (a.isUp() != b.isUp()) {
                return a.isUp() ? -1 : 1;
            }
            if (a.isFolder() != b.isFolder()) {
                return a.isFolder() ? -1 : 1;
            }
            return within.compare(a, b);
        };
    }

    /** The name cell: an icon, the name, and in-place editing for F2. */
    private final class NameCell extends TextFieldTableCell<FileRow, String> {
        NameCell() {
            super(new DefaultStringConverter());
        }

        @Override
        public void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            FileRow row = getTableRow() == null ? null : getTableRow().getItem();
            if (empty || row == null || isEditing()) {
                setGraphic(isEditing() ? getGraphic() : null);
                if (empty) {
                    setText(null);
                }
                return;
            }
            setGraphic(row.isUp() ? Icons.icon(Icons.UP, 16, row.iconClass()) : Icons.icon(row.iconPath(), 16, row.iconClass()));
            setText(row.linkTarget() == null ? row.name() : row.name() + "  →  " + row.linkTarget());
        }

        @Override
        public void startEdit() {
            FileRow row = getTableRow() == null ? null : getTableRow().getItem();
            if (row != null && row.name().equals(pendingRename)) {
                super.startEdit();
                if (!row.isFolder() && getGraphic() instanceof javafx.scene.control.TextField field) {
                    selectStem(field, row.name());
                    // The field selects everything again when its skin is made and when it takes the focus,
                    // either of which may come later.
                    afterFirst(field.skinProperty(), skin -> skin != null, () -> selectStem(field, row.name()));
                    afterFirst(field.focusedProperty(), focused -> focused,
                            () -> javafx.application.Platform.runLater(() -> selectStem(field, row.name())));
                }
            }
        }

        /** Runs {@code action} once {@code value} satisfies {@code test} (now, or at its first change that does). */
        private static <T> void afterFirst(javafx.beans.value.ObservableValue<T> value, java.util.function.Predicate<T> test,
                                           Runnable action) {
            if (test.test(value.getValue())) {
                action.run();
                return;
            }
            value.addListener(new javafx.beans.value.ChangeListener<T>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends T> observed, T was, T now) {
                    if (test.test(now)) {
                        observed.removeListener(this);
                        action.run();
                    }
                }
            });
        }

        /** The name without its extension, so that typing a new name keeps ".txt" (".bashrc" has none). */
        private static void selectStem(javafx.scene.control.TextField field, String name) {
            int dot = name.lastIndexOf('.');
            if (dot > 0 && field.getText().equals(name)) {
                field.selectRange(0, dot);
            }
        }

        @Override
        public void cancelEdit() {
            super.cancelEdit();
            pendingRename = null;
            // The text field's cancel leaves the cell without its icon.
            updateItem(getItem(), isEmpty());
        }
    }

    /** F2: edit the selected name in place. */
    protected void startRename() {
        int index = table.getSelectionModel().getSelectedIndex();
        FileRow row = table.getSelectionModel().getSelectedItem();
        if (row == null || !row.safe() || row.isUp()) {
            return;
        }
        pendingRename = row.name();
        table.setEditable(true);
        table.edit(index, table.getColumns().getFirst());
    }

    /** Asks before deleting {@code rows}, naming them; true to go ahead. */
    protected boolean confirmDelete(List<FileRow> rows) {
        return Dialogs.confirmDeletion(getScene().getWindow(), deleteQuestion(rows, "remote".equals(getId())), deleteDetail(rows),
                rows.stream().anyMatch(FileRow::isFolder));
    }

    /**
     * Where the cursor goes once {@code removed} are gone: the row that followed them, else the one
     * before, as file managers do (not back to the top, where the next Delete would hit another file).
     */
    protected String rowLocationAfterRemoving(List<FileRow> removed) {
        java.util.Set<String> gone = new java.util.HashSet<>();
        removed.forEach(row -> gone.add(row.location()));
        int last = -1;
        for (int i = 0; i < sorted.size(); i++) {
            if (gone.contains(sorted.get(i).location())) {
                last = i;
            }
        }
        if (last < 0) {
            return null;
        }
        for (int i = last + 1; i < sorted.size(); i++) {
            if (!gone.contains(sorted.get(i).location())) {
                return sorted.get(i).location();
            }
        }
        for (int i = last - 1; i >= 0; i--) {
            FileRow row = sorted.get(i);
            if (!gone.contains(row.location())) {
                return row.isUp() ? null : row.location();
            }
        }
        return null;
    }

    /**
     * Which side it is said in the question: the same folder may be selected in both panes. The
     * local side's deletions go to the Trash.
     */
    static String deleteQuestion(List<FileRow> rows, boolean onServer) {
        String question = onServer ? "dialog.confirm.deleteFromServer" : "dialog.confirm.trashFromComputer";
        String many = onServer ? "dialog.confirm.deleteManyFromServer" : "dialog.confirm.trashManyFromComputer";
        return rows.size() == 1 ? I18n.t(question, rows.getFirst().name()) : I18n.t(many, rows.size());
    }

    /** The names (a few, then how many more) and what deleting them means: folders go with their contents. */
    static String deleteDetail(List<FileRow> rows) {
        return deleteDetail(rows, rows.stream().anyMatch(FileRow::isFolder)
                ? "dialog.confirm.deleteDetail" : "dialog.confirm.deleteFilesDetail");
    }

    /** The names (a few, then how many more), then the words of {@code meaningKey}. */
    static String deleteDetail(List<FileRow> rows, String meaningKey) {
        StringBuilder detail = new StringBuilder();
        if (rows.size() > 1) {
            rows.stream().limit(DELETE_NAMES_SHOWN).forEach(row -> detail.append(dev.ferry.ftp.listing.NameSafety
                    .printable(row.name())).append(row.isFolder() ? "/" : "").append('\n'));
            if (rows.size() > DELETE_NAMES_SHOWN) {
                detail.append(I18n.t("dialog.confirm.andMore", rows.size() - DELETE_NAMES_SHOWN)).append('\n');
            }
            detail.append('\n');
        }
        return detail.append(I18n.t(meaningKey)).toString();
    }

    /** Hook for columns only one side has (owner/group on the remote side). */
    protected void addExtraColumns(TableView<FileRow> table) {
    }

    /** Hook for drag and drop on rows. */
    protected void configureRow(TableRow<FileRow> row) {
    }

    /**
     * Hook for drops onto a folder shown elsewhere than in a row (a node of the folder tree):
     * {@code folder} gives its location when asked, or null when the node shows none.
     */
    protected void configureFolderDrop(javafx.scene.Node target, java.util.function.Supplier<String> folder) {
    }

    // ------------------------------------------------------------------ navigation

    public ReadOnlyStringProperty locationProperty() {
        return location.getReadOnlyProperty();
    }

    public String location() {
        return location.get();
    }

    /** A mark of the pane's last move: {@link #movedSince} tells whether the user went elsewhere after it. */
    protected final int navigationMark() {
        return listingGeneration;
    }

    protected final boolean movedSince(int mark) {
        return listingGeneration != mark;
    }

    /** Opens a folder: lists it off the FX thread and shows it when done. */
    public void navigate(String target) {
        navigate(target, true);
    }

    private void navigate(String target, boolean remember) {
        navigate(target, remember, false);
    }

    /** {@code quiet}: a listing the user did not ask for shows neither "Listing…" nor a failure. */
    private void navigate(String target, boolean remember, boolean quiet) {
        if (target == null || target.isBlank()) {
            return;
        }
        int generation = ++listingGeneration;
        quietListingUnderWay = quiet;
        if (!quiet) {
            busy.setVisible(true);
            status.setText(I18n.t("status.listing"));
        }
        list(target, entries -> {
            if (generation != listingGeneration) {
                return;
            }
            listingEnded();
            String previous = location.get();
            failedFirstFolder = null;
            if (!remember && target.equals(previous) && table.getEditingCell() != null) {
                // A refresh that began before the rename did: shown once the rename is over.
                refreshAfterEdit = true;
                busy.setVisible(false);
                updateStatus();
                return;
            }
            if (remember && previous != null && !previous.equals(target)) {
                back.push(previous);
                forward.clear();
            }
            boolean sameFolder = target.equals(previous);
            // The table keeps selected indices across new items: a row added above would move the
            // selection to another file (that Delete would then delete). Kept by location instead.
            List<String> keptSelection = sameFolder ? selection().stream().map(FileRow::location).toList() : List.of();
            FileRow focused = sameFolder ? table.getFocusModel().getFocusedItem() : null;
            location.set(target);
            // A listing nobody asked for leaves a path being typed, and the folder tree as scrolled.
            boolean unasked = quiet && sameFolder;
            if (!unasked || !pathField.isFocused()) {
                pathField.setText(target);
            }
            table.getSelectionModel().clearSelection();
            // The filter first, while the old rows are still there: set after the new rows, it would
            // filter and sort a big folder twice. It was typed for the folder it ends with, as in a file
            // manager's search box: kept, it emptied the next folders with nothing on screen saying why.
            if (!sameFolder && !filterText().isEmpty()) {
                filterField.setText("");
            }
            applyFilter();
            rows.setAll(withWayUp(target, entries));
            if (unasked) {
                tree.refill(target, entries);
            } else {
                tree.follow(target, entries);
            }
            busy.setVisible(false);
            backButton.setDisable(back.isEmpty());
            forwardButton.setDisable(forward.isEmpty());
            String select = selectAfterListing != null ? selectAfterListing : CameFrom.childOf(target, previous, this::parentOf);
            selectAfterListing = null;
            if (select == null && sameFolder) {
                reselect(keptSelection, focused == null ? null : focused.location());
            } else {
                table.scrollTo(0);
                selectLocation(select);
            }
            updateStatus();
            onNavigated(target);
        }, failure -> {
            if (generation != listingGeneration) {
                return;
            }
            listingEnded();
            selectAfterListing = null;
            busy.setVisible(false);
            if (location.get() == null && !quiet) {
                // A quiet try after it (the login folder instead) leaves Refresh on the folder asked for.
                failedFirstFolder = target;
            }
            if (!quiet || !pathField.isFocused()) {
                pathField.setText(location.get() == null ? "" : location.get());
            }
            updateStatus();
            if (quiet) {
                quietListingFailed(target);
            } else {
                showError(failure);
            }
            if (location.get() == null) {
                firstFolderFailed(target);
            }
        });
    }

    /** The first folder the pane was to show could not be listed: nothing is shown yet. */
    protected void firstFolderFailed(String folder) {
    }

    /** A listing nobody asked for failed: the folder may have gone meanwhile. */
    protected void quietListingFailed(String folder) {
    }

    /** Opens {@code target} without "Listing…" or an error dialog: a move the user did not ask for. */
    protected void navigateQuietly(String target) {
        navigate(target, false, true);
    }

    /** The listing with a ".." row first when the folder has a parent, as file managers show it. */
    private List<FileRow> withWayUp(String folder, List<FileRow> entries) {
        String parent = parentOf(folder);
        if (parent == null) {
            return entries;
        }
        List<FileRow> shown = new ArrayList<>(entries.size() + 1);
        shown.add(FileRow.up(parent));
        shown.addAll(entries);
        return shown;
    }

    /** After a refresh: the rows that were selected, if still listed, and the focus where it was. */
    private void reselect(List<String> locations, String focusedLocation) {
        java.util.Set<String> wanted = new java.util.HashSet<>(locations);
        int focus = -1;
        for (int i = 0; i < sorted.size(); i++) {
            String rowLocation = sorted.get(i).location();
            if (wanted.contains(rowLocation)) {
                table.getSelectionModel().select(i);
            }
            if (rowLocation.equals(focusedLocation)) {
                focus = i;
            }
        }
        if (focus >= 0) {
            table.getFocusModel().focus(focus);
        }
    }

    /** Selects, focuses and shows the row of {@code rowLocation} when it is listed. */
    private void selectLocation(String rowLocation) {
        for (int i = 0; rowLocation != null && i < sorted.size(); i++) {
            if (rowLocation.equals(sorted.get(i).location())) {
                table.getSelectionModel().clearAndSelect(i);
                table.getFocusModel().focus(i);
                table.scrollTo(Math.max(0, i - 1));
                return;
            }
        }
    }

    /** Opens {@code folder} with the row of {@code rowLocation} selected (a search result). */
    public void showAndSelect(String folder, String rowLocation) {
        selectAfterListing = rowLocation;
        navigate(folder);
    }

    /** Lists the folder again with the row of {@code rowLocation} selected: a renamed or new item. */
    protected void refreshSelecting(String rowLocation) {
        if (location.get() == null || table.getEditingCell() != null) {
            // No listing now (another rename is being typed): the row is not chosen by a later one.
            refresh();
            return;
        }
        selectAfterListing = rowLocation;
        refresh();
    }

    public void refresh() {
        if (location.get() == null) {
            // The first listing failed: no folder is shown yet, and a refresh tries that one again.
            if (failedFirstFolder != null) {
                navigate(failedFirstFolder, false);
            }
            return;
        }
        if (table.getEditingCell() != null) {
            // A new listing would end the rename the user is typing (a transfer just finished): after it.
            refreshAfterEdit = true;
            return;
        }
        navigate(location.get(), false);
    }

    /**
     * Lists the folder shown again because something else changed it: no "Listing…", no error
     * dialog the user did not ask for, and a rename being typed is left alone.
     */
    void refreshQuietly() {
        if (location.get() == null) {
            return;
        }
        if (listingUnderWay()) {
            // Not over a listing under way, the user's (another folder, perhaps) or a quiet one: either
            // answer would be dropped, and a slow folder would never be shown. Once it is in, once more.
            changedWhileListing = true;
            return;
        }
        if (table.getEditingCell() != null) {
            // Listed once the rename being typed is over.
            quietRefreshAfterEdit = true;
            return;
        }
        navigate(location.get(), false, true);
    }

    /** After a listing, shown or failed: a change on disk that came while it was under way is listed now. */
    private void listingEnded() {
        quietListingUnderWay = false;
        if (changedWhileListing) {
            changedWhileListing = false;
            Platform.runLater(this::refreshQuietly);
        }
    }

    /** A listing of this pane was asked for and has not been shown yet. */
    protected boolean listingUnderWay() {
        return busy.isVisible() || quietListingUnderWay;
    }

    public void goUp() {
        String current = location.get();
        String parent = current == null ? null : parentOf(current);
        if (parent != null) {
            navigate(parent);
        }
    }

    private void goBack() {
        if (!back.isEmpty()) {
            forward.push(location.get());
            navigate(back.pop(), false);
        }
    }

    private void goForward() {
        if (!forward.isEmpty()) {
            back.push(location.get());
            navigate(forward.pop(), false);
        }
    }

    /** Enter or double-click: open a folder, transfer a file. */
    protected void activate(FileRow row) {
        if (row.isFolder()) {
            if (row.safe()) {
                navigate(row.location());
            }
        } else if (row.kind() != FileRow.Kind.OTHER) {
            transfer(List.of(row), true);
        }
    }

    protected void onNavigated(String location) {
    }

    // ------------------------------------------------------------------ filter and status

    private String filterText() {
        return filterField.getText() == null ? "" : filterField.getText().strip().toLowerCase(I18n.locale());
    }

    private void applyFilter() {
        String text = filterText();
        boolean showHidden = hiddenToggle.isSelected();
        filtered.setPredicate(row -> row.isUp() || (showHidden || !row.isHidden())
                && (text.isEmpty() || row.name().toLowerCase(I18n.locale()).contains(text)));
        updateStatus();
    }

    private void updateStatus() {
        noticeShown = false;
        if (location.get() == null) {
            status.setText(emptyStatus());
            return;
        }
        int files = 0;
        int folders = 0;
        long bytes = 0;
        for (FileRow row : filtered) {
            if (row.isUp()) {
                continue;
            }
            if (row.isFolder()) {
                folders++;
            } else {
                files++;
                bytes += Math.max(0, row.size());
            }
        }
        String text = I18n.t("status.summary", files, folders, Formats.size(bytes));
        if (!filterText().isEmpty()) {
            // Said, or a folder the filter empties reads as an empty folder.
            boolean showHidden = hiddenToggle.isSelected();
            long all = rows.stream().filter(row -> !row.isUp() && (showHidden || !row.isHidden())).count();
            text += "; " + I18n.t("status.filtered", files + folders, all);
        }
        int selected = selection().size();
        if (selected > 0) {
            text += "; " + I18n.t("status.selected", selected);
        }
        status.setText(text);
    }

    protected String emptyStatus() {
        return "";
    }

    public void setShowHidden(boolean show) {
        hiddenToggle.setSelected(show);
    }

    boolean showsHidden() {
        return hiddenToggle.isSelected();
    }

    private void selectAllButUp() {
        List<FileRow> shown = table.getItems();
        if (shown.isEmpty()) {
            return;
        }
        int first = shown.getFirst().isUp() ? 1 : 0;
        if (first >= shown.size()) {
            table.getSelectionModel().clearSelection();
            return;
        }
        table.getSelectionModel().clearSelection();
        table.getSelectionModel().selectRange(first, shown.size());
    }

    /** What commands act on: the selected rows, never "..". */
    public List<FileRow> selection() {
        return table.getSelectionModel().getSelectedItems().stream().filter(row -> !row.isUp()).toList();
    }

    /** Every row of the folder, whatever the filter and the hidden-files switch show (with ".."). */
    javafx.collections.ObservableList<FileRow> allRows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    /** The folder's entries as listed (without ".."). */
    public List<FileRow> rows() {
        return rows.stream().filter(row -> !row.isUp()).toList();
    }

    public TableView<FileRow> table() {
        return table;
    }

    /** Shows what a long operation is doing in the status line (until the next listing). */
    protected void showProgress(String text) {
        busy.setVisible(true);
        status.setText(text);
    }

    /** A word in the status line, in front of the folder's summary, until the next listing or selection. */
    void showNotice(String text) {
        updateStatus();
        status.setText(text + " — " + status.getText());
        noticeShown = true;
    }

    /** The notice is out of date (what it spoke of changed): the summary alone again. */
    void clearNotice() {
        if (noticeShown) {
            updateStatus();
        }
    }

    /** Column widths, for the window's remembered state. */
    public List<Double> columnWidths() {
        return table.getColumns().stream().map(TableColumn::getWidth).toList();
    }

    public void applyColumnWidths(List<Double> widths) {
        for (int i = 0; i < Math.min(widths.size(), table.getColumns().size()); i++) {
            table.getColumns().get(i).setPrefWidth(widths.get(i));
        }
    }

    /** "columnId:ASCENDING" of the sorting column, or "". */
    public String sortState() {
        if (table.getSortOrder().isEmpty()) {
            return "";
        }
        TableColumn<FileRow, ?> column = table.getSortOrder().getFirst();
        return column.getId() + ":" + column.getSortType();
    }

    public void applySort(String state) {
        if (state == null || !state.contains(":")) {
            return;
        }
        String[] parts = state.split(":");
        for (TableColumn<FileRow, ?> column : table.getColumns()) {
            if (column.getId().equals(parts[0])) {
                column.setSortType(TableColumn.SortType.valueOf(parts[1]));
                table.getSortOrder().setAll(List.of(column));
            }
        }
    }

    /** Clears everything (the remote side after a disconnect). */
    protected void clear() {
        listingGeneration++;
        rows.clear();
        location.set(null);
        pathField.clear();
        back.clear();
        forward.clear();
        tree.clear();
        busy.setVisible(false);
        updateStatus();
    }

    /** The row under a drop point, if it is a folder: drops go into it. */
    protected static FileRow folderUnder(TableRow<FileRow> row) {
        return row == null || row.isEmpty() || !row.getItem().isFolder() ? null : row.getItem();
    }

    // ------------------------------------------------------------------ what subclasses provide

    /** Lists a folder off the FX thread; calls back on the FX thread. */
    protected abstract void list(String folder, Consumer<List<FileRow>> done, Consumer<Throwable> failed);

    /** The parent of a location, or null at a root. */
    protected abstract String parentOf(String location);

    /** The last element of a location ("" for a root). */
    protected abstract String nameOf(String location);

    /** Transfers rows to the other side (upload or download); {@code now} or only queued. */
    protected abstract void transfer(List<FileRow> rows, boolean now);

    protected abstract void rename(FileRow row, String newName);

    /** Why {@code name} cannot be the new name of an item in this pane's folder, if it cannot. */
    protected abstract Optional<dev.ferry.message.Message> nameProblem(String name);

    /** A new name refused before anything was tried; its text is what the user is told. */
    static final class RefusedName extends Exception {
        RefusedName(String words) {
            super(words, null, false, false);
        }
    }

    protected abstract void delete(List<FileRow> rows);

    protected abstract void newFolder();

    /**
     * The name of a new folder or file, refused as a rename's is before the disk or the server sees
     * it: "x/y" went to the server, which answered with a raw 550, and ".." would name another folder.
     */
    protected final Optional<String> askNewFileName() {
        // Said while typing, before anything was tried: not as a failure ("Cannot create …").
        return Dialogs.name(getScene().getWindow(), I18n.t("dialog.newFile.title"), I18n.t("dialog.newFileIn", location()),
                "", name -> nameProblem(name).map(refused -> I18n.t("dialog.name.problem", I18n.words(refused))));
    }

    /**
     * The folders a new folder's name asks for, outermost first: "a/b" makes b inside a (T8: as F7 does in Total
     * Commander and FileZilla's new folder does). Each is held to the rules of a single name, so ".." cannot lead
     * out of the folder shown, and a name that starts with "/" is refused as before.
     */
    protected final Optional<List<String>> askNewFolderNames() {
        // T10: titled "Ferry" only, the question did not say where the folder would go.
        return Dialogs.name(getScene().getWindow(), I18n.t("dialog.newFolder.title"), I18n.t("dialog.newFolderIn", location()),
                "", typed -> folderNamesProblem(typed).map(refused -> I18n.t("dialog.name.problem", I18n.words(refused))))
                .map(FilePane::folderNames);
    }

    private Optional<dev.ferry.message.Message> folderNamesProblem(String typed) {
        if (typed.startsWith("/")) {
            return nameProblem(typed);
        }
        return folderNames(typed).stream().map(this::nameProblem).flatMap(Optional::stream).findFirst();
    }

    /** A slash at the end ends the last folder's name; two in a row separate as one does. */
    static List<String> folderNames(String typed) {
        int end = typed.length();
        while (end > 0 && typed.charAt(end - 1) == '/') {
            end--;
        }
        return List.of(typed.substring(0, end).split("/+", -1));
    }

    protected abstract void newFile();

    protected abstract ContextMenu contextMenu(List<FileRow> selection);

    /** New folder, new file, rename and delete: the part of both panes' context menus that is the same. */
    protected List<MenuItem> editItems(List<FileRow> selection) {
        MenuItem newFolder = new MenuItem(I18n.t("action.newFolder"));
        newFolder.setOnAction(e -> newFolder());
        MenuItem newFile = new MenuItem(I18n.t("action.newFile"));
        newFile.setOnAction(e -> newFile());
        MenuItem rename = new MenuItem(I18n.t("action.rename"));
        rename.setDisable(selection.size() != 1);
        rename.setOnAction(e -> startRename());
        MenuItem delete = new MenuItem(I18n.t("action.delete"));
        delete.setDisable(selection.isEmpty());
        delete.setOnAction(e -> delete(selection));
        // Shown to be learnt: the list's own key handler does the work. The menu is shown, never set on a control,
        // so these are not also installed in the scene, where F7 would then ask twice.
        newFolder.setAccelerator(new KeyCodeCombination(KeyCode.F7));
        rename.setAccelerator(new KeyCodeCombination(KeyCode.F2));
        delete.setAccelerator(new KeyCodeCombination(KeyCode.DELETE));
        return List.of(newFolder, newFile, rename, delete);
    }

    protected abstract void showError(Throwable failure);
}
