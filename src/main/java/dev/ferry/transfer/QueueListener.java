package dev.ferry.transfer;

import java.util.List;

/**
 * Observes the queue. Updates are coalesced: at most about ten per second however many items
 * change, each carrying the latest state of every item that changed since the last one, so that
 * a 10,000-file queue cannot flood a GUI thread. Called on the queue's notifier thread.
 */
@FunctionalInterface
public interface QueueListener {

    /**
     * @param newBatchNanos   {@link System#nanoTime()} when the user last began a batch of transfers
     *                        among its changes (added its first item), or {@link #NOTHING_ADDED}: an
     *                        observer that shows it later can tell what its user did after that
     * @param takenNanos      {@link System#nanoTime()} when its snapshots were taken: an observer
     *                        can tell that one of them is older than a change it made itself
     */
    record Update(List<ItemSnapshot> changed, List<Long> removed, QueueTotals totals, long newBatchNanos,
                  long takenNanos) {

        public static final long NOTHING_ADDED = Long.MIN_VALUE;

        /** Taken now, of a batch begun now. */
        public Update(List<ItemSnapshot> changed, List<Long> removed, QueueTotals totals) {
            this(changed, removed, totals, System.nanoTime(), System.nanoTime());
        }
    }

    void queueChanged(Update update);

    /**
     * The queue could not be saved (and later: it can again). Until it can, a crash may lose the
     * items added since. Called on the journal's thread.
     */
    default void journalProblem(dev.ferry.message.Message problem) {
    }

    /**
     * The queue deleted a file of the local disk, or renamed it, outside any transfer: the part file
     * of a removed download, or the user's own file given back under its name. A folder shown on
     * screen is out of date. Called on the thread that removed the item, or that ran it.
     */
    default void localFileChanged(java.nio.file.Path file) {
    }

    /**
     * A server could not be reached; the queue tries it again after a pause, and its items wait
     * meanwhile without spending their retries ({@code notice} says which server, why and when).
     * Once per try of the server, however many items wait. Called on a worker's thread.
     */
    default void serverUnreachable(dev.ferry.message.Message notice) {
    }

    /**
     * A server that could not be reached opened a session again, and what waited for it goes on
     * ({@code notice} says which server). Once per outage. Called on a worker's thread.
     */
    default void serverReachable(dev.ferry.message.Message notice) {
    }
}
