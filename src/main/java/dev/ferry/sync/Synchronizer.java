package dev.ferry.sync;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.listing.Listing;
import dev.ferry.ftp.listing.RemoteEntry;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Directory comparison and synchronization, the front door. {@link #compare} walks both trees
 * with a logged-in session (on the session's owning thread), measures the server's listing clock
 * and compares every path; {@link #plan} decides, per path, what a synchronization in one
 * direction does; a {@link SyncRunner} does it. Nothing here speaks a human language: reasons
 * are {@link SyncText} messages.
 */
public final class Synchronizer {

    private Synchronizer() {
    }

    /**
     * Compares {@code remoteRoot} on the server with {@code localRoot}. The source side must exist
     * (the target may not, yet); the clock may be measured with a probe file when
     * {@link SyncOptions#clockProbe()} allows it.
     */
    public static Comparison compare(FtpSession session, String remoteRoot, Path localRoot, SyncOptions options,
                                     CancelToken token) throws IOException {
        boolean download = options.direction() == SyncDirection.DOWNLOAD;
        SyncTree remote = TreeWalks.remote(session, remoteRoot, !download, token);
        SyncTree local = TreeWalks.local(localRoot, token);
        if (!download && !local.rootExists()) {
            throw new java.nio.file.NoSuchFileException(localRoot.toString());
        }
        ListingClock clock = ClockProbe.measure(session, remoteRoot, remote, options.clockProbe() && remote.rootExists(),
                token);
        ChecksumMethod checksum = ChecksumMethod.best(session.features()).orElse(null);
        String server = session.settings().user() + "@" + session.settings().address();
        Comparer comparer = new Comparer(session, clock, checksum, options.checksums(), remoteRoot,
                localRoot.toAbsolutePath().normalize(), token);
        return (download ? comparer : comparer.uploading()).compare(server, remote, local);
    }

    /**
     * How far the LIST times of {@code listing} (of {@code folder}) are from UTC, for a command that compares
     * or shows them without a sync (mirror, ls): as a sync measures it (MDTM on a few of its files, else what
     * was learnt for the server before), remembered for the server the same way, but never with a probe file.
     * {@link ListingClock.Source#UNVERIFIED} (offset zero) when nothing tells.
     */
    public static ListingClock listingClock(FtpSession session, String folder, Listing listing, CancelToken token)
            throws IOException {
        boolean serverClock = listing.inServerZone();
        java.util.TreeMap<String, FileState> entries = new java.util.TreeMap<>();
        for (RemoteEntry entry : listing.entries()) {
            if (entry.isSafe() && !ClockProbe.isProbeName(entry.name())) {
                entries.putIfAbsent(entry.name(), FileState.remote(entry, serverClock));
            }
        }
        return ClockProbe.measure(session, folder, new SyncTree(entries, java.util.List.of(), true), false, token);
    }

    /** What a synchronization in the options' direction does, judged against the pair's history. */
    public static SyncPlan plan(Comparison comparison, SyncOptions options, SyncHistory history) {
        String key = SyncHistory.key(comparison.server(), comparison.remoteRoot(), comparison.localRoot());
        return SyncPlanner.plan(comparison, options, history.recall(key));
    }
}
