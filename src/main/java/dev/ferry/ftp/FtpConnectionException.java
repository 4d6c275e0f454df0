package dev.ferry.ftp;

/** The network connection could not be made or was lost. */
public class FtpConnectionException extends FtpException {
    public FtpConnectionException(String message, Throwable cause) {
        super(message, true, cause);
    }

    public FtpConnectionException(String message, boolean transientFailure, Throwable cause) {
        super(message, transientFailure, cause);
    }
}
