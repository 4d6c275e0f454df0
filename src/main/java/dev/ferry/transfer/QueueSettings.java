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
 */
public record QueueSettings(int connectionsPerSite, int maxRetries, Duration firstBackoff, Duration maxBackoff,
                            Duration idleTimeout, ConflictAction conflictDefault, ConflictAction uploadConflictDefault,
                            boolean requireVerification, long downloadLimit, long uploadLimit,
                            FolderLinks folderLinks) {

    /** Symbolic links to folders met while downloading a tree. Links to files are always followed. */
    public enum FolderLinks {
        /** Not followed, said in the item: following them can walk the same tree twice, or forever. */
        SKIP,
        /** Made again locally, as a link to the same relative place, when that place stays inside the download. */
        RECREATE
    }

    public static final int MAX_CONNECTIONS = 10;
    public static final QueueSettings DEFAULT = new QueueSettings(2, 5, Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofSeconds(30), ConflictAction.ASK, ConflictAction.ASK, false, 0, 0, FolderLinks.SKIP);

    public QueueSettings {
        if (connectionsPerSite < 1 || connectionsPerSite > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections per site must be 1 to " + MAX_CONNECTIONS);
        }
        if (folderLinks == null) {
            folderLinks = FolderLinks.SKIP;
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("retries cannot be negative");
        }
    }

    public QueueSettings withConnections(int connections) {
        return new QueueSettings(connections, maxRetries, firstBackoff, maxBackoff, idleTimeout, conflictDefault,
                uploadConflictDefault, requireVerification, downloadLimit, uploadLimit, folderLinks);
    }

    /** The same answer for downloads and uploads. */
    public QueueSettings withConflictDefault(ConflictAction action) {
        return new QueueSettings(connectionsPerSite, maxRetries, firstBackoff, maxBackoff, idleTimeout, action,
                action, requireVerification, downloadLimit, uploadLimit, folderLinks);
    }

    /** Separate answers for downloads and uploads, as the settings dialog offers them. */
    public QueueSettings withConflictDefaults(ConflictAction downloads, ConflictAction uploads) {
        return new QueueSettings(connectionsPerSite, maxRetries, firstBackoff, maxBackoff, idleTimeout, downloads,
                uploads, requireVerification, downloadLimit, uploadLimit, folderLinks);
    }

    /** The default for items going this way. */
    public ConflictAction conflictDefault(Direction direction) {
        return direction == Direction.UPLOAD ? uploadConflictDefault : conflictDefault;
    }

    public QueueSettings withRetries(int retries, Duration first, Duration max) {
        return new QueueSettings(connectionsPerSite, retries, first, max, idleTimeout, conflictDefault,
                uploadConflictDefault, requireVerification, downloadLimit, uploadLimit, folderLinks);
    }

    public QueueSettings withVerification(boolean required) {
        return new QueueSettings(connectionsPerSite, maxRetries, firstBackoff, maxBackoff, idleTimeout, conflictDefault,
                uploadConflictDefault, required, downloadLimit, uploadLimit, folderLinks);
    }

    public QueueSettings withSpeedLimits(long download, long upload) {
        return new QueueSettings(connectionsPerSite, maxRetries, firstBackoff, maxBackoff, idleTimeout, conflictDefault,
                uploadConflictDefault, requireVerification, download, upload, folderLinks);
    }

    public QueueSettings withFolderLinks(FolderLinks links) {
        return new QueueSettings(connectionsPerSite, maxRetries, firstBackoff, maxBackoff, idleTimeout, conflictDefault,
                uploadConflictDefault, requireVerification, downloadLimit, uploadLimit, links);
    }

    public QueueSettings withIdleTimeout(Duration idle) {
        return new QueueSettings(connectionsPerSite, maxRetries, firstBackoff, maxBackoff, idle, conflictDefault,
                uploadConflictDefault, requireVerification, downloadLimit, uploadLimit, folderLinks);
    }
}
