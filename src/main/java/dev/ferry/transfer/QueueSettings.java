package dev.ferry.transfer;

import java.time.Duration;

/**
 * How the queue runs. Immutable; the queue applies a new one with
 * {@link TransferQueue#setSettings(QueueSettings)} while running.
 *
 * @param connectionsPerSite worker sessions per server (1 to {@link #MAX_CONNECTIONS})
 * @param maxRetries         attempts after the first for transient failures
 * @param firstBackoff       wait before the first retry; doubles each time, up to {@code maxBackoff}
 * @param idleTimeout        a worker session with nothing to do closes after this
 * @param conflictDefault    what to do when a download's target exists, unless an item says otherwise
 * @param uploadConflictDefault the same for uploads
 * @param requireVerification fail items the server cannot verify by checksum
 * @param downloadLimit      bytes per second for all downloads together, 0 = unlimited
 * @param uploadLimit        bytes per second for all uploads together, 0 = unlimited
 * @param folderLinks        what a download does with a symbolic link to a folder
 * @param segments           into how many ranges a large download is split, fetched at once by as many
 *                           sessions of its server (up to {@code connectionsPerSite}); 1 = never split.
 *                           Items may say otherwise ({@link TransferQueue.Batch#segments(int)}).
 * @param segmentThreshold   files smaller than this (bytes) are never split
 */
public record QueueSettings(int connectionsPerSite, int maxRetries, Duration firstBackoff, Duration maxBackoff,
                            Duration idleTimeout, ConflictAction conflictDefault, ConflictAction uploadConflictDefault,
                            boolean requireVerification, long downloadLimit, long uploadLimit,
                            FolderLinks folderLinks, int segments, long segmentThreshold) {

    /** Symbolic links to folders met in a tree being downloaded or uploaded. Links to files are always followed. */
    public enum FolderLinks {
        /**
         * Copied as folders of the tree, as FileZilla and WinSCP do, except one that leads back to a folder
         * above it: that one would copy the tree again, for ever, and is skipped, said in its item.
         */
        FOLLOW,
        /** Not followed, said in the item: a tree whose links lead into itself is then copied once. */
        SKIP
    }

    public static final int MAX_CONNECTIONS = 10;
    public static final int MAX_SEGMENTS = MAX_CONNECTIONS;
    /** Below this a file is not worth splitting: each segment costs a login and an abort. */
    public static final long DEFAULT_SEGMENT_THRESHOLD = 16L << 20;
    public static final QueueSettings DEFAULT = new QueueSettings(2, 5, Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofSeconds(30), ConflictAction.ASK, ConflictAction.ASK, false, 0, 0, FolderLinks.FOLLOW, 1,
            DEFAULT_SEGMENT_THRESHOLD);

    public QueueSettings {
        if (connectionsPerSite < 1 || connectionsPerSite > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections per site must be 1 to " + MAX_CONNECTIONS);
        }
        if (folderLinks == null) {
            folderLinks = FolderLinks.FOLLOW;
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("retries cannot be negative");
        }
        if (segments < 1 || segments > MAX_SEGMENTS) {
            throw new IllegalArgumentException("segments must be 1 to " + MAX_SEGMENTS);
        }
        if (segmentThreshold < 0) {
            throw new IllegalArgumentException("the segment threshold cannot be negative");
        }
    }

    public QueueSettings withConnections(int connections) {
        return new QueueSettings(connections, maxRetries, firstBackoff, maxBackoff, idleTimeout, conflictDefault,
                uploadConflictDefault, requireVerification, downloadLimit, uploadLimit, folderLinks, segments,
                segmentThreshold);
    }

    /** The same answer for downloads and uploads. */
    public QueueSettings withConflictDefault(ConflictAction action) {
        return new QueueSettings(connectionsPerSite, maxRetries, firstBackoff, maxBackoff, idleTimeout, action,
                action, requireVerification, downloadLimit, uploadLimit, folderLinks, segments,
                segmentThreshold);
    }

    /** Separate answers for downloads and uploads, as the settings dialog offers them. */
    public QueueSettings withConflictDefaults(ConflictAction downloads, ConflictAction uploads) {
        return new QueueSettings(connectionsPerSite, maxRetries, firstBackoff, maxBackoff, idleTimeout, downloads,
                uploads, requireVerification, downloadLimit, uploadLimit, folderLinks, segments,
                segmentThreshold);
    }

    /** The default for items going this way. */
    public ConflictAction conflictDefault(Direction direction) {
        return direction == Direction.UPLOAD ? uploadConflictDefault : conflictDefault;
    }

    public QueueSettings withRetries(int retries, Duration first, Duration max) {
        return new QueueSettings(connectionsPerSite, retries, first, max, idleTimeout, conflictDefault,
                uploadConflictDefault, requireVerification, downloadLimit, uploadLimit, folderLinks, segments,
                segmentThreshold);
    }

    public QueueSettings withVerification(boolean required) {
        return new QueueSettings(connectionsPerSite, maxRetries, firstBackoff, maxBackoff, idleTimeout, conflictDefault,
                uploadConflictDefault, required, downloadLimit, uploadLimit, folderLinks, segments,
                segmentThreshold);
    }

    public QueueSettings withSpeedLimits(long download, long upload) {
        return new QueueSettings(connectionsPerSite, maxRetries, firstBackoff, maxBackoff, idleTimeout, conflictDefault,
                uploadConflictDefault, requireVerification, download, upload, folderLinks, segments,
                segmentThreshold);
    }

    public QueueSettings withFolderLinks(FolderLinks links) {
        return new QueueSettings(connectionsPerSite, maxRetries, firstBackoff, maxBackoff, idleTimeout, conflictDefault,
                uploadConflictDefault, requireVerification, downloadLimit, uploadLimit, links, segments,
                segmentThreshold);
    }

    public QueueSettings withIdleTimeout(Duration idle) {
        return new QueueSettings(connectionsPerSite, maxRetries, firstBackoff, maxBackoff, idle, conflictDefault,
                uploadConflictDefault, requireVerification, downloadLimit, uploadLimit, folderLinks, segments,
                segmentThreshold);
    }

    /** Splits large downloads into {@code count} segments (1: never), from {@code threshold} bytes on. */
    public QueueSettings withSegments(int count, long threshold) {
        return new QueueSettings(connectionsPerSite, maxRetries, firstBackoff, maxBackoff, idleTimeout, conflictDefault,
                uploadConflictDefault, requireVerification, downloadLimit, uploadLimit, folderLinks, count, threshold);
    }
}
