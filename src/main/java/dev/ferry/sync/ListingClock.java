package dev.ferry.sync;

import dev.ferry.ftp.listing.RemoteEntry.TimePrecision;
import dev.ferry.message.Message;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * How the server's LIST times relate to the truth: they read {@code offset} ahead of UTC (in
 * the site's listing zone, usually UTC), to the minute, or to the day for old files. MLSD times
 * need no correction. Knowing the offset lets a local time be put on the server's clock and cut
 * to the listing's precision, so the two compare without guessing.
 *
 * @param zone   the zone the listing's text was read in (the site's setting): days are cut in it
 * @param source how the offset was found; {@link Source#UNVERIFIED} when nothing could confirm it
 * @param note   what to tell the user about it
 */
public record ListingClock(Duration offset, ZoneId zone, Source source, Message note) {

    public enum Source {
        /** No entry has a server-zone time (MLSD, or no files): nothing to correct. */
        NOT_NEEDED,
        /** A probe file was uploaded and its listed time read back: the measurement to trust. */
        PROBE,
        /** MDTM (UTC by RFC 3659) disagreed with the listing by a whole number of quarter hours. */
        MDTM,
        /** Measured before and remembered for this server. */
        LEARNED,
        /** Nothing confirmed it: MDTM agrees with the listing (which may both be local) or is missing. */
        UNVERIFIED
    }

    /** Zones differ from UTC by at most 14 hours: a time difference beyond that is not a zone. */
    static final Duration LARGEST_ZONE = Duration.ofHours(14);

    public boolean verified() {
        return source != Source.UNVERIFIED;
    }

    /** The true time of a remote entry's listed time. */
    public Instant trueTime(FileState remote) {
        if (remote.time() == null) {
            return null;
        }
        return remote.serverClock() ? remote.time().minus(offset) : remote.time();
    }

    /** A true time as the server's listing would show it, cut to {@code precision}. */
    public Instant asListed(Instant trueTime, boolean serverClock, TimePrecision precision) {
        return cut(serverClock ? trueTime.plus(offset) : trueTime, precision);
    }

    /** A listed time cut to a precision: seconds, minutes, or the day in the listing's zone. */
    public Instant cut(Instant listed, TimePrecision precision) {
        return switch (precision) {
            case DAYS -> listed.atZone(zone).truncatedTo(ChronoUnit.DAYS).toInstant();
            case MINUTES -> listed.truncatedTo(ChronoUnit.MINUTES);
            default -> listed.truncatedTo(ChronoUnit.SECONDS);
        };
    }

    /** Whichever of the two precisions knows less. */
    static TimePrecision coarser(TimePrecision a, TimePrecision b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    /** Offsets as people write them: "+09:00", "-03:30", "±00:00". */
    public static String describe(Duration offset) {
        long minutes = offset.toMinutes();
        String sign = minutes > 0 ? "+" : minutes < 0 ? "-" : "±";
        long absolute = Math.abs(minutes);
        return String.format(java.util.Locale.ROOT, "%s%02d:%02d", sign, absolute / 60, absolute % 60);
    }
}
