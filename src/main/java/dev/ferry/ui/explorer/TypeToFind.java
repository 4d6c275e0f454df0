package dev.ferry.ui.explorer;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Letters typed in a file list jump to the first name that starts with them, as in file
 * managers: quick keys add to what is sought, a pause starts over, and the same letter typed
 * again goes on to the next name with it. Case does not matter; ".." is never found.
 */
final class TypeToFind {

    /** Keys further apart than this start a new name. */
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

    private final LongSupplier clock;
    private final StringBuilder sought = new StringBuilder();
    private long lastKey;

    TypeToFind(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * Takes one typed character; returns the index in {@code rows} to select, or -1 to leave the
     * selection as it is ({@code current} is the selected index, or -1).
     */
    int typed(char key, List<FileRow> rows, int current) {
        long now = clock.getAsLong();
        boolean fresh = sought.isEmpty() || now - lastKey > PAUSE_NANOS;
        if (fresh) {
            sought.setLength(0);
        }
        lastKey = now;
        String letter = String.valueOf(key).toLowerCase(Locale.ROOT);
        boolean sameLetterAgain = sought.length() == 1 && sought.toString().equals(letter);
        if (!sameLetterAgain) {
            sought.append(letter);
        }
        String prefix = sought.toString();
        // A longer prefix may still fit the selected row; a new first letter, or the same one again,
        // moves on from it (typing "d" slowly steps through the names with d).
        int start = sameLetterAgain || fresh ? current + 1 : Math.max(current, 0);
        for (int step = 0; step < rows.size(); step++) {
            int index = Math.floorMod(start + step, rows.size());
            FileRow row = rows.get(index);
            if (!row.isUp() && row.name().toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return index;
            }
        }
        return -1;
    }
}
