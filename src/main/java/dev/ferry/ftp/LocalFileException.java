package dev.ferry.ftp;

import dev.ferry.message.Explained;
import dev.ferry.message.Message;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading or writing the local side of a transfer failed (disk full, permission denied).
 * Kept apart from network failures: retrying against the server will not help.
 * <p>
 * The kind of failure is found from the exception's type and the state of the disk, never from
 * the operating system's words, which are translated on a localized system.
 */
public class LocalFileException extends IOException implements Explained {

    public enum Kind { DISK_FULL, NO_PERMISSION, OTHER }

    /** Less than this free on the file's disk after a failed write means the disk is full. */
    private static final long NEARLY_FULL_BYTES = 1L << 20;

    private final Kind kind;
    private final Path path;
    private final FtpText what;
    private final transient Message explanation;

    private LocalFileException(FtpText what, Path path, Kind kind, IOException cause) {
        super(what + " " + path + ": " + kind, cause);
        this.what = what;
        this.path = path;
        this.kind = kind;
        String shown = path == null ? "" : path.toString();
        this.explanation = switch (kind) {
            case DISK_FULL -> Message.of(FtpText.LOCAL_DISK_FULL, Message.of(what), shown);
            case NO_PERMISSION -> Message.of(FtpText.LOCAL_NO_PERMISSION, Message.of(what), shown);
            case OTHER -> Message.of(FtpText.LOCAL_FAILED, Message.of(what), shown, reason(cause));
        };
    }

    /**
     * Wraps a failure of the local side. {@code path} is the file or folder concerned (null when
     * not known yet: {@link #at(Path)} adds it); {@code what} is the step, e.g. {@link FtpText#LOCAL_WRITE}.
     */
    public static LocalFileException of(FtpText what, Path path, IOException cause) {
        return new LocalFileException(what, path, classify(path, cause), cause);
    }

    /** The same failure, now knowing the file it concerned (the engine writes to a channel, not a path). */
    public LocalFileException at(Path file) {
        IOException cause = getCause() instanceof IOException io ? io : new IOException(getCause());
        return new LocalFileException(what, file, classify(file, cause), cause);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isDiskFull() {
        return kind == Kind.DISK_FULL;
    }

    public Path path() {
        return path;
    }

    @Override
    public Message explanation() {
        return explanation;
    }

    static Kind classify(Path path, IOException cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof AccessDeniedException) {
                return Kind.NO_PERMISSION;
            }
        }
        if (path != null && nearlyFull(path)) {
            return Kind.DISK_FULL;
        }
        return Kind.OTHER;
    }

    private static boolean nearlyFull(Path path) {
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                try {
                    // A pseudo file system (/proc, /sys) has no space at all and is never "full".
                    java.nio.file.FileStore store = Files.getFileStore(p);
                    return store.getTotalSpace() > 0 && store.getUsableSpace() < NEARLY_FULL_BYTES;
                } catch (IOException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private static String reason(IOException cause) {
        if (cause == null) {
            return "";
        }
        String text = cause.getMessage();
        return text == null || text.isBlank() ? cause.getClass().getSimpleName() : text;
    }
}
