package dev.ferry.transfer;

/** What to do when the target of a transfer already exists. */
public enum ConflictAction {
    /** Ask through the {@link ConflictResolver}. */
    ASK,
    OVERWRITE,
    /** Overwrite when the source is newer than the target. */
    OVERWRITE_IF_NEWER,
    /** Overwrite when the sizes differ. */
    OVERWRITE_IF_SIZE_DIFFERS,
    /** Overwrite when the sizes differ or the source is newer: what mirroring wants. */
    OVERWRITE_IF_DIFFERENT,
    /** Continue the target from its current size. */
    RESUME,
    /** Keep both: the new file gets a free name like "name (1).ext". */
    RENAME,
    SKIP
}
