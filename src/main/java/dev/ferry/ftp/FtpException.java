package dev.ferry.ftp;

import dev.ferry.message.Explained;
import dev.ferry.message.Message;

import java.io.IOException;

/**
 * Base of every failure the engine reports. It carries a {@link Message} (a key and its
 * parameters) that the window and the command line put into words; {@link #getMessage()} is the
 * language-free technical form, for stack traces. {@link #isTransient()} tells a retrying caller
 * (the transfer queue) whether repeating the operation can succeed.
 */
public class FtpException extends IOException implements Explained {

    private final transient Message explanation;
    private final boolean transientFailure;
    private volatile boolean whileConnecting;

    public FtpException(Message explanation, boolean transientFailure) {
        this(explanation, transientFailure, null);
    }

    public FtpException(Message explanation, boolean transientFailure, Throwable cause) {
        super(explanation.toString(), cause);
        this.explanation = explanation;
        this.transientFailure = transientFailure;
    }

    @Override
    public Message explanation() {
        return explanation;
    }

    /** What went wrong, as the engine's key (null when another layer explained it), for callers and tests. */
    public FtpText reason() {
        Message message = explanation;
        // "X (the server answered ...)": the X is the reason.
        while (message.key() == FtpText.REPLY_REFUSED_EXPLAINED && message.arguments().getFirst() instanceof Message inner) {
            message = inner;
        }
        return message.key() instanceof FtpText text ? text : null;
    }

    /**
     * True when the failure came while a session connected and logged in, its first time or again in the
     * middle of an operation (a transfer repeated on a new connection): the server could not be reached
     * then, whatever the operation was.
     */
    public boolean whileConnecting() {
        return whileConnecting;
    }

    FtpException connecting() {
        whileConnecting = true;
        return this;
    }

    /** True when the same operation may succeed on a new attempt (connection lost, timeout, 4xx). */
    public boolean isTransient() {
        return transientFailure;
    }
}
