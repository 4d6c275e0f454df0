package dev.ferry.ui;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.TableHeaderRow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

import java.util.function.Supplier;

/**
 * A table's context menu, opened by the right button and from the keyboard (the Menu key or
 * Shift+F10), as on every desktop: JavaFX on Linux turns neither key into a context menu request,
 * so keyboard users could not reach what only the menu offers. One menu at a time: where the
 * platform does send a request for the key too, the second opening replaces the first.
 */
public final class TableContextMenu {

    private final TableView<?> table;
    private final Supplier<ContextMenu> menus;
    private ContextMenu shown;

    private TableContextMenu(TableView<?> table, Supplier<ContextMenu> menus) {
        this.table = table;
        this.menus = menus;
    }

    /** {@code menus} builds the menu for the rows selected when it is asked for. */
    public static void install(TableView<?> table, Supplier<ContextMenu> menus) {
        TableContextMenu menu = new TableContextMenu(table, menus);
        table.setOnContextMenuRequested(e -> {
            if (!e.isKeyboardTrigger()) {
                Node picked = e.getPickResult() == null ? null : e.getPickResult().getIntersectedNode();
                // A request that says nowhere where it was made (one fired by code) keeps the selection.
                TableRow<?> row = picked == null ? null : rowOf(picked, table);
                if (picked != null && !onARowOrHeader(picked, table)) {
                    // A click on no row means none, as on every desktop: the menu offered Delete for
                    // rows chosen earlier, out of sight.
                    table.getSelectionModel().clearSelection();
                } else if (row != null && !row.isEmpty() && !table.getSelectionModel().isSelected(row.getIndex())) {
                    // The row under the pointer, as file managers do: a request that came without a
                    // press that chose it (a long press, a press an open popup kept) acted on the rows
                    // chosen before. A row within the choice keeps the whole choice.
                    table.getSelectionModel().clearAndSelect(row.getIndex());
                    table.getFocusModel().focus(row.getIndex());
                }
                menu.show(e.getScreenX(), e.getScreenY());
            } else if (menu.shown == null || !menu.shown.isShowing()) {
                // Where the platform turns the key into a request too, the key's own menu is up already.
                menu.showAtFocusedRow();
            }
            e.consume();
        });
        table.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.CONTEXT_MENU || (e.getCode() == KeyCode.F10 && e.isShiftDown())) {
                menu.showAtFocusedRow();
                e.consume();
            }
        });
    }

    private static TableRow<?> rowOf(Node picked, TableView<?> table) {
        for (Node node = picked; node != null && node != table; node = node.getParent()) {
            if (node instanceof TableRow<?> row) {
                return row;
            }
        }
        return null;
    }

    private static boolean onARowOrHeader(Node picked, TableView<?> table) {
        for (Node node = picked; node != null && node != table; node = node.getParent()) {
            if (node instanceof TableRow<?> row) {
                return !row.isEmpty();
            }
            if (node instanceof TableHeaderRow) {
                return true;
            }
        }
        return false;
    }

    private void show(double screenX, double screenY) {
        if (shown != null) {
            shown.hide();
        }
        shown = menus.get();
        shown.show(table, screenX, screenY);
    }

    /** Below the focused row's start, as file managers do; at the table's top left when no row has the focus. */
    private void showAtFocusedRow() {
        int focused = table.getFocusModel().getFocusedIndex();
        Bounds where = focused < 0 ? null : rowBounds(focused);
        if (focused >= 0 && where == null) {
            // Scrolled out of sight: bring it in, laid out now rather than at the next pulse.
            table.scrollTo(focused);
            table.layout();
            where = rowBounds(focused);
        }
        if (where != null) {
            show(where.getMinX() + Math.min(40, where.getWidth() / 4), where.getMaxY());
            return;
        }
        Bounds corner = table.localToScreen(table.getBoundsInLocal());
        if (corner != null) {
            show(corner.getMinX() + 40, corner.getMinY() + 40);
        }
    }

    /** The screen bounds of the row at {@code index} when it is shown whole, else null. */
    private Bounds rowBounds(int index) {
        Bounds visible = table.localToScreen(table.getBoundsInLocal());
        return table.lookupAll(".table-row-cell").stream()
                .filter(node -> node instanceof TableRow<?> row && row.getIndex() == index && row.getItem() != null
                        && row.isVisible())
                .map(row -> row.localToScreen(row.getBoundsInLocal()))
                .filter(bounds -> bounds != null && visible != null && bounds.getMinY() >= visible.getMinY()
                        && bounds.getMaxY() <= visible.getMaxY())
                .findFirst().orElse(null);
    }
}
