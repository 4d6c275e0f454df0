package dev.ferry.ftp.listing;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of a remote directory listing. Fields a format does not provide are null (text),
 * -1 (size) or {@link TimePrecision#UNKNOWN}. {@code rawLine} is the line it was parsed from;
 * {@code uniqueId} is the MLSD "unique" fact, which lets a recursive walk notice a directory it
 * has already seen through a symbolic link.
 * <p>
 * {@code sizeApproximate}: the listing gave the size in blocks (VMS) or rounded to a unit
 * ("33.5k"), so the file may have fewer bytes; a transfer must not expect exactly {@code size}.
 */
public record RemoteEntry(String name, Type type, long size, Instant modified, TimePrecision precision,
                          String permissions, String owner, String group, String linkTarget, String rawLine,
                          String uniqueId, boolean sizeApproximate) {

    public RemoteEntry(String name, Type type, long size, Instant modified, TimePrecision precision,
                       String permissions, String owner, String group, String linkTarget, String rawLine,
                       String uniqueId) {
        this(name, type, size, modified, precision, permissions, owner, group, linkTarget, rawLine, uniqueId, false);
    }

    /** An entry without the MLSD "unique" fact (every LIST format). */
    public RemoteEntry(String name, Type type, long size, Instant modified, TimePrecision precision,
                       String permissions, String owner, String group, String linkTarget, String rawLine) {
        this(name, type, size, modified, precision, permissions, owner, group, linkTarget, rawLine, null);
    }

    /** The same entry, its size marked as an estimate. */
    public RemoteEntry withApproximateSize() {
        return new RemoteEntry(name, type, size, modified, precision, permissions, owner, group, linkTarget, rawLine,
                uniqueId, true);
    }

    /** The same entry with another modification time (a LIST time moved to UTC). */
    public RemoteEntry withModified(Instant time) {
        return new RemoteEntry(name, type, size, time, precision, permissions, owner, group, linkTarget, rawLine,
                uniqueId, sizeApproximate);
    }

    /** The size when it is the exact byte count, else -1 (unknown). */
    public long exactSize() {
        return sizeApproximate ? -1 : size;
    }

    public enum Type { FILE, DIRECTORY, SYMLINK, OTHER }

    /** How much of {@link #modified} the server told us: LIST drops seconds, or the time entirely. */
    public enum TimePrecision { UNKNOWN, DAYS, MINUTES, SECONDS }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    public boolean isFile() {
        return type == Type.FILE;
    }

    /** Why this name must not be used in a command or a local path; empty when it is safe. */
    public Optional<dev.ferry.message.Message> unsafeReason() {
        return NameSafety.problem(name);
    }

    public boolean isSafe() {
        return unsafeReason().isEmpty();
    }
}
