package dev.ferry.transfer;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpReplyException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.LocalFileException;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.UnsafeNameException;
import dev.ferry.ftp.listing.Listing;
import dev.ferry.ftp.listing.NameSafety;
import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.message.Message;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs one item on a logged-in session: expands a directory into its children, or moves a file
 * safely (part file, size check, checksum when the server offers one). Every step passes the
 * item's cancel token, so a pause between SIZE and RETR, or during a question, is never lost.
 * Failures are thrown; the queue decides about retries.
 */
final class ItemRunner {

    /** Deeper than this is almost certainly a symbolic link loop. */
    static final int MAX_DEPTH = 32;

    private final RunSupport queue;

    ItemRunner(RunSupport queue) {
        this.queue = queue;
    }

    void run(TransferItem item, FtpSession session, CancelToken token) throws IOException {
        token.throwIfCancelled();
        if (item.directory) {
            if (item.direction == Direction.DOWNLOAD) {
                expandRemote(item, session, token);
            } else {
                expandLocal(item, session, token);
            }
        } else if (item.direction == Direction.DOWNLOAD) {
            download(item, session, token);
        } else {
            upload(item, session, token);
        }
    }

    // ------------------------------------------------------------------ directories

    private void expandRemote(TransferItem item, FtpSession session, CancelToken token) throws IOException {
        Listing listing = session.list(item.remotePath, token);
        Path folder = inside(item, item.localPath);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_CREATE_FOLDER, folder, e);
        }
        List<TransferItem> children = new ArrayList<>();
        for (RemoteEntry entry : listing.entries()) {
            String remote = RemotePaths.join(item.remotePath, entry.name());
            Optional<Message> problem = LocalPaths.problem(entry.name());
            if (problem.isPresent()) {
                // An inert record: it names the entry for the user and has nothing it could write to.
                TransferItem refused = queue.child(item, false, folder, item.remotePath + "/"
                        + NameSafety.printable(entry.name()), entry.size(), entry.modified());
                RunSupport.refusedFromTheStart(refused, Message.of(QueueText.NAME_REFUSED,
                        NameSafety.printable(entry.name()), problem.get()));
                children.add(refused);
                continue;
            }
            Path local = LocalPaths.child(folder, entry.name());
            switch (entry.type()) {
                case DIRECTORY -> {
                    TransferItem child = queue.child(item, true, local, remote, -1, entry.modified());
                    if (item.depth + 1 > MAX_DEPTH) {
                        RunSupport.refusedFromTheStart(child, Message.of(QueueText.TOO_DEEP, MAX_DEPTH));
                    } else if (queue.seenBefore(item, entry.uniqueId())) {
                        RunSupport.refusedFromTheStart(child, Message.of(QueueText.SYMLINK_LOOP));
                    }
                    children.add(child);
                }
                case FILE -> children.add(queue.child(item, false, local, remote, entry.size(), entry.modified()));
                case SYMLINK -> {
                    // The listing's size is the link's own; the file's is asked for when it runs.
                    TransferItem link = queue.child(item, false, local, remote, -1, entry.modified());
                    link.symlink = true;
                    children.add(link);
                }
                case OTHER -> {
                    TransferItem special = queue.child(item, false, local, remote, entry.size(), entry.modified());
                    RunSupport.refusedFromTheStart(special, Message.of(QueueText.NOT_REGULAR_FILE));
                    children.add(special);
                }
            }
        }
        for (String line : listing.unparsedLines()) {
            TransferItem unparsed = queue.child(item, false, folder,
                    item.remotePath + " (" + NameSafety.printable(line) + ")", -1, null);
            RunSupport.refusedFromTheStart(unparsed, Message.of(QueueText.UNPARSED_LISTING_LINE,
                    NameSafety.printable(line)));
            children.add(unparsed);
        }
        queue.expanded(item, children);
    }

    private void expandLocal(TransferItem item, FtpSession session, CancelToken token) throws IOException {
        // Create first: a new folder needs no listing. Refused (usually: it exists), list what is there.
        Map<String, RemoteEntry> existing = new HashMap<>();
        try {
            session.mkd(item.remotePath);
        } catch (FtpReplyException refused) {
            if (refused.isTransient()) {
                throw refused;
            }
            try {
                for (RemoteEntry entry : session.list(item.remotePath, token).entries()) {
                    existing.put(entry.name(), entry);
                }
            } catch (FtpReplyException listFailure) {
                listFailure.addSuppressed(refused);
                throw listFailure;
            }
        }
        List<TransferItem> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(item.localPath)) {
            for (Path local : entries) {
                String name = local.getFileName().toString();
                String remote = RemotePaths.join(item.remotePath, name);
                BasicFileAttributes attributes = Files.readAttributes(local, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (attributes.isSymbolicLink() && Files.isDirectory(local)) {
                    TransferItem link = queue.child(item, true, local, remote, -1, null);
                    RunSupport.skippedFromTheStart(link, Message.of(QueueText.SYMLINK_TO_FOLDER_SKIPPED));
                    children.add(link);
                } else if (attributes.isDirectory()) {
                    TransferItem child = queue.child(item, true, local, remote, -1, null);
                    if (item.depth + 1 > MAX_DEPTH) {
                        RunSupport.refusedFromTheStart(child, Message.of(QueueText.TOO_DEEP, MAX_DEPTH));
                    }
                    children.add(child);
                } else if (Files.isRegularFile(local)) {
                    TransferItem child = queue.child(item, false, local, remote, Files.size(local),
                            Files.getLastModifiedTime(local).toInstant());
                    RemoteEntry there = existing.get(name);
                    child.targetKnown = true;
                    if (there != null) {
                        child.targetSize = there.size();
                        child.targetModified = there.modified();
                    }
                    children.add(child);
                }
            }
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_READ_FOLDER, item.localPath, e);
        }
        queue.expanded(item, children);
    }

    // ------------------------------------------------------------------ files

    private void download(TransferItem item, FtpSession session, CancelToken token) throws IOException {
        String remote = item.remotePath;
        long size = item.size;
        if (item.symlink && !followLink(item, session, token)) {
            return;
        }
        if (size < 0) {
            size = session.size(remote, token).orElse(-1);
            if (size >= 0) {
                queue.updateSize(item, size);
            }
        }
        Path target = inside(item, item.localPath);
        if (Files.exists(target) && !Files.exists(FileTransfers.partFile(target))) {
            long localSize = Files.size(target);
            Instant localModified = Files.getLastModifiedTime(target).toInstant();
            if (item.restored && size >= 0 && localSize == size) {
                // Finished before the queue file caught up (a crash between the rename and the save).
                item.bytesDone.set(localSize);
                return;
            }
            Instant remoteModified = item.modified != null ? item.modified
                    : session.modificationTime(remote, token).orElse(null);
            ConflictArbiter.Outcome outcome = queue.resolveConflict(item, queue.conflict(item, target, remote, size,
                    remoteModified, localSize, localModified), token);
            token.throwIfCancelled();
            switch (decide(outcome.action(), size, remoteModified, localSize, localModified)) {
                case SKIP -> {
                    queue.skip(item, Message.of(QueueText.SKIPPED_LOCAL_EXISTS, Message.of(why(outcome.action()))));
                    return;
                }
                case RESUME -> {
                    try {
                        Files.move(target, FileTransfers.partFile(target));
                    } catch (IOException e) {
                        throw LocalFileException.of(FtpText.LOCAL_RESUME, target, e);
                    }
                }
                case RENAME -> {
                    target = inside(item, freeName(target));
                    queue.retarget(item, target, remote);
                }
                default -> {
                }
            }
        }
        Path finalTarget = target;
        if (segmented(item, session, target, size)) {
            try {
                downloadSegments(item, session, remote, target, size, token);
                return;
            } catch (FtpReplyException refused) {
                if (!"REST".equals(refused.command()) || refused.isTransient()) {
                    throw refused;
                }
                // It announced REST STREAM but refuses it: one stream, from what the segments have in a row.
                abandonSegments(item, target);
            }
        } else if (queue.segmentPlan(item) != null) {
            // Split before, but not now (the server no longer offers REST STREAM).
            abandonSegments(item, target);
        }
        queue.startingAt(item, FileTransfers.resumableBytes(target, size));
        FileTransfers.PartCheck check = part -> verify(item, session, remote, part, finalTarget, token);
        try {
            FileTransfers.download(session, remote, target, size, true, item.modified, queue.progress(item), check, token);
        } catch (FtpReplyException refused) {
            if (!"REST".equals(refused.command()) || refused.isTransient()) {
                throw refused;
            }
            // The server cannot continue the part file: the only way left is the whole file again.
            queue.startingAt(item, 0);
            FileTransfers.download(session, remote, target, size, false, item.modified, queue.progress(item), check, token);
        }
    }

    // ------------------------------------------------------------------ segmented downloads

    /** No segment is smaller than this: each costs a login and an abort. */
    static final long MINIMUM_SEGMENT = 1L << 20;

    /** Whether this download runs as segments: it was split before, or it is large and the server can. */
    private boolean segmented(TransferItem item, FtpSession session, Path target, long size) {
        if (size <= 0 || !session.features().supportsRestStream()) {
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
    private void downloadSegments(TransferItem item, FtpSession session, String remote, Path target, long size,
                                  CancelToken token) throws IOException {
        Path part = FileTransfers.partFile(target);
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
                    file.setLength(prefix);
                    // Sparse where nothing was written yet; every segment writes its range in place.
                    file.setLength(size);
                }
            } catch (IOException e) {
                throw LocalFileException.of(FtpText.LOCAL_WRITE, part, e);
            }
            download = queue.segmented(item, remote, file.getChannel(), plan);
            queue.startingAt(item, download.bytesDone());
            try {
                download.run(session, token);
            } catch (LocalFileException e) {
                throw e.path() == null ? e.at(part) : e;
            } catch (IOException e) {
                if (item.stop == TransferItem.StopRequest.REMOVE) {
                    // Not going to be resumed: nothing of it stays behind.
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
            verify(item, session, remote, part, target, token);
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
            return Files.size(part) == size;
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
    private void abandonSegments(TransferItem item, Path target) throws IOException {
        List<Segment> plan = queue.segmentPlan(item);
        Path part = FileTransfers.partFile(target);
        if (plan == null || plan.isEmpty() || !usable(plan, plan.getLast().end(), part)) {
            discardSegments(item, part);
            return;
        }
        long inARow = 0;
        for (Segment segment : plan) {
            inARow += segment.done();
            if (!segment.complete()) {
                break;
            }
        }
        if (Files.exists(part)) {
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                channel.truncate(Math.min(inARow, channel.size()));
            } catch (IOException e) {
                throw LocalFileException.of(FtpText.LOCAL_WRITE, part, e);
            }
        }
        queue.saveSegments(item, null);
    }

    /** The part file and its plan go: the next attempt starts afresh. */
    private void discardSegments(TransferItem item, Path part) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            // The plan goes anyway: without it the next attempt does not trust the part file's length.
        }
        queue.saveSegments(item, null);
    }

    /**
     * A symbolic link in a listing: a link to a file is downloaded as the file (its real size is
     * asked for); a link to a folder is recreated or skipped, by the setting; a link to nothing is
     * skipped. Returns true when the item is to be downloaded as a file.
     */
    private boolean followLink(TransferItem item, FtpSession session, CancelToken token) throws IOException {
        OptionalLong size = session.size(item.remotePath, token);
        if (size.isPresent()) {
            queue.updateSize(item, size.getAsLong());
            return true;
        }
        try {
            session.list(item.remotePath, token);
        } catch (FtpReplyException missing) {
            if (missing.isTransient()) {
                throw missing;
            }
            queue.skip(item, Message.of(QueueText.DANGLING_LINK_SKIPPED, item.remotePath));
            return false;
        }
        // It lists: a folder. Following it could walk a tree twice or forever.
        queue.skip(item, Message.of(QueueText.SYMLINK_TO_FOLDER_SKIPPED));
        return false;
    }

    private void upload(TransferItem item, FtpSession session, CancelToken token) throws IOException {
        Path local = item.localPath;
        long size;
        Instant localModified;
        try {
            size = Files.size(local);
            localModified = Files.getLastModifiedTime(local).toInstant();
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_READ, local, e);
        }
        queue.updateSize(item, size);
        String remote = item.remotePath;
        long remoteSize = item.targetKnown && item.attempts == 0 && !item.restored ? item.targetSize
                : session.size(remote, token).orElse(-1);
        long offset = 0;
        boolean ours = item.attempts > 0 || item.restored;
        if (item.restartUpload) {
            // The last attempt's checksum did not match: replace the server's file entirely.
            item.restartUpload = false;
        } else if (remoteSize >= 0 && ours) {
            // An earlier attempt of this item left the server's file: continue it where it stopped.
            offset = remoteSize <= size ? remoteSize : 0;
        } else if (remoteSize >= 0) {
            Instant remoteModified = item.targetKnown ? item.targetModified
                    : session.modificationTime(remote, token).orElse(null);
            ConflictArbiter.Outcome outcome = queue.resolveConflict(item, queue.conflict(item, local, remote, size,
                    localModified, remoteSize, remoteModified), token);
            token.throwIfCancelled();
            switch (decide(outcome.action(), size, localModified, remoteSize, remoteModified)) {
                case SKIP -> {
                    queue.skip(item, Message.of(QueueText.SKIPPED_REMOTE_EXISTS, Message.of(why(outcome.action()))));
                    return;
                }
                case RESUME -> offset = remoteSize <= size ? remoteSize : 0;
                case RENAME -> {
                    remote = freeRemoteName(session, remote, token);
                    queue.retarget(item, local, remote);
                }
                default -> {
                }
            }
        }
        if (offset == size && size > 0) {
            queue.startingAt(item, size);
        } else {
            queue.startingAt(item, offset);
            FileTransfers.upload(session, local, remote, offset, queue.progress(item), token);
        }
        if (session.features().has("SIZE")) {
            long stored = session.size(remote, token).orElse(size);
            if (stored != size) {
                throw new IncompleteTransferException(Message.of(QueueText.UPLOAD_INCOMPLETE, remote, stored, size));
            }
        }
        verify(item, session, remote, local, null, token);
        if (session.features().has("MFMT")) {
            session.setModificationTime(remote, localModified);
        }
    }

    /**
     * The local path a download writes, checked against the folder the user chose: whatever a
     * listing, a retry or a restored queue file says, nothing is written outside it.
     */
    private static Path inside(TransferItem item, Path path) throws UnsafeNameException {
        if (item.boundary == null) {
            return path;
        }
        Path normal = path.toAbsolutePath().normalize();
        if (!normal.startsWith(item.boundary) || normal.equals(item.boundary) && !item.directory) {
            throw new UnsafeNameException(Message.of(QueueText.OUTSIDE_TARGET_FOLDER, item.boundary.toString(),
                    normal.toString()));
        }
        return normal;
    }

    /**
     * Compares the server's checksum with ours, when the server offers one. A mismatch deletes
     * the local part file (downloads) and is retried once from scratch, then fails.
     */
    private void verify(TransferItem item, FtpSession session, String remote, Path local, Path downloadTarget,
                        CancelToken token) throws IOException {
        Optional<String[]> theirs = session.checksum(remote, Checksums.ALGORITHMS, token);
        if (theirs.isEmpty()) {
            queue.setVerification(item, Verification.UNAVAILABLE);
            if (queue.settings().requireVerification()) {
                throw new FtpException(Message.of(QueueText.NO_CHECKSUM), false);
            }
            return;
        }
        String algorithm = theirs.get()[0];
        String ours = Checksums.compute(local, algorithm);
        if (Checksums.same(algorithm, ours, theirs.get()[1])) {
            queue.setVerification(item, Verification.VERIFIED);
            return;
        }
        queue.setVerification(item, Verification.MISMATCH);
        if (downloadTarget != null) {
            Files.deleteIfExists(local);
        } else {
            item.restartUpload = true;
        }
        if (!item.verifyRetried) {
            item.verifyRetried = true;
            throw new ChecksumMismatchException(Message.of(QueueText.CHECKSUM_MISMATCH_RETRYING, algorithm, remote));
        }
        throw new FtpException(Message.of(QueueText.CHECKSUM_MISMATCH, algorithm, remote), false);
    }

    /** A mismatch is worth one more try (transient); the second one is not. */
    static final class ChecksumMismatchException extends FtpException {
        ChecksumMismatchException(Message explanation) {
            super(explanation, true);
        }
    }

    private static ConflictAction decide(ConflictAction action, long sourceSize, Instant sourceModified,
                                         long targetSize, Instant targetModified) {
        boolean newer = sourceModified != null && targetModified != null && sourceModified.isAfter(targetModified);
        boolean sizeDiffers = sourceSize < 0 || targetSize < 0 || sourceSize != targetSize;
        return switch (action) {
            case OVERWRITE_IF_NEWER -> newer ? ConflictAction.OVERWRITE : ConflictAction.SKIP;
            case OVERWRITE_IF_SIZE_DIFFERS -> sizeDiffers ? ConflictAction.OVERWRITE : ConflictAction.SKIP;
            case OVERWRITE_IF_DIFFERENT -> newer || sizeDiffers ? ConflictAction.OVERWRITE : ConflictAction.SKIP;
            case ASK -> ConflictAction.OVERWRITE;
            default -> action;
        };
    }

    private static QueueText why(ConflictAction action) {
        return switch (action) {
            case OVERWRITE_IF_NEWER -> QueueText.SKIP_NOT_NEWER;
            case OVERWRITE_IF_SIZE_DIFFERS -> QueueText.SKIP_SAME_SIZE;
            case OVERWRITE_IF_DIFFERENT -> QueueText.SKIP_SAME;
            default -> QueueText.SKIP_AS_ASKED;
        };
    }

    /** "name.ext" → "name (1).ext", the first that does not exist. */
    static Path freeName(Path target) {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 1; ; n++) {
            Path candidate = target.resolveSibling(stem + " (" + n + ")" + extension);
            if (!Files.exists(candidate) && !Files.exists(FileTransfers.partFile(candidate))) {
                return candidate;
            }
        }
    }

    private static String freeRemoteName(FtpSession session, String remote, CancelToken token) throws FtpException {
        String name = RemotePaths.name(remote);
        String parent = RemotePaths.parent(remote);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 1; n < 1000; n++) {
            String candidate = RemotePaths.join(parent, stem + " (" + n + ")" + extension);
            if (session.size(candidate, token).isEmpty()) {
                return candidate;
            }
        }
        throw new UnsafeNameException(Message.of(QueueText.NO_FREE_NAME, remote));
    }
}
