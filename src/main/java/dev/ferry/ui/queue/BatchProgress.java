package dev.ferry.ui.queue;

import dev.ferry.transfer.QueueTotals;

import dev.ferry.ui.I18n;

import java.util.Optional;

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
    /** The queue's count of busy spells at the last update. */
    private long spells;

    /**
     * How a batch ended: what it transferred, failed, refused for good (never tried: not failures),
     * skipped and what the user cancelled, and how many files wait paused in the queue (they are
     * not finished, so "all transfers finished" would not be true).
     */
    public record End(int transferred, int failed, int refused, int skipped, int cancelled, int paused,
                      int waitingForRoom) {

        public End(int transferred, int failed, int refused, int skipped, int cancelled, int paused) {
            this(transferred, failed, refused, skipped, cancelled, paused, 0);
        }

        /** The same end, {@code count} of its paused files held by the queue for want of room (T6: "18 paused", no why). */
        public End waitingForRoom(int count) {
            return new End(transferred, failed, refused, skipped, cancelled, paused, Math.min(count, paused));
        }

        public String title() {
            return I18n.t(failed > 0 ? "queue.finishedWithFailures" : refused > 0 ? "queue.finishedWithRefused"
                    : waitingForRoom > 0 ? "queue.finishedWaitingForRoom"
                    : paused > 0 ? "queue.finishedWithPaused"
                    : cancelled > 0 ? "queue.finishedWithCancelled" : "queue.finished");
        }

        public String text() {
            int pausedByTheUser = paused - waitingForRoom;
            return I18n.t("queue.finishedText", transferred) + (failed > 0 ? I18n.t("queue.finishedFailed", failed) : "")
                    + (refused > 0 ? I18n.t("queue.finishedRefused", refused) : "")
                    + (skipped > 0 ? I18n.t("queue.finishedSkipped", skipped) : "")
                    + (cancelled > 0 ? I18n.t("queue.finishedCancelled", cancelled) : "")
                    + (pausedByTheUser > 0 ? I18n.t("queue.finishedPaused", pausedByTheUser) : "")
                    + (waitingForRoom > 0 ? I18n.t("queue.finishedRoomWanted", waitingForRoom) : "");
        }
    }

    /** Takes the latest totals; returns how the batch ended when this update is the one that ends it. */
    public Optional<End> update(QueueTotals totals) {
        last = totals;
        // Updates come about ten a second: a few small files can be queued and finished between
        // two, the totals idle at both. The queue's count of busy spells still moved. (At the
        // first update it only sets the mark: spells before the window looked are not its news.)
        boolean unseenSpell = base != null && totals.busySpells() > spells;
        spells = totals.busySpells();
        if (base == null) {
            base = totals;
        }
        boolean busy = !totals.idle();
        if (!running && busy) {
            running = true;
            return Optional.empty();
        }
        if (!busy && (running || unseenSpell)) {
            running = false;
            End end = new End(Math.max(0, totals.done() - base.done()), Math.max(0, totals.failed() - base.failed()),
                    Math.max(0, totals.refused() - base.refused()),
                    Math.max(0, totals.skipped() - base.skipped()), Math.max(0, totals.cancelled() - base.cancelled()),
                    totals.paused());
            base = totals;
            return Optional.of(end);
        }
        if (!running) {
            // Idle: items removed or restored move the starting point of the next batch.
            base = totals;
        }
        // Running and busy, even when a spell ended and the next began since the last update: the
        // two are said as one batch when the last ends, not "all finished" while the second runs.
        return Optional.empty();
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
