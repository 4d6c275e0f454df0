package dev.ferry.transfer;

import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.LocalFileException;

import java.time.Duration;

/**
 * Whether a failed attempt is tried again, and after how long. Decided by the kind of failure
 * (its type), never by its words: a transient engine failure (a lost connection, a timeout, a
 * 4xx reply, a cut transfer) is retried with a doubling pause; a permanent one (a 5xx reply, a
 * refused name) and every local failure (a full disk) are not.
 */
final class RetryPolicy {

    private RetryPolicy() {
    }

    static boolean isTransient(Throwable failure) {
        return failure instanceof FtpException fe && fe.isTransient() && !(failure instanceof LocalFileException);
    }

    /** Whether an item that failed after {@code attempts} earlier retries gets one more. */
    static boolean retries(Throwable failure, int attempts, QueueSettings settings) {
        return isTransient(failure) && attempts < settings.maxRetries();
    }

    /** The pause before retry number {@code attempt} (1 for the first). */
    static Duration backoff(int attempt, QueueSettings settings) {
        long millis = settings.firstBackoff().toMillis() << Math.min(Math.max(attempt, 1) - 1, 16);
        return Duration.ofMillis(Math.min(millis, settings.maxBackoff().toMillis()));
    }
}
