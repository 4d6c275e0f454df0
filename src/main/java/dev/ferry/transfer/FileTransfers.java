package dev.ferry.transfer;

import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.LocalFileException;
import dev.ferry.ftp.TransferListener;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * Moving one file safely. A download is written to {@code name.part} beside its target and only
 * renamed into place once the byte count matches the remote size, so a crash or a cut connection
 * never leaves a truncated file under the real name; the part file is where a retry resumes.
 */
public final class FileTransfers {

    public static final String PART_SUFFIX = ".part";

    private FileTransfers() {
    }

    /** Bytes of an earlier attempt that a resumed download continues from. */
    public static long resumableBytes(Path target, long expectedSize) {
        try {
            long existing = Files.size(partFile(target));
            return expectedSize >= 0 && existing > expectedSize ? 0 : existing;
        } catch (IOException e) {
            return 0;
        }
    }

    public static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + PART_SUFFIX);
    }

    /**
     * Downloads {@code remotePath} to {@code target}.
     *
     * @param expectedSize the remote size, or -1 when the server cannot tell (then any count is accepted)
     * @param resume       continue a part file left by an earlier attempt
     * @param modified     remote modification time to give the local file, or null
     * @return bytes received in this attempt
     */
    public static long download(FtpSession session, String remotePath, Path target, long expectedSize,
                                boolean resume, Instant modified, TransferListener listener) throws IOException {
        return download(session, remotePath, target, expectedSize, resume, modified, listener, part -> { });
    }

    /** Checks a complete part file before it takes the real name; throws to keep it from doing so. */
    @FunctionalInterface
    public interface PartCheck {
        void check(Path part) throws IOException;
    }

    /** As above; {@code check} runs on the complete part file before it is renamed (checksums). */
    public static long download(FtpSession session, String remotePath, Path target, long expectedSize,
                                boolean resume, Instant modified, TransferListener listener, PartCheck check)
            throws IOException {
        Path part = partFile(target);
        long offset = 0;
        if (resume && Files.exists(part)) {
            offset = Files.size(part);
            if (expectedSize >= 0 && offset > expectedSize) {
                offset = 0;
            }
        }
        long received;
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw LocalFileException.of("Could not create the folder for " + target, e);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.truncate(offset);
            channel.position(offset);
        } catch (IOException e) {
            throw LocalFileException.of("Could not write " + part, e);
        }
        try (channel) {
            received = session.retrieve(remotePath, offset, channel, listener);
        }
        long total = offset + received;
        if (expectedSize >= 0 && total != expectedSize) {
            throw new IncompleteTransferException("The download of " + remotePath + " ended after " + total + " of "
                    + expectedSize + " bytes; the connection was probably cut");
        }
        check.check(part);
        try {
            if (modified != null) {
                Files.setLastModifiedTime(part, FileTime.from(modified));
            }
            moveIntoPlace(part, target);
        } catch (IOException e) {
            throw LocalFileException.of("Could not move the finished download into place as " + target, e);
        }
        return received;
    }

    static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Uploads {@code source} to {@code remotePath}. With {@code remoteOffset > 0} the server file is
     * continued from there (REST+STOR, or APPE when the server lacks REST STREAM).
     */
    public static long upload(FtpSession session, Path source, String remotePath, long remoteOffset,
                              TransferListener listener) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(source, StandardOpenOption.READ);
        } catch (IOException e) {
            throw LocalFileException.of("Could not read " + source, e);
        }
        try (channel) {
            FtpSession.StoreMode mode = FtpSession.StoreMode.REPLACE;
            if (remoteOffset > 0) {
                channel.position(remoteOffset);
                mode = session.features().supportsRestStream() ? FtpSession.StoreMode.RESUME : FtpSession.StoreMode.APPEND;
            }
            return session.store(remotePath, channel, mode, remoteOffset, listener);
        }
    }
}
