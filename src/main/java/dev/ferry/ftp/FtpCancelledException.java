package dev.ferry.ftp;

import dev.ferry.message.Message;

/** The caller cancelled the operation (its {@link CancelToken}); the session stays usable when it can. */
public class FtpCancelledException extends FtpException {
    public FtpCancelledException() {
        super(Message.of(FtpText.CANCELLED), false);
    }
}
