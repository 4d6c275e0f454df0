package dev.ferry.ftp;

import dev.ferry.message.Message;

/** The server broke the protocol: a malformed reply, an impossible address, an overlong line. */
public class FtpProtocolException extends FtpException {
    public FtpProtocolException(Message explanation) {
        super(explanation, false);
    }
}
