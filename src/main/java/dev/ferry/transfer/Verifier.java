package dev.ferry.transfer;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.message.Message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The checksum comparison after a transfer, when the server can hash. */
final class Verifier {

    private final RunSupport queue;

    Verifier(RunSupport queue) {
        this.queue = queue;
    }

    /**
     * When verification is required, fails the item before a byte moves if the server named no
     * checksum command: the check after the transfer would fail it anyway, a whole file later.
     */
    void requireAvailable(TransferItem item, FtpSession session) throws FtpException {
        if (queue.settings().requireVerification() && !session.offersChecksum(Checksums.ALGORITHMS)) {
            queue.setVerification(item, Verification.UNAVAILABLE);
            throw new FtpException(Message.of(QueueText.NO_CHECKSUM), false);
        }
    }

    /**
     * Compares the server's checksum with ours, when the server offers one. A mismatch deletes
     * the local part file (downloads) and is retried once from scratch, then fails.
     */
    void verify(TransferItem item, FtpSession session, String remote, Path local, Path downloadTarget,
                CancelToken token) throws IOException {
        Optional<String[]> theirs = session.checksum(remote, Checksums.ALGORITHMS, token);
        if (theirs.isEmpty()) {
            queue.setVerification(item, Verification.UNAVAILABLE);
            if (queue.settings().requireVerification()) {
                throw new FtpException(Message.of(QueueText.NO_CHECKSUM), false);
            }
            return;
        }
        String algorithm = theirs.get()[0];
        String ours = Checksums.compute(local, algorithm);
        if (Checksums.same(algorithm, ours, theirs.get()[1])) {
            queue.setVerification(item, Verification.VERIFIED);
            return;
        }
        queue.setVerification(item, Verification.MISMATCH);
        if (downloadTarget != null) {
            Files.deleteIfExists(local);
        } else {
            item.restartUpload = true;
        }
        if (!item.verifyRetried) {
            item.verifyRetried = true;
            throw new ChecksumMismatchException(Message.of(QueueText.CHECKSUM_MISMATCH_RETRYING, algorithm, remote));
        }
        throw new FtpException(Message.of(QueueText.CHECKSUM_MISMATCH, algorithm, remote), false);
    }

    /** A mismatch is worth one more try (transient); the second one is not. */
    static final class ChecksumMismatchException extends FtpException {
        ChecksumMismatchException(Message explanation) {
            super(explanation, true);
        }
    }

}
