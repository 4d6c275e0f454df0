package dev.ferry.message;

/**
 * Names one thing the engine or the queue can say (an error, a warning, a step it took). The
 * words live in the bundle {@code dev/ferry/message/messages*.properties} under
 * {@link #bundleKey()}; the code that reports never holds them, so every language gets them.
 */
public interface MessageKey {

    /** The key in the bundle, e.g. {@code ftp.login.rejected}. */
    String bundleKey();
}
