package dev.ferry.transfer;

import dev.ferry.ftp.FtpConnectionException;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpTimeoutException;
import dev.ferry.ftp.LocalFileException;

import java.time.Duration;

/**
 * Whether a failed attempt is tried again, and after how long. Decided by the kind of failure
 * (its type), never by its words: a transient engine failure (a lost connection, a timeout, a
 * 4xx reply, a cut transfer) is retried with a doubling pause; a permanent one (a 5xx reply, a
 * refused name) and every local failure (a full disk) are not.
 */
public final class RetryPolicy {

    private RetryPolicy() {
    }

    static boolean isTransient(Throwable failure) {
        return failure instanceof FtpException fe && fe.isTransient() && !(failure instanceof LocalFileException)
                && !serverHasNoRoom(failure) && !serverSaysNoRoom(failure);
    }

    /**
     * The server has no room for an upload: 452, "insufficient storage space in system", a 4xx and so "transient",
     * yet only someone freeing room changes it, not a retry after a pause of seconds. The waiting uploads are held
     * at once.
     */
    static boolean serverHasNoRoom(Throwable failure) {
        dev.ferry.ftp.FtpReplyException refused = uploadRefusal(failure);
        return refused != null && refused.reply().code() == 452;
    }

    /**
     * Another refusal of an upload whose words say the server could not write for want of room (vsftpd's "451
     * Failure writing to local file.", a 552 naming a quota): not tried again, as a full disk does not empty in
     * seconds, but it holds the others only once a second file meets it. The same words come for one file too big
     * for the server's file system (FAT32's 4 GiB, R33), as ProFTPD's 552 for one file over its limit (R29).
     */
    static boolean serverSaysNoRoom(Throwable failure) {
        dev.ferry.ftp.FtpReplyException refused = uploadRefusal(failure);
        if (refused == null) {
            return false;
        }
        int code = refused.reply().code();
        return code != 452 && (code / 100 == 4 || code == 552) && refused.reply().saysNoRoom(refused.path());
    }

    /**
     * An upload refused with 451, "local error in processing", in words naming no cause (busybox on a full flash:
     * "451 Error"): tried again as before, yet a second file refused so holds the others.
     */
    static boolean refusedWithoutACause(Throwable failure) {
        dev.ferry.ftp.FtpReplyException refused = uploadRefusal(failure);
        return refused != null && refused.reply().code() == 451 && !refused.reply().saysNoRoom(refused.path())
                && !refused.reply().namesAPassingCause(refused.path());
    }

    private static dev.ferry.ftp.FtpReplyException uploadRefusal(Throwable failure) {
        return failure instanceof dev.ferry.ftp.FtpReplyException refused && refused.refusedAnUpload() ? refused : null;
    }

    /**
     * A failure another attempt meets the same way for as long as nothing is changed (by the user, on the server or
     * here): the server refused the file for good (a 5xx reply to it: permission denied, a bad file name, no such
     * file), or a local file cannot be read or written for want of permission, a file in the way, a name too long,
     * the file gone. Not a server or a disk without room, a cut connection, a timeout, an unknown local error, nor
     * what failed while a session was being set up (a login, TLS: the settings given to the next run decide those).
     */
    public static boolean failsForGood(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof LocalFileException local) {
                return switch (local.kind()) {
                    case NO_PERMISSION, FILE_IN_THE_WAY, NAME_TOO_LONG, GONE -> true;
                    case DISK_FULL, OTHER -> false;
                };
            }
        }
        return failure instanceof dev.ferry.ftp.FtpReplyException refused && !refused.isTransient()
                && !refused.whileConnecting() && refused.reply().code() / 100 == 5 && !serverSaysNoRoom(failure);
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

    /**
     * The server could not be reached to start a session (refused, no answer, the connection lost
     * before the login ended): the server's failure, which every item waiting for it would meet
     * alike. A name that does not resolve is not among them: Java cannot tell a DNS hiccup from a
     * name that does not exist, so it stays the permanent failure it was.
     */
    public static boolean isUnreachable(Throwable failure) {
        return (failure instanceof FtpConnectionException || failure instanceof FtpTimeoutException)
                && isTransient(failure);
    }

    /**
     * A run's own new connection (a transfer repeated on one, after the last was lost) could not reach the
     * server: the outage came while the file was being set up, and is the server's failure as at the start.
     */
    static boolean isUnreachableDuringRun(Throwable failure) {
        return isUnreachable(failure) && ((FtpException) failure).whileConnecting();
    }

    /**
     * How long a server that cannot be reached is tried again, with the items' doubling pause,
     * before what waits for it fails: ten of the longest pauses, five minutes with the defaults.
     * That covers a restart or a failover (seconds to a couple of minutes) with ten or more tries,
     * yet a server that is gone still ends the run. A queue that asked for no retries gets none.
     */
    public static Duration outageBudget(QueueSettings settings) {
        return settings.maxRetries() == 0 ? Duration.ZERO : settings.maxBackoff().multipliedBy(10);
    }
}
