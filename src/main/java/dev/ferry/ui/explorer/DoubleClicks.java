package dev.ferry.ui.explorer;

import java.util.Objects;

/**
 * Tells a double-click on one row from two single clicks on two rows. The platform counts clicks
 * by place and time only: a click on a folder, Enter, and a click on the first entry of the new
 * listing (drawn where the folder was) arrive as clicks 1 and 2, which must not open that entry;
 * a double-click on the folder and then one on its first entry arrive as 1, 2, 3, 4 and open both.
 */
final class DoubleClicks {

    private Object lastTarget;
    private int sequenceStart;

    /** Called for every primary click on a row; true when it completes a double-click on that row. */
    boolean isDoubleClick(Object target, int platformClickCount) {
        if (platformClickCount <= 1 || !Objects.equals(target, lastTarget)) {
            sequenceStart = platformClickCount;
        }
        lastTarget = target;
        return (platformClickCount - sequenceStart) % 2 == 1;
    }
}
