package dev.ferry.transfer;

/** Counts and overall progress, for the status bar and the queue tabs. */
public record QueueTotals(int queued, int active, int paused, int failed, int done, int skipped,
                          long bytesTotal, long bytesDone, double speed, boolean processing) {

    /** Nothing waiting or running. */
    public boolean idle() {
        return queued == 0 && active == 0;
    }
}
