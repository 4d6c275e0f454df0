package dev.ferry.ui;

import javafx.event.EventHandler;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;

/**
 * Tooltips made when the pointer first reaches their control. A tooltip is a popup window with its
 * own styled scene root; the window's tool bars hold about fifteen, and making them all before the
 * first frame cost ~0.04 s of every start for popups that most starts never show. The text is the
 * control's accessible help from the start, so screen readers have it without a hover.
 */
public final class HoverTips {

    private HoverTips() {
    }

    public static void install(Control control, String text) {
        control.setAccessibleHelp(text);
        control.addEventFilter(MouseEvent.MOUSE_ENTERED, new EventHandler<>() {
            @Override
            public void handle(MouseEvent event) {
                control.removeEventFilter(MouseEvent.MOUSE_ENTERED, this);
                // Set before the moves that follow this entry: the tooltip's timer starts on a move.
                if (control.getTooltip() == null) {
                    control.setTooltip(new Tooltip(text));
                }
            }
        });
    }
}
