package dev.ferry.ftp;

import dev.ferry.message.MessageKey;

/**
 * Everything the FTP engine can tell the user, as keys; the words are in
 * {@code dev/ferry/message/messages*.properties} under {@code ftp.NAME}. Arguments are listed
 * in each constant's comment, in order.
 */
public enum FtpText implements MessageKey {
    // ---- connecting and logging in
    /** host */
    CONNECT_UNKNOWN_HOST,
    /** address */
    CONNECTING,
    /** address */
    CONNECTED,
    /** address, reason */
    CONNECT_ATTEMPT_FAILED,
    /** address, seconds */
    CONNECT_TIMED_OUT,
    /** address, reason */
    CONNECT_FAILED,
    /** address */
    CONNECT_REFUSED,
    /** address */
    CONNECT_NO_ROUTE,
    /** reply code, reply text */
    GREETING_REFUSED,
    /** reply code, reply text */
    TLS_NOT_OFFERED,
    TLS_NOT_OFFERED_IF_AVAILABLE,
    TLS_FELL_BACK_TO_PLAIN,
    /** port, seconds */
    TLS_IMPLICIT_STALLED,
    /** port, what the server sent */
    TLS_IMPLICIT_PLAIN_ANSWER,
    /** seconds */
    TLS_AUTH_STALLED,
    /** seconds: "TLS if available": the server accepted AUTH TLS, then stalled the handshake */
    TLS_AUTH_STALLED_IF_AVAILABLE,
    /** reason (a nested message) */
    TLS_FAILED,
    /** reason (nested): "TLS if available": the server's TLS is broken; the way out is plain FTP */
    TLS_BROKEN_IF_AVAILABLE,
    /** reply code, reply text */
    LOGIN_REJECTED,
    LOGIN_NEEDS_TLS,
    /** reply code, reply text */
    LOGIN_LIMIT,
    /** reply code, reply text */
    LOGIN_FAILED,
    /** reply code, reply text */
    ACCOUNT_NEEDED,
    /** reply code, reply text */
    PROT_REFUSED,
    LOGGED_IN,
    LOGGED_IN_TLS,
    LOGGED_IN_TLS_DATA_CLEAR,
    LOGGED_IN_PLAIN_FALLBACK,
    /** TLS version, address */
    TLS_USING_LEARNED_MAX,
    /** address */
    TLS_LEARNED_MAX_EXPIRED,
    /** TLS version, address */
    TLS_RELEARN_REUSE,
    /** address */
    TLS_REUSE_REQUIRED_13_ONLY,
    /** reason */
    CAPABILITY_SAVE_FAILED,

    // ---- the control connection
    /** reason */
    CONTROL_LOST_SENDING,
    /** command */
    CONTROL_CLOSED_WAITING,
    /** command */
    CONTROL_SERVER_CLOSED,
    SERVER_CLOSED_IDLE,
    /** command, reason */
    CONTROL_LOST_WAITING,
    /** command, seconds */
    REPLY_TIMED_OUT,
    /** charset */
    NAME_NOT_ENCODABLE,
    /** printable name */
    UNSAFE_NAME,
    NAME_EMPTY,
    /** the name */
    NAME_DOTS,
    /** the separator */
    NAME_SEPARATOR,
    NAME_NUL,
    NAME_LINE_BREAK,
    /** reply line */
    MALFORMED_REPLY,
    /** KiB */
    REPLY_LINE_TOO_LONG,
    /** code, line count */
    REPLY_TOO_LONG,
    /** text */
    UNDECODABLE_REPLY,
    PLAIN_DATA_BEFORE_TLS,
    NOT_CONNECTED,
    SESSION_CLOSED,
    CANCELLED,
    ABORT_UNSETTLED,

    // ---- replies
    /** command, reply code, reply text */
    REPLY_REFUSED,
    /** explanation (nested), command, reply code, reply text */
    REPLY_REFUSED_EXPLAINED,
    /** path */
    DIRECTORY_MISSING,
    REST_UNSUPPORTED,
    ACTIVE_REFUSED,
    PASSIVE_REFUSED,
    PASSIVE_REFUSED_TRY_ACTIVE,
    DATA_SERVER_COULD_NOT_CONNECT_BACK,
    DATA_SERVER_COULD_NOT_OPEN,
    DATA_REUSE_REQUIRED,
    DATA_TLS_REFUSED,
    TRANSFER_ABORTED_BY_SERVER,
    /** command */
    SERVER_BUSY,
    SERVER_DISK_FULL,
    FILE_MISSING_OR_UNREADABLE,
    NAME_MASKED_IN_LISTING,
    FILE_NOT_WRITABLE,
    DIRECTORY_NOT_LISTABLE,
    /** path */
    NOTHING_NAMED,
    NAME_NOT_ALLOWED,
    FILE_NOT_CREATED,
    NO_CHECKSUM_COMMAND,

    // ---- data connections
    /** announced address, control address */
    PASV_ADDRESS_REPLACED,
    /** announced address, control address */
    PASV_ADDRESS_IGNORED_UNREACHED,
    /** reply text */
    PASV_NO_ADDRESS,
    /** number, reply text */
    PASV_NUMBER_OUT_OF_RANGE,
    /** reply text */
    PASV_PORT_ZERO,
    /** reply text */
    EPSV_NO_PORT,
    /** port */
    EPSV_BAD_PORT,
    EPSV_REFUSED_IPV6,
    EPRT_REFUSED_IPV6,
    /** address, seconds */
    DATA_CONNECT_TIMED_OUT,
    /** address, reason */
    DATA_CONNECT_FAILED,
    /** reason */
    DATA_LISTEN_FAILED,
    /** address */
    DATA_EXTERNAL_ADDRESS_UNKNOWN,
    /** peer, server */
    DATA_FOREIGN_PEER_REFUSED,
    DATA_FOREIGN_PEER,
    /** seconds */
    DATA_NO_CONNECT_BACK,
    /** seconds */
    DATA_STALLED,
    /** command, reason */
    DATA_FAILED,
    /** command */
    DATA_TRUNCATED_TLS,
    /** reason (nested) */
    DATA_TLS_FAILED,
    /** MiB */
    LISTING_TOO_LARGE,
    /** from mode, to mode (each a {@link #MODE_PASSIVE} or {@link #MODE_ACTIVE}) */
    DATA_MODE_SWITCHED,
    /** the word for a data connection mode, within another message */
    MODE_PASSIVE,
    MODE_ACTIVE,
    /** verb, seconds waited */
    PIPELINING_LOST,
    /** verb, EPSV reply */
    PIPELINING_REFUSED,
    /** mode used, mode configured (each a {@link #MODE_PASSIVE} or {@link #MODE_ACTIVE}), when learned */
    DATA_MODE_LEARNED,
    OTHER_MODE_FAILED_TOO,
    /** variant */
    LIST_VARIANT_LEARNED,
    /** folder, the forms tried */
    LIST_ALL_FORMS_REFUSED,
    /** charset */
    CHARSET_GUESSED,
    CHARSET_UTF8_AGAIN,
    /** charset */
    CHARSET_USING_GUESS,
    NAMES_NOT_UTF8,
    /** folder */
    CHARSET_LISTING_FIRST,
    /** command */
    FINAL_REPLY_MISSING_DATA_COMPLETE,

    // ---- the local side
    /** what (nested), path */
    LOCAL_DISK_FULL,
    LOCAL_NO_MORE_FILES,
    LOCAL_QUOTA_EXCEEDED,
    /** what (nested), path */
    LOCAL_NO_PERMISSION,
    /** what (nested), path, the file that is where a folder is needed */
    LOCAL_FILE_IN_THE_WAY,
    /** what (nested), path, the name's length in bytes, the longest the file system takes */
    LOCAL_NAME_TOO_LONG,
    /** what (nested), path, reason */
    LOCAL_FAILED,
    LOCAL_GONE,
    LOCAL_WRITE,
    LOCAL_READ,
    LOCAL_CREATE_FOLDER,
    LOCAL_READ_FOLDER,
    LOCAL_MOVE_INTO_PLACE,
    LOCAL_RESUME;

    @Override
    public String bundleKey() {
        return "ftp." + name();
    }

    /** The mode in the reader's words, not the constant's ("PASSIVE"). */
    static dev.ferry.message.Message modeWord(DataConnectionMode mode) {
        return dev.ferry.message.Message.of(mode == DataConnectionMode.PASSIVE ? MODE_PASSIVE : MODE_ACTIVE);
    }
}
