package dev.ferry.ui.queue;

import dev.ferry.transfer.QueueTotals;

import java.util.OptionalInt;

/**
 * The queue's totals seen per batch: from the moment the queue starts working after being idle
 * to the moment it is idle again. The queue counts everything it holds (finished items stay
 * until removed), so "6 files" after transferring one, and a status bar starting at 80 %, came
 * from reading its totals directly. Not thread-safe: the FX thread feeds it.
 */
public final class BatchProgress {

    private QueueTotals base;
    private QueueTotals last;
    private boolean running;

    /**
     * Takes the latest totals; returns the number of files the batch transferred when this
     * update is the one that ends it.
     */
    public OptionalInt update(QueueTotals totals) {
        last = totals;
        if (base == null) {
            base = totals;
        }
        boolean busy = !totals.idle();
        if (!running && busy) {
            running = true;
            return OptionalInt.empty();
        }
        if (running && !busy) {
            running = false;
            int done = Math.max(0, totals.done() - base.done());
            base = totals;
            return OptionalInt.of(done);
        }
        if (!running) {
            // Idle: items removed or restored move the starting point of the next batch.
            base = totals;
        }
        return OptionalInt.empty();
    }

    public boolean running() {
        return running;
    }

    /** Bytes moved by this batch so far (including what resumed items had before). */
    public long bytesDone() {
        return last == null ? 0 : last.runBytesDone();
    }

    /** Bytes of the files in this batch. */
    public long bytesTotal() {
        return last == null ? 0 : Math.max(bytesDone(), last.runBytesTotal());
    }
}
