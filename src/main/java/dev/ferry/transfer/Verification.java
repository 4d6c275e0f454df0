package dev.ferry.transfer;

/** Whether a finished file was compared with the server's checksum. */
public enum Verification {
    /** Not compared (yet). */
    NOT_CHECKED,
    /** The server's checksum equals ours. */
    VERIFIED,
    /** The server offers no checksum command. */
    UNAVAILABLE,
    /** The checksums differ (the item is retried once, then fails). */
    MISMATCH
}
