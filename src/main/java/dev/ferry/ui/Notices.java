package dev.ferry.ui;

import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/** The words of a notification in the window's corner. */
public final class Notices {

    private static final double WIDTH = 400;

    private Notices() {
    }

    /**
     * The notice of a server found unreachable, as the window shows it: once, at the outage's first
     * try, and left on screen while the queue tries again with longer and longer pauses. The
     * queue's words count down to the next try ("again in 1 s"), true for a line of the command
     * line's log, stale in a notification: these say what goes on instead.
     */
    public static String outage(dev.ferry.message.Message notice) {
        java.util.List<Object> arguments = notice.arguments();
        if (notice.key() != dev.ferry.transfer.QueueText.SERVER_UNREACHABLE_RETRYING || arguments.size() < 4) {
            return I18n.words(notice);
        }
        Object why = arguments.get(1) instanceof dev.ferry.message.Message message ? I18n.words(message) : arguments.get(1);
        return I18n.t("queue.serverUnreachableKeepsTrying", arguments.get(0), why, arguments.get(3));
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
