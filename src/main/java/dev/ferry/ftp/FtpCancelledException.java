package dev.ferry.ftp;

/** The operation was cancelled by the caller; the session stays usable when it says so. */
public class FtpCancelledException extends FtpException {
    public FtpCancelledException(String message) {
        super(message, false);
    }
}
