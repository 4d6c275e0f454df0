package dev.ferry.ftp;

/**
 * Told about progress on the transferring thread after each chunk (up to about a megabyte).
 * It may block briefly: the transfer queue's speed limiter does exactly that. It must not call
 * back into the session.
 */
@FunctionalInterface
public interface TransferListener {

    TransferListener NONE = bytes -> { };

    void transferred(long bytes);

    /**
     * An attempt that already reported {@code bytes} is being repeated from its start (the server
     * refused it after a TLS renegotiation, or the data connection mode changed): those bytes will
     * be reported again.
     */
    default void discarded(long bytes) {
    }

    /** The largest chunk to move between callbacks; a speed limiter asks for small ones. */
    default int preferredChunk() {
        return Integer.MAX_VALUE;
    }
}
