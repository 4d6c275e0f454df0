package dev.ferry.ftp.listing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A LIST's times moved to UTC by the server's offset: to the minute or second only, never MLSD's or EPLF's. */
class ListingMovedBackTest {

    private static RemoteEntry entry(String name, Instant time, RemoteEntry.TimePrecision precision) {
        return new RemoteEntry(name, RemoteEntry.Type.FILE, 5, time, precision, null, null, null, null, name);
    }

    @Test
    void minutesAndSecondsMoveDaysAndUnknownTimesStay() {
        Instant at = Instant.parse("2026-12-04T10:15:00Z");
        Listing listing = new Listing("/d", List.of(entry("m", at, RemoteEntry.TimePrecision.MINUTES),
                entry("s", at, RemoteEntry.TimePrecision.SECONDS), entry("d", at, RemoteEntry.TimePrecision.DAYS),
                entry("none", null, RemoteEntry.TimePrecision.UNKNOWN)), List.of("junk"), "UNIX");

        Listing moved = listing.movedBack(Duration.ofHours(8));

        assertEquals(Instant.parse("2026-12-04T02:15:00Z"), moved.entries().get(0).modified());
        assertEquals(Instant.parse("2026-12-04T02:15:00Z"), moved.entries().get(1).modified());
        // Which day a date is depends on the zone it is read in: an hour moved would make a day of it no truer.
        assertEquals(at, moved.entries().get(2).modified());
        assertEquals(null, moved.entries().get(3).modified());
        assertEquals(List.of("junk"), moved.unparsedLines());
        assertEquals("UNIX", moved.format());
    }

    @Test
    void utcListingsAndAZeroOffsetAreKept() {
        Instant at = Instant.parse("2026-12-04T10:15:00Z");
        for (String format : List.of("MLSD", "EPLF")) {
            Listing listing = new Listing("/d", List.of(entry("a", at, RemoteEntry.TimePrecision.SECONDS)), List.of(), format);
            assertSame(listing, listing.movedBack(Duration.ofHours(-5)), format);
        }
        Listing unix = new Listing("/d", List.of(entry("a", at, RemoteEntry.TimePrecision.MINUTES)), List.of(), "UNIX");
        assertSame(unix, unix.movedBack(Duration.ZERO));
    }
}
