package dev.ferry.ui.explorer;

import java.util.function.UnaryOperator;

/**
 * After going up (the Up button, Backspace, Back to a parent), the folder the user came out of
 * is selected in the parent's listing, as in FileZilla and file managers: going in and out of
 * neighbouring folders does not start from the top each time.
 */
final class CameFrom {

    private CameFrom() {
    }

    /**
     * The entry of {@code shown} on the way down to {@code previous}: its child when the user
     * came up from there (one level or several), else null.
     */
    static String childOf(String shown, String previous, UnaryOperator<String> parentOf) {
        if (shown == null || previous == null || shown.equals(previous)) {
            return null;
        }
        String child = previous;
        // A root may be its own parent ("/"): the walk ends there too.
        for (String parent = parentOf.apply(child); parent != null && !parent.equals(child);
             parent = parentOf.apply(child)) {
            if (parent.equals(shown)) {
                return child;
            }
            child = parent;
        }
        return null;
    }
}
