package dev.ferry.transfer;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.FtpCancelledException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.message.Explained;
import dev.ferry.message.Message;
import dev.ferry.message.Messages;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One item's run, from the queue's side: what the {@link ItemRunner} may change while it runs
 * (each change through the model, under its lock), and what the run's end means for the item
 * (done, retried, failed, paused, as the user asked).
 */
final class RunSupport {

    private final QueueModel model;
    private final SessionPool pool;
    private final QueueControl control;
    private final ConflictArbiter arbiter;
    private final Supplier<QueueSettings> settings;
    private final RateLimiter downloadLimiter;
    private final RateLimiter uploadLimiter;
    private final Consumer<TransferItem> awaitSaved;
    private final ItemRunner runner = new ItemRunner(this);

    /** @param awaitSaved waits (holding no lock) until the item as it is now is in the queue file */
    RunSupport(QueueModel model, SessionPool pool, QueueControl control, ConflictArbiter arbiter,
               Supplier<QueueSettings> settings, RateLimiter downloadLimiter, RateLimiter uploadLimiter,
               Consumer<TransferItem> awaitSaved) {
        this.model = model;
        this.pool = pool;
        this.control = control;
        this.arbiter = arbiter;
        this.settings = settings;
        this.downloadLimiter = downloadLimiter;
        this.uploadLimiter = uploadLimiter;
        this.awaitSaved = awaitSaved;
    }

    // ------------------------------------------------------------------ a run and its outcome

    void run(TransferItem item, FtpSession session) {
        try {
            runner.run(item, session, item.token);
            finished(item);
        } catch (FtpCancelledException e) {
            stopped(item);
        } catch (IOException | RuntimeException e) {
            if (item.stop != TransferItem.StopRequest.NONE) {
                stopped(item);
            } else {
                failed(item, e);
            }
        }
    }

    /** The run ended without failure: done, or already skipped or expanded by the runner. */
    void finished(TransferItem item) {
        model.lock.lock();
        try {
            if (model.item(item.id) == null || item.state != ItemState.ACTIVE) {
                return;
            }
            // A stop that came after the last byte changes nothing: the transfer is complete.
            item.stop = TransferItem.StopRequest.NONE;
            model.transition(item, ItemState.DONE);
            if (item.direction == Direction.UPLOAD && !item.directory && item.bytesDone.get() > item.runStartBytes) {
                serverTookAFile(item.site);
            }
        } finally {
            model.lock.unlock();
        }
    }

    /**
     * The server took a file: the uploads held for want of room on it go on (R33: they stayed held "its disk may
     * be full" after it took one), and the failures that held them are the files' own now, not the server's.
     * With the lock held.
     */
    private void serverTookAFile(Site site) {
        site.uploadRefusedFirst = null;
        site.uploadRefusalSaid = null;
        if (!site.roomWanted) {
            return;
        }
        site.roomWanted = false;
        for (TransferItem other : model.items()) {
            if (other.roomWantedOn != site) {
                continue;
            }
            if (other.state == ItemState.PAUSED && QueueText.isWaitingForRoom(other.lastError)) {
                model.resumePaused(other);
            } else if (other.state == ItemState.FAILED) {
                model.wantsRoomOn(other, null);
            }
        }
        pool.spawnWorkers(site);
    }

    /** The run was stopped on request (or cancelled): what the user asked for happens now. */
    void stopped(TransferItem item) {
        Runnable tidy = () -> { };
        model.lock.lock();
        try {
            if (model.item(item.id) == null) {
                return;
            }
            switch (item.stop) {
                case PAUSE -> model.transition(item, ItemState.PAUSED);
                case REQUEUE -> {
                    // Sent back by the queue's Stop, not for a reason of its own: an earlier one (R26: "refused"
                    // of a server that had just been sending) would be said as if it were why.
                    item.lastError = null;
                    model.requeue(item, 0);
                }
                case REMOVE -> {
                    tidy = control.partCleanup(item);
                    model.forget(item);
                }
                case CANCEL -> model.cancel(item, item.cancelReason != null ? item.cancelReason
                        : Message.of(QueueText.CANCELLED));
                // Cancelled without anyone asking for it here: not the user's choice, so not said to be.
                case NONE -> model.fail(item, Message.of(QueueText.CANCELLED));
            }
            item.stop = TransferItem.StopRequest.NONE;
            item.cancelReason = null;
            pool.spawnWorkers(item.site);
        } finally {
            model.lock.unlock();
        }
        // The run has ended and closed the file: no writer is left to bring it back.
        tidy.run();
    }

    /** A failure: retried with backoff when transient and attempts remain, failed otherwise. */
    void failed(TransferItem item, Exception failure) {
        if (stopAskedMeanwhile(item)) {
            return;
        }
        if (RetryPolicy.isUnreachableDuringRun(failure) && !item.token.isCancelled()) {
            pool.serverUnreachableDuringRun(item, (dev.ferry.ftp.FtpException) failure);
            return;
        }
        boolean fullDisk = item.direction == Direction.DOWNLOAD && diskFull(failure);
        boolean upload = item.direction == Direction.UPLOAD && !item.directory;
        boolean serverFull = upload && RetryPolicy.serverHasNoRoom(failure);
        boolean noRoomSaid = upload && RetryPolicy.serverSaysNoRoom(failure);
        boolean noCauseSaid = upload && RetryPolicy.refusedWithoutACause(failure);
        Object disk = fullDisk ? new LocalDisks().of(item.localPath) : null;
        // The uploads waiting for the server are held, for this reason, once the lock is let go.
        Message holdUploads = null;
        long releasesSeen;
        model.lock.lock();
        try {
            if (model.item(item.id) == null) {
                return;
            }
            releasesSeen = model.roomReleases();
            QueueSettings current = settings.get();
            long reached = item.bytesDone.get();
            // The words of a refusal before any data came are no news of the server's disk (R33).
            boolean afterItsData = reached > item.runStartBytes;
            boolean roomSaid = serverFull || noRoomSaid && afterItsData;
            boolean bareRefusal = noCauseSaid && afterItsData;
            Object full = roomSaid || bareRefusal ? item.site : disk;
            if (full != null && noRoomSaidBy(item, full)) {
                // T6: two downloads running when the disk filled both failed, to be retried one way and the
                // paused ones resumed another (two uploads to a server without room as well). One failure says
                // why; the others wait with those held. For uploads that is also a second file refused so.
                item.roomWantedOn = full;
                item.lastError = !upload ? waitingForRoomOn(item.localPath) : bareRefusal ? refusedTwice(item, failure)
                        : waitingForRoomOn(item.site);
                model.transition(item, ItemState.PAUSED);
                holdUploads = upload ? item.lastError : null;
            } else {
                // A bare refusal wants room only once a second file meets it (refusedAfterAnotherUpload).
                item.roomWantedOn = roomSaid ? item.site : disk;
                if (roomSaid) {
                    item.site.roomWanted = true;
                }
                item.lastError = explain(failure);
                boolean refusedAgain = bareRefusal && refusedAfterAnotherUpload(item);
                if (serverFull) {
                    holdUploads = waitingForRoomOn(item.site);
                } else if (refusedAgain) {
                    holdUploads = refusedTwice(item, failure);
                }
                if (reached > Math.max(item.furthestBytes, item.runStartBytes)) {
                    // Further than ever: a long transfer over a flaky link keeps its retries for the cuts
                    // that stop it. Bounded: an attempt that starts over gets no further than the best.
                    item.furthestBytes = reached;
                    item.fruitlessAttempts = 0;
                }
                long shortEnd = failure instanceof IncompleteTransferException incomplete ? incomplete.endedAt() : -1;
                // A server that calls a download complete at the same byte again, after a retry that continued
                // from there or started over, will do so every time: more retries only repeat it.
                boolean stopsThereEveryTime = shortEnd >= 0 && item.attempts > 0
                        && (shortEnd == item.shortEnd || reached <= item.runStartBytes);
                item.shortEnd = shortEnd;
                if (stopsThereEveryTime) {
                    item.lastError = Message.of(QueueText.DOWNLOAD_STOPS_EARLY, item.remotePath, shortEnd,
                            Math.max(item.size, shortEnd));
                    item.attempts++;
                    item.failedForGood = false;
                    model.transition(item, ItemState.FAILED);
                } else if (!refusedAgain && RetryPolicy.retries(failure, item.fruitlessAttempts, current)) {
                    item.attempts++;
                    item.fruitlessAttempts++;
                    model.requeue(item, RetryPolicy.backoff(item.fruitlessAttempts, current).toNanos());
                    pool.spawnWorkers(item.site);
                } else {
                    if (RetryPolicy.isTransient(failure)) {
                        item.attempts++;
                    }
                    if (upload && reached > 0 && !item.uploadLeftNothing) {
                        // FTP cannot take back what STOR wrote: the server keeps a partial file under the real name.
                        item.lastError = Message.of(QueueText.UPLOAD_LEFT_PART_THERE, item.lastError, item.remotePath);
                    }
                    // A resume alone would only meet it again: said apart from what a resume can finish.
                    item.failedForGood = RetryPolicy.failsForGood(failure);
                    model.transition(item, ItemState.FAILED);
                }
                if (bareRefusal && !refusedAgain) {
                    // The first file refused so: the next one refused the same way holds the others.
                    item.site.uploadRefusedFirst = item;
                    item.site.uploadRefusalSaid = item.lastError;
                }
            }
        } finally {
            model.lock.unlock();
        }
        if (fullDisk) {
            holdDownloadsToTheSameDisk(item, disk, releasesSeen);
        } else if (holdUploads != null) {
            holdUploadsToTheSameServer(item, holdUploads, releasesSeen);
        }
    }

    private static Message refusedTwice(TransferItem item, Exception failure) {
        dev.ferry.ftp.FtpReply reply = ((dev.ferry.ftp.FtpReplyException) failure).reply();
        return Message.of(QueueText.WAITS_AFTER_REFUSALS, item.site.endpoint.display(),
                reply.code() + " " + reply.firstLineText());
    }

    /**
     * Whether this upload, refused after its data in words naming no cause (see
     * {@link RetryPolicy#refusedWithoutACause}), follows another file refused so, none succeeding between and that
     * one still where its refusal left it: busybox's "451 Error" on a full flash says nothing of room, and every
     * file of a queue was sent four times and failed on its own. If so this one fails without a retry and the
     * other waits with the rest (both continue with them on Resume). With the lock held, while the item is ACTIVE.
     */
    private boolean refusedAfterAnotherUpload(TransferItem item) {
        Site site = item.site;
        TransferItem first = site.uploadRefusedFirst;
        // R33: a refusal long past, of a file since failed otherwise, removed or running again, is no news now.
        if (first == null || first == item || model.item(first.id) != first || first.lastError != site.uploadRefusalSaid) {
            return false;
        }
        item.roomWantedOn = site;
        site.roomWanted = true;
        if (first.state == ItemState.FAILED && first.roomWantedOn == null) {
            model.wantsRoomOn(first, site);
        }
        return true;
    }

    /** Whether another item already failed for this full disk or server, or waits for room on it. With the lock held. */
    private boolean noRoomSaidBy(TransferItem item, Object full) {
        for (TransferItem other : model.items()) {
            if (other != item && full.equals(other.roomWantedOn) && (other.state == ItemState.FAILED
                    || other.state == ItemState.PAUSED && QueueText.isWaitingForRoom(other.lastError))) {
                return true;
            }
        }
        return false;
    }

    private static boolean diskFull(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof dev.ferry.ftp.LocalFileException local) {
                return local.isDiskFull();
            }
        }
        return false;
    }

    /**
     * T4: a mirror onto a full disk failed its 2031 files one after the other, each costing a request to the
     * server and leaving a part file, where FileZilla and WinSCP stop. The downloads waiting to write to the
     * same disk are paused instead, saying why, for the user to resume once there is room; those to other
     * disks go on. The disks are told apart outside the lock (a look at the disk per folder).
     */
    private void holdDownloadsToTheSameDisk(TransferItem full, Object fullDisk, long releasesSeen) {
        Path fullTarget;
        List<TransferItem> waiting = new java.util.ArrayList<>();
        List<Path> targets = new java.util.ArrayList<>();
        model.lock.lock();
        try {
            fullTarget = full.localPath;
            for (TransferItem other : model.items()) {
                if (other.direction == Direction.DOWNLOAD && other.state == ItemState.QUEUED) {
                    waiting.add(other);
                    targets.add(other.localPath);
                }
            }
        } finally {
            model.lock.unlock();
        }
        if (waiting.isEmpty()) {
            return;
        }
        if (fullDisk == null) {
            return;
        }
        LocalDisks disks = new LocalDisks();
        List<TransferItem> held = new java.util.ArrayList<>();
        for (int i = 0; i < waiting.size(); i++) {
            if (fullDisk.equals(disks.of(targets.get(i)))) {
                held.add(waiting.get(i));
            }
        }
        model.lock.lock();
        try {
            hold(held, waitingForRoomOn(fullTarget), fullDisk, releasesSeen);
        } finally {
            model.lock.unlock();
        }
    }

    /**
     * The same for a server that has no room (see {@link RetryPolicy#serverHasNoRoom}): every upload to it would
     * meet the same refusal.
     */
    private void holdUploadsToTheSameServer(TransferItem full, Message reason, long releasesSeen) {
        model.lock.lock();
        try {
            List<TransferItem> held = new java.util.ArrayList<>();
            for (TransferItem other : full.site.waiting) {
                if (other.direction == Direction.UPLOAD) {
                    held.add(other);
                }
            }
            if (hold(held, reason, full.site, releasesSeen)) {
                full.site.roomWanted = true;
            }
        } finally {
            model.lock.unlock();
        }
    }

    /** Why an upload waits: its server has no room. */
    private static Message waitingForRoomOn(Site server) {
        return Message.of(QueueText.WAITS_FOR_SERVER_SPACE, server.endpoint.display());
    }

    /** Why a download waits: the disk holding the folder of {@code target} is full. */
    private static Message waitingForRoomOn(Path target) {
        return Message.of(QueueText.WAITS_FOR_DISK_SPACE, String.valueOf(target.toAbsolutePath().getParent()));
    }

    /**
     * Pauses what still waits of {@code items}, saying why and on which disk or server room is wanted, unless
     * something was let go since the failure that asks for it (see {@link QueueModel#roomReleases}): then false.
     * With the lock held.
     */
    private boolean hold(List<TransferItem> items, Message reason, Object full, long releasesSeen) {
        if (model.roomReleases() != releasesSeen) {
            return false;
        }
        for (TransferItem other : items) {
            // Whatever changed meanwhile (started, removed, paused by the user) stays as it is (R33: a failed one
            // given another disk was counted under the wrong one).
            if (model.item(other.id) == other && other.state == ItemState.QUEUED) {
                other.roomWantedOn = full;
                other.lastError = reason;
                model.transition(other, ItemState.PAUSED);
            }
        }
        return true;
    }

    /**
     * A stop the user asked for while the item could not start (its login failed, too many connections) is
     * what happens to it (R25): sent back to wait, it ran again with the request cleared. Done here if so.
     */
    private boolean stopAskedMeanwhile(TransferItem item) {
        model.lock.lock();
        try {
            if (item.stop == TransferItem.StopRequest.NONE) {
                return false;
            }
        } finally {
            model.lock.unlock();
        }
        stopped(item);
        return true;
    }

    /** The server has too many connections: the item waits for a session of the smaller pool. */
    void waitForSession(TransferItem item, Message reason, long delayNanos) {
        if (stopAskedMeanwhile(item)) {
            return;
        }
        model.lock.lock();
        try {
            item.lastError = reason;
            model.requeue(item, delayNanos);
        } finally {
            model.lock.unlock();
        }
    }

    static Message explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Explained explained && explained.explanation() != null) {
                return explained.explanation();
            }
        }
        String text = failure.getMessage();
        return Message.of(Messages.GeneralText.UNEXPECTED, text == null || text.isBlank()
                ? failure.getClass().getSimpleName() : failure.getClass().getSimpleName() + ": " + text);
    }

    // ------------------------------------------------------------------ what the runner may do

    QueueSettings settings() {
        return settings.get();
    }

    ConflictArbiter.Outcome resolveConflict(TransferItem item, Conflict conflict, CancelToken token)
            throws FtpCancelledException {
        ConflictAction rule = item.conflictAction != null ? item.conflictAction
                : settings.get().conflictDefault(item.direction);
        boolean asks = rule == ConflictAction.ASK;
        if (asks) {
            model.awaitingAnswer(item, true);
        }
        ConflictArbiter.Outcome outcome;
        try {
            outcome = arbiter.decide(item, rule, rule, conflict, token);
        } finally {
            if (asks) {
                model.awaitingAnswer(item, false);
            }
        }
        if (outcome.cancelRest()) {
            control.cancelBatch(item);
        }
        return outcome;
    }

    /** A conflict's description, with how many items of its batch are still to come. */
    Conflict conflict(TransferItem item, Path localPath, String remotePath, long sourceSize, Instant sourceModified,
                      long targetSize, Instant targetModified) {
        return conflict(item, localPath, remotePath, sourceSize, sourceModified, targetSize, targetModified, false);
    }

    /** A conflict with a folder that has the target's name. */
    Conflict folderConflict(TransferItem item, Path localPath, String remotePath, long sourceSize,
                            Instant sourceModified) {
        return conflict(item, localPath, remotePath, sourceSize, sourceModified, -1, null, true);
    }

    private Conflict conflict(TransferItem item, Path localPath, String remotePath, long sourceSize,
                              Instant sourceModified, long targetSize, Instant targetModified, boolean targetIsFolder) {
        int remaining = 0;
        model.lock.lock();
        try {
            for (TransferItem other : model.items()) {
                if (other.batch == item.batch && other != item && !other.state.isFinished()) {
                    remaining++;
                }
            }
        } finally {
            model.lock.unlock();
        }
        return new Conflict(item.id, item.direction, localPath, remotePath, item.site.endpoint.display(), sourceSize,
                sourceModified, targetSize, targetModified, targetIsFolder, item.batch, remaining);
    }

    /** Replaces an expanded directory item by its children, atomically. */
    void expanded(TransferItem directory, List<TransferItem> children) {
        model.lock.lock();
        try {
            for (TransferItem child : children) {
                if (model.duplicateAskedAgain(child) == null) {
                    model.register(child);
                }
            }
            model.forget(directory);
            pool.spawnWorkers(directory.site);
            model.changed.signalAll();
        } finally {
            model.lock.unlock();
        }
    }

    /** A child item for an expansion; registered by {@link #expanded}. */
    TransferItem child(TransferItem parent, boolean directory, Path localPath, String remotePath, long size,
                       Instant modified) {
        model.lock.lock();
        try {
            TransferItem child = model.newItem(parent.site, parent.direction, directory, localPath, remotePath, size,
                    modified, parent.depth + 1, parent.boundary, parent.batch);
            child.priority = parent.priority;
            child.conflictAction = parent.conflictAction;
            child.segments = parent.segments;
            return child;
        } finally {
            model.lock.unlock();
        }
    }

    /** A child that must never run (hostile name, too deep, a device): an inert record, shown and explained. */
    static void refusedFromTheStart(TransferItem child, Message reason) {
        child.state = ItemState.REFUSED;
        child.lastError = reason;
    }

    /** A child that is skipped from the start (a link to a folder): shown as skipped. */
    static void skippedFromTheStart(TransferItem child, Message reason) {
        child.state = ItemState.SKIPPED;
        child.lastError = reason;
    }

    /** For progress: counts bytes and throttles to the speed limit. */
    ProgressListener progress(TransferItem item) {
        return new ProgressListener(item, item.direction == Direction.DOWNLOAD ? downloadLimiter : uploadLimiter);
    }

    /**
     * The part of another version is dropped: where the last attempt ended short says nothing of this
     * one, which starts over. Kept, a server that cuts every transfer after N bytes (and continues with
     * REST) was judged to stop at byte N for good, since the new start ended there again.
     */
    void startsOver(TransferItem item) {
        model.lock.lock();
        try {
            item.shortEnd = -1;
        } finally {
            model.lock.unlock();
        }
    }

    /**
     * The run starts with {@code bytes} already there (a resumed part file): not counted as speed, nor as
     * fetched when an earlier process left them. Starting lower discards the rest: fetched again, it counts once.
     */
    void startingAt(TransferItem item, long bytes) {
        model.lock.lock();
        try {
            item.bytesDone.set(bytes);
            item.runStartBytes = bytes;
            item.keptFromEarlierRun = item.keptFromEarlierRun < 0 ? bytes : Math.min(item.keptFromEarlierRun, bytes);
            item.speedWindow.restart();
            model.progressed(item);
        } finally {
            model.lock.unlock();
        }
    }

    /**
     * The first attempt took the size and time given at the add: a later one (a retry, the run after an outage
     * or a Retry) asks them again, the file may have changed since (R32: a part of the old version was continued).
     */
    void sizeAndTimeTaken(TransferItem item) {
        model.lock.lock();
        try {
            item.sizeAndTimeAskedJustNow = false;
        } finally {
            model.lock.unlock();
        }
    }

    void updateSize(TransferItem item, long size) {
        model.lock.lock();
        try {
            item.size = size;
            model.touch(item);
        } finally {
            model.lock.unlock();
        }
    }

    /** The server's time of the file, asked in an attempt: the listing's was of an older version. */
    void updateModified(TransferItem item, Instant modified) {
        model.lock.lock();
        try {
            item.modified = modified;
            model.touch(item);
        } finally {
            model.lock.unlock();
        }
    }

    /** The item now goes elsewhere (a free name): its identity stays what was asked for. */
    void retarget(TransferItem item, Path localPath, String remotePath) {
        model.lock.lock();
        try {
            item.localPath = localPath;
            item.remotePath = remotePath;
            // What an attempt wrote is under the old name: the new one is not known to be ours.
            item.wroteOnServer = false;
            model.touch(item);
        } finally {
            model.lock.unlock();
        }
    }

    /** Shown, not saved: the queue file keeps no verification, so a journal line per file would repeat the item. */
    void setVerification(TransferItem item, Verification verification) {
        model.lock.lock();
        try {
            item.verification = verification;
            model.progressed(item);
        } finally {
            model.lock.unlock();
        }
    }

    /** Marks an item skipped (target existed and policy said so); the runner then returns normally. */
    void skip(TransferItem item, Message reason) {
        model.lock.lock();
        try {
            item.lastError = reason;
            model.transition(item, ItemState.SKIPPED);
        } finally {
            model.lock.unlock();
        }
    }

    // ------------------------------------------------------------------ segmented downloads

    /**
     * Into how many segments this download is split now: the item's own count or the queue's,
     * no more than the server's sessions, none smaller than {@code minimumSegment}; below 2 it
     * is not split.
     */
    int segmentsFor(TransferItem item, long size, long minimumSegment) {
        model.lock.lock();
        try {
            QueueSettings current = settings.get();
            int wanted = item.segments > 0 ? item.segments : current.segments();
            if (wanted < 2 || size < Math.max(current.segmentThreshold(), 2 * minimumSegment)) {
                return 1;
            }
            return (int) Math.min(Math.min(wanted, pool.capacity(item.site)), size / minimumSegment);
        } finally {
            model.lock.unlock();
        }
    }

    /** The saved plan of a segmented download (restored from the queue file, or of an earlier attempt), or null. */
    List<Segment> segmentPlan(TransferItem item) {
        model.lock.lock();
        try {
            return item.segmentPlan;
        } finally {
            model.lock.unlock();
        }
    }

    /** Records what each segment has on disk; the journal writes it. Null forgets the plan. */
    void saveSegments(TransferItem item, List<Segment> plan) {
        model.lock.lock();
        try {
            if (plan == null && item.segmentPlan == null || model.item(item.id) != item) {
                // Nothing to forget, or the item is gone: a late save must not bring it back into the file.
                return;
            }
            item.segmentPlan = plan == null ? null : List.copyOf(plan);
            model.touch(item);
        } finally {
            model.lock.unlock();
        }
    }

    /** Waits, holding no lock, until the item as it is now is on disk. */
    void awaitSaved(TransferItem item) {
        awaitSaved.accept(item);
    }

    SegmentedDownload segmented(TransferItem item, String remotePath, Path partFile, FileChannel part,
                                List<Segment> plan) {
        return new SegmentedDownload(model, pool, this, item, remotePath, partFile, part, plan);
    }
}
