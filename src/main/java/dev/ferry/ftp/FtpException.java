package dev.ferry.ftp;

import java.io.IOException;

/**
 * Base of every failure the engine reports. The message is written for the user: it says what
 * happened and, where there is one, what to do about it. {@link #isTransient()} tells a retrying
 * caller (the transfer queue) whether repeating the operation can succeed.
 */
public class FtpException extends IOException {

    private final boolean transientFailure;

    public FtpException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    public FtpException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** True when the same operation may succeed on a new attempt (connection lost, timeout, 4xx). */
    public boolean isTransient() {
        return transientFailure;
    }
}
