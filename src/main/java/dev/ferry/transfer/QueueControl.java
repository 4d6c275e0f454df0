package dev.ferry.transfer;

import dev.ferry.ftp.CancelToken;
import dev.ferry.message.Message;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What the user does to items: pause, resume, cancel, retry, remove, reorder. Each action changes
 * the model under its lock; a running item is asked to stop through its cancel token, which is
 * cancelled after the lock is released (it shuts a socket down; nothing waits for the queue
 * meanwhile). Safe to call from any thread, the GUI's included.
 */
final class QueueControl {

    private final QueueModel model;
    private final SessionPool pool;

    private final java.util.function.Consumer<Path> localFileChanged;

    QueueControl(QueueModel model, SessionPool pool, java.util.function.Consumer<Path> localFileChanged) {
        this.model = model;
        this.pool = pool;
        this.localFileChanged = localFileChanged;
    }

    /** What an action does to an item under the lock; returns a token to cancel after the lock is released. */
    @FunctionalInterface
    interface Action {
        CancelToken apply(TransferItem item);
    }

    void on(long id, Action action) {
        CancelToken interrupt = null;
        model.lock.lock();
        try {
            TransferItem item = model.item(id);
            if (item != null) {
                interrupt = action.apply(item);
                model.changed.signalAll();
            }
        } finally {
            model.lock.unlock();
        }
        if (interrupt != null) {
            interrupt.cancel();
        }
    }

    /**
     * Asks a running item to stop, under the model's lock; the caller cancels the returned token after
     * unlocking. A weaker request never replaces a stronger one made before the item saw it (R22: Remove,
     * then the queue's Stop, put the removed item back in the queue). The user's own word is journaled at
     * once (R24): a crash before the worker sees it must not bring back a removed transfer or run a paused one.
     */
    static CancelToken requestStop(QueueModel model, TransferItem item, TransferItem.StopRequest request) {
        if (strength(request) > strength(item.stop)) {
            item.stop = request;
            if (request != TransferItem.StopRequest.REQUEUE && item.state == ItemState.ACTIVE) {
                model.touch(item);
            }
        }
        return item.token;
    }

    private static int strength(TransferItem.StopRequest request) {
        return switch (request) {
            case NONE -> 0;
            // The queue's Stop: the item waits again, as it was.
            case REQUEUE -> 1;
            // The user's own word on the item, each over the one before.
            case PAUSE -> 2;
            case CANCEL -> 3;
            case REMOVE -> 4;
        };
    }

    void pause(long id) {
        on(id, item -> switch (item.state) {
            case QUEUED -> {
                model.transition(item, ItemState.PAUSED);
                yield null;
            }
            case ACTIVE -> requestStop(model, item, TransferItem.StopRequest.PAUSE);
            default -> null;
        });
    }

    void resume(long id) {
        on(id, item -> {
            if (item.state == ItemState.PAUSED) {
                Object full = QueueText.isWaitingForRoom(item.lastError) ? item.roomWantedOn : null;
                model.resumePaused(item);
                if (full != null && model.failedForRoomOn(full)) {
                    // T7: the download that found the disk full (the upload that found the server without room)
                    // failed, and Resume on those that wait for room left it behind: it goes on with them.
                    List<TransferItem> failedThere = new ArrayList<>();
                    for (TransferItem other : model.items()) {
                        if (other.state == ItemState.FAILED && full.equals(other.roomWantedOn)) {
                            failedThere.add(other);
                        }
                    }
                    failedThere.forEach(this::retryItem);
                }
                pool.spawnWorkers(item.site);
            }
            return null;
        });
    }

    void cancel(long id) {
        on(id, item -> cancelItem(item, Message.of(QueueText.CANCELLED)));
    }

    /**
     * The user's cancel, in words that say what it left: a download's part file stays (Retry continues it), which
     * "Cancelled" alone did not say (T11: 250 MB kept unseen beside the target).
     */
    private static Message cancelled(TransferItem item) {
        if (item.direction == Direction.DOWNLOAD && !item.directory && !item.partIsUsersFile && item.bytesDone.get() > 0) {
            return Message.of(QueueText.CANCELLED_PART_KEPT, FileTransfers.partFile(item.localPath).getFileName().toString());
        }
        return Message.of(QueueText.CANCELLED);
    }

    /** Cancels one item (under the lock); returns the token to cancel when it is running. */
    CancelToken cancelItem(TransferItem item, Message asked) {
        Message reason = asked.key() == QueueText.CANCELLED ? cancelled(item) : asked;
        return switch (item.state) {
            case ACTIVE -> {
                item.cancelReason = reason;
                yield requestStop(model, item, TransferItem.StopRequest.CANCEL);
            }
            case QUEUED, PAUSED -> {
                model.cancel(item, reason);
                yield null;
            }
            default -> null;
        };
    }

    /** "Cancel the rest": every unfinished item of the batch but the one asking. */
    void cancelBatch(TransferItem asking) {
        List<CancelToken> interrupt = new ArrayList<>();
        model.lock.lock();
        try {
            List<TransferItem> rest = new ArrayList<>();
            for (TransferItem item : model.items()) {
                if (item.batch == asking.batch && item != asking && !item.state.isFinished()) {
                    rest.add(item);
                }
            }
            for (TransferItem item : rest) {
                CancelToken token = cancelItem(item, Message.of(QueueText.CANCELLED_WITH_BATCH));
                if (token != null) {
                    interrupt.add(token);
                }
            }
        } finally {
            model.lock.unlock();
        }
        interrupt.forEach(CancelToken::cancel);
    }

    void retry(long id) {
        on(id, item -> {
            if (item.state.isRetryable()) {
                retryItem(item);
            }
            return null;
        });
    }

    /** With the lock held. */
    private void retryItem(TransferItem item) {
        if (item.roomWantedOn != null) {
            model.roomReleased();
        }
        item.attempts = 0;
        item.fruitlessAttempts = 0;
        item.verifyRetried = false;
        item.lastError = null;
        item.verification = Verification.NOT_CHECKED;
        model.requeue(item, 0);
        pool.spawnWorkers(item.site);
    }

    void remove(long id) {
        List<Runnable> tidy = new ArrayList<>();
        on(id, item -> {
            if (item.state == ItemState.ACTIVE) {
                return requestStop(model, item, TransferItem.StopRequest.REMOVE);
            }
            tidy.add(partCleanup(item));
            model.forget(item);
            return null;
        });
        tidy.forEach(Runnable::run);
    }

    /**
     * What becomes of the part file of a download that goes from the queue, to run once the lock is
     * released. Nothing would finish or clean up a partial copy (a segmented one is even scattered
     * over a file of full length), so a part file the item made is deleted; the user's own file that
     * "Resume" made the part file is given back under its name. Never a part file another download
     * of the same target is using, and only inside the folder the user chose. Called holding the lock.
     */
    Runnable partCleanup(TransferItem item) {
        if (item.direction != Direction.DOWNLOAD || item.directory || item.state == ItemState.DONE
                || item.state == ItemState.SKIPPED || item.state == ItemState.REFUSED) {
            return () -> { };
        }
        Path target = item.localPath.toAbsolutePath().normalize();
        Path part = FileTransfers.partFile(target);
        if (item.boundary != null && !part.startsWith(item.boundary)) {
            return () -> { };
        }
        for (TransferItem other : model.items()) {
            if (other != item && other.direction == Direction.DOWNLOAD && !other.state.isFinished()
                    && other.localPath.toAbsolutePath().normalize().equals(target)) {
                return () -> { };
            }
        }
        if (item.partIsUsersFile) {
            long inARow = item.segmentPlan == null ? -1 : SegmentedPartFile.inARow(item.segmentPlan);
            return () -> {
                if (giveBack(part, target, inARow)) {
                    FileTransfers.dropSegmentsMarker(part);
                    localFileChanged.accept(target);
                }
            };
        }
        if (item.segmentPlan != null || item.ownsPartFile) {
            return () -> {
                try {
                    if (Files.deleteIfExists(part)) {
                        FileTransfers.dropSegmentsMarker(part);
                        localFileChanged.accept(part);
                    }
                } catch (IOException e) {
                    // Left behind: a later download of the same file resumes from it or replaces it.
                }
            };
        }
        return () -> { };
    }

    /**
     * The part file back under the target's name, cut to what is in a row from the start (-1: all of it);
     * whether it moved.
     */
    static boolean giveBack(Path part, Path target, long inARow) {
        try {
            if (!Files.exists(part) || Files.exists(target)) {
                return false;
            }
            if (inARow >= 0) {
                try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    channel.truncate(Math.min(inARow, channel.size()));
                }
            }
            Files.move(part, target);
            return true;
        } catch (IOException e) {
            // Left as the part file: "Resume" on the same download continues it.
            return false;
        }
    }

    void removeFinished() {
        model.lock.lock();
        try {
            List<TransferItem> finished = new ArrayList<>();
            for (TransferItem item : model.items()) {
                if (item.state == ItemState.DONE || item.state == ItemState.SKIPPED) {
                    finished.add(item);
                }
            }
            finished.forEach(model::forget);
        } finally {
            model.lock.unlock();
        }
    }

    /** Every running item is asked to stop and go back to the waiting line (pause all, close). */
    List<CancelToken> requeueActive() {
        List<CancelToken> interrupt = new ArrayList<>();
        for (TransferItem item : model.items()) {
            if (item.state == ItemState.ACTIVE) {
                interrupt.add(requestStop(model, item, TransferItem.StopRequest.REQUEUE));
            }
        }
        return interrupt;
    }

    // ------------------------------------------------------------------ order

    void setPriority(long id, int priority) {
        on(id, item -> {
            model.reorder(item, () -> item.priority = priority);
            return null;
        });
    }

    void moveToTop(long id) {
        on(id, item -> {
            long first = Long.MAX_VALUE;
            int highest = Integer.MIN_VALUE;
            for (TransferItem other : model.items()) {
                first = Math.min(first, other.sequence);
                highest = Math.max(highest, other.priority);
            }
            long sequence = first - 1;
            int priority = Math.max(item.priority, highest);
            model.reorder(item, () -> {
                item.sequence = sequence;
                item.priority = priority;
            });
            return null;
        });
    }

    void moveToBottom(long id) {
        on(id, item -> {
            int lowest = Integer.MAX_VALUE;
            for (TransferItem other : model.items()) {
                lowest = Math.min(lowest, other.priority);
            }
            long sequence = model.nextSequence();
            int priority = Math.min(item.priority, lowest);
            model.reorder(item, () -> {
                item.sequence = sequence;
                item.priority = priority;
            });
            return null;
        });
    }

    void move(long id, boolean up) {
        on(id, item -> {
            List<TransferItem> ordered = new ArrayList<>();
            for (TransferItem other : model.items()) {
                if (other.state == ItemState.QUEUED || other.state == ItemState.PAUSED) {
                    ordered.add(other);
                }
            }
            ordered.sort(Site.ORDER);
            int index = ordered.indexOf(item);
            int other = up ? index - 1 : index + 1;
            if (index < 0 || other < 0 || other >= ordered.size()) {
                return null;
            }
            TransferItem neighbour = ordered.get(other);
            model.reorder(item, () -> model.reorder(neighbour, () -> {
                int priority = item.priority;
                long sequence = item.sequence;
                item.priority = neighbour.priority;
                item.sequence = neighbour.sequence;
                neighbour.priority = priority;
                neighbour.sequence = sequence;
            }));
            return null;
        });
    }

    /**
     * Moves the waiting items among {@code ids} one place up (or down) as a block. One at the edge,
     * or next to a chosen one that could not move, stays: moved on its own it went past that one,
     * and the block at the top swapped its own items.
     */
    void moveAll(java.util.Collection<Long> ids, boolean up) {
        model.lock.lock();
        try {
            java.util.Set<Long> chosen = new java.util.HashSet<>(ids);
            List<TransferItem> line = new ArrayList<>();
            for (TransferItem other : model.items()) {
                if (other.state == ItemState.QUEUED || other.state == ItemState.PAUSED) {
                    line.add(other);
                }
            }
            line.sort(Site.ORDER);
            if (!up) {
                java.util.Collections.reverse(line);
            }
            // Walked from the edge the block moves towards: chosen items there have no place to go.
            boolean blocked = true;
            for (TransferItem item : line) {
                if (!chosen.contains(item.id)) {
                    blocked = false;
                } else if (!blocked) {
                    move(item.id, up);
                }
            }
        } finally {
            model.lock.unlock();
        }
    }

    /** {@code ids} in the order the queue runs them (unknown ones left out). */
    List<Long> inRunOrder(java.util.Collection<Long> ids) {
        model.lock.lock();
        try {
            List<TransferItem> found = new ArrayList<>(ids.size());
            for (Long id : ids) {
                TransferItem item = model.item(id);
                if (item != null) {
                    found.add(item);
                }
            }
            found.sort(Site.ORDER);
            return found.stream().map(item -> item.id).toList();
        } finally {
            model.lock.unlock();
        }
    }
}
