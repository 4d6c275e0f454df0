package dev.ferry.transfer;

import dev.ferry.message.Message;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * An immutable view of one queue item, for observers (the GUI, the CLI) and the queue file.
 *
 * @param size   bytes of the file, -1 when unknown (and for directories)
 * @param speed  recent bytes per second (moving average), 0 when not transferring
 * @param etaSeconds seconds left at the current speed, -1 when unknown
 * @param lastError  why it failed, was skipped or refused (words: {@link dev.ferry.message.Messages}), or null
 * @param sequence   its place in the line among items of the same priority (a move changes it); with
 *                   the priority and whether it is a folder, the order the queue runs it in
 *                   ({@link #RUN_ORDER})
 * @param batch      the items added together share it
 * @param segments   the ranges of a segmented download and what is done of each (their sum is
 *                   {@code bytesDone}); empty when the item is not split
 * @param awaitingAnswer its target exists and it waits for the user's answer (or for its turn to ask)
 * @param bytesFetched the bytes of its file that came over the network since this queue started: not
 *                     those of a part file an earlier process left, and those an attempt discarded (it
 *                     started the file over) once, not again with each attempt
 * @param failedForGood FAILED, and another attempt would fail the same way until its cause is fixed (a server's
 *                      refusal, a local file that cannot be read): what a resume alone cannot finish
 */
public record ItemSnapshot(long id, Direction direction, boolean directory, Path localPath, String remotePath,
                           String endpointKey, String endpointDisplay, long size, Instant modified, ItemState state,
                           long bytesDone, int attempts, Message lastError, Verification verification, int priority,
                           long sequence, double speed, long etaSeconds, long batch,
                           List<Segment> segments, boolean leftByAnEarlierRun,
                           boolean awaitingAnswer, long bytesFetched, boolean failedForGood) {

    /**
     * The order the queue runs items in, as its own (the queue's lines sort the items themselves the
     * same way), for an observer that must not ask the queue, as the window's FX thread.
     */
    public static final java.util.Comparator<ItemSnapshot> RUN_ORDER = java.util.Comparator
            .comparingInt((ItemSnapshot s) -> -s.priority())
            .thenComparing(s -> !s.directory())
            .thenComparingLong(ItemSnapshot::sequence)
            .thenComparingLong(ItemSnapshot::id);

    /** Paused by the queue for a full disk here or a server without room, not by the user. */
    public boolean waitsForRoom() {
        return state == ItemState.PAUSED && QueueText.isWaitingForRoom(lastError);
    }

    public String name() {
        return direction == Direction.DOWNLOAD ? dev.ferry.ftp.RemotePaths.name(remotePath)
                : localPath.getFileName() == null ? localPath.toString() : localPath.getFileName().toString();
    }
}
