package dev.ferry.transfer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells observers what changed, at most ten times a second however many items change: each
 * update carries the latest state of every item changed since the last one, so a 10,000-file
 * queue cannot flood a GUI thread. Speeds are sampled here too. Observers are called on this
 * notifier's thread, never with the queue locked.
 */
final class ProgressNotifier implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ProgressNotifier.class.getName());

    private static final long INTERVAL_MS = 100;

    private final QueueModel model;
    private final List<QueueListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private QueueTotals lastTotals;

    ProgressNotifier(QueueModel model) {
        this.model = model;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ferry-queue-notifier");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::tick, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    void addListener(QueueListener listener) {
        listeners.add(listener);
    }

    void removeListener(QueueListener listener) {
        listeners.remove(listener);
    }

    /** Makes the next tick send the totals even when nothing else changed. */
    void totalsChanged() {
        lastTotals = null;
    }

    private void tick() {
        QueueListener.Update update;
        model.lock.lock();
        try {
            long now = System.nanoTime();
            for (TransferItem item : model.running()) {
                item.speedWindow.sample(now, item.bytesDone.get(), item.runStartBytes);
                model.progressed(item);
            }
            QueueTotals totals = model.totals();
            QueueModel.Changes changes = model.drainChanges();
            if (changes.isEmpty() && totals.equals(lastTotals)) {
                return;
            }
            update = new QueueListener.Update(changes.changed(), changes.removed(), totals, changes.newBatchNanos(), now);
            lastTotals = totals;
        } finally {
            model.lock.unlock();
        }
        for (QueueListener listener : listeners) {
            try {
                listener.queueChanged(update);
            } catch (RuntimeException e) {
                // One broken observer must not stop the others or the queue; its failure goes to the log.
                LOG.log(System.Logger.Level.WARNING, "a queue observer failed", e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tick();
    }
}
