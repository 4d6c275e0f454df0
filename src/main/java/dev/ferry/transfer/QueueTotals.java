package dev.ferry.transfer;

/**
 * Counts and overall progress, for the status bar and the queue tabs.
 *
 * @param failed        items tried that failed (a retry may try them again)
 * @param refused       items refused for good (a hostile name, a device file): never tried, and never will be
 * @param cancelled     items the user cancelled: finished, not failed
 * @param bytesTotal    the sizes of every file the queue holds (finished ones too)
 * @param bytesDone     what of them is on the other side
 * @param runBytesTotal the sizes of the files queued or run since the queue was last idle: what
 *                      the user is waiting for now (a paused or failed file asked for again is in
 *                      it, a file finished before is not)
 * @param runBytesDone  what of them is on the other side, earlier attempts' bytes included
 * @param busySpells    how many times the queue has gone from idle to busy: a batch that began
 *                      and ended between two looks at the totals leaves them idle both times,
 *                      and only this count says it happened
 */
public record QueueTotals(int queued, int active, int paused, int failed, int refused, int done, int skipped, int cancelled,
                          long bytesTotal, long bytesDone, double speed, boolean processing,
                          long runBytesTotal, long runBytesDone, long busySpells) {

    /** Nothing waiting or running. */
    public boolean idle() {
        return queued == 0 && active == 0;
    }
}
