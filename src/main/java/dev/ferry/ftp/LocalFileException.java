package dev.ferry.ftp;

import java.io.IOException;

/**
 * Reading or writing the local side of a transfer failed (disk full, permission denied).
 * Kept apart from network failures: retrying against the server will not help.
 */
public class LocalFileException extends IOException {

    private final boolean diskFull;

    public LocalFileException(String message, IOException cause) {
        super(message, cause);
        this.diskFull = isDiskFull(cause);
    }

    public boolean isDiskFull() {
        return diskFull;
    }

    static boolean isDiskFull(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String text = t.getMessage();
            if (text != null && (text.contains("No space left on device") || text.contains("There is not enough space")
                    || text.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** Wraps a failure of the local side with a message that names the disk-full case plainly. */
    public static LocalFileException of(String what, IOException cause) {
        String reason = isDiskFull(cause) ? "disk full" : String.valueOf(cause.getMessage());
        return new LocalFileException(what + ": " + reason, cause);
    }
}
