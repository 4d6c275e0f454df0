package dev.ferry.transfer;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.message.Message;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One queue item as the queue holds it. Every field but {@link #bytesDone}, {@link #token} and
 * {@link #stop} is read and written under the model's lock only (the worker running the item
 * changes it through {@link QueueModel}); observers see {@link ItemSnapshot}s.
 * <p>
 * What the user asked for ({@link #requestedLocal}, {@link #requestedRemote}) never changes and
 * is the item's identity; where it goes now ({@link #localPath}, {@link #remotePath}) may change
 * (a "keep both" answer gives it a free name).
 */
final class TransferItem {

    /** What the user asked an active item to become when its transfer stops. */
    enum StopRequest { NONE, PAUSE, CANCEL, REQUEUE, REMOVE }

    final long id;
    final Direction direction;
    final boolean directory;
    final Site site;
    final Path requestedLocal;
    final String requestedRemote;
    /** The folder the user chose: nothing of this item is ever written outside it. */
    final Path boundary;
    /** Items added together (one drop, one command): "apply to all" and "cancel the rest" hold for them. */
    final long batch;
    private final String key;

    Path localPath;
    String remotePath;
    long size;
    Instant modified;
    ItemState state = ItemState.QUEUED;
    final AtomicLong bytesDone = new AtomicLong();
    int attempts;
    Message lastError;
    /** Failed, and another attempt would fail the same way until its cause is fixed ({@link RetryPolicy#failsForGood}). */
    boolean failedForGood;
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
    /** The listing gave targetSize in blocks or rounded: it shows the file is there, not how long it is. */
    boolean targetSizeApproximate;
    Instant targetModified;
    RemoteEntry.TimePrecision targetPrecision = RemoteEntry.TimePrecision.UNKNOWN;
    boolean targetKnown;
    /**
     * A download's size as its listing gave it in blocks (VMS), or -1: no byte count, but with the
     * listing's time, of that precision, enough to see that a file here is the same.
     */
    long listedBlocksSize = -1;
    RemoteEntry.TimePrecision listedPrecision = RemoteEntry.TimePrecision.UNKNOWN;
    /**
     * The listing gave the file's day only ("Sep 14  2020"): the time it would give the local file is midnight, up
     * to a day from the server's, so the server is asked for its own.
     */
    boolean listedByDayOnly;
    /** The listing showed a folder with the target's name. */
    boolean targetFolder;
    /** The listing said this is a symbolic link: its size there is the link's, not the file's. */
    boolean symlink;
    /** Its size and time came from the server as it was added: its first attempt need not ask them again. */
    boolean sizeAndTimeAskedJustNow;
    /** Restored from the queue file: a target already complete is not fetched again. */
    boolean restored;
    /**
     * An attempt of this upload started writing the server's file at {@link #remotePath}: what a pause, a cancel, a
     * stopped queue or an outage left there is its own, continued when it runs again, not asked about as another's.
     */
    boolean wroteOnServer;
    /** The journal generation of this item's latest change. */
    long generation;
    /**
     * The generation of its last change before a worker took it: the line that going ACTIVE adds
     * holds nothing a restart needs (ACTIVE is read back as QUEUED), so this is what must be on
     * disk before the run moves a byte.
     */
    long generationBeforeRun;
    /** Into how many segments a large download may be split; 0: as the queue's settings say. */
    int segments;
    /** The ranges of a segmented download with what was saved of each; null when not segmented. */
    List<Segment> segmentPlan;
    /** The segmented download running now, for live progress; null otherwise. */
    SegmentedDownload segmentRun;

    /** Cancels the run in progress; a new token for every run. */
    volatile CancelToken token = new CancelToken();
    volatile StopRequest stop = StopRequest.NONE;
    /** Why a CANCEL stop was asked for (the rest of a batch, or the item alone); under the model's lock. */
    Message cancelReason;
    final SpeedWindow speedWindow = new SpeedWindow();
    /**
     * The last upload attempt was refused and the server was seen to keep nothing under the name (Pure-FTPd
     * deletes an upload over the quota): its failure does not send the user to a partial file there.
     */
    volatile boolean uploadLeftNothing;
    /**
     * The bytes of a part file from before this process that its file still holds: where its first attempt
     * here started, less what a later attempt discarded by starting lower; -1 before it first ran here.
     * Guarded by the model's lock.
     */
    long keptFromEarlierRun = -1;
    /** Bytes present when this run started: speed counts only what moved in the run. */
    long runStartBytes;
    /** The most bytes any attempt reached, and the failed attempts since one got further: what retries count. */
    long furthestBytes;
    /** The queue's busy spell this item was last queued or run in (guarded by the model's lock). */
    long busySpell;
    /**
     * What this item adds to the queue's byte totals while it is not running, as of its last change
     * (guarded by the model's lock; see QueueModel#settle).
     */
    boolean settled;
    long settledSize;
    long settledMoved;
    long settledSpell;
    int fruitlessAttempts;
    /** Where the last attempt's download ended short though the server called it complete, or -1. */
    long shortEnd = -1;

    TransferItem(long id, Direction direction, boolean directory, Site site, Path localPath, String remotePath,
                 Path boundary, long batch) {
        this.id = id;
        this.direction = direction;
        this.directory = directory;
        this.site = site;
        this.requestedLocal = localPath;
        this.requestedRemote = remotePath;
        this.localPath = localPath;
        this.remotePath = remotePath;
        this.boundary = boundary;
        this.batch = batch;
        // Asked for several times per item under the queue's lock while big folders are listed: built once.
        this.key = site.endpoint.key() + "|" + direction + "|" + requestedRemote + "|" + requestedLocal;
    }

    /** The identity: two requests with the same key are one item. */
    String key() {
        return key;
    }

    /**
     * Restored as an earlier run left it (failed, refused, cancelled, paused) and not run since: listed, but
     * that run already reported it.
     */
    boolean leftByAnEarlierRun;
    /** Its download made the part file it writes (none was there when a run began): Remove deletes it. */
    volatile boolean ownsPartFile;
    /**
     * The disk a download found full (see {@link LocalDisks}), or the {@link Site} an upload found without room, for
     * the next to fail there and for Resume; null otherwise (not saved).
     */
    Object roomWantedOn;
    /** A remote folder's way down from the top of its download, to know a link back to a folder above (not saved). */
    dev.ferry.ftp.listing.FolderChain folderChain;
    /** "Resume" made the user's own file its part file: Remove gives it back under its name. */
    volatile boolean partIsUsersFile;
    /** The length of that file when "Resume" made it the part: what a discarded attempt gives back. */
    volatile long usersFileLength = -1;
    /** Its target exists and the user is being asked, or it waits its turn to ask (guarded by the model's lock). */
    boolean awaitingAnswer;

    ItemSnapshot snapshot() {
        long done = bytesDone.get();
        double speed = speedWindow.bytesPerSecond();
        long eta = state == ItemState.ACTIVE && speed > 1 && size >= 0 ? (long) ((size - done) / speed) : -1;
        List<Segment> segments = segmentRun != null ? segmentRun.progress()
                : segmentPlan != null ? segmentPlan : List.of();
        return new ItemSnapshot(id, direction, directory, localPath, remotePath, site.endpoint.key(),
                site.endpoint.display(), size, modified, state, done, attempts, lastError, verification, priority,
                sequence, state == ItemState.ACTIVE ? speed : 0, eta, batch, segments, leftByAnEarlierRun,
                state == ItemState.ACTIVE && awaitingAnswer,
                keptFromEarlierRun < 0 ? 0 : Math.max(0, done - keptFromEarlierRun),
                state == ItemState.FAILED && failedForGood);
    }
}
