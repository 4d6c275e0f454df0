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
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The transfer queue at the bottom of the window: Queued, Failed and Successful tabs. The
 * queue's coalesced updates (at most ten a second) replace the changed rows in place.
 */
public final class QueuePane extends TabPane {

    private final TransferQueue queue;
    private final ObservableList<ItemSnapshot> items = FXCollections.observableArrayList();
    private final Map<Long, Integer> index = new HashMap<>();
    private final Tab queued = new Tab();
    private final Tab failed = new Tab();
    private final Tab done = new Tab();
    private final ObjectProperty<QueueTotals> totals = new SimpleObjectProperty<>();
    private final List<QueueListener> uiListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public QueuePane(TransferQueue queue) {
        this.queue = queue;
        setId("queue-tabs");
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
        queued.setContent(table(s -> s.state() == ItemState.QUEUED || s.state() == ItemState.ACTIVE
                || s.state() == ItemState.PAUSED, "queue-queued"));
        failed.setContent(table(s -> s.state() == ItemState.FAILED, "queue-failed"));
        done.setContent(table(s -> s.state() == ItemState.DONE || s.state() == ItemState.SKIPPED, "queue-done"));
        queued.setId("tab-queued");
        failed.setId("tab-failed");
        done.setId("tab-done");
        getTabs().addAll(queued, failed, done);
        items.setAll(queue.snapshot());
        reindex();
        totals.set(queue.totals());
        updateTitles();
        queue.addListener(update -> Platform.runLater(() -> apply(update)));
    }

    /** Totals of the whole queue, for the status bar. */
    public ReadOnlyObjectProperty<QueueTotals> totalsProperty() {
        return totals;
    }

    /** Told on the FX thread after each applied update (notifications). */
    public void addUpdateListener(QueueListener listener) {
        uiListeners.add(listener);
    }

    private void apply(QueueListener.Update update) {
        if (!update.removed().isEmpty()) {
            items.removeIf(s -> update.removed().contains(s.id()));
            reindex();
        }
        for (ItemSnapshot snapshot : update.changed()) {
            Integer at = index.get(snapshot.id());
            if (at != null && at < items.size() && items.get(at).id() == snapshot.id()) {
                items.set(at, snapshot);
            } else {
                index.put(snapshot.id(), items.size());
                items.add(snapshot);
            }
        }
        totals.set(update.totals());
        updateTitles();
        uiListeners.forEach(l -> l.queueChanged(update));
    }

    private void reindex() {
        index.clear();
        for (int i = 0; i < items.size(); i++) {
            index.put(items.get(i).id(), i);
        }
    }

    private void updateTitles() {
        QueueTotals t = totals.get();
        if (t == null) {
            return;
        }
        queued.setText(I18n.t("queue.queued", t.queued() + t.active() + t.paused()));
        failed.setText(I18n.t("queue.failed", t.failed()));
        done.setText(I18n.t("queue.done", t.done() + t.skipped()));
    }

    private TableView<ItemSnapshot> table(Predicate<ItemSnapshot> filter, String id) {
        TableView<ItemSnapshot> table = new TableView<>(new FilteredList<>(items, filter));
        table.setId(id);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(new javafx.scene.control.Label(""));
        table.getColumns().add(column("queue.local", 240, s -> s.localPath().toString()));
        table.getColumns().add(column("queue.direction", 70, s -> s.direction() == Direction.DOWNLOAD ? "←" : "→"));
        table.getColumns().add(column("queue.remote", 240, s -> s.endpointDisplay() + "  " + s.remotePath()));
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
        status.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        status.setCellFactory(c -> new StatusCell());
        table.getColumns().add(status);
        table.setOnContextMenuRequested(e -> {
            List<ItemSnapshot> selection = List.copyOf(table.getSelectionModel().getSelectedItems());
            menu(selection).show(table, e.getScreenX(), e.getScreenY());
        });
        return table;
    }

    private static TableColumn<ItemSnapshot, String> column(String key, double width,
                                                           java.util.function.Function<ItemSnapshot, String> value) {
        TableColumn<ItemSnapshot, String> column = new TableColumn<>(I18n.t(key));
        column.setPrefWidth(width);
        column.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(c.getValue())));
        return column;
    }

    private ContextMenu menu(List<ItemSnapshot> selection) {
        MenuItem retry = item("queue.retry", selection, s -> queue.retry(s.id()));
        MenuItem remove = item("queue.remove", selection, s -> queue.remove(s.id()));
        MenuItem up = item("queue.moveUp", selection, s -> queue.moveUp(s.id()));
        MenuItem down = item("queue.moveDown", selection, s -> queue.moveDown(s.id()));
        MenuItem pause = item("queue.pause", selection, s -> queue.pause(s.id()));
        MenuItem resume = item("queue.resume", selection, s -> queue.resume(s.id()));
        MenuItem folder = new MenuItem(I18n.t("action.openFolder"));
        folder.setDisable(selection.size() != 1);
        folder.setOnAction(e -> {
            Path parent = selection.getFirst().localPath().toAbsolutePath().getParent();
            if (parent != null) {
                DesktopOpener.open(parent);
            }
        });
        return new ContextMenu(retry, remove, new SeparatorMenuItem(), up, down, new SeparatorMenuItem(), pause, resume,
                new SeparatorMenuItem(), folder);
    }

    private static MenuItem item(String key, List<ItemSnapshot> selection, java.util.function.Consumer<ItemSnapshot> action) {
        MenuItem item = new MenuItem(I18n.t(key));
        item.setDisable(selection.isEmpty());
        item.setOnAction(e -> selection.forEach(action));
        return item;
    }

    private static final class ProgressCell extends TableCell<ItemSnapshot, ItemSnapshot> {
        private final ProgressBar bar = new ProgressBar();

        ProgressCell() {
            bar.setMaxWidth(Double.MAX_VALUE);
        }

        @Override
        protected void updateItem(ItemSnapshot s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null || s.directory()) {
                setGraphic(null);
                return;
            }
            double fraction = s.state() == ItemState.DONE ? 1 : s.size() > 0 ? (double) s.bytesDone() / s.size()
                    : s.state() == ItemState.ACTIVE ? ProgressBar.INDETERMINATE_PROGRESS : 0;
            bar.setProgress(fraction);
            setGraphic(bar);
        }
    }

    private static final class StatusCell extends TableCell<ItemSnapshot, ItemSnapshot> {
        @Override
        protected void updateItem(ItemSnapshot s, boolean empty) {
            super.updateItem(s, empty);
            getStyleClass().remove("queue-error");
            if (empty || s == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            String text = I18n.t("state." + s.state().name());
            if (s.verification() == Verification.VERIFIED) {
                text += ", " + I18n.t("verification.VERIFIED");
            }
            if (s.lastError() != null && (s.state() == ItemState.FAILED || s.state() == ItemState.SKIPPED
                    || s.state() == ItemState.QUEUED && s.attempts() > 0)) {
                text += ": " + s.lastError();
                if (s.state() == ItemState.FAILED) {
                    getStyleClass().add("queue-error");
                }
            }
            setText(text);
            setTooltip(s.lastError() == null ? null : new Tooltip(s.lastError()));
        }
    }
}
