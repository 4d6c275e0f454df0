package dev.ferry.sync;

import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.ftp.listing.RemoteEntry.TimePrecision;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One side's entry at a path: what it is, its size and its time as that side tells it.
 *
 * @param size        bytes, -1 when unknown (and for folders)
 * @param time        the modification time as given: for a local file the truth (to the second); for
 *                    a remote entry what the listing says, read in the site's listing zone, which is
 *                    off by the server's zone when {@code serverClock} (see {@link ListingClock})
 * @param precision   how much of {@code time} is known: LIST gives minutes, or days for old files
 * @param serverClock the time comes from a LIST in the server's own zone (MLSD and EPLF give UTC)
 */
public record FileState(Kind kind, long size, Instant time, TimePrecision precision, boolean serverClock) {

    public enum Kind { FILE, DIRECTORY, LINK, OTHER }

    public boolean isFile() {
        return kind == Kind.FILE;
    }

    public boolean isDirectory() {
        return kind == Kind.DIRECTORY;
    }

    static FileState local(Kind kind, long size, Instant modified) {
        return new FileState(kind, kind == Kind.FILE ? size : -1,
                modified == null ? null : modified.truncatedTo(ChronoUnit.SECONDS), TimePrecision.SECONDS, false);
    }

    static FileState remote(RemoteEntry entry, boolean serverClock) {
        Kind kind = switch (entry.type()) {
            case FILE -> Kind.FILE;
            case DIRECTORY -> Kind.DIRECTORY;
            case SYMLINK -> Kind.LINK;
            case OTHER -> Kind.OTHER;
        };
        TimePrecision precision = entry.modified() == null ? TimePrecision.UNKNOWN : entry.precision();
        // A size in blocks compares with no byte count: unknown, so the times (or a checksum) decide.
        return new FileState(kind, kind == Kind.FILE ? entry.exactSize() : -1, entry.modified(), precision, serverClock);
    }
}
