package dev.ferry.ui;

import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/** The words of a notification in the window's corner. */
public final class Notices {

    private static final double WIDTH = 400;

    private Notices() {
    }

    /**
     * Wrapped: a notification's own text runs on one line, off the screen for a long name or
     * error. The notification places itself by its height asked without a width: answered for the
     * width it will have, or it is placed for one line and its last line hangs off the bottom.
     */
    public static Label wrapped(String text, String id) {
        Label words = new Label(text) {
            @Override
            protected double computePrefHeight(double width) {
                return super.computePrefHeight(width < 0 ? getPrefWidth() : width);
            }
        };
        words.setId(id);
        words.setWrapText(true);
        words.setPrefWidth(WIDTH);
        words.setMinHeight(Region.USE_PREF_SIZE);
        return words;
    }
}
