package dev.ferry.transfer;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.DownloadSink;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.LocalFileException;
import dev.ferry.ftp.TransferListener;
import dev.ferry.ftp.UploadSource;
import dev.ferry.message.Message;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * Moving one file safely. A download is written to {@code name.part} beside its target and only
 * renamed into place once the byte count matches the remote size, so a crash or a cut connection
 * never leaves a truncated file under the real name; the part file is where a retry resumes. A
 * part file that never received a byte is not left behind.
 */
public final class FileTransfers {

    public static final String PART_SUFFIX = ".part";
    public static final String SEGMENTS_SUFFIX = ".segments";
    /** How far a server's clock may run ahead of ours before its times say nothing. */
    private static final java.time.Duration CLOCK_SLACK = java.time.Duration.ofMinutes(2);

    private FileTransfers() {
    }

    /**
     * Beside a part file written as segments, while it is: full length with gaps, it is no prefix of
     * the file, and only the queue's saved plan says what in it is real. Without the plan (the queue
     * file lost, another config folder, {@code get -c}) the marker keeps a single stream from taking
     * its length for data.
     */
    static Path segmentsMarker(Path target) {
        return segmentsMarkerOfPart(partFile(target));
    }

    private static Path segmentsMarkerOfPart(Path part) {
        return part.resolveSibling(part.getFileName() + SEGMENTS_SUFFIX);
    }

    /**
     * The marker of {@code part} goes: the part is gone, complete, or a prefix again. Left behind, it
     * would only make a later single stream start over.
     */
    static void dropSegmentsMarker(Path part) {
        try {
            Files.deleteIfExists(segmentsMarkerOfPart(part));
        } catch (IOException e) {
            // Nothing is lost.
        }
    }

    /** Bytes of an earlier attempt that a resumed download continues from. */
    public static long resumableBytes(Path target, long expectedSize) {
        try {
            return resumableBytes(partNow(target), target, expectedSize);
        } catch (IOException e) {
            return 0;
        }
    }

    /** {@link #resumableBytes(Path, long)} for a caller that just read the part file's attributes ({@link #partNow}). */
    static long resumableBytes(BasicFileAttributes part, Path target, long expectedSize) {
        // A link (or anything but a file) under the part's name is not ours to continue: it may lead out of the folder.
        if (part == null || !part.isRegularFile() || Files.exists(segmentsMarker(target))) {
            return 0;
        }
        long existing = part.size();
        return expectedSize >= 0 && existing > expectedSize ? 0 : existing;
    }

    /**
     * The part file of {@code target} as it is now, itself and not what a link there leads to; null
     * when there is none. Read once where a download asks several questions of it: each question
     * was a system call of its own, about ten per file before its first byte, for a part that is
     * usually not there.
     */
    static BasicFileAttributes partNow(Path target) throws IOException {
        Path part = partFile(target);
        // Usually there is none: no exception with a stack trace for that.
        return part.getFileSystem().provider().readAttributesIfExists(part, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
    }

    /** What {@link Files#exists} says of the part file, from {@link #partNow}: a link counts when it leads somewhere. */
    static boolean partExists(BasicFileAttributes part, Path target) {
        return part != null && (!part.isSymbolicLink() || Files.exists(partFile(target)));
    }

    /**
     * True when the part file of {@code target} holds the start of an older version of the remote
     * file: the server's file was modified after the part's last byte was written (its MDTM, else
     * {@code known}, later than the part's time). Continuing it would join the old start to the new
     * end. Without a remote time nothing is known and the part is trusted, as before; nor is
     * anything learned from a time ahead of this machine's clock, which is what a server that
     * reports local time east of UTC gives for a recent file (vsftpd's use_localtime, set in
     * Debian's configuration): a download of it would start again at every resume.
     */
    public static boolean partOutdated(FtpSession session, String remotePath, Path target, Instant known,
                                       CancelToken token) throws IOException {
        return partOutdated(session, remotePath, partNow(target), known, token);
    }

    private static boolean partOutdated(FtpSession session, String remotePath, BasicFileAttributes part, Instant known,
                                        CancelToken token) throws IOException {
        if (!holdsBytes(part)) {
            return false;
        }
        return outdated(part, session.modificationTime(remotePath, token).orElse(known));
    }

    /** {@link #partOutdated(FtpSession, String, Path, Instant, CancelToken)} for a caller that already asked MDTM. */
    public static boolean partOutdated(Path target, Instant remoteModified) throws IOException {
        return partOutdated(partNow(target), remoteModified);
    }

    /** {@link #partOutdated(Path, Instant)} for a caller that just read the part file's attributes ({@link #partNow}). */
    static boolean partOutdated(BasicFileAttributes part, Instant remoteModified) {
        return holdsBytes(part) && outdated(part, remoteModified);
    }

    private static boolean holdsBytes(BasicFileAttributes part) {
        return part != null && part.isRegularFile() && part.size() > 0;
    }

    private static boolean outdated(BasicFileAttributes part, Instant remote) {
        if (remote == null || remote.isAfter(Instant.now().plus(CLOCK_SLACK))) {
            return false;
        }
        return remote.isAfter(part.lastModifiedTime().toInstant());
    }

    /**
     * "name.part" beside the target. A name that fits the file system but not with ".part" added
     * (251 to 255 bytes) keeps its start and gets a hash of the whole name: the same target always has
     * the same part file, so a download still continues it.
     */
    public static Path partFile(Path target) {
        String name = target.getFileName().toString();
        if (LocalFileException.nameBytes(name) + PART_SUFFIX.length() <= LocalFileException.LONGEST_NAME_BYTES) {
            return target.resolveSibling(name + PART_SUFFIX);
        }
        String tail = String.format(java.util.Locale.ROOT, "~%08x%s", name.hashCode(), PART_SUFFIX);
        int room = LocalFileException.LONGEST_NAME_BYTES - tail.length();
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        for (int codePoint : name.codePoints().toArray()) {
            int length = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + length > room) {
                break;
            }
            kept.appendCodePoint(codePoint);
            bytes += length;
        }
        return target.resolveSibling(kept + tail);
    }

    /** Checks a complete part file before it takes the real name; throws to keep it from doing so. */
    @FunctionalInterface
    public interface PartCheck {
        void check(Path part) throws IOException;
    }

    /** What a download does with the part file an earlier attempt left. */
    public enum PartFile {
        /** Starts the file again from its first byte. */
        REPLACE,
        /** Continues it: the caller already made sure it is not {@linkplain #partOutdated outdated}. */
        CONTINUE,
        /** Continues it unless the remote file changed since (one MDTM when there is a part file). */
        CONTINUE_IF_CURRENT
    }

    /** {@code resume}: continue the part file unless the remote file changed since it was written. */
    public static long download(FtpSession session, String remotePath, Path target, long expectedSize,
                                boolean resume, Instant modified, TransferListener listener) throws IOException {
        return download(session, remotePath, target, expectedSize,
                resume ? PartFile.CONTINUE_IF_CURRENT : PartFile.REPLACE, modified, listener, part -> { },
                new CancelToken());
    }

    /**
     * Downloads {@code remotePath} to {@code target}.
     *
     * @param expectedSize the remote size, or -1 when the server cannot tell (then any count is accepted)
     * @param partFile     what to do with a part file left by an earlier attempt
     * @param modified     remote modification time to give the local file, or null
     * @param check        runs on the complete part file before it is renamed (checksums)
     * @return bytes received in this attempt
     */
    public static long download(FtpSession session, String remotePath, Path target, long expectedSize,
                                PartFile partFile, Instant modified, TransferListener listener, PartCheck check,
                                CancelToken token) throws IOException {
        Path part = partFile(target);
        BasicFileAttributes existing = partNow(target);
        refuseUnlessPartFile(part, existing);
        boolean resume = switch (partFile) {
            case REPLACE -> false;
            case CONTINUE -> true;
            case CONTINUE_IF_CURRENT -> !partOutdated(session, remotePath, existing, modified, token);
        };
        long offset = resume ? resumableBytes(existing, target, expectedSize) : 0;
        // Continued from a byte past 0, the part had no marker: only a download from the start looks.
        if (offset == 0 && Files.exists(segmentsMarkerOfPart(part))) {
            // Its gaps go first, then the marker: a stop in between must not leave a full-length part unmarked.
            if (Files.exists(part)) {
                openPart(part, 0).close();
            }
            dropSegmentsMarker(part);
        }
        try {
            Path parent = target.toAbsolutePath().getParent();
            // Usually there already: createDirectories would throw and catch an exception per file.
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_CREATE_FOLDER, target.toAbsolutePath().getParent(), e);
        }
        long received;
        try {
            received = session.retrieve(remotePath, offset, expectedSize,
                    DownloadSink.toFile(part, at -> openPart(part, at)), listener, token);
        } catch (LocalFileException e) {
            throw e.path() == null ? e.at(part) : e;
        } catch (IOException e) {
            removeIfEmpty(part);
            throw e;
        }
        long total = offset + received;
        if (expectedSize >= 0 && total > expectedSize) {
            // More than the server said it holds: the file changed (grew) meanwhile; the network drops bytes, it adds
            // none. What came mixes the old version's start with the new one's rest: nothing of it is worth continuing.
            // Only a part this attempt began is deleted here; one it continued may be the user's own file ("Resume"),
            // which the queue gives back.
            if (offset == 0) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException e) {
                    // Left, it is judged again by the next attempt's size and time.
                }
            }
            throw new IncompleteTransferException(Message.of(QueueText.DOWNLOAD_GREW, remotePath, total, expectedSize));
        }
        if (expectedSize >= 0 && total < expectedSize) {
            throw IncompleteTransferException.shortDownload(remotePath, total, expectedSize);
        }
        check.check(part);
        try {
            if (modified != null) {
                Files.setLastModifiedTime(part, FileTime.from(modified));
            }
            moveIntoPlace(part, target);
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_MOVE_INTO_PLACE, target, e);
        }
        return received;
    }

    /**
     * Something other than a regular file where the part file goes (a planted symbolic link, a folder,
     * a named pipe) refuses the download, for good: written through, a link puts the download wherever
     * it leads, outside the folder; a pipe waits for a reader for ever; and removed, it may have been
     * the user's own. Nothing is touched: the user moves it away and tries again.
     */
    static void refuseUnlessPartFile(Path part) throws IOException {
        refuseUnlessPartFile(part, part.getFileSystem().provider().readAttributesIfExists(part,
                BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    private static void refuseUnlessPartFile(Path part, BasicFileAttributes attributes) throws IOException {
        if (attributes != null && !attributes.isRegularFile()) {
            throw new dev.ferry.ftp.FtpException(Message.of(QueueText.PART_FILE_NOT_REGULAR, part.toString(),
                    attributes.isSymbolicLink() ? 0 : 1), false);
        }
    }

    /** The part file from {@code offset} on: what a failed attempt wrote beyond it is dropped. */
    private static FileChannel openPart(Path part, long offset) throws LocalFileException {
        try {
            // Never through a link: one put there after the check above must fail the attempt, not redirect it.
            if (offset == 0) {
                // Emptied as it opens: a size query and three seeks less than truncating the open file, per file.
                return FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
            }
            FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            channel.truncate(offset);
            channel.position(offset);
            return channel;
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_WRITE, part, e);
        }
    }

    /** An attempt that failed before its first byte leaves no empty part file behind. */
    private static void removeIfEmpty(Path part) {
        try {
            if (Files.size(part) == 0) {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            // Missing already, or unreadable: nothing to tidy.
        }
    }

    static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static long upload(FtpSession session, Path source, String remotePath, long remoteOffset,
                              TransferListener listener) throws IOException {
        return upload(session, source, remotePath, remoteOffset, listener, new CancelToken());
    }

    /**
     * Uploads {@code source} to {@code remotePath}. With {@code remoteOffset > 0} the server file is
     * continued from there (REST+STOR, or APPE when the server lacks REST STREAM).
     */
    public static long upload(FtpSession session, Path source, String remotePath, long remoteOffset,
                              TransferListener listener, CancelToken token) throws IOException {
        FtpSession.StoreMode mode = FtpSession.StoreMode.REPLACE;
        if (remoteOffset > 0) {
            mode = session.features().supportsRestStream() ? FtpSession.StoreMode.RESUME : FtpSession.StoreMode.APPEND;
        }
        try {
            return session.store(remotePath, UploadSource.fromFile(source, at -> openSource(source, at)), mode,
                    remoteOffset, listener, token);
        } catch (LocalFileException e) {
            throw e.path() == null ? e.at(source) : e;
        }
    }

    /** How much of the server's file is compared with ours before an upload continues it. */
    static final int CONTINUE_CHECK_BYTES = 64 * 1024;

    /**
     * Where an upload of {@code source} may continue the server's file of {@code remoteSize} bytes:
     * there, when the server's last bytes (up to 64 KiB) are ours at the same place; else 0, and the
     * file is sent whole. Continuing a file that is not the start of ours (an older version, another
     * upload's) made one that is neither, reported as a success. A server that refuses to send that
     * part from an offset is not trusted either.
     */
    public static long continuableOffset(FtpSession session, Path source, String remotePath, long remoteSize,
                                         CancelToken token) throws IOException {
        long sourceSize;
        try {
            sourceSize = Files.size(source);
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_READ, source, e);
        }
        if (remoteSize <= 0 || remoteSize > sourceSize) {
            return 0;
        }
        try {
            return Boolean.TRUE.equals(sameBytesBefore(session, source, remotePath, remoteSize, token)) ? remoteSize : 0;
        } catch (dev.ferry.ftp.FtpReplyException refused) {
            // Sent whole, which needs no answer from that part of the server's file.
            return 0;
        }
    }

    /**
     * Whether a download may continue {@code local} (the user's file, chosen to be resumed): its last
     * bytes (up to 64 KiB) are the server's at the same place. False when they differ, or the local file
     * is longer than the server's ({@code remoteSize}, -1 when not known); true when the server
     * refuses to send a part from an offset, since then nothing is continued but fetched whole.
     */
    public static boolean downloadContinues(FtpSession session, Path local, String remotePath, long localSize,
                                            long remoteSize, CancelToken token) throws IOException {
        if (localSize <= 0) {
            return true;
        }
        if (remoteSize >= 0 && localSize > remoteSize) {
            return false;
        }
        return !Boolean.FALSE.equals(sameBytesBefore(session, local, remotePath, localSize, token));
    }

    /**
     * Whether the local file's bytes just before {@code end} (up to 64 KiB) are the server's at the
     * same place; null when the server will not send them from an offset. Continuing a file that is
     * not the start of the other (an older version, another file of that name) made one that is
     * neither, reported as a success.
     */
    private static Boolean sameBytesBefore(FtpSession session, Path local, String remotePath, long end,
                                           CancelToken token) throws IOException {
        int length = (int) Math.min(CONTINUE_CHECK_BYTES, end);
        long from = end - length;
        java.io.ByteArrayOutputStream theirs = new java.io.ByteArrayOutputStream(length);
        try {
            session.retrieveRange(remotePath, from, length, at -> {
                theirs.reset();
                return java.nio.channels.Channels.newChannel(theirs);
            }, TransferListener.NONE, token);
        } catch (dev.ferry.ftp.FtpReplyException refused) {
            // Only "no REST" leaves it unknown; a lost data connection or a refused RETR is the item's failure,
            // not a licence to join the files unchecked.
            if ("REST".equals(refused.command()) && !refused.isTransient()) {
                return null;
            }
            throw refused;
        }
        byte[] ours = new byte[length];
        try (FileChannel channel = FileChannel.open(local, StandardOpenOption.READ)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(ours);
            while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) >= 0) {
                // Until the range is read: a file that shrank meanwhile leaves zeros, which do not match.
            }
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_READ, local, e);
        }
        return java.util.Arrays.equals(ours, theirs.toByteArray());
    }

    private static FileChannel openSource(Path source, long offset) throws LocalFileException {
        try {
            FileChannel channel = FileChannel.open(source, StandardOpenOption.READ);
            channel.position(offset);
            return channel;
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_READ, source, e);
        }
    }
}
