package dev.ferry.ftp;

import dev.ferry.message.Message;

/** The network connection could not be made or was lost. */
public class FtpConnectionException extends FtpException {
    public FtpConnectionException(Message explanation, Throwable cause) {
        super(explanation, true, cause);
    }

    public FtpConnectionException(Message explanation, boolean transientFailure, Throwable cause) {
        super(explanation, transientFailure, cause);
    }
}
