package dev.ferry.transfer;

import dev.ferry.ftp.FtpException;
import dev.ferry.message.Message;

/**
 * The server reported success but fewer (or more) bytes arrived than the file holds: the data
 * connection was cut. Transient: a retry resumes from what arrived.
 */
public class IncompleteTransferException extends FtpException {
    public IncompleteTransferException(Message explanation) {
        super(explanation, true);
    }
}
