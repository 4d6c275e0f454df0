package dev.ferry.transfer;

import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpReplyException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.LocalFileException;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.UnsafeNameException;
import dev.ferry.ftp.listing.Listing;
import dev.ferry.ftp.listing.NameSafety;
import dev.ferry.ftp.listing.RemoteEntry;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one item on a logged-in session: expands a directory into its children, or moves a file
 * safely (part file, size check, checksum when the server offers one). Failures are thrown; the
 * queue decides about retries.
 */
final class ItemRunner {

    /** Deeper than this is almost certainly a symbolic link loop. */
    static final int MAX_DEPTH = 32;

    private final TransferQueue queue;

    ItemRunner(TransferQueue queue) {
        this.queue = queue;
    }

    void run(TransferItem item, FtpSession session) throws IOException {
        if (item.directory) {
            if (item.direction == Direction.DOWNLOAD) {
                expandRemote(item, session);
            } else {
                expandLocal(item, session);
            }
        } else if (item.direction == Direction.DOWNLOAD) {
            download(item, session);
        } else {
            upload(item, session);
        }
    }

    // ------------------------------------------------------------------ directories

    private void expandRemote(TransferItem item, FtpSession session) throws IOException {
        Listing listing = session.list(item.remotePath);
        try {
            Files.createDirectories(item.localPath);
        } catch (IOException e) {
            throw LocalFileException.of("Could not create the folder " + item.localPath, e);
        }
        List<TransferItem> children = new ArrayList<>();
        for (RemoteEntry entry : listing.entries()) {
            String remote = RemotePaths.join(item.remotePath, entry.name());
            Optional<String> problem = LocalPaths.problem(entry.name());
            if (problem.isPresent()) {
                TransferItem refused = queue.child(item, false, item.localPath, item.remotePath + "/"
                        + NameSafety.printable(entry.name()), entry.size(), entry.modified());
                TransferQueue.failedFromTheStart(refused, "Refused the remote name \""
                        + NameSafety.printable(entry.name()) + "\": " + problem.get());
                children.add(refused);
                continue;
            }
            Path local = LocalPaths.child(item.localPath, entry.name());
            switch (entry.type()) {
                case DIRECTORY -> {
                    TransferItem child = queue.child(item, true, local, remote, -1, entry.modified());
                    if (item.depth + 1 > MAX_DEPTH) {
                        TransferQueue.failedFromTheStart(child, "Not followed: more than " + MAX_DEPTH
                                + " folders deep (a symbolic link loop?)");
                    } else if (queue.seenBefore(item, entry.uniqueId())) {
                        TransferQueue.failedFromTheStart(child, "Not followed: the same folder was already "
                                + "downloaded through another path (a symbolic link loop)");
                    }
                    children.add(child);
                }
                case FILE, SYMLINK -> children.add(queue.child(item, false, local, remote, entry.size(), entry.modified()));
                case OTHER -> {
                    TransferItem special = queue.child(item, false, local, remote, entry.size(), entry.modified());
                    TransferQueue.failedFromTheStart(special, "Not a regular file (device, pipe or socket)");
                    special.state = ItemState.SKIPPED;
                    children.add(special);
                }
            }
        }
        for (String line : listing.unparsedLines()) {
            TransferItem unparsed = queue.child(item, false, item.localPath,
                    item.remotePath + " (listing line \"" + NameSafety.printable(line) + "\")", -1, null);
            TransferQueue.failedFromTheStart(unparsed, "Could not understand this line of the server's listing: "
                    + NameSafety.printable(line));
            children.add(unparsed);
        }
        queue.expanded(item, children);
    }

    private void expandLocal(TransferItem item, FtpSession session) throws IOException {
        // Create first: a new folder needs no listing. Refused (usually: it exists), list what is there.
        Map<String, RemoteEntry> existing = new HashMap<>();
        try {
            session.mkd(item.remotePath);
        } catch (FtpReplyException refused) {
            if (refused.isTransient()) {
                throw refused;
            }
            try {
                for (RemoteEntry entry : session.list(item.remotePath).entries()) {
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
                    TransferQueue.failedFromTheStart(link, "A symbolic link to a folder: not followed");
                    link.state = ItemState.SKIPPED;
                    children.add(link);
                } else if (attributes.isDirectory()) {
                    TransferItem child = queue.child(item, true, local, remote, -1, null);
                    if (item.depth + 1 > MAX_DEPTH) {
                        TransferQueue.failedFromTheStart(child, "Not followed: more than " + MAX_DEPTH + " folders deep");
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
            throw LocalFileException.of("Could not read the folder " + item.localPath, e);
        }
        queue.expanded(item, children);
    }

    // ------------------------------------------------------------------ files

    private void download(TransferItem item, FtpSession session) throws IOException {
        String remote = item.remotePath;
        long size = item.size;
        if (size < 0) {
            size = session.size(remote).orElse(-1);
            if (size >= 0) {
                queue.updateSize(item, size);
            }
        }
        Path target = item.localPath;
        if (Files.exists(target) && !Files.exists(FileTransfers.partFile(target))) {
            long localSize = Files.size(target);
            Instant localModified = Files.getLastModifiedTime(target).toInstant();
            if (item.restored && size >= 0 && localSize == size) {
                // Finished before the queue file caught up (a crash between the rename and the save).
                item.bytesDone.set(localSize);
                return;
            }
            Instant remoteModified = item.modified != null ? item.modified : session.modificationTime(remote).orElse(null);
            ConflictAction action = queue.resolveConflict(item, new Conflict(item.id, Direction.DOWNLOAD, target, remote,
                    size, remoteModified, localSize, localModified));
            switch (decide(action, size, remoteModified, localSize, localModified)) {
                case SKIP -> {
                    queue.skip(item, "The local file exists (" + describeAction(action) + ")");
                    return;
                }
                case RESUME -> {
                    try {
                        Files.move(target, FileTransfers.partFile(target));
                    } catch (IOException e) {
                        throw LocalFileException.of("Could not resume " + target, e);
                    }
                }
                case RENAME -> {
                    target = freeName(target);
                    item.localPath = target;
                }
                default -> {
                }
            }
        }
        item.bytesDone.set(FileTransfers.resumableBytes(target, size));
        Path finalTarget = target;
        FileTransfers.PartCheck check = part -> verify(item, session, remote, part, finalTarget);
        try {
            FileTransfers.download(session, remote, target, size, true, item.modified, queue.progress(item), check);
        } catch (FtpReplyException refused) {
            if (!"REST".equals(refused.command()) || refused.isTransient()) {
                throw refused;
            }
            // The server cannot continue the part file: the only way left is the whole file again.
            item.bytesDone.set(0);
            FileTransfers.download(session, remote, target, size, false, item.modified, queue.progress(item), check);
        }
    }

    private void upload(TransferItem item, FtpSession session) throws IOException {
        Path local = item.localPath;
        long size;
        Instant localModified;
        try {
            size = Files.size(local);
            localModified = Files.getLastModifiedTime(local).toInstant();
        } catch (IOException e) {
            throw LocalFileException.of("Could not read " + local, e);
        }
        queue.updateSize(item, size);
        String remote = item.remotePath;
        long remoteSize = item.targetKnown && item.attempts == 0 && !item.restored ? item.targetSize
                : session.size(remote).orElse(-1);
        long offset = 0;
        boolean ours = item.attempts > 0 || item.restored;
        if (item.restartUpload) {
            // The last attempt's checksum did not match: replace the server's file entirely.
            item.restartUpload = false;
        } else if (remoteSize >= 0 && ours) {
            // An earlier attempt of this item left the server's file: continue it where it stopped.
            offset = remoteSize <= size ? remoteSize : 0;
        } else if (remoteSize >= 0) {
            Instant remoteModified = item.targetKnown ? item.targetModified : session.modificationTime(remote).orElse(null);
            ConflictAction action = queue.resolveConflict(item, new Conflict(item.id, Direction.UPLOAD, local, remote,
                    size, localModified, remoteSize, remoteModified));
            switch (decide(action, size, localModified, remoteSize, remoteModified)) {
                case SKIP -> {
                    queue.skip(item, "The file exists on the server (" + describeAction(action) + ")");
                    return;
                }
                case RESUME -> offset = remoteSize <= size ? remoteSize : 0;
                case RENAME -> {
                    remote = freeRemoteName(session, remote);
                    item.remotePath = remote;
                }
                default -> {
                }
            }
        }
        if (offset == size && size > 0) {
            item.bytesDone.set(size);
        } else {
            item.bytesDone.set(offset);
            FileTransfers.upload(session, local, remote, offset, queue.progress(item));
        }
        if (session.features().has("SIZE")) {
            long stored = session.size(remote).orElse(size);
            if (stored != size) {
                throw new IncompleteTransferException("The server holds " + stored + " of " + size + " bytes of "
                        + remote + " after the upload; the connection was probably cut");
            }
        }
        verify(item, session, remote, local, null);
        if (session.features().has("MFMT")) {
            session.setModificationTime(remote, localModified);
        }
    }

    /**
     * Compares the server's checksum with ours, when the server offers one. A mismatch deletes
     * the local part file (downloads) and is retried once from scratch, then fails.
     */
    private void verify(TransferItem item, FtpSession session, String remote, Path local, Path downloadTarget)
            throws IOException {
        Optional<String[]> theirs = session.checksum(remote, Checksums.ALGORITHMS);
        if (theirs.isEmpty()) {
            queue.setVerification(item, Verification.UNAVAILABLE);
            if (queue.settings().requireVerification()) {
                throw new FtpException("The server offers no checksum command (HASH, XSHA256, XSHA1, XMD5, XCRC), "
                        + "so the file cannot be verified", false);
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
        String message = "The " + algorithm + " checksum of " + remote + " differs between the server and here";
        if (!item.verifyRetried) {
            item.verifyRetried = true;
            throw new ChecksumMismatchException(message + "; trying once more");
        }
        throw new FtpException(message + ", also after a second transfer", false);
    }

    /** A mismatch is worth one more try (transient); the second one is not. */
    static final class ChecksumMismatchException extends FtpException {
        ChecksumMismatchException(String message) {
            super(message, true);
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

    private static String describeAction(ConflictAction action) {
        return switch (action) {
            case SKIP -> "skipped as asked";
            case OVERWRITE_IF_NEWER -> "not newer";
            case OVERWRITE_IF_SIZE_DIFFERS -> "same size";
            case OVERWRITE_IF_DIFFERENT -> "same size and not newer";
            default -> action.name().toLowerCase(java.util.Locale.ROOT);
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

    private static String freeRemoteName(FtpSession session, String remote) throws FtpException {
        String name = RemotePaths.name(remote);
        String parent = RemotePaths.parent(remote);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 1; n < 1000; n++) {
            String candidate = RemotePaths.join(parent, stem + " (" + n + ")" + extension);
            if (session.size(candidate).isEmpty()) {
                return candidate;
            }
        }
        throw new UnsafeNameException("No free name for " + remote);
    }
}
