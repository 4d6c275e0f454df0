package dev.ferry.ui.explorer;

import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.util.Callback;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Directory comparison: while switched on, the rows of both panes are coloured by how they compare
 * with the other pane's rows of the same name: only on this side, of another size, or newer here.
 * Rows that agree keep the table's own colours. The colours are the theme's looked-up ones
 * ({@code -ferry-cmp-*}), so the dark theme only redefines them.
 */
public final class ComparisonColours {

    /** How a row compares with its namesake on the other side. */
    public enum Mark { SAME, ONLY_HERE, DIFFERS, NEWER }

    static final PseudoClass ONLY_HERE = PseudoClass.getPseudoClass("only-here");
    static final PseudoClass DIFFERS = PseudoClass.getPseudoClass("differs");
    static final PseudoClass NEWER = PseudoClass.getPseudoClass("newer");
    /** Listings give minutes at best (LIST without MLSD): closer times are taken as equal. */
    private static final Duration TOLERANCE = Duration.ofMinutes(1);

    private final FilePane local;
    private final FilePane remote;
    private final ObservableBooleanValue enabled;
    private Map<String, Mark> localMarks = Map.of();
    private Map<String, Mark> remoteMarks = Map.of();
    /** Whether rows are coloured now: the legends show while they are. */
    private final javafx.beans.property.BooleanProperty colouring = new javafx.beans.property.SimpleBooleanProperty();

    private ComparisonColours(FilePane local, FilePane remote, ObservableBooleanValue enabled) {
        this.local = local;
        this.remote = remote;
        this.enabled = enabled;
    }

    /** Colours {@code local} and {@code remote} while {@code enabled} holds. Call on the FX thread. */
    public static ComparisonColours attach(FilePane local, FilePane remote, ObservableBooleanValue enabled) {
        ComparisonColours colours = new ComparisonColours(local, remote, enabled);
        colours.decorate(local.table(), true);
        colours.decorate(remote.table(), false);
        local.addToStatusLine(colours.legend());
        remote.addToStatusLine(colours.legend());
        ListChangeListener<FileRow> changed = c -> colours.update();
        local.table().getItems().addListener(changed);
        remote.table().getItems().addListener(changed);
        // A row the other pane's filter hides still exists there: compared with all of them, or a
        // filter on one side coloured the other side's files "only here".
        local.allRows().addListener(changed);
        remote.allRows().addListener(changed);
        enabled.addListener((o, was, on) -> colours.update());
        colours.update();
        return colours;
    }

    /** The mark of a row of one side, for tests and the row factory. */
    public Mark mark(boolean localSide, String name) {
        return (localSide ? localMarks : remoteMarks).getOrDefault(name, Mark.SAME);
    }

    private void decorate(TableView<FileRow> table, boolean localSide) {
        Callback<TableView<FileRow>, TableRow<FileRow>> inner = table.getRowFactory();
        table.setRowFactory(view -> {
            TableRow<FileRow> row = inner == null ? new TableRow<>() : inner.call(view);
            row.itemProperty().addListener((o, was, item) -> paint(row, localSide));
            paint(row, localSide);
            return row;
        });
    }

    private void paint(TableRow<FileRow> row, boolean localSide) {
        FileRow item = row.getItem();
        Mark mark = item == null ? Mark.SAME : mark(localSide, item.name());
        row.pseudoClassStateChanged(ONLY_HERE, mark == Mark.ONLY_HERE);
        row.pseudoClassStateChanged(DIFFERS, mark == Mark.DIFFERS);
        row.pseudoClassStateChanged(NEWER, mark == Mark.NEWER);
    }

    /**
     * What each colour means, beside the pane's status line while rows are coloured: the colours
     * alone left a user to guess which meant newer and which another size.
     */
    private javafx.scene.Node legend() {
        javafx.scene.layout.HBox legend = new javafx.scene.layout.HBox(10,
                key("only-here", "compare.legend.onlyHere"), key("differs", "compare.legend.differs"),
                key("newer", "compare.legend.newer"));
        legend.getStyleClass().add("comparison-legend");
        legend.setAlignment(javafx.geometry.Pos.CENTER_RIGHT);
        legend.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        legend.visibleProperty().bind(colouring);
        legend.managedProperty().bind(colouring);
        return legend;
    }

    private static javafx.scene.control.Label key(String mark, String words) {
        javafx.scene.layout.Region swatch = new javafx.scene.layout.Region();
        swatch.getStyleClass().addAll("comparison-swatch", mark);
        javafx.scene.control.Label label = new javafx.scene.control.Label(dev.ferry.ui.I18n.t(words), swatch);
        label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        dev.ferry.ui.HoverTips.install(label, dev.ferry.ui.I18n.t("compare.legend.tip"));
        return label;
    }

    private void update() {
        boolean on = enabled.get() && local.location() != null && remote.location() != null;
        colouring.set(on);
        localMarks = on ? marks(local.table().getItems(), remote.allRows()) : Map.of();
        remoteMarks = on ? marks(remote.table().getItems(), local.allRows()) : Map.of();
        // Rows are rebuilt through the row factory, which paints them with the new marks.
        local.table().refresh();
        remote.table().refresh();
    }

    static Map<String, Mark> marks(List<FileRow> here, List<FileRow> there) {
        Map<String, FileRow> others = new HashMap<>();
        for (FileRow row : there) {
            others.put(row.name(), row);
        }
        Map<String, Mark> marks = new HashMap<>();
        for (FileRow row : here) {
            if (row.isUp()) {
                continue;
            }
            FileRow other = others.get(row.name());
            Mark mark;
            if (other == null || other.isFolder() != row.isFolder()) {
                mark = Mark.ONLY_HERE;
            } else if (row.isFolder()) {
                mark = Mark.SAME;
            } else if (row.exactSize() >= 0 && other.exactSize() >= 0 && row.exactSize() != other.exactSize()) {
                mark = Mark.DIFFERS;
            } else if (newer(row.modified(), other.modified())) {
                mark = Mark.NEWER;
            } else {
                mark = Mark.SAME;
            }
            if (mark != Mark.SAME) {
                marks.put(row.name(), mark);
            }
        }
        return marks;
    }

    private static boolean newer(Instant here, Instant there) {
        return here != null && there != null && Duration.between(there, here).compareTo(TOLERANCE) > 0;
    }
}
