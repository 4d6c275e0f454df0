package dev.ferry.transfer;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an item is in its life, and where it may go from there. QUEUED and PAUSED wait; DONE,
 * FAILED, SKIPPED, CANCELLED and REFUSED are finished. CANCELLED is the user's choice ("Cancel the
 * rest", a cancelled sync), kept apart from FAILED: nothing went wrong, and saying so would alarm. A REFUSED item is an inert record: an entry that
 * must never be transferred (a hostile name, a symbolic link loop, a device file), shown and
 * explained but never runnable, not even by "retry".
 */
public enum ItemState {
    QUEUED, ACTIVE, PAUSED, DONE, FAILED, SKIPPED, CANCELLED, REFUSED;

    public boolean isFinished() {
        return this == DONE || this == FAILED || this == SKIPPED || this == CANCELLED || this == REFUSED;
    }

    /** Whether "retry" can put it back in the queue. */
    public boolean isRetryable() {
        return this == FAILED || this == SKIPPED || this == CANCELLED;
    }

    /** The transitions the queue allows; anything else is a bug and is refused. */
    public boolean canBecome(ItemState next) {
        return allowed().contains(next);
    }

    private Set<ItemState> allowed() {
        return switch (this) {
            case QUEUED -> EnumSet.of(ACTIVE, PAUSED, FAILED, CANCELLED, QUEUED);
            case ACTIVE -> EnumSet.of(QUEUED, PAUSED, DONE, FAILED, SKIPPED, CANCELLED);
            case PAUSED -> EnumSet.of(QUEUED, FAILED, CANCELLED);
            case FAILED, SKIPPED, CANCELLED -> EnumSet.of(QUEUED);
            case DONE, REFUSED -> EnumSet.noneOf(ItemState.class);
        };
    }
}
