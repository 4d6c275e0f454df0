package dev.ferry.transfer;

import java.nio.file.Path;
import java.time.Instant;

/**
 * An existing target, described for the file-exists dialog: both sizes and both dates, and how
 * many more items of the same batch are still to come (what "apply to all" would cover).
 * Sizes are -1 and dates null when unknown.
 *
 * @param server         "user@host:port" of the remote side: with several servers in the queue, the
 *                       question said "/a.txt" and not on which (U4)
 * @param targetIsFolder a folder has the target's name: a file never replaces it, so whatever the
 *                       answer, the file goes under a free name (RENAME) or is skipped; there is no
 *                       size or date to compare (a folder's size on disk, often 4 KiB, is not its content's)
 */
public record Conflict(long itemId, Direction direction, Path localPath, String remotePath, String server,
                       long sourceSize, Instant sourceModified, long targetSize, Instant targetModified,
                       boolean targetIsFolder, long batch, int remainingInBatch) {
}
