package dev.ferry.sync;

import dev.ferry.message.Message;

import java.time.Instant;

/**
 * One row of a plan.
 *
 * @param local      what is here, or null
 * @param remote     what the server has, or null
 * @param remoteTime the server's time corrected to UTC, or null
 * @param reason     why this action (or why none)
 * @param forced     a conflict resolved in favour of the source because the user said so
 */
public record PlannedAction(String path, boolean directory, SyncAction action, FileState local, FileState remote,
                            Instant remoteTime, Message reason, boolean forced) {

    /** Bytes moved by a transfer, or freed by a delete; 0 for folders and everything else. */
    public long bytes() {
        FileState moved = switch (action) {
            case DOWNLOAD, DELETE_REMOTE -> remote;
            case UPLOAD, DELETE_LOCAL -> local;
            default -> null;
        };
        return moved == null || directory || moved.size() < 0 ? 0 : moved.size();
    }
}
