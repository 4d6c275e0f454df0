package dev.ferry.sync;

/**
 * What a synchronization may do.
 *
 * @param direction  which side is made like the other
 * @param delete     delete from the target what the source lacks; never done without it
 * @param sourceWins resolve conflicts in favour of the source instead of leaving them alone
 * @param checksums  when to ask the server for checksums (if it offers any)
 * @param clockProbe whether the server's listing clock may be measured by uploading (and deleting)
 *                   a small probe file; off for a dry run, which writes nothing anywhere
 */
public record SyncOptions(SyncDirection direction, boolean delete, boolean sourceWins, Checksums checksums,
                          boolean clockProbe) {

    /** When contents are compared by checksum, for servers that offer one. */
    public enum Checksums {
        /** For files of equal size whose times do not already say they are the same. */
        AUTO,
        /** For every pair of files of equal size. */
        ALWAYS,
        /** Never: size and time only. */
        NEVER
    }

    public static SyncOptions download() {
        return new SyncOptions(SyncDirection.DOWNLOAD, false, false, Checksums.AUTO, true);
    }

    public static SyncOptions upload() {
        return download().withDirection(SyncDirection.UPLOAD);
    }

    public SyncOptions withDirection(SyncDirection next) {
        return new SyncOptions(next, delete, sourceWins, checksums, clockProbe);
    }

    public SyncOptions withDelete(boolean next) {
        return new SyncOptions(direction, next, sourceWins, checksums, clockProbe);
    }

    public SyncOptions withSourceWins(boolean next) {
        return new SyncOptions(direction, delete, next, checksums, clockProbe);
    }

    public SyncOptions withChecksums(Checksums next) {
        return new SyncOptions(direction, delete, sourceWins, next, clockProbe);
    }

    public SyncOptions withClockProbe(boolean next) {
        return new SyncOptions(direction, delete, sourceWins, checksums, next);
    }
}
