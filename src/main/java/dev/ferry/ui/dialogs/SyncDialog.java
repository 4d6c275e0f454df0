package dev.ferry.ui.dialogs;

import dev.ferry.ftp.listing.RemoteEntry.TimePrecision;
import dev.ferry.message.Message;
import dev.ferry.sync.FileState;
import dev.ferry.sync.PlannedAction;
import dev.ferry.sync.SyncAction;
import dev.ferry.sync.SyncDirection;
import dev.ferry.sync.SyncOptions;
import dev.ferry.sync.SyncPlan;
import dev.ferry.sync.SyncText;
import dev.ferry.ui.Formats;
import dev.ferry.ui.I18n;
import dev.ferry.ui.Theme;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * "Synchronize…": the plan before anything is done. One row per path with what will happen and
 * why, both sides' sizes and times (the server's corrected to this computer's clock); unchanged
 * paths are hidden unless asked for. Whether to delete what the source lacks, and whether the
 * source wins a conflict, are chosen here, and the plan shown follows. Start runs the plan (the
 * caller does that, off the FX thread, with a {@link dev.ferry.sync.SyncRunner}); Cancel does
 * nothing. Conflicts and refused paths are listed and left alone by the run.
 */
public final class SyncDialog {

    /** The button that runs the plan. */
    public static final ButtonType START = new ButtonType(I18n.t("dialog.sync.start"), ButtonBar.ButtonData.OK_DONE);

    private static final double WIDTH = 1080;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final List<SyncAction> SUMMARY_ORDER = List.of(SyncAction.DOWNLOAD, SyncAction.UPLOAD,
            SyncAction.DELETE_LOCAL, SyncAction.DELETE_REMOTE, SyncAction.CONFLICT, SyncAction.REFUSED, SyncAction.SKIP,
            SyncAction.SAME);

    private SyncDialog() {
    }

    /**
     * Shows the plan and waits; the plan to run when the user chose Start. {@code replan} plans the
     * same comparison again with other choices (deleting, the source winning conflicts); it is
     * called on the FX thread and must not touch the network or the disk.
     */
    public static java.util.Optional<SyncPlan> ask(Window owner, SyncPlan plan, String serverFolder,
                                                   Function<SyncOptions, SyncPlan> replan) {
        return create(owner, plan, serverFolder, replan).showAndWait();
    }

    /** The dialog without choices, not yet shown. */
    public static Dialog<SyncPlan> create(Window owner, SyncPlan plan, String serverFolder) {
        return create(owner, plan, serverFolder, null);
    }

    /**
     * The dialog, not yet shown; its result is the plan shown when Start was chosen. {@code
     * serverFolder} names the server's side, e.g. "ftp://user@host/site". Without {@code replan},
     * the choices are not offered.
     */
    public static Dialog<SyncPlan> create(Window owner, SyncPlan plan, String serverFolder,
                                          Function<SyncOptions, SyncPlan> replan) {
        Dialog<SyncPlan> dialog = new Dialog<>();
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setResizable(true);
        dialog.setTitle(I18n.t("dialog.sync.title"));
        dialog.getDialogPane().setId("sync-dialog");
        // The theme's looked-up colours (-ferry-accent...) colour the actions.
        Theme.styleDialog(dialog.getDialogPane());
        // Paths can be long: the header wraps instead of widening the dialog past the screen.
        Label direction = new Label(I18n.words(Message.of(plan.direction() == SyncDirection.DOWNLOAD
                ? SyncText.DIRECTION_DOWNLOAD : SyncText.DIRECTION_UPLOAD, serverFolder, plan.localRoot())));
        direction.setId("sync-direction");
        direction.setWrapText(true);
        direction.setMaxWidth(WIDTH);
        direction.setStyle("-fx-font-size: 14px; -fx-font-weight: bold;");
        VBox header = new VBox(direction);
        header.getStyleClass().add("header-panel");
        header.setPadding(new Insets(10, 12, 10, 12));
        dialog.getDialogPane().setHeader(header);
        dialog.getDialogPane().getButtonTypes().addAll(START, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(START).setId("sync-start");

        CheckBox showSame = new CheckBox(I18n.t("dialog.sync.showSame"));
        showSame.setId("sync-show-same");
        List<Node> choices = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<SyncPlan> shown = new java.util.concurrent.atomic.AtomicReference<>(plan);
        if (replan != null) {
            boolean download = plan.direction() == SyncDirection.DOWNLOAD;
            // Off unless chosen for this run, whatever was chosen before: a deletion is not a habit to carry over.
            CheckBox delete = new CheckBox(I18n.t(download ? "dialog.sync.deleteLocal" : "dialog.sync.deleteRemote"));
            delete.setId("sync-delete");
            delete.setSelected(plan.options().delete());
            delete.setStyle("-fx-text-fill: -ferry-error;");
            CheckBox sourceWins = new CheckBox(I18n.t(download ? "dialog.sync.serverWins" : "dialog.sync.localWins"));
            sourceWins.setId("sync-source-wins");
            sourceWins.setSelected(plan.options().sourceWins());
            sourceWins.setStyle("-fx-text-fill: -ferry-error;");
            Runnable planAgain = () -> {
                // The new table keeps the row chosen and the place scrolled to (R11: back to the top, nothing chosen).
                TableView<PlannedAction> before = planTable(dialog);
                String chosen = before == null || before.getSelectionModel().getSelectedItem() == null ? null
                        : before.getSelectionModel().getSelectedItem().path();
                String top = firstVisiblePath(before);
                SyncPlan next = replan.apply(shown.get().options().withDelete(delete.isSelected())
                        .withSourceWins(sourceWins.isSelected()));
                shown.set(next);
                fill(dialog, next, showSame, choices);
                keepPlace(planTable(dialog), chosen, top);
            };
            delete.selectedProperty().addListener((o, was, now) -> planAgain.run());
            sourceWins.selectedProperty().addListener((o, was, now) -> planAgain.run());
            choices.add(new FlowPane(18, 4, delete, sourceWins));
        }
        fill(dialog, plan, showSame, choices);
        dialog.setResultConverter(button -> button == START ? shown.get() : null);
        return dialog;
    }

    @SuppressWarnings("unchecked")
    private static TableView<PlannedAction> planTable(Dialog<SyncPlan> dialog) {
        return (TableView<PlannedAction>) dialog.getDialogPane().lookup("#sync-plan");
    }

    private static String firstVisiblePath(TableView<PlannedAction> table) {
        if (table != null && table.lookup(".virtual-flow") instanceof javafx.scene.control.skin.VirtualFlow<?> flow
                && flow.getFirstVisibleCell() != null) {
            int index = flow.getFirstVisibleCell().getIndex();
            return index >= 0 && index < table.getItems().size() ? table.getItems().get(index).path() : null;
        }
        return null;
    }

    private static void keepPlace(TableView<PlannedAction> table, String chosen, String top) {
        List<String> paths = table.getItems().stream().map(PlannedAction::path).toList();
        int topIndex = top == null ? -1 : paths.indexOf(top);
        if (topIndex >= 0) {
            table.scrollTo(topIndex);
        }
        int chosenIndex = chosen == null ? -1 : paths.indexOf(chosen);
        if (chosenIndex >= 0) {
            table.getSelectionModel().select(chosenIndex);
        }
    }

    /** The dialog's content for one plan: a choice made replaces the plan, the rest stays as the user set it. */
    private static void fill(Dialog<SyncPlan> dialog, SyncPlan plan, CheckBox showSame, List<Node> choices) {
        Label clock = note(I18n.words(plan.clock().note()), "sync-clock");
        if (!plan.clock().verified()) {
            clock.setStyle("-fx-text-fill: -ferry-warning;");
        }
        Label checksum = note(I18n.words(plan.comparison().checksum()
                .map(c -> Message.of(SyncText.CHECKSUM_BY, c.algorithm(), c.command()))
                .orElse(Message.of(plan.options().checksums() == SyncOptions.Checksums.NEVER ? SyncText.CHECKSUM_OFF
                        : SyncText.CHECKSUM_NONE))), "sync-checksum");

        FlowPane summary = new FlowPane(18, 4);
        summary.setId("sync-summary");
        Map<SyncAction, SyncPlan.Count> counts = plan.counts();
        for (SyncAction action : SUMMARY_ORDER) {
            SyncPlan.Count count = counts.get(action);
            if (count != null) {
                Label chip = new Label(actionWords(action) + ": " + describe(count));
                chip.setStyle(colour(action) + "-fx-font-weight: bold;");
                summary.getChildren().add(chip);
            }
        }

        FilteredList<PlannedAction> rows = new FilteredList<>(FXCollections.observableArrayList(plan.actions()),
                row -> showSame.isSelected() || row.action() != SyncAction.SAME);
        TableView<PlannedAction> table = table(plan, rows);
        // A listener per table shown: the one of a replaced table would keep filtering rows no one sees.
        javafx.beans.value.ChangeListener<Boolean> filter = (o, was, show) ->
                rows.setPredicate(row -> show || row.action() != SyncAction.SAME);
        showSame.selectedProperty().addListener(filter);
        table.sceneProperty().addListener((o, was, scene) -> {
            if (scene == null) {
                showSame.selectedProperty().removeListener(filter);
            }
        });

        // The Why column cuts a long reason; the chosen row's is said whole here.
        Label why = note("", "sync-why");
        why.setMinHeight(Region.USE_PREF_SIZE);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, row) -> why.setText(row == null ? ""
                : row.path() + (row.directory() ? "/" : "") + ": " + I18n.words(row.reason())));
        VBox content = new VBox(8, clock, checksum);
        content.getChildren().addAll(choices);
        content.getChildren().addAll(summary, showSame, table, why);
        if (plan.unresolved() > 0) {
            Label left = note(I18n.t("dialog.sync.leftAlone", plan.unresolved()), "sync-left-alone");
            left.setStyle("-fx-text-fill: -ferry-warning;");
            content.getChildren().add(left);
        }
        if (!plan.hasWork()) {
            // "Both sides agree" read wrong above rows that differ and are left alone (U4).
            boolean listed = plan.actions().stream().anyMatch(row -> row.action() != SyncAction.SAME);
            content.getChildren().add(note(I18n.t(listed ? "dialog.sync.nothingToDoButListed" : "dialog.sync.nothingToDo"),
                    "sync-nothing"));
        }
        VBox.setVgrow(table, Priority.ALWAYS);
        content.setPadding(new Insets(4, 0, 0, 0));
        content.setPrefSize(WIDTH, 520);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().lookupButton(START).setDisable(!plan.hasWork());
    }

    private static TableView<PlannedAction> table(SyncPlan plan, FilteredList<PlannedAction> rows) {
        TableView<PlannedAction> table = new TableView<>(rows);
        table.setId("sync-plan");
        table.setPlaceholder(new Label(I18n.t("dialog.sync.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<PlannedAction, PlannedAction> action = new TableColumn<>(I18n.t("dialog.sync.action"));
        action.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue()));
        action.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(PlannedAction row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setText(null);
                    setStyle("");
                    setTooltip(null);
                    return;
                }
                setText(actionWords(row.action()) + (row.forced() ? " !" : ""));
                setStyle(colour(row.action()));
                setTooltip(row.forced() ? new Tooltip(I18n.t("dialog.sync.forced")) : null);
            }
        });
        action.setPrefWidth(120);
        ZoneId here = ZoneId.systemDefault();
        table.getColumns().add(action);
        table.getColumns().add(text(I18n.t("dialog.sync.path"), PlannedAction::shownPath, 190));
        table.getColumns().add(text(I18n.t("dialog.sync.localSize"), row -> size(row.local()), 80));
        table.getColumns().add(text(I18n.t("dialog.sync.localTime"),
                row -> row.local() == null || !row.local().isFile() ? "" : Formats.date(row.local().time()), 130));
        table.getColumns().add(text(I18n.t("dialog.sync.remoteSize"), row -> size(row.remote()), 105));
        table.getColumns().add(text(I18n.t("dialog.sync.remoteTime"), row -> remoteTime(row, plan, here), 130));
        table.getColumns().add(text(I18n.t("dialog.sync.reason"), row -> I18n.words(row.reason()), 300));
        table.getColumns().forEach(c -> c.setSortable(false));
        return table;
    }

    private static TableColumn<PlannedAction, String> text(String title, Function<PlannedAction, String> value,
                                                           double width) {
        TableColumn<PlannedAction, String> column = new TableColumn<>(title);
        column.setCellValueFactory(row -> new ReadOnlyStringWrapper(value.apply(row.getValue())));
        column.setPrefWidth(width);
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                // The whole text when a narrow column cuts it.
                setTooltip(empty || text == null || text.isEmpty() ? null : new Tooltip(text));
            }
        });
        return column;
    }

    private static String size(FileState state) {
        return state == null || !state.isFile() ? "" : Formats.size(state.size());
    }

    /** A date without a time is the server's own date: shown as listed, not moved to this computer's zone. */
    private static String remoteTime(PlannedAction row, SyncPlan plan, ZoneId here) {
        FileState remote = row.remote();
        if (remote == null || !remote.isFile() || remote.time() == null) {
            return "";
        }
        if (remote.precision() == TimePrecision.DAYS) {
            return DAY.format(remote.time().atZone(plan.clock().zone()));
        }
        Instant time = row.remoteTime();
        return time == null ? "" : Formats.date(time);
    }

    private static Label note(String text, String id) {
        Label label = new Label(text);
        label.setId(id);
        label.setWrapText(true);
        label.setStyle("-fx-text-fill: -ferry-muted;");
        return label;
    }

    private static String actionWords(SyncAction action) {
        return I18n.words(Message.of(SyncText.of(action)));
    }

    private static String describe(SyncPlan.Count count) {
        List<String> parts = new java.util.ArrayList<>();
        if (count.files() > 0) {
            parts.add(I18n.t("dialog.sync.files", count.files()));
        }
        if (count.folders() > 0) {
            parts.add(I18n.t("dialog.sync.folders", count.folders()));
        }
        String text = String.join(", ", parts);
        return count.bytes() > 0 ? text + " (" + Formats.size(count.bytes()) + ")" : text;
    }

    /** Looked-up colours of the theme, so the dark theme colours them too. */
    private static String colour(SyncAction action) {
        return switch (action) {
            case UPLOAD, DOWNLOAD -> "-fx-text-fill: -ferry-accent;";
            case DELETE_LOCAL, DELETE_REMOTE, REFUSED -> "-fx-text-fill: -ferry-error;";
            case CONFLICT -> "-fx-text-fill: -ferry-warning;";
            case SAME, SKIP -> "-fx-text-fill: -ferry-muted;";
        };
    }
}
