package dev.ferry.transfer;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.LocalFileException;
import dev.ferry.message.Message;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The part file of a download that runs as segments, across attempts and restarts: whether the
 * item runs as segments at all, the plan saved before the file takes its length, the checks
 * after the segments finish, and the way back to one stream when the server stops allowing it.
 */
final class SegmentedPartFile {

    /** No segment is smaller than this: each costs a login and an abort. */
    static final long MINIMUM_SEGMENT = 1L << 20;

    private final RunSupport queue;
    private final Verifier verifier;

    SegmentedPartFile(RunSupport queue, Verifier verifier) {
        this.queue = queue;
        this.verifier = verifier;
    }

    /** Whether this download runs as segments: it was split before, or it is large and the server can. */
    boolean applies(TransferItem item, FtpSession session, Path target, long size) {
        if (size <= 0 || !session.features().supportsRestStream() || item.site.restRefused) {
            return false;
        }
        List<Segment> plan = queue.segmentPlan(item);
        if (plan != null) {
            if (usable(plan, size, FileTransfers.partFile(target))) {
                return true;
            }
            // The plan no longer describes the part file (deleted, or the remote size changed): nothing
            // in that file can be trusted.
            discardSegments(item, FileTransfers.partFile(target));
        }
        return queue.segmentsFor(item, size, MINIMUM_SEGMENT) >= 2;
    }

    /**
     * Downloads the file as segments into its part file (see {@link SegmentedDownload}), then
     * verifies it and gives it its real name. The plan is saved before the part file takes its
     * full length, so a part file of that length always has a plan that says what in it is real.
     */
    void download(TransferItem item, FtpSession session, String remote, Path target, long size,
                  CancelToken token) throws IOException {
        Path part = FileTransfers.partFile(target);
        FileTransfers.refuseUnlessPartFile(part);
        List<Segment> plan = queue.segmentPlan(item);
        boolean fresh = plan == null;
        long prefix = 0;
        if (fresh) {
            // A part file without a plan was written by one stream: its bytes are the file's first, in a row.
            prefix = FileTransfers.resumableBytes(target, size);
            plan = plan(size, queue.segmentsFor(item, size, MINIMUM_SEGMENT), prefix);
            queue.saveSegments(item, plan);
            queue.awaitSaved(item);
        }
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_CREATE_FOLDER, target.toAbsolutePath().getParent(), e);
        }
        SegmentedDownload download;
        try (RandomAccessFile file = open(part)) {
            try {
                if (fresh) {
                    Files.write(FileTransfers.segmentsMarker(target), new byte[0]);
                    file.setLength(prefix);
                    // Sparse where nothing was written yet; every segment writes its range in place.
                    file.setLength(size);
                }
            } catch (IOException e) {
                throw LocalFileException.of(FtpText.LOCAL_WRITE, part, e);
            }
            download = queue.segmented(item, remote, part, file.getChannel(), plan);
            queue.startingAt(item, download.bytesDone());
            try {
                download.run(session, token);
            } catch (LocalFileException e) {
                throw e.path() == null ? e.at(part) : e;
            } catch (IOException e) {
                if (item.stop == TransferItem.StopRequest.REMOVE && !item.partIsUsersFile) {
                    // Not going to be resumed: nothing of it stays behind (the user's own file is given
                    // back when the item goes).
                    file.close();
                    discardSegments(item, part);
                }
                throw e;
            }
            for (Segment segment : download.progress()) {
                if (!segment.complete()) {
                    throw new IncompleteTransferException(Message.of(QueueText.SEGMENT_INCOMPLETE, remote,
                            segment.start(), segment.end(), segment.start() + segment.done()));
                }
            }
            if (file.length() != size) {
                discardSegments(item, part);
                throw new IncompleteTransferException(Message.of(QueueText.DOWNLOAD_INCOMPLETE, remote, file.length(),
                        size));
            }
        }
        if (!session.isConnected()) {
            session.connect(token);
        }
        // Segments read a fixed number of bytes each: a file that changed size meanwhile would go unnoticed.
        OptionalLong now = session.size(remote, token);
        if (now.isPresent() && now.getAsLong() != size) {
            discardSegments(item, part);
            queue.updateSize(item, now.getAsLong());
            throw new IncompleteTransferException(Message.of(QueueText.REMOTE_SIZE_CHANGED, remote, size,
                    now.getAsLong()));
        }
        try {
            verifier.verify(item, session, remote, part, target, token);
        } catch (IOException mismatch) {
            if (!Files.exists(part)) {
                queue.saveSegments(item, null);
            }
            throw mismatch;
        }
        try {
            if (item.modified != null) {
                Files.setLastModifiedTime(part, FileTime.from(item.modified));
            }
            FileTransfers.moveIntoPlace(part, target);
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_MOVE_INTO_PLACE, target, e);
        }
        FileTransfers.dropSegmentsMarker(part);
        queue.saveSegments(item, null);
    }

    private static RandomAccessFile open(Path part) throws LocalFileException {
        try {
            return new RandomAccessFile(part.toFile(), "rw");
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_WRITE, part, e);
        }
    }

    /** Whether a saved plan still describes the part file: ranges in order covering the file, and the file at full length. */
    static boolean usable(List<Segment> plan, long size, Path part) {
        long expected = 0;
        for (Segment segment : plan) {
            if (!segment.fits(size) || segment.start() != expected) {
                return false;
            }
            expected = segment.end();
        }
        if (expected != size) {
            return false;
        }
        try {
            // A link in the part's place describes nothing of ours (it may lead out of the folder).
            return !Files.isSymbolicLink(part) && Files.size(part) == size;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code count} ranges of nearly equal length; the first {@code prefix} bytes are already there. */
    static List<Segment> plan(long size, int count, long prefix) {
        List<Segment> plan = new ArrayList<>(count);
        long length = size / count;
        for (int i = 0; i < count; i++) {
            long start = i * length;
            long end = i == count - 1 ? size : start + length;
            plan.add(new Segment(start, end, Math.clamp(prefix - start, 0, end - start)));
        }
        return plan;
    }

    /**
     * Turns a segmented part file back into an ordinary one: only what the segments hold in a row
     * from the start is kept, so a single stream can continue it.
     */
    void abandon(TransferItem item, Path target) throws IOException {
        List<Segment> plan = queue.segmentPlan(item);
        Path part = FileTransfers.partFile(target);
        if (plan == null || plan.isEmpty() || !usable(plan, plan.getLast().end(), part)) {
            discardSegments(item, part);
            return;
        }
        long inARow = inARow(plan);
        if (Files.exists(part)) {
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                channel.truncate(Math.min(inARow, channel.size()));
            } catch (IOException e) {
                throw LocalFileException.of(FtpText.LOCAL_WRITE, part, e);
            }
        }
        // A prefix now: a single stream may continue it.
        FileTransfers.dropSegmentsMarker(part);
        queue.saveSegments(item, null);
    }

    /** How many bytes from the start the segments hold in a row. */
    static long inARow(List<Segment> plan) {
        long inARow = 0;
        for (Segment segment : plan) {
            inARow += segment.done();
            if (!segment.complete()) {
                break;
            }
        }
        return inARow;
    }

    /** The part file of {@code target} and the plan of its segments, if any, go: the next attempt starts afresh. */
    void discard(TransferItem item, Path target) {
        discardSegments(item, FileTransfers.partFile(target));
    }

    private void discardSegments(TransferItem item, Path part) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            // The plan goes anyway: without it the next attempt does not trust the part file's length.
        }
        FileTransfers.dropSegmentsMarker(part);
        queue.saveSegments(item, null);
    }

}
