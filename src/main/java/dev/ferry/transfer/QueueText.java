package dev.ferry.transfer;

import dev.ferry.message.MessageKey;

/**
 * What the queue tells the user, as keys; the words are in
 * {@code dev/ferry/message/messages*.properties} under {@code queue.NAME}. Arguments in order
 * are listed in each constant's comment.
 */
public enum QueueText implements MessageKey {
    CANCELLED,
    /** the part file's name, kept beside the download's target */
    CANCELLED_PART_KEPT,
    /** the batch's size */
    CANCELLED_WITH_BATCH,
    /** printable name, reason (nested) */
    NAME_REFUSED,
    UPLOAD_NAME_REFUSED,
    /** depth limit */
    TOO_DEEP,
    SYMLINK_LOOP,
    /** the folder the link leads to, above the top of the tree being copied */
    LINK_ABOVE_THE_TREE,
    NOT_REGULAR_FILE,
    /** the name of the file beside it whose download writes to this name until it is complete */
    PART_NAME_OF_ANOTHER_FILE,
    /** why the upload failed, the remote path where part of it may stay */
    UPLOAD_LEFT_PART_THERE,
    NAME_TOO_LONG_HERE,
    SYMLINK_TO_FOLDER_SKIPPED,
    /** link target */
    DANGLING_LINK_SKIPPED,
    /** the link's path: it leads to what is neither a file nor a folder (a device, pipe or socket) */
    LINK_TO_SPECIAL_FILE_SKIPPED,
    /** listing line */
    UNPARSED_LISTING_LINE,
    /** remote path, received, expected */
    DOWNLOAD_INCOMPLETE,
    /** remote path, bytes received, bytes expected */
    DOWNLOAD_GREW,
    /** remote path, the byte where every attempt ended, bytes expected */
    DOWNLOAD_STOPS_EARLY,
    /** remote path, stored, expected */
    UPLOAD_INCOMPLETE,
    /** algorithm, remote path */
    CHECKSUM_MISMATCH_RETRYING,
    /** algorithm, remote path */
    CHECKSUM_MISMATCH,
    NO_CHECKSUM,
    /** remote path */
    NO_FREE_NAME,
    SKIPPED_LOCAL_EXISTS,
    RESUME_NOT_THE_START,
    SKIPPED_REMOTE_EXISTS,
    /** local path */
    LOCAL_FOLDER_EXISTS,
    /** remote path */
    REMOTE_FOLDER_EXISTS,
    /** path */
    REMOTE_FILE_IN_THE_WAY,
    /** reason (nested: why skipped) */
    SKIPPED,
    SKIP_AS_ASKED,
    SKIP_NOT_NEWER,
    SKIP_SAME_SIZE,
    SKIP_SAME,
    /** endpoint, reason */
    NO_SETTINGS,
    /** endpoint */
    NO_PASSWORD,
    PLAIN_DECLINED,
    /** endpoint, why it could not be reached (nested), seconds until the next try, items waiting */
    SERVER_UNREACHABLE_RETRYING,
    /** the folder a download to the full disk was to write in */
    WAITS_FOR_DISK_SPACE,
    /** the server (its display name) that had no room for an upload */
    WAITS_FOR_SERVER_SPACE,
    WAITS_AFTER_REFUSALS,
    /** endpoint, seconds it could not be reached, tries, why (nested) */
    SERVER_UNREACHABLE,
    /** endpoint: a session to it opened again after it could not be reached */
    SERVER_REACHABLE_AGAIN,
    /** folder the user chose, path */
    OUTSIDE_TARGET_FOLDER,
    /** reason */
    JOURNAL_WRITE_FAILED,
    JOURNAL_WRITE_RECOVERED,
    /** the problem */
    JOURNAL_UNREADABLE,
    /** the queue's file */
    QUEUE_IN_USE,
    /** name: one of Windows' reserved characters */
    WINDOWS_RESERVED_CHARACTER,
    /** name */
    WINDOWS_DEVICE_NAME,
    /** folder */
    WOULD_LEAVE_FOLDER,
    /** reason */
    INVALID_LOCAL_NAME,
    /** remote path, segment start, segment end, where it stopped */
    SEGMENT_INCOMPLETE,
    /** segment number (from 1), segments, reason (nested) */
    SEGMENT_RETRYING,
    /** remote path, size when the download started, size now */
    REMOTE_SIZE_CHANGED,
    /** the part file's path, 0 when it is a symbolic link, 1 for anything else that is not a regular file */
    PART_FILE_NOT_REGULAR,
    /** remote path, the server's reply */
    UPLOAD_CONTINUATION_REFUSED,
    /** how many, up to three of their remote paths ("…" after them when there are more) */
    SAVED_TRANSFERS_UNREADABLE,
    /** how many, up to three of their remote paths, their servers ("user@host:port"): the saved queue no longer holds them */
    SAVED_TRANSFERS_SERVER_GONE,
    /** how many changes (journal lines) could not be read */
    SAVED_QUEUE_CHANGES_UNREADABLE,
    /** the folder, the copies' names (one per line) */
    SAVED_QUEUE_KEPT_ASIDE,
    /** the reason */
    SAVED_QUEUE_NOT_KEPT_ASIDE,
    /** what the saved queue's file store said, in its own words */
    SAVED_QUEUE_PROBLEM;

    @Override
    public String bundleKey() {
        return "queue." + name();
    }

    /**
     * A reason the queue paused an item for: a full disk here or a server without room. By the key's name: a
     * reason read back from the saved queue has a key of its own kind (R33: after a restart none was said to wait).
     */
    public static boolean isWaitingForRoom(dev.ferry.message.Message reason) {
        return reason != null && (reason.is(WAITS_FOR_DISK_SPACE) || reason.is(WAITS_FOR_SERVER_SPACE)
                || reason.is(WAITS_AFTER_REFUSALS));
    }
}
