package dev.ferry.sync;

/** What a plan does with one path. */
public enum SyncAction {
    UPLOAD,
    DOWNLOAD,
    DELETE_REMOTE,
    DELETE_LOCAL,
    /** Both sides changed, or it cannot be told which copy should win: reported, left alone. */
    CONFLICT,
    SAME,
    /** Left alone on purpose: only in the target without --delete, a symbolic link, a device. */
    SKIP,
    /** Cannot take part: a name refused for safety, a folder that could not be read. */
    REFUSED;

    public boolean isTransfer() {
        return this == UPLOAD || this == DOWNLOAD;
    }

    public boolean isDelete() {
        return this == DELETE_REMOTE || this == DELETE_LOCAL;
    }

    /** Something the user has to look at: the run ends with exit status 1 while any remain. */
    public boolean isUnresolved() {
        return this == CONFLICT || this == REFUSED;
    }
}
