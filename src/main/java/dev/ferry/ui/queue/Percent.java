package dev.ferry.ui.queue;

import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.ui.I18n;

import java.text.NumberFormat;

/** How far an item is, as the queue's progress cell writes it over the bar ("42%"). */
final class Percent {

    private Percent() {
    }

    /** 0..1, or -1 while an item of unknown size runs (the bar then moves without a number). */
    static double fraction(ItemSnapshot s) {
        if (s.state() == ItemState.DONE) {
            return 1;
        }
        if (s.size() > 0) {
            return Math.min(1, (double) s.bytesDone() / s.size());
        }
        return s.state() == ItemState.ACTIVE ? -1 : 0;
    }

    /**
     * Whole percents, rounded down: "100%" only once the item is done, never for the last bytes
     * of a large file still on their way.
     */
    static String text(ItemSnapshot s) {
        double fraction = fraction(s);
        if (fraction < 0) {
            return "";
        }
        double shown = s.state() == ItemState.DONE ? 1 : Math.min(Math.floor(fraction * 100) / 100, 0.99);
        return NumberFormat.getPercentInstance(I18n.locale()).format(shown);
    }
}
