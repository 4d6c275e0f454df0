package dev.ferry.ftp.listing;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of a remote directory listing. Fields a format does not provide are null (text),
 * -1 (size) or {@link TimePrecision#UNKNOWN}. {@code rawLine} is the line it was parsed from;
 * {@code uniqueId} is the MLSD "unique" fact, which lets a recursive walk notice a directory it
 * has already seen through a symbolic link.
 */
public record RemoteEntry(String name, Type type, long size, Instant modified, TimePrecision precision,
                          String permissions, String owner, String group, String linkTarget, String rawLine,
                          String uniqueId) {

    /** An entry without the MLSD "unique" fact (every LIST format). */
    public RemoteEntry(String name, Type type, long size, Instant modified, TimePrecision precision,
                       String permissions, String owner, String group, String linkTarget, String rawLine) {
        this(name, type, size, modified, precision, permissions, owner, group, linkTarget, rawLine, null);
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
