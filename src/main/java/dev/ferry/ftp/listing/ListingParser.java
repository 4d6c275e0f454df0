package dev.ferry.ftp.listing;

import java.util.List;

/**
 * Parses the lines of one listing format. An instance serves one listing (some formats carry
 * state from line to line: a header that says what follows, versions of the same file), and
 * {@link ListingParsers} drives it line by line, so a parser never sees the listing as a whole
 * except in {@link #finish}.
 */
public interface ListingParser {

    /** The entry on this line, or null when the line is not of this format. Must not throw. */
    RemoteEntry parse(String line);

    /** Lines the format uses that carry no entry, e.g. Unix {@code total 12}. */
    default boolean isNoise(String line) {
        return noiseReason(line) != null;
    }

    /** Why a line carries no entry ("a blank line", "the ls total line"), or null when it may carry one. */
    default String noiseReason(String line) {
        return line.isBlank() ? "a blank line" : null;
    }

    /** Why the last line {@link #parse} refused was refused, when the parser knows better than "not this format". */
    default String lastProblem() {
        return null;
    }

    /** A short name for logs and tests: "MLSD", "Unix", "DOS". */
    String formatName();

    /** Whether this line only begins an entry that the next line completes (VMS long names). */
    default boolean continuesOnNextLine(String line) {
        return false;
    }

    /**
     * A last look at all entries of the listing, in order (VMS keeps one version of each file).
     * Entries left out are reported with {@link #droppedReason()}.
     */
    default List<RemoteEntry> finish(List<RemoteEntry> entries) {
        return entries;
    }

    /** Why {@link #finish} left entries out. */
    default String droppedReason() {
        return "another entry of the same name was kept";
    }
}
