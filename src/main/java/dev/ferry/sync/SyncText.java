package dev.ferry.sync;

import dev.ferry.message.MessageKey;

/**
 * What synchronization tells the user, as keys; the words are in
 * {@code dev/ferry/message/messages*.properties} under {@code sync.NAME}. Arguments in order are
 * listed in each constant's comment.
 */
public enum SyncText implements MessageKey {
    // ---- actions, for headings and the dialog's first column
    ACTION_UPLOAD,
    ACTION_DOWNLOAD,
    ACTION_DELETE_REMOTE,
    ACTION_DELETE_LOCAL,
    ACTION_CONFLICT,
    ACTION_SAME,
    ACTION_SKIP,
    ACTION_REFUSED,

    // ---- what the plan is about
    /** server folder (URL), local folder */
    DIRECTION_DOWNLOAD,
    /** server folder (URL), local folder */
    DIRECTION_UPLOAD,
    /** algorithm, command */
    CHECKSUM_BY,
    CHECKSUM_NONE,
    CHECKSUM_OFF,

    // ---- the server's listing clock
    CLOCK_NOT_NEEDED,
    /** offset such as +09:00 */
    CLOCK_BY_MDTM,
    /** offset */
    CLOCK_BY_PROBE,
    /** offset, date measured */
    CLOCK_LEARNED,
    /** why (nested) */
    CLOCK_UNVERIFIED,
    /** why (nested), what went wrong with the probe (nested) */
    CLOCK_UNVERIFIED_PROBE_FAILED,
    CLOCK_MDTM_AGREES,
    CLOCK_NO_MDTM,
    /** MDTM is there, but no file is listed to the minute (older than half a year, or to the second) to compare it with */
    CLOCK_MDTM_NO_SAMPLES,
    /** MDTM is there, but gave no time (an error reply, or none that reads as a time) for any of the files asked: how many */
    CLOCK_MDTM_NO_ANSWER,
    /** MDTM is there, but its times differ from the listing's by no one time zone */
    CLOCK_MDTM_NO_ZONE,
    /** the server's refusal (nested) */
    CLOCK_PROBE_REFUSED,
    /** probe file name */
    CLOCK_PROBE_NOT_LISTED,
    /** minutes between the listed time and ours */
    CLOCK_PROBE_SKEWED,

    // ---- reasons, one per row
    ONLY_ON_SERVER,
    ONLY_HERE,
    EXTRA_ON_SERVER,
    EXTRA_HERE,
    EXTRA_ON_SERVER_KEPT,
    EXTRA_HERE_KEPT,
    FOLDER_ON_BOTH_SIDES,
    /** algorithm */
    SAME_CHECKSUM,
    SAME_SIZE_AND_TIME,
    SAME_SIZE_TIMES_UNKNOWN,
    UNCHANGED_SINCE_SYNC,
    SERVER_COPY_NEWER,
    LOCAL_COPY_NEWER,
    CHANGED_ON_SERVER_SINCE_SYNC,
    CHANGED_HERE_SINCE_SYNC,
    CONFLICT_CHANGED_ONLY_HERE,
    CONFLICT_CHANGED_ONLY_ON_SERVER,
    CONFLICT_CHANGED_ON_BOTH_SIDES,
    CONFLICT_NEWER_HERE,
    CONFLICT_NEWER_ON_SERVER,
    CONFLICT_UNDECIDABLE,
    CONFLICT_DELETED_ON_SERVER_CHANGED_HERE,
    CONFLICT_DELETED_HERE_CHANGED_ON_SERVER,
    KIND_DIFFERS,
    NOT_REGULAR,
    /** the folder */
    INSIDE_BLOCKED,
    NOT_DELETED_LISTING_INCOMPLETE,
    FOLDER_KEPT_NOT_EMPTY,
    /** the conflict's reason (nested) */
    FORCED,
    /** path, reason */
    /** printable name, reason (nested) */
    LOCAL_NAME_REFUSED,
    /** printable name, reason (nested): a refused name only in the target */
    EXTRA_HERE_NAME_LEFT_ALONE,
    /** printable name, reason (nested) */
    EXTRA_ON_SERVER_NAME_LEFT_ALONE,
    /** printable name, reason (nested): the same, where deleting was asked for */
    NAME_NOT_DELETED,

    // ---- running
    /** path, reason (nested or text) */
    FOLDER_CREATE_FAILED,
    /** path, reason (nested or text) */
    DELETE_FAILED,
    DELETE_SKIPPED_CHANGED,
    /** how many deletions */
    DELETES_HELD_BACK,
    /** path, reason (nested) */
    TRANSFER_FAILED,
    CANCELLED;

    /** The heading of an action. */
    public static SyncText of(SyncAction action) {
        return valueOf("ACTION_" + action.name());
    }

    @Override
    public String bundleKey() {
        return "sync." + name();
    }
}
