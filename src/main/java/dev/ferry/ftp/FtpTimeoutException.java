package dev.ferry.ftp;

import dev.ferry.message.Message;

/** The server or the network did not answer within a configured time. */
public class FtpTimeoutException extends FtpException {
    public FtpTimeoutException(Message explanation, Throwable cause) {
        super(explanation, true, cause);
    }
}
