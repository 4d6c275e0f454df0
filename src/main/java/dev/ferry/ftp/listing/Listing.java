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
     * A line that gave no entry and why. {@code unparsed} is true when the line was not understood
     * (it is then also in {@link #unparsedLines()}), false when it is known to carry no entry.
     */
    public record SkippedLine(String line, String reason, boolean unparsed) {
    }
}
