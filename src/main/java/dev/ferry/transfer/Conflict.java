package dev.ferry.transfer;

import java.nio.file.Path;
import java.time.Instant;

/**
 * An existing target, described for the file-exists dialog: both sizes and both dates, and how
 * many more items of the same batch are still to come (what "apply to all" would cover).
 * Sizes are -1 and dates null when unknown.
 */
public record Conflict(long itemId, Direction direction, Path localPath, String remotePath,
                       long sourceSize, Instant sourceModified, long targetSize, Instant targetModified,
                       long batch, int remainingInBatch) {
}
