package dev.ferry.transfer;

import dev.ferry.message.Message;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue's items and their states, behind one lock. Every change of an item goes through
 * here: it checks the transition is allowed ({@link ItemState#canBecome}), numbers the change
 * (a generation) and hands it to the journal in that order, and marks the item for the next
 * progress notification. Nothing here does I/O or waits for anything but the lock's condition.
 */
final class QueueModel {

    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    /** Signalled when the last waiting or running item finishes: one wake-up per run, not one per change. */
    final Condition idle = lock.newCondition();

    private final Map<Long, TransferItem> items = new LinkedHashMap<>();
    private final Map<String, Long> byKey = new HashMap<>();
    private final Map<String, Site> sites = new HashMap<>();
    private long ids;
    private long sequences;
    private long batches;
    private long generation;
    private QueueJournal journal;

    /** Registered items waiting or running, kept as they change: asking is then free, however long the queue. */
    private int busy;
    /** Counts the times the queue went from idle to busy: items queued since share its value. */
    private long busySpell;

    /** Registered items per state, kept as they change: the totals do not walk every item ten times a second. */
    private final int[] inState = new int[ItemState.values().length];
    /**
     * Counts the times items that waited for room, or failed for want of it, were let go (Resume, Retry, a server
     * that took a file): a hold decided before one of these is stale (see {@link #roomReleases}).
     */
    private long roomReleases;
    /** Failed items per full disk or server they failed on (TransferItem.roomWantedOn): kept as {@link #inState} is. */
    private final Map<Object, Integer> failedForRoom = new HashMap<>();
    /** Registered running items: their bytes move without the lock, so their part of the totals is summed live. */
    private final Set<TransferItem> running = new LinkedHashSet<>();
    /** The bytes of the registered items not running, as of each one's last change (see {@link #settle}). */
    private long settledTotal;
    private long settledMoved;
    private long settledRunTotal;
    private long settledRunMoved;

    private final Set<Long> dirty = new LinkedHashSet<>();
    private final List<Long> removed = new ArrayList<>();
    /**
     * When the user last began a batch (added its first item) since the last {@link #drainChanges}, or
     * {@link QueueListener.Update#NOTHING_ADDED}: a folder's files found as it is walked, and the saved
     * queue restored, are not the user starting something new.
     */
    private long newBatchNanos = QueueListener.Update.NOTHING_ADDED;
    /** The batches the user has begun: two begun at once may get their first items in either order (R18). */
    private final Set<Long> begunBatches = new java.util.HashSet<>();
    boolean processing;
    boolean closed;

    /** Must be called with the lock held (every method below but {@link #withLock} expects that). */
    private void held() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("the queue model is used without its lock");
        }
    }

    void attachJournal(QueueJournal journal, long loadedGeneration) {
        held();
        this.journal = journal;
        this.generation = Math.max(generation, loadedGeneration);
    }

    /**
     * Items added before the restore carry generations that the loaded file already counts as
     * written: they passed for saved before the snapshot that holds them was on disk, and a transfer's
     * first byte could go before its item was saved (R17). Numbered anew, after the loaded ones.
     */
    void renumberGenerationsAfter(long loadedGeneration) {
        held();
        for (TransferItem item : items.values()) {
            if (item.restored) {
                continue;
            }
            if (item.generation <= loadedGeneration) {
                item.generation = ++generation;
            }
            // Apart (R18): a worker that took the item before the restore numbered it anew, but the
            // generation it waits for is the one from before.
            if (item.generationBeforeRun <= loadedGeneration) {
                item.generationBeforeRun = item.generation;
            }
        }
    }

    // ------------------------------------------------------------------ reading

    Iterable<TransferItem> items() {
        held();
        return items.values();
    }

    TransferItem item(long id) {
        held();
        return items.get(id);
    }

    int size() {
        held();
        return items.size();
    }

    Iterable<Site> sites() {
        held();
        return sites.values();
    }

    Site site(Endpoint endpoint) {
        held();
        return sites.computeIfAbsent(endpoint.key(), key -> new Site(endpoint));
    }

    Site existingSite(String key) {
        held();
        return sites.get(key);
    }

    long newBatch() {
        held();
        return ++batches;
    }

    // ------------------------------------------------------------------ adding

    TransferItem newItem(Site site, Direction direction, boolean directory, Path localPath, String remotePath,
                         long size, Instant modified, int depth, Path boundary, long batch) {
        held();
        TransferItem item = new TransferItem(++ids, direction, directory, site, localPath, remotePath, boundary, batch);
        item.size = directory ? -1 : size;
        item.modified = modified;
        item.sequence = ++sequences;
        item.depth = depth;
        return item;
    }

    /**
     * What the saved items' ids, batches and places in the line are shifted by when restored: numbers
     * handed out before the restore ended (a drag, a double-click at start, a batch begun) are not
     * given again. The same id was taken for a duplicate and the saved item dropped; the same batch
     * shared "apply to all"; the same place made the two lines one, and a move between them nothing.
     * The saved items come after what the user added meanwhile.
     */
    record Renumbering(long ids, long batches, long sequences) {
    }

    /**
     * {@code savedSequences}: the places in the line of the items to restore. A move to the top gives
     * places below the first, zero and less (R17): the saved line as a whole goes after the last place
     * handed out.
     */
    Renumbering renumberingForRestore(java.util.stream.LongStream savedSequences) {
        held();
        long sequenceShift = sequences == 0 ? 0 : sequences - savedSequences.min().orElse(1) + 1;
        return new Renumbering(ids, batches, sequenceShift);
    }

    /** An item as it was saved, its id and order shifted by {@code renumbering} (nothing at a usual start). */
    TransferItem restoredItem(Site site, QueueStore.StoredItem stored, Renumbering renumbering) {
        held();
        Path boundary = stored.boundary() == null ? null : Path.of(stored.boundary());
        long id = stored.id() + renumbering.ids();
        // Batch 0 is none (files saved before batches were): it joins no batch of the user's.
        long batch = stored.batch() == 0 ? 0 : stored.batch() + renumbering.batches();
        TransferItem item = new TransferItem(id, stored.direction(), stored.directory(), site,
                Path.of(stored.localPath()), stored.remotePath(), boundary, batch);
        ids = Math.max(ids, id);
        batches = Math.max(batches, batch);
        long sequence = stored.sequence() + renumbering.sequences();
        sequences = Math.max(sequences, sequence);
        if (stored.currentLocalPath() != null) {
            item.localPath = Path.of(stored.currentLocalPath());
        }
        if (stored.currentRemotePath() != null) {
            item.remotePath = stored.currentRemotePath();
        }
        item.size = stored.size();
        item.modified = stored.modified();
        item.bytesDone.set(stored.bytesDone());
        item.attempts = stored.attempts();
        item.lastError = StoredMessages.restore(stored.lastError());
        item.priority = stored.priority();
        item.sequence = sequence;
        item.conflictAction = stored.conflictAction();
        item.depth = stored.depth();
        item.symlink = stored.symlink();
        item.segments = stored.segments();
        item.segmentPlan = stored.segmentPlan() == null || stored.segmentPlan().isEmpty() ? null
                : List.copyOf(stored.segmentPlan());
        // A later process may delete the part file only if the download made it (T4: `queue --clear` left them).
        item.ownsPartFile = stored.ownsPartFile();
        item.restored = true;
        item.leftByAnEarlierRun = stored.state() == ItemState.FAILED || stored.state() == ItemState.REFUSED
                || stored.state() == ItemState.CANCELLED || stored.state() == ItemState.PAUSED;
        item.state = switch (stored.state()) {
            case ACTIVE, QUEUED -> ItemState.QUEUED;
            default -> stored.state();
        };
        return item;
    }

    /** The unfinished item with the same identity, if one exists. */
    TransferItem duplicateOf(TransferItem item) {
        held();
        Long id = byKey.get(item.key());
        TransferItem existing = id == null ? null : items.get(id);
        return existing != null && !existing.state.isFinished() ? existing : null;
    }

    /**
     * {@link #duplicateOf}, for an item asked for again (added, or found by a folder's listing): a
     * paused duplicate waits again, since whoever paused it (the user, or a command keeping an
     * earlier command's work for later) is now asking for it.
     */
    TransferItem duplicateAskedAgain(TransferItem item) {
        supersedeFailed(item);
        TransferItem existing = duplicateOf(item);
        if (existing != null && existing.state == ItemState.PAUSED) {
            resumePaused(existing);
        }
        return existing;
    }

    /** A paused item waits again. The queue's own reason for pausing it (a full disk) goes: its row would still say so. */
    void resumePaused(TransferItem item) {
        if (QueueText.isWaitingForRoom(item.lastError)) {
            item.lastError = null;
            roomReleased();
        }
        requeue(item, 0);
    }

    /** Something waiting for room, or failed for want of it, goes on. With the lock held. */
    void roomReleased() {
        held();
        roomReleases++;
    }

    /**
     * For a failure that holds the items waiting for the same disk or server once the lock was let go (the disk is
     * looked at without it): the hold is put in place only if nothing was let go meanwhile. Else it held again what
     * the user had just resumed (ci82: the first of two uploads refused together held the other's after Resume).
     * With the lock held.
     */
    long roomReleases() {
        held();
        return roomReleases;
    }

    /**
     * A failed item with {@code item}'s identity is forgotten: asked for again, the new attempt takes
     * its place. Kept, the two ran the same transfer into the same part file, and the old one's
     * failure was reported after the file had arrived.
     */
    void supersedeFailed(TransferItem item) {
        held();
        Long id = byKey.get(item.key());
        TransferItem earlier = id == null ? null : items.get(id);
        if (earlier != null && earlier != item && (earlier.state == ItemState.FAILED || earlier.state == ItemState.REFUSED
                || earlier.state == ItemState.CANCELLED)) {
            forget(earlier);
        }
    }

    void register(TransferItem item) {
        held();
        TransferItem replaced = items.put(item.id, item);
        if (replaced != null) {
            if (isBusy(replaced.state)) {
                countBusy(-1);
            }
            counted(replaced, -1);
            unsettle(replaced);
        }
        counted(item, 1);
        if (isBusy(item.state)) {
            countBusy(1);
            item.busySpell = busySpell;
        }
        byKey.put(item.key(), item.id);
        if (item.state == ItemState.QUEUED) {
            item.site.waiting.add(item);
        }
        touch(item);
    }

    void forget(TransferItem item) {
        held();
        TransferItem gone = items.remove(item.id);
        if (gone != null) {
            if (isBusy(gone.state)) {
                countBusy(-1);
            }
            counted(gone, -1);
            unsettle(gone);
        }
        item.site.waiting.remove(item);
        byKey.remove(item.key(), item.id);
        dirty.remove(item.id);
        removed.add(item.id);
        if (journal != null) {
            journal.record(new QueueStore.Entry(++generation, null, null, item.id));
        }
        changed.signalAll();
    }

    // ------------------------------------------------------------------ transitions

    /** Moves an item to {@code next}; a transition the state machine does not allow is a bug. */
    void transition(TransferItem item, ItemState next) {
        held();
        if (item.state != next && !item.state.canBecome(next)) {
            throw new IllegalStateException("item " + item.id + " cannot go from " + item.state + " to " + next);
        }
        if (item.state == ItemState.QUEUED) {
            item.site.waiting.remove(item);
        }
        becomes(item, next);
        if (next == ItemState.QUEUED) {
            item.site.waiting.add(item);
        }
        touch(item);
    }

    /** Sets the state, keeping the count of busy items when the item is in the queue. */
    private void becomes(TransferItem item, ItemState next) {
        boolean registered = items.get(item.id) == item;
        if (isBusy(item.state) != isBusy(next) && registered) {
            countBusy(isBusy(next) ? 1 : -1);
        }
        if (next != item.state) {
            item.leftByAnEarlierRun = false;
        }
        if (registered) {
            counted(item, -1);
        }
        item.state = next;
        if (registered) {
            counted(item, 1);
        }
        if (isBusy(next)) {
            item.busySpell = busySpell;
        }
    }

    private void countBusy(int delta) {
        if (busy == 0 && delta > 0) {
            busySpell++;
            // Every settled item belongs to an earlier spell now: none counts towards this run.
            settledRunTotal = 0;
            settledRunMoved = 0;
        }
        busy += delta;
        if (busy == 0) {
            idle.signalAll();
        }
    }

    private static boolean isBusy(ItemState state) {
        return state == ItemState.QUEUED || state == ItemState.ACTIVE;
    }

    /** Nothing waiting or running: what {@link QueueTotals#idle()} says, without counting every item. */
    boolean idle() {
        held();
        return busy == 0;
    }

    /** Back to the waiting line, not before {@code delayNanos} from now. */
    void requeue(TransferItem item, long delayNanos) {
        held();
        item.site.waiting.remove(item);
        item.notBefore = System.nanoTime() + delayNanos;
        transition(item, ItemState.QUEUED);
    }

    void fail(TransferItem item, Message reason) {
        held();
        item.lastError = reason;
        item.failedForGood = false;
        transition(item, ItemState.FAILED);
    }

    /** The user called it off: finished, with why, and not a failure. */
    void cancel(TransferItem item, Message reason) {
        held();
        item.lastError = reason;
        transition(item, ItemState.CANCELLED);
    }

    /**
     * An item that must never run: created REFUSED (it was never QUEUED), or a waiting one found
     * unrunnable. Either way it is an inert record.
     */
    void refuse(TransferItem item, Message reason) {
        held();
        item.site.waiting.remove(item);
        item.lastError = reason;
        becomes(item, ItemState.REFUSED);
        touch(item);
    }

    /** Reordering a waiting item: the sorted waiting set must see the change. */
    void reorder(TransferItem item, Runnable change) {
        held();
        boolean wasWaiting = item.site.waiting.remove(item);
        change.run();
        if (wasWaiting) {
            item.site.waiting.add(item);
        }
        touch(item);
    }

    long nextSequence() {
        held();
        return ++sequences;
    }

    /** A change worth saving: numbered, journaled, and marked for observers. */
    void touch(TransferItem item) {
        held();
        resettle(item);
        item.generation = ++generation;
        dirty.add(item.id);
        if (journal != null) {
            // As the user left it: a later line of a running item asked to stop (its segments saved as they
            // go) must not write it as running again (R24).
            ItemState state = asTheUserLeftIt(item);
            if (state != null && isSaved(state)) {
                journal.record(new QueueStore.Entry(item.generation, item.site.endpoint, stored(item, state), null));
            } else {
                journal.record(new QueueStore.Entry(item.generation, null, null, item.id));
            }
        }
        changed.signalAll();
    }

    /** Progress only: observers see it, the journal does not (the part file is the truth). */
    void progressed(TransferItem item) {
        held();
        if (item.state != ItemState.ACTIVE) {
            resettle(item);
        }
        dirty.add(item.id);
    }

    /** The registered items that run now. */
    Iterable<TransferItem> running() {
        held();
        return running;
    }

    /** Whether an item failed for want of room on {@code full} (a disk, a server) and is still failed. With the lock held. */
    boolean failedForRoomOn(Object full) {
        held();
        return failedForRoom.getOrDefault(full, 0) > 0;
    }

    /** Marks a failed item as one that wanted room on {@code full}, after it failed. With the lock held. */
    void wantsRoomOn(TransferItem item, Object full) {
        held();
        boolean registered = items.get(item.id) == item;
        if (registered) {
            counted(item, -1);
        }
        item.roomWantedOn = full;
        if (registered) {
            counted(item, 1);
        }
    }

    private void counted(TransferItem item, int sign) {
        inState[item.state.ordinal()] += sign;
        if (item.state == ItemState.FAILED && item.roomWantedOn != null) {
            failedForRoom.merge(item.roomWantedOn, sign, (a, b) -> a + b == 0 ? null : a + b);
        }
        if (item.state == ItemState.ACTIVE) {
            if (sign > 0) {
                running.add(item);
            } else {
                running.remove(item);
            }
        }
    }

    /** Brings the item's part of the settled totals up to date; a running item has none. */
    private void resettle(TransferItem item) {
        unsettle(item);
        if (item.state != ItemState.ACTIVE && items.get(item.id) == item) {
            settle(item);
        }
    }

    /** Adds what a not-running item counts in {@link #totals()}: its size and bytes, as they are now. */
    private void settle(TransferItem item) {
        if (!countsBytes(item)) {
            return;
        }
        item.settled = true;
        item.settledSize = item.size;
        item.settledMoved = Math.min(item.size, item.bytesDone.get());
        item.settledSpell = item.busySpell;
        settledTotal += item.settledSize;
        settledMoved += item.settledMoved;
        if (item.settledSpell == busySpell) {
            settledRunTotal += item.settledSize;
            settledRunMoved += item.settledMoved;
        }
    }

    private void unsettle(TransferItem item) {
        if (!item.settled) {
            return;
        }
        item.settled = false;
        settledTotal -= item.settledSize;
        settledMoved -= item.settledMoved;
        if (item.settledSpell == busySpell) {
            settledRunTotal -= item.settledSize;
            settledRunMoved -= item.settledMoved;
        }
    }

    private static boolean countsBytes(TransferItem item) {
        return !item.directory && item.size >= 0 && item.state != ItemState.SKIPPED && item.state != ItemState.REFUSED;
    }

    /**
     * Shown, not saved: the item waits for the user (a "file exists" question, a password), and a
     * row that says "Transferring" while nothing moves misleads. Takes the lock.
     */
    void awaitingAnswer(TransferItem item, boolean awaiting) {
        lock.lock();
        try {
            item.awaitingAnswer = awaiting;
            progressed(item);
        } finally {
            lock.unlock();
        }
    }

    /** Finished successfully or skipped: nothing to continue after a restart, so not kept on disk. */
    private static boolean isSaved(ItemState state) {
        return state != ItemState.DONE && state != ItemState.SKIPPED;
    }

    // ------------------------------------------------------------------ persistence and notification

    long generation() {
        held();
        return generation;
    }

    QueueStore.Document document() {
        held();
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        List<QueueStore.StoredItem> stored = new ArrayList<>();
        for (TransferItem item : items.values()) {
            ItemState state = asTheUserLeftIt(item);
            if (state != null && isSaved(state)) {
                endpoints.putIfAbsent(item.site.endpoint.key(), item.site.endpoint);
                stored.add(stored(item, state));
            }
        }
        return new QueueStore.Document(QueueStore.SCHEMA_VERSION, generation, List.copyOf(endpoints.values()), stored);
    }

    /**
     * A running item the user asked to stop, saved before it saw the request (the quit's last save comes
     * at once): saved as asked, not as running (R23: a removed transfer came back at the next start, from
     * byte 0, and a paused one ran). Null: not to be saved.
     */
    private static ItemState asTheUserLeftIt(TransferItem item) {
        if (item.state != ItemState.ACTIVE) {
            return item.state;
        }
        return switch (item.stop) {
            case REMOVE -> null;
            case PAUSE -> ItemState.PAUSED;
            case CANCEL -> ItemState.CANCELLED;
            case NONE, REQUEUE -> item.state;
        };
    }

    private static QueueStore.StoredItem stored(TransferItem item, ItemState state) {
        // A running item saved as cancelled before its worker saw the cancel: the reason it will be given.
        Message error = state == ItemState.CANCELLED && item.state == ItemState.ACTIVE
                ? (item.cancelReason != null ? item.cancelReason : Message.of(QueueText.CANCELLED)) : item.lastError;
        return new QueueStore.StoredItem(item.id, item.site.endpoint.key(), item.direction, item.directory,
                item.requestedLocal.toString(), item.requestedRemote, item.size, item.modified, state,
                item.bytesDone.get(), item.attempts, StoredMessages.store(error), item.priority, item.sequence,
                item.conflictAction, item.depth,
                item.localPath.equals(item.requestedLocal) ? null : item.localPath.toString(),
                item.remotePath.equals(item.requestedRemote) ? null : item.remotePath,
                item.boundary == null ? null : item.boundary.toString(), item.batch, item.symlink, item.segments,
                // Never the user's own file that "Resume" made the part (R27): a later process, not knowing
                // it is theirs, would delete it.
                item.segmentPlan, item.ownsPartFile && !item.partIsUsersFile);
    }

    /**
     * The user added {@code item} (not a folder's file found as it is walked, nor a saved one restored,
     * R18): the first of its batch tells observers that the user began something new.
     */
    void addedByTheUser(TransferItem item, long askedNanos) {
        held();
        if (begunBatches.add(item.batch)) {
            // When the user asked, not when the item came in: a tab chosen in between is chosen after it.
            newBatchNanos = Math.max(newBatchNanos, askedNanos);
        }
    }

    /** What changed since the last call, for observers; clears the record. */
    Changes drainChanges() {
        held();
        List<ItemSnapshot> changedItems = new ArrayList<>(dirty.size());
        for (Long id : dirty) {
            TransferItem item = items.get(id);
            if (item != null) {
                changedItems.add(item.snapshot());
            }
        }
        Changes changes = new Changes(changedItems, List.copyOf(removed), newBatchNanos);
        newBatchNanos = QueueListener.Update.NOTHING_ADDED;
        dirty.clear();
        removed.clear();
        return changes;
    }

    record Changes(List<ItemSnapshot> changed, List<Long> removed, long newBatchNanos) {
        boolean isEmpty() {
            return changed.isEmpty() && removed.isEmpty();
        }
    }

    /**
     * The counts and bytes, from what is kept as items change plus the running items' live bytes:
     * asked ten times a second, it costs the running items, not the whole queue.
     */
    QueueTotals totals() {
        held();
        assert keptTotalsAgree();
        long total = settledTotal;
        long transferred = settledMoved;
        long runTotal = settledRunTotal;
        long runTransferred = settledRunMoved;
        double speed = 0;
        for (TransferItem item : running) {
            speed += item.speedWindow.bytesPerSecond();
            if (countsBytes(item)) {
                long moved = Math.min(item.size, item.bytesDone.get());
                total += item.size;
                transferred += moved;
                if (item.busySpell == busySpell) {
                    runTotal += item.size;
                    runTransferred += moved;
                }
            }
        }
        return new QueueTotals(inState[ItemState.QUEUED.ordinal()], inState[ItemState.ACTIVE.ordinal()],
                inState[ItemState.PAUSED.ordinal()],
                inState[ItemState.FAILED.ordinal()], inState[ItemState.REFUSED.ordinal()],
                inState[ItemState.DONE.ordinal()], inState[ItemState.SKIPPED.ordinal()],
                inState[ItemState.CANCELLED.ordinal()], total, transferred, speed, processing, runTotal, runTransferred,
                busySpell);
    }

    /**
     * Whether what {@link #totals()} keeps is what counting item by item gives (checked where
     * assertions are on, as in the tests). Running items are left out of the bytes: their workers move
     * them without the lock.
     */
    private boolean keptTotalsAgree() {
        int[] counted = new int[inState.length];
        long total = 0;
        long moved = 0;
        long runTotal = 0;
        long runMoved = 0;
        boolean runningKnown = true;
        for (TransferItem item : items.values()) {
            counted[item.state.ordinal()]++;
            if (item.state == ItemState.ACTIVE) {
                runningKnown &= running.contains(item);
            } else if (countsBytes(item)) {
                long itemMoved = Math.min(item.size, item.bytesDone.get());
                total += item.size;
                moved += itemMoved;
                if (item.busySpell == busySpell) {
                    runTotal += item.size;
                    runMoved += itemMoved;
                }
            }
        }
        boolean agree = runningKnown && running.size() == counted[ItemState.ACTIVE.ordinal()]
                && Arrays.equals(counted, inState) && total == settledTotal && moved == settledMoved
                && runTotal == settledRunTotal && runMoved == settledRunMoved;
        if (!agree) {
            System.getLogger(QueueModel.class.getName()).log(System.Logger.Level.ERROR, "the queue's kept totals "
                    + Arrays.toString(inState) + " " + running.size() + " running, bytes " + settledTotal
                    + "/" + settledMoved + ", run " + settledRunTotal + "/" + settledRunMoved
                    + " differ from its items': " + Arrays.toString(counted) + ", bytes " + total + "/"
                    + moved + ", run " + runTotal + "/" + runMoved);
        }
        return agree;
    }
}
