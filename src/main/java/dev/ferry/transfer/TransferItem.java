package dev.ferry.transfer;

import dev.ferry.ftp.FtpSession;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One queue item as the queue holds it. Fields other than {@link #bytesDone} and the runtime
 * handles are read and written under the queue's lock only; observers see {@link ItemSnapshot}s.
 */
final class TransferItem {

    /** What the user asked an active item to become when its transfer stops. */
    enum StopRequest { NONE, PAUSE, CANCEL, REQUEUE, REMOVE }

    final long id;
    final Direction direction;
    final boolean directory;
    final TransferQueue.Site site;
    Path localPath;
    String remotePath;
    long size;
    Instant modified;
    ItemState state = ItemState.QUEUED;
    final AtomicLong bytesDone = new AtomicLong();
    int attempts;
    String lastError;
    Verification verification = Verification.NOT_CHECKED;
    boolean verifyRetried;
    boolean restartUpload;
    int priority;
    long sequence;
    long notBefore;
    ConflictAction conflictAction;
    int depth;
    /** The other side's file as a listing saw it: -1/null when not known. */
    long targetSize = -1;
    Instant targetModified;
    boolean targetKnown;
    /** Restored from the queue file: a target already complete is not fetched again. */
    boolean restored;
    /** Included in a successful save of the queue file. */
    volatile boolean persisted;

    volatile FtpSession session;
    volatile StopRequest stop = StopRequest.NONE;
    double speed;
    long sampledBytes;
    long sampledAt;

    TransferItem(long id, Direction direction, boolean directory, TransferQueue.Site site, Path localPath,
                 String remotePath) {
        this.id = id;
        this.direction = direction;
        this.directory = directory;
        this.site = site;
        this.localPath = localPath;
        this.remotePath = remotePath;
    }

    /** Source size/date: the remote file for downloads, the local one for uploads. */
    String key() {
        return site.endpoint.key() + "|" + direction + "|" + remotePath + "|" + localPath;
    }

    ItemSnapshot snapshot() {
        long done = bytesDone.get();
        long eta = state == ItemState.ACTIVE && speed > 1 && size >= 0 ? (long) ((size - done) / speed) : -1;
        return new ItemSnapshot(id, direction, directory, localPath, remotePath, site.endpoint.key(),
                site.endpoint.display(), size, modified, state, done, attempts, lastError, verification, priority,
                state == ItemState.ACTIVE ? speed : 0, eta);
    }
}
