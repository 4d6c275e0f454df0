package dev.ferry.ftp;

/** The server broke the protocol: a malformed reply, an impossible address, an overlong line. */
public class FtpProtocolException extends FtpException {
    public FtpProtocolException(String message) {
        super(message, false);
    }
}
