package dev.ferry.transfer;

import java.util.List;

/**
 * Observes the queue. Updates are coalesced: at most about ten per second however many items
 * change, each carrying the latest state of every item that changed since the last one, so that
 * a 10,000-file queue cannot flood a GUI thread. Called on the queue's notifier thread.
 */
@FunctionalInterface
public interface QueueListener {

    record Update(List<ItemSnapshot> changed, List<Long> removed, QueueTotals totals) {
    }

    void queueChanged(Update update);
}
