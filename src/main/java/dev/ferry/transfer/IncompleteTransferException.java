package dev.ferry.transfer;

import dev.ferry.ftp.FtpException;
import dev.ferry.message.Message;

/**
 * The server reported success but fewer (or more) bytes arrived than the file holds: the data
 * connection was cut. Transient: a retry resumes from what arrived.
 */
public class IncompleteTransferException extends FtpException {

    private final long endedAt;

    public IncompleteTransferException(Message explanation) {
        this(explanation, -1);
    }

    private IncompleteTransferException(Message explanation, long endedAt) {
        super(explanation, true);
        this.endedAt = endedAt;
    }

    /** A download the server called complete at byte {@code endedAt} of {@code expected}. */
    static IncompleteTransferException shortDownload(String remotePath, long endedAt, long expected) {
        return new IncompleteTransferException(Message.of(QueueText.DOWNLOAD_INCOMPLETE, remotePath, endedAt, expected),
                endedAt);
    }

    /**
     * The byte of the whole file at which a download ended short though the server called it
     * complete, or -1 (an upload, a segment, a file that grew).
     */
    public long endedAt() {
        return endedAt;
    }
}
