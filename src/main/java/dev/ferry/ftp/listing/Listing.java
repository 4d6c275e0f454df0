package dev.ferry.ftp.listing;

import java.util.List;

/**
 * A parsed directory listing. Lines no parser understood are kept in {@code unparsedLines} so the
 * caller can report them; nothing is dropped silently: {@code skipped} says, for every line that
 * gave no entry (blank lines aside), why: not understood, a header or footer of the format, or
 * the directory itself.
 */
public record Listing(String path, List<RemoteEntry> entries, List<String> unparsedLines, String format,
                      List<SkippedLine> skipped) {

    public Listing {
        entries = List.copyOf(entries);
        unparsedLines = List.copyOf(unparsedLines);
        skipped = List.copyOf(skipped);
    }

    public Listing(String path, List<RemoteEntry> entries, List<String> unparsedLines, String format) {
        this(path, entries, unparsedLines, format, List.of());
    }

    /**
     * Whether its times are in the server's own zone, which it never names: every LIST format. MLSD and
     * EPLF give UTC.
     */
    public boolean inServerZone() {
        return !"MLSD".equals(format) && !"EPLF".equals(format);
    }

    /**
     * The same listing with its times moved back by {@code offset}, how far the server's LIST times are
     * ahead of UTC (measured, or learnt before): then they are UTC. MLSD and EPLF listings, a zero offset
     * and times known to the day only (which day a date is depends on the zone it is read in) are kept.
     */
    public Listing movedBack(java.time.Duration offset) {
        if (offset.isZero() || !inServerZone()) {
            return this;
        }
        List<RemoteEntry> moved = entries.stream()
                .map(e -> e.modified() == null || e.precision().ordinal() < RemoteEntry.TimePrecision.MINUTES.ordinal()
                        ? e : e.withModified(e.modified().minus(offset)))
                .toList();
        return new Listing(path, moved, unparsedLines, format, skipped);
    }

    /**
     * A line that gave no entry and why. {@code unparsed} is true when the line was not understood
     * (it is then also in {@link #unparsedLines()}), false when it is known to carry no entry.
     */
    public record SkippedLine(String line, String reason, boolean unparsed) {
    }
}
