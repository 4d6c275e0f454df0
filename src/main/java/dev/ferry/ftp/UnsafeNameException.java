package dev.ferry.ftp;

import dev.ferry.message.Message;

/**
 * A path or name that must never be sent in a command or used to build a local path:
 * it contains CR, LF or NUL (command injection), or it tries to leave its directory.
 */
public class UnsafeNameException extends FtpException {
    public UnsafeNameException(Message explanation) {
        super(explanation, false);
    }
}
