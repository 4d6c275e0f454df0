package dev.ferry.ui.queue;

import dev.ferry.transfer.Direction;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueListener;
import dev.ferry.transfer.QueueTotals;
import dev.ferry.transfer.TransferQueue;
import dev.ferry.transfer.Verification;
import dev.ferry.ui.DesktopOpener;
import dev.ferry.ui.Formats;
import dev.ferry.ui.I18n;
import dev.ferry.ui.TableContextMenu;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transfer queue at the bottom of the window: Queued, Failed and Successful tabs. The
 * queue's coalesced updates (ten a second) are merged further into at most four a second, and
 * while the FX thread is busy, so a 10,000-file queue cannot hold up the window.
 */
public final class QueuePane extends TabPane {

    /** Progress four times a second reads as smooth; more only costs the window layout and paint. */
    private static final long MIN_APPLY_INTERVAL_NANOS = 250_000_000L;
    private static final java.util.concurrent.ScheduledExecutorService DELAY =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "ferry-queue-view-delay");
                thread.setDaemon(true);
                return thread;
            });

    private final TransferQueue queue;
    /** One list per tab, changed in bulk per update: thousands of finishing items cost a few list events, not thousands. */
    private final ObservableList<ItemSnapshot> queuedRows = FXCollections.observableArrayList();
    private final ObservableList<ItemSnapshot> failedRows = FXCollections.observableArrayList();
    private final ObservableList<ItemSnapshot> doneRows = FXCollections.observableArrayList();
    private final Map<Long, ObservableList<ItemSnapshot>> shownIn = new HashMap<>();
    private final Tab queued = new Tab();
    private final Tab failed = new Tab();
    private final Tab done = new Tab();
    private final ObjectProperty<QueueTotals> totals = new SimpleObjectProperty<>();
    private final List<QueueListener> uiListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Object pendingLock = new Object();
    /** Batches whose new transfers brought the Queued tab forward already (FX thread). */
    private final Set<Long> batchesShown = new HashSet<>();
    private final Map<Long, ItemSnapshot> pendingChanged = new LinkedHashMap<>();
    private final Set<Long> pendingRemoved = new LinkedHashSet<>();
    private QueueTotals pendingTotals;
    /** When the user last began a batch among the changes waiting to be shown ({@link System#nanoTime()}), or never. */
    private long pendingNewBatchNanos = QueueListener.Update.NOTHING_ADDED;
    private long pendingTakenNanos;
    private boolean applyScheduled;
    /** When the user last chose a tab ({@link System#nanoTime()}); FX thread. */
    private long tabChosenNanos = System.nanoTime();
    /** When the user's last move of rows in the line was done ({@link System#nanoTime()}); FX thread. */
    private long userMovedNanos = System.nanoTime();
    /** Set while the pane itself turns to Queued, which is not the user's choice. */
    private boolean turningToQueued;
    private volatile long lastApplyNanos = System.nanoTime() - MIN_APPLY_INTERVAL_NANOS;
    private Runnable onRetry = () -> { };
    /** The tables built so far (one per tab, built when first shown). */
    private final List<TableView<ItemSnapshot>> tables = new ArrayList<>(3);
    /** Whether the queue runs its waiting items: a waiting row of a stopped queue says it is stopped. */
    private boolean processing;


    public QueuePane(TransferQueue queue) {
        this.queue = queue;
        setId("queue-tabs");
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
        queued.setId("tab-queued");
        failed.setId("tab-failed");
        done.setId("tab-done");
        getTabs().addAll(queued, failed, done);
        showWhileSelected(queued, "queue-queued", queuedRows);
        showWhileSelected(failed, "queue-failed", failedRows);
        showWhileSelected(done, "queue-done", doneRows);
        getSelectionModel().selectedItemProperty().addListener((property, was, now) -> {
            if (!turningToQueued) {
                tabChosenNanos = System.nanoTime();
            }
        });
        apply(new QueueListener.Update(queue.snapshot(), List.of(), queue.totals()));
        updateTitles();
        queue.addListener(this::merge);
    }

    /**
     * A table in a tab that is not showing gets no rows: thousands of finished items arriving in
     * the Successful tab then cost nothing until the user looks at it. Nor is it built before it
     * is first shown: two tables fewer to create and style before the window's first frame.
     */
    private void showWhileSelected(Tab tab, String id, ObservableList<ItemSnapshot> rows) {
        List<TableView<ItemSnapshot>> built = new ArrayList<>(1);
        Runnable show = () -> {
            if (built.isEmpty()) {
                built.add(table(id));
                tables.add(built.getFirst());
                tab.setContent(built.getFirst());
            }
            built.getFirst().setItems(rows);
        };
        if (tab.isSelected()) {
            show.run();
        }
        tab.selectedProperty().addListener((property, was, selected) -> {
            if (selected) {
                show.run();
            } else if (!built.isEmpty()) {
                built.getFirst().setItems(FXCollections.emptyObservableList());
            }
        });
    }

    /**
     * On the queue's thread: folds the update into the pending one and schedules a single apply.
     * When the FX thread falls behind, updates merge instead of queueing up behind each other.
     */
    private void merge(QueueListener.Update update) {
        synchronized (pendingLock) {
            for (Long id : update.removed()) {
                pendingChanged.remove(id);
                pendingRemoved.add(id);
            }
            for (ItemSnapshot snapshot : update.changed()) {
                pendingChanged.put(snapshot.id(), snapshot);
            }
            pendingTotals = update.totals();
            long begun = update.newBatchNanos();
            if (begun != QueueListener.Update.NOTHING_ADDED
                    && (pendingNewBatchNanos == QueueListener.Update.NOTHING_ADDED || begun - pendingNewBatchNanos > 0)) {
                pendingNewBatchNanos = begun;
            }
            pendingTakenNanos = update.takenNanos();
            if (applyScheduled) {
                return;
            }
            applyScheduled = true;
        }
        long wait = lastApplyNanos + MIN_APPLY_INTERVAL_NANOS - System.nanoTime();
        if (wait <= 0) {
            Platform.runLater(this::applyPending);
        } else {
            DELAY.schedule(() -> Platform.runLater(this::applyPending), wait, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private void applyPending() {
        QueueListener.Update merged;
        synchronized (pendingLock) {
            merged = new QueueListener.Update(List.copyOf(pendingChanged.values()), List.copyOf(pendingRemoved),
                    pendingTotals, pendingNewBatchNanos, pendingTakenNanos);
            pendingNewBatchNanos = QueueListener.Update.NOTHING_ADDED;
            pendingChanged.clear();
            pendingRemoved.clear();
            applyScheduled = false;
        }
        lastApplyNanos = System.nanoTime();
        apply(merged);
    }

    /**
     * An updated row is a new snapshot put in its place, which the table takes for another row and
     * unselects: a running transfer's row lost its selection ten times a second. What each table
     * had selected and focused is noted by item and chosen again after the update.
     */
    private List<Runnable> keepSelections() {
        List<Runnable> reselect = new ArrayList<>(tables.size());
        for (TableView<ItemSnapshot> table : tables) {
            if (table.getSelectionModel().isEmpty()) {
                continue;
            }
            Set<Long> selected = new HashSet<>();
            table.getSelectionModel().getSelectedItems().forEach(s -> selected.add(s.id()));
            ItemSnapshot focusedRow = table.getFocusModel().getFocusedItem();
            Long focused = focusedRow == null ? null : focusedRow.id();
            reselect.add(() -> {
                List<ItemSnapshot> rows = table.getItems();
                Set<Long> now = new HashSet<>();
                table.getSelectionModel().getSelectedItems().forEach(s -> now.add(s.id()));
                ItemSnapshot nowFocused = table.getFocusModel().getFocusedItem();
                if (now.equals(selected) && (focused == null || nowFocused != null && focused.equals(nowFocused.id()))) {
                    return;
                }
                List<Integer> indices = new ArrayList<>(selected.size());
                int focusIndex = -1;
                for (int i = 0; i < rows.size(); i++) {
                    long id = rows.get(i).id();
                    if (selected.contains(id)) {
                        indices.add(i);
                    }
                    if (focused != null && focused == id) {
                        focusIndex = i;
                    }
                }
                table.getSelectionModel().clearSelection();
                if (!indices.isEmpty()) {
                    // In one call: a select-all of thousands of rows is not reselected row by row.
                    int[] rest = indices.subList(1, indices.size()).stream().mapToInt(Integer::intValue).toArray();
                    table.getSelectionModel().selectIndices(indices.getFirst(), rest);
                }
                if (focusIndex >= 0) {
                    table.getFocusModel().focus(focusIndex);
                }
            });
        }
        return reselect;
    }

    /** Totals of the whole queue, for the status bar. */
    public ReadOnlyObjectProperty<QueueTotals> totalsProperty() {
        return totals;
    }

    /** How many rows wait paused for room on a full disk; FX thread (the rows are its own). */
    public int waitingForRoom() {
        return (int) queuedRows.stream().filter(ItemSnapshot::waitsForRoom).count();
    }

    /** Told on the FX thread after each applied update (notifications). */
    public void addUpdateListener(QueueListener listener) {
        uiListeners.add(listener);
    }

    private ObservableList<ItemSnapshot> rowsFor(ItemSnapshot snapshot) {
        return switch (snapshot.state()) {
            case QUEUED, ACTIVE, PAUSED -> queuedRows;
            case FAILED, REFUSED -> failedRows;
            // Nothing is left to do for them, and nothing went wrong: with the skipped ones, not under Failed.
            case DONE, SKIPPED, CANCELLED -> doneRows;
        };
    }

    /** On the FX thread: the update's rows moved to their tabs and replaced in place. */
    void apply(QueueListener.Update update) {
        // Keyed by identity: a list's own hashCode would hash every row in it, for every lookup.
        Map<ObservableList<ItemSnapshot>, Set<Long>> leaving = new IdentityHashMap<>();
        Map<ObservableList<ItemSnapshot>, List<ItemSnapshot>> arriving = new IdentityHashMap<>();
        Map<ObservableList<ItemSnapshot>, Map<Long, ItemSnapshot>> staying = new IdentityHashMap<>();
        for (Long id : update.removed()) {
            ObservableList<ItemSnapshot> from = shownIn.remove(id);
            if (from != null) {
                leaving.computeIfAbsent(from, k -> new HashSet<>()).add(id);
            }
        }
        boolean newTransfers = false;
        for (ItemSnapshot snapshot : update.changed()) {
            ObservableList<ItemSnapshot> to = rowsFor(snapshot);
            ObservableList<ItemSnapshot> from = shownIn.put(snapshot.id(), to);
            // Once per batch: a folder's files arrive batch by batch as it is walked, and each arrival
            // took the user away from the tab they were reading.
            newTransfers |= from == null && to == queuedRows && batchesShown.add(snapshot.batch());
            if (from == to) {
                staying.computeIfAbsent(to, k -> new HashMap<>()).put(snapshot.id(), snapshot);
                continue;
            }
            if (from != null) {
                leaving.computeIfAbsent(from, k -> new HashSet<>()).add(snapshot.id());
            }
            arriving.computeIfAbsent(to, k -> new ArrayList<>()).add(snapshot);
        }
        List<Runnable> reselect = keepSelections();
        leaving.forEach((rows, ids) -> rows.removeIf(s -> ids.contains(s.id())));
        // A row arriving in Queued (added, retried) or one whose priority or place changed may belong
        // anywhere in the line, not where it landed: the queue puts folders and higher priorities first by itself.
        boolean queuedOrderMayChange = arriving.containsKey(queuedRows);
        for (Map.Entry<ObservableList<ItemSnapshot>, Map<Long, ItemSnapshot>> entry : staying.entrySet()) {
            ObservableList<ItemSnapshot> rows = entry.getKey();
            Map<Long, ItemSnapshot> latest = entry.getValue();
            for (int i = 0; i < rows.size() && !latest.isEmpty(); i++) {
                ItemSnapshot replacement = latest.remove(rows.get(i).id());
                if (replacement != null) {
                    queuedOrderMayChange |= rows == queuedRows && (replacement.priority() != rows.get(i).priority()
                            || replacement.sequence() != rows.get(i).sequence());
                    rows.set(i, replacement);
                }
            }
        }
        arriving.forEach(ObservableList::addAll);
        if (queuedOrderMayChange && update.takenNanos() - userMovedNanos < 0) {
            // Taken before the user's last move: its rows carry the places they had before it, and
            // sorting by them showed the move undone until the next update.
            showQueuedRowsInQueueOrder();
        } else if (queuedOrderMayChange) {
            putInRunOrder();
        }
        reselect.forEach(Runnable::run);
        // A tab the user chose after the transfers were added, while they were on their way here (up to
        // a third of a second), is where the user wants to be: turning away from it undid their click. The
        // saved queue restored at start does not turn the pane either: the user did not just begin it (R17).
        boolean begunByTheUser = update.newBatchNanos() != QueueListener.Update.NOTHING_ADDED;
        boolean chosenSince = begunByTheUser && tabChosenNanos - update.newBatchNanos() > 0;
        if (newTransfers && !queued.isSelected() && begunByTheUser && !chosenSince) {
            // New transfers (not a retry, whose user stays where they acted) are what the user now
            // waits for: shown, as FileZilla shows its queued files, not left behind Failed or Successful.
            turningToQueued = true;
            try {
                getSelectionModel().select(queued);
            } finally {
                turningToQueued = false;
            }
        }
        if (update.totals() != null && update.totals().processing() != processing) {
            processing = update.totals().processing();
            // No row changed, only what waiting means: the cells are drawn again with the new words.
            tables.forEach(TableView::refresh);
        }
        totals.set(update.totals());
        updateTitles();
        uiListeners.forEach(l -> l.queueChanged(update));
    }

    private void updateTitles() {
        QueueTotals t = totals.get();
        if (t == null) {
            return;
        }
        queued.setText(I18n.t("queue.queued", t.queued() + t.active() + t.paused()));
        // Refused items are listed under Failed too (nothing is left to do for them but read why).
        failed.setText(I18n.t("queue.failed", t.failed() + t.refused()));
        // Skipped files share the tab (nothing is left to do for them) but are not counted as successes.
        String doneTitle = t.skipped() > 0 ? I18n.t("queue.doneAndSkipped", t.done(), t.skipped()) : I18n.t("queue.done", t.done());
        done.setText(t.cancelled() > 0 ? doneTitle + I18n.t("queue.andCancelled", t.cancelled()) : doneTitle);
    }

    private TableView<ItemSnapshot> table(String id) {
        TableView<ItemSnapshot> table = new TableView<>();
        table.setId(id);
        table.getStyleClass().add("queue-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(new javafx.scene.control.Label(""));
        table.getColumns().add(pathColumn("queue.local", "queue-local", s -> s.localPath().toString()));
        table.getColumns().add(column("queue.direction", 85, s -> s.direction() == Direction.DOWNLOAD ? "←" : "→"));
        table.getColumns().add(pathColumn("queue.remote", "queue-remote", ItemSnapshot::remotePath));
        TableColumn<ItemSnapshot, String> server = column("queue.server", 150, ItemSnapshot::endpointDisplay);
        server.setCellFactory(c -> styled("queue-server"));
        table.getColumns().add(server);
        table.getColumns().add(column("queue.size", 80, s -> Formats.size(s.size())));
        TableColumn<ItemSnapshot, ItemSnapshot> progress = new TableColumn<>(I18n.t("queue.progress"));
        progress.setPrefWidth(110);
        progress.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        progress.setCellFactory(c -> new ProgressCell());
        table.getColumns().add(progress);
        table.getColumns().add(column("queue.speed", 80, s -> Formats.speed(s.speed())));
        table.getColumns().add(column("queue.eta", 70, s -> Formats.duration(s.etaSeconds())));
        TableColumn<ItemSnapshot, ItemSnapshot> status = new TableColumn<>(I18n.t("queue.status"));
        status.setPrefWidth(300);
        status.setMinWidth(150);
        status.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        status.setCellFactory(c -> new StatusCell(() -> processing));
        table.getColumns().add(status);
        // The Status column takes the room a wide window has: its failures are long sentences.
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_LAST_COLUMN);
        TableContextMenu.install(table, () -> menu(List.copyOf(table.getSelectionModel().getSelectedItems())));
        // Delete removes the chosen transfers, as the menu's Remove does: the key every file list here answers.
        table.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.DELETE && !table.getSelectionModel().isEmpty()) {
                List.copyOf(table.getSelectionModel().getSelectedItems()).forEach(s -> queue.remove(s.id()));
                e.consume();
            }
        });
        return table;
    }

    /**
     * A path cut at its start when the column is narrow, the whole of it in a tooltip: the file's name is what tells
     * one row from the next (T8, T10: the remote column began with the server and never showed a name).
     */
    private static TableColumn<ItemSnapshot, String> pathColumn(String key, String styleClass,
                                                                java.util.function.Function<ItemSnapshot, String> value) {
        TableColumn<ItemSnapshot, String> column = column(key, 240, value);
        column.setCellFactory(c -> {
            TableCell<ItemSnapshot, String> cell = styled(styleClass);
            cell.setTextOverrun(javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS);
            return cell;
        });
        return column;
    }

    /** A plain text cell with {@code styleClass}, its text in a tooltip too (a column is seldom wide enough). */
    private static TableCell<ItemSnapshot, String> styled(String styleClass) {
        TableCell<ItemSnapshot, String> cell = new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null ? null : new javafx.scene.control.Tooltip(text));
            }
        };
        cell.getStyleClass().add(styleClass);
        return cell;
    }

    private static TableColumn<ItemSnapshot, String> column(String key, double width,
                                                           java.util.function.Function<ItemSnapshot, String> value) {
        TableColumn<ItemSnapshot, String> column = new TableColumn<>(I18n.t(key));
        column.setPrefWidth(width);
        column.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(c.getValue())));
        return column;
    }

    /** Runs when the user retries or resumes items: questions they cancelled earlier may be asked again. */
    public void setOnRetry(Runnable action) {
        onRetry = action;
    }

    /** Each entry acts on the chosen rows it applies to, and is offered only when there is one. */
    ContextMenu menu(List<ItemSnapshot> selection) {
        MenuItem retry = item("queue.retry", selection, s -> s.state().isRetryable(), s -> {
            onRetry.run();
            queue.retry(s.id());
        });
        MenuItem remove = item("queue.remove", selection, s -> true, s -> queue.remove(s.id()));
        MenuItem cancel = item("queue.cancel", selection, s -> !s.state().isFinished(), s -> queue.cancel(s.id()));
        // Only waiting items have a place in the line: a running one has left it.
        java.util.function.Predicate<ItemSnapshot> waiting = s -> s.state() == ItemState.QUEUED || s.state() == ItemState.PAUSED;
        // Each move is one item at a time: moved in the right order, the chosen ones keep theirs among themselves.
        MenuItem top = move("queue.moveToTop", selection, waiting, true, queue::moveToTop);
        MenuItem up = step("queue.moveUp", selection, waiting, true);
        MenuItem down = step("queue.moveDown", selection, waiting, false);
        MenuItem bottom = move("queue.moveToBottom", selection, waiting, false, queue::moveToBottom);
        MenuItem pause = item("queue.pause", selection,
                s -> s.state() == ItemState.QUEUED || s.state() == ItemState.ACTIVE, s -> queue.pause(s.id()));
        MenuItem resume = item("queue.resume", selection, s -> s.state() == ItemState.PAUSED, s -> {
            onRetry.run();
            queue.resume(s.id());
        });
        MenuItem folder = new MenuItem(I18n.t("action.openFolder"));
        folder.setDisable(selection.size() != 1);
        folder.setOnAction(e -> {
            Path parent = selection.getFirst().localPath().toAbsolutePath().getParent();
            if (parent != null) {
                DesktopOpener.showFolder(parent);
            }
        });
        return new ContextMenu(retry, remove, cancel, new SeparatorMenuItem(), top, up, down, bottom,
                new SeparatorMenuItem(), pause, resume, new SeparatorMenuItem(), folder);
    }

    /** Moves the chosen items it applies to, in the queue's running order, or against it when {@code lastFirst}. */
    private MenuItem move(String key, List<ItemSnapshot> selection, java.util.function.Predicate<ItemSnapshot> applies,
                          boolean lastFirst, java.util.function.LongConsumer action) {
        List<Long> concerned = selection.stream().filter(applies).map(ItemSnapshot::id).toList();
        MenuItem item = new MenuItem(I18n.t(key));
        item.setDisable(concerned.isEmpty());
        item.setOnAction(e -> {
            List<Long> ordered = new ArrayList<>(queue.inRunOrder(concerned));
            if (lastFirst) {
                java.util.Collections.reverse(ordered);
            }
            ordered.forEach(action::accept);
            showRunOrder();
        });
        return item;
    }

    /**
     * Moves the chosen items it applies to one place, as a block: one by one, the first of a block
     * already on top stayed and the second went past it.
     */
    private MenuItem step(String key, List<ItemSnapshot> selection, java.util.function.Predicate<ItemSnapshot> applies,
                          boolean up) {
        List<Long> concerned = selection.stream().filter(applies).map(ItemSnapshot::id).toList();
        MenuItem item = new MenuItem(I18n.t(key));
        item.setDisable(concerned.isEmpty());
        item.setOnAction(e -> {
            queue.moveAll(concerned, up);
            showRunOrder();
        });
        return item;
    }

    /**
     * After a user's move: the Queued rows in the order the queue now runs them. Asked of the queue
     * (under its lock, as the move itself was): the rows' snapshots still carry the places they had
     * before the move, until the update that follows it.
     */
    private void showRunOrder() {
        userMovedNanos = System.nanoTime();
        List<Runnable> reselect = keepSelections();
        showQueuedRowsInQueueOrder();
        reselect.forEach(Runnable::run);
    }

    private void showQueuedRowsInQueueOrder() {
        Map<Long, ItemSnapshot> byId = HashMap.newHashMap(queuedRows.size());
        List<Long> ids = new ArrayList<>(queuedRows.size());
        for (ItemSnapshot row : queuedRows) {
            byId.put(row.id(), row);
            ids.add(row.id());
        }
        List<ItemSnapshot> sorted = new ArrayList<>(queuedRows.size());
        for (Long id : queue.inRunOrder(ids)) {
            sorted.add(byId.remove(id));
        }
        // Rows the queue no longer knows (removed meanwhile) stay last until their removal arrives.
        for (ItemSnapshot row : queuedRows) {
            if (byId.containsKey(row.id())) {
                sorted.add(row);
            }
        }
        showQueuedRows(sorted);
    }

    /**
     * Sorts the Queued rows into the order the queue runs them, from what their snapshots carry:
     * updates keep each row where it is, so without this a row stayed where it arrived. Not asked
     * of the queue: its lock is held by workers many times a second, and the FX thread, waiting
     * for it behind a worker that was off the CPU, froze the window for a third of a second. The
     * caller keeps the selection.
     */
    private void putInRunOrder() {
        List<ItemSnapshot> sorted = new ArrayList<>(queuedRows);
        sorted.sort(ItemSnapshot.RUN_ORDER);
        showQueuedRows(sorted);
    }

    private void showQueuedRows(List<ItemSnapshot> sorted) {
        // By identity: most updates change no order, and comparing thousands of snapshots field by field is not free.
        boolean same = true;
        for (int i = 0; i < sorted.size() && same; i++) {
            same = sorted.get(i) == queuedRows.get(i);
        }
        if (!same) {
            queuedRows.setAll(sorted);
        }
    }

    private static MenuItem item(String key, List<ItemSnapshot> selection, java.util.function.Predicate<ItemSnapshot> applies,
                                 java.util.function.Consumer<ItemSnapshot> action) {
        List<ItemSnapshot> concerned = selection.stream().filter(applies).toList();
        MenuItem item = new MenuItem(I18n.t(key));
        item.setDisable(concerned.isEmpty());
        item.setOnAction(e -> concerned.forEach(action));
        return item;
    }

    /**
     * The bar stays the cell's graphic and is only hidden: swapping graphics re-applies CSS to the
     * bar on every update, which at ten updates a second over many rows is what slows the window.
     * The percentage is written over the bar, as in FileZilla's queue.
     */
    private static final class ProgressCell extends TableCell<ItemSnapshot, ItemSnapshot> {
        private final ProgressBar bar = new ProgressBar(0);
        private final javafx.scene.control.Label percent = new javafx.scene.control.Label();
        private final javafx.scene.layout.StackPane graphic = new javafx.scene.layout.StackPane(bar, percent);

        ProgressCell() {
            bar.setMaxWidth(Double.MAX_VALUE);
            percent.getStyleClass().add("progress-percent");
            graphic.setVisible(false);
            setGraphic(graphic);
        }

        @Override
        protected void updateItem(ItemSnapshot s, boolean empty) {
            super.updateItem(s, empty);
            // A skipped or refused file never moved, a cancelled one moves no more, and one waiting for an answer
            // does not move: an empty or part-filled bar would read as a stalled transfer.
            if (empty || s == null || s.directory() || s.state() == ItemState.SKIPPED || s.state() == ItemState.REFUSED
                    || s.state() == ItemState.CANCELLED
                    || s.awaitingAnswer()) {
                graphic.setVisible(false);
                return;
            }
            double fraction = Percent.fraction(s);
            fraction = fraction < 0 ? ProgressBar.INDETERMINATE_PROGRESS : fraction;
            if (bar.getProgress() != fraction) {
                bar.setProgress(fraction);
            }
            String text = Percent.text(s);
            if (!text.equals(percent.getText())) {
                percent.setText(text);
            }
            graphic.setVisible(true);
        }
    }

    /** Errors are marked with a pseudo-class and one reused tooltip, for the same reason. */
    private static final class StatusCell extends TableCell<ItemSnapshot, ItemSnapshot> {
        private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
        private final Tooltip tooltip = new Tooltip();
        private final java.util.function.BooleanSupplier processing;

        StatusCell(java.util.function.BooleanSupplier processing) {
            this.processing = processing;
            getStyleClass().add("queue-status");
        }

        @Override
        protected void updateItem(ItemSnapshot s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setText(null);
                setTooltip(null);
                pseudoClassStateChanged(ERROR, false);
                return;
            }
            // "Queued" promised a start that a stopped queue will not make until the user switches it on.
            String text = s.awaitingAnswer() ? I18n.t("state.awaitingAnswer")
                    : s.state() == ItemState.QUEUED && !processing.getAsBoolean() ? I18n.t("state.queueStopped")
                    : I18n.t("state." + s.state().name());
            if (s.verification() == Verification.VERIFIED) {
                text += ", " + I18n.t("verification.VERIFIED");
            }
            if (s.state() == ItemState.CANCELLED && s.lastError() != null) {
                // Its reason says it was cancelled ("Cancelled with the rest of its batch"): "Cancelled: " again adds nothing.
                text = I18n.words(s.lastError());
            }
            // A waiting row says why it waits again (a failed try, a server that cannot be reached, one with no
            // session free), tries counted or not (T3: an outage costs no try, and the row only said "Queued").
            boolean showError = s.lastError() != null && (s.state() == ItemState.FAILED || s.state() == ItemState.REFUSED
                    || s.state() == ItemState.SKIPPED || s.state() == ItemState.QUEUED
                    || s.waitsForRoom());
            if (showError) {
                text += ": " + I18n.words(s.lastError());
            }
            pseudoClassStateChanged(ERROR, showError && (s.state() == ItemState.FAILED || s.state() == ItemState.REFUSED));
            setText(text);
            if (s.lastError() == null) {
                setTooltip(null);
            } else {
                tooltip.setText(I18n.words(s.lastError()));
                setTooltip(tooltip);
            }
        }
    }
}
