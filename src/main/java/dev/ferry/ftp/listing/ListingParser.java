package dev.ferry.ftp.listing;

/** Parses the lines of one listing format. Implementations are stateless apart from their context. */
public interface ListingParser {

    /** The entry on this line, or null when the line is not of this format. */
    RemoteEntry parse(String line);

    /** Lines the format uses that carry no entry, e.g. Unix {@code total 12}. */
    default boolean isNoise(String line) {
        return line.isBlank();
    }

    /** A short name for logs and tests: "MLSD", "Unix", "DOS". */
    String formatName();
}
