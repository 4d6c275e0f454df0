package dev.ferry.transfer;

/** Where an item is in its life. QUEUED and PAUSED wait; DONE, FAILED and SKIPPED are finished. */
public enum ItemState {
    QUEUED, ACTIVE, PAUSED, DONE, FAILED, SKIPPED;

    public boolean isFinished() {
        return this == DONE || this == FAILED || this == SKIPPED;
    }
}
