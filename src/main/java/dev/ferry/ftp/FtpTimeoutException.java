package dev.ferry.ftp;

/** The server or the network did not answer within a configured time. */
public class FtpTimeoutException extends FtpException {
    public FtpTimeoutException(String message, Throwable cause) {
        super(message, true, cause);
    }
}
