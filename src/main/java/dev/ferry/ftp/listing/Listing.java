package dev.ferry.ftp.listing;

import java.util.List;

/**
 * A parsed directory listing. Lines no parser understood are kept in {@code unparsedLines} so the
 * caller can report them; nothing is dropped silently.
 */
public record Listing(String path, List<RemoteEntry> entries, List<String> unparsedLines, String format) {
    public Listing {
        entries = List.copyOf(entries);
        unparsedLines = List.copyOf(unparsedLines);
    }
}
