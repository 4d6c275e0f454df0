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

    public enum Kind { DISK_FULL, NO_PERMISSION, FILE_IN_THE_WAY, NAME_TOO_LONG, GONE, OTHER }

    /** The longest file name, in bytes, that the usual file systems take (ext4, XFS, Btrfs, NTFS in UTF-16 units). */
    public static final int LONGEST_NAME_BYTES = 255;

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
            case DISK_FULL -> Message.of(noRoomText(path, cause), Message.of(what), shown);
            case NO_PERMISSION -> Message.of(FtpText.LOCAL_NO_PERMISSION, Message.of(what), shown);
            case FILE_IN_THE_WAY -> Message.of(FtpText.LOCAL_FILE_IN_THE_WAY, Message.of(what), shown,
                    String.valueOf(fileInTheWay(path, cause)));
            case NAME_TOO_LONG -> Message.of(FtpText.LOCAL_NAME_TOO_LONG, Message.of(what), shown,
                    nameBytes(path), LONGEST_NAME_BYTES);
            case GONE -> Message.of(FtpText.LOCAL_GONE, Message.of(what), shown);
            case OTHER -> Message.of(FtpText.LOCAL_FAILED, Message.of(what), shown, reason(cause));
        };
    }

    /**
     * Wraps a failure of the local side. {@code path} is the file or folder concerned (null when
     * not known yet: {@link #at(Path)} adds it); {@code what} is the step, e.g. {@link FtpText#LOCAL_WRITE}.
     */
    public static LocalFileException of(FtpText what, Path path, IOException cause) {
        return new LocalFileException(what, path, kind(what, path, cause), cause);
    }

    /** The same failure, now knowing the file it concerned (the engine writes to a channel, not a path). */
    public LocalFileException at(Path file) {
        IOException cause = getCause() instanceof IOException io ? io : new IOException(getCause());
        return new LocalFileException(what, file, kind(what, file, cause), cause);
    }

    /** Gone is said of what was to be read: a write's missing file is its folder's failure, said as the system says it. */
    private static Kind kind(FtpText what, Path path, IOException cause) {
        Kind kind = classify(path, cause);
        return kind == Kind.GONE && what != FtpText.LOCAL_READ && what != FtpText.LOCAL_READ_FOLDER ? Kind.OTHER : kind;
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
        if (systemSays(cause, NO_SPACE) || systemSays(cause, QUOTA_EXCEEDED) || path != null && nearlyFull(path)) {
            return Kind.DISK_FULL;
        }
        if (fileInTheWay(path, cause) != null) {
            return Kind.FILE_IN_THE_WAY;
        }
        if (path != null && nameBytes(path) > LONGEST_NAME_BYTES) {
            return Kind.NAME_TOO_LONG;
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            // The system's words are the path alone ("Could not read /x/a.txt: /x/a.txt", U4).
            if (t instanceof java.nio.file.NoSuchFileException) {
                return Kind.GONE;
            }
        }
        return Kind.OTHER;
    }

    /**
     * A file where a folder is needed: the nearest existing folder above {@code path} is a file, or,
     * for a folder that could not be made, {@code path} itself is one.
     */
    private static Path fileInTheWay(Path path, IOException cause) {
        if (path == null) {
            return null;
        }
        Path absolute = path.toAbsolutePath();
        for (Path above = absolute.getParent(); above != null; above = above.getParent()) {
            if (Files.exists(above)) {
                if (!Files.isDirectory(above)) {
                    return above;
                }
                break;
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.nio.file.FileAlreadyExistsException && Files.exists(absolute) && !Files.isDirectory(absolute)) {
                return absolute;
            }
        }
        return null;
    }

    private static int nameBytes(Path path) {
        Path name = path.getFileName();
        return name == null ? 0 : nameBytes(name.toString());
    }

    /** A name's length as Linux and macOS file systems count it (UTF-8 bytes; 255 at most). */
    public static int nameBytes(String name) {
        int bytes = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        return bytes;
    }

    /**
     * The system's words for ENOSPC and EDQUOT. A disk out of inodes, or a quota, refuses with megabytes free:
     * taken for some other failure, a mirror onto it failed its files one by one instead of waiting for room.
     */
    private static final java.util.regex.Pattern NO_SPACE = java.util.regex.Pattern.compile("No space left on device");
    /** Linux's words; macOS and the BSDs spell it "Disc quota exceeded". */
    private static final java.util.regex.Pattern QUOTA_EXCEEDED = java.util.regex.Pattern.compile("Dis[ck] quota exceeded");

    /** The system's reason only: a FileSystemException's message holds the path too, which may be named anything (R33). */
    private static boolean systemSays(IOException cause, java.util.regex.Pattern words) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String reason = t instanceof java.nio.file.FileSystemException system ? system.getReason() : t.getMessage();
            if (reason != null && words.matcher(reason).find()) {
                return true;
            }
        }
        return false;
    }

    /** What a user is told of a disk without room: bytes, file entries or their quota ran out. */
    private static FtpText noRoomText(Path path, IOException cause) {
        if (systemSays(cause, QUOTA_EXCEEDED)) {
            return FtpText.LOCAL_QUOTA_EXCEEDED;
        }
        // The system's words first: the disk is looked at only when they leave the question open.
        return systemSays(cause, NO_SPACE) && path != null && !nearlyFull(path) ? FtpText.LOCAL_NO_MORE_FILES
                : FtpText.LOCAL_DISK_FULL;
    }

    /** Whether {@code key} says a local disk has no room (see {@link #isDiskFull}). */
    public static boolean saysNoRoom(dev.ferry.message.MessageKey key) {
        return key == FtpText.LOCAL_DISK_FULL || key == FtpText.LOCAL_NO_MORE_FILES || key == FtpText.LOCAL_QUOTA_EXCEEDED;
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
