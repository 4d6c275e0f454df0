package dev.ferry.cli;

import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.QueueSettings;
import picocli.CommandLine.Option;

/**
 * Options of commands that run through the transfer queue. Those of a command that can download take
 * {@link WithSegments}; put, which only uploads, takes this: --segments splits downloads alone, and its help
 * offered put "Split each download …".
 */
public class QueueOptions {

    @Option(names = "--parallel", paramLabel = "N", description = "Sessions per server, 1 to 10 (default 2).")
    Integer parallel;

    /** Into how many ranges a large download is split; 1 where the command has no --segments. */
    int segments = 1;

    /** The queue's options with --segments, for the commands that download. */
    public static final class WithSegments extends QueueOptions {

        @Option(names = "--segments", paramLabel = "N",
                description = "Split each download of at least 16 MiB into N ranges fetched at once over N sessions, "
                        + "1 to 10 (default 1: never; --parallel then defaults to N). Needs a server with REST STREAM; "
                        + "others get one stream.")
        void segments(int count) {
            segments = count;
        }
    }

    @Option(names = "--verify", description = "Fail files the server cannot verify by checksum.")
    boolean verify;

    @Option(names = "--retries", paramLabel = "N", description = "Retries of transient failures (default 5).")
    int retries = 5;

    @Option(names = "--limit-rate", paramLabel = "BYTES/S",
            description = "Speed limit for all transfers together, e.g. 500k or 2M.")
    String limitRate;

    @Option(names = "--skip-folder-links", description = "Leave out the symbolic links to folders met in a tree, "
            + "each said (by default they are copied as folders, except one that leads back to a folder above it).")
    boolean skipFolderLinks;

    QueueSettings settings(ConflictAction conflicts) {
        return settings(conflicts, 1);
    }

    /** @param savedSegments the most segments an item of a restored queue was split into (its sessions by default) */
    QueueSettings settings(ConflictAction conflicts, int savedSegments) {
        if (segments < 1 || segments > QueueSettings.MAX_SEGMENTS) {
            throw new IllegalArgumentException(Words.text("options.segments", QueueSettings.MAX_SEGMENTS));
        }
        int connections = parallel != null ? parallel
                : Math.min(QueueSettings.MAX_CONNECTIONS, Math.max(2, Math.max(segments, savedSegments)));
        if (connections < 1 || connections > QueueSettings.MAX_CONNECTIONS) {
            throw new IllegalArgumentException(Words.text("options.parallel", QueueSettings.MAX_CONNECTIONS));
        }
        long limit = limitRate == null ? 0 : parseRate(limitRate);
        return QueueSettings.DEFAULT.withConnections(connections).withConflictDefault(conflicts).withVerification(verify)
                .withRetries(retries, QueueSettings.DEFAULT.firstBackoff(), QueueSettings.DEFAULT.maxBackoff())
                .withSpeedLimits(limit, limit)
                .withSegments(segments, QueueSettings.DEFAULT_SEGMENT_THRESHOLD)
                .withFolderLinks(skipFolderLinks ? QueueSettings.FolderLinks.SKIP : QueueSettings.FolderLinks.FOLLOW);
    }

    static long parseRate(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k")) {
            unit = 1024;
        } else if (t.endsWith("m")) {
            unit = 1024 * 1024;
        } else if (t.endsWith("g")) {
            unit = 1024L * 1024 * 1024;
        }
        String number = unit == 1 ? t : t.substring(0, t.length() - 1);
        IllegalArgumentException noRate = new IllegalArgumentException(Words.text("options.limitRate"));
        double rate;
        try {
            rate = Double.parseDouble(number) * unit;
        } catch (NumberFormatException e) {
            throw noRate;
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw noRate;
        }
        return (long) rate;
    }
}
