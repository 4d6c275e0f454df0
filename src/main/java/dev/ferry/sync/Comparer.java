package dev.ferry.sync;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.listing.RemoteEntry.TimePrecision;
import dev.ferry.message.Message;
import dev.ferry.sync.Comparison.Basis;
import dev.ferry.sync.Comparison.Difference;
import dev.ferry.transfer.Checksums;
import dev.ferry.transfer.FileTransfers;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Puts the two walked trees side by side. Files are the same when the server's checksum equals
 * ours; without one, when sizes are equal and so are the times, compared on the server's clock at
 * the precision its listing gives (a local time is moved to the server's clock and cut to the
 * minute, or the day, rather than the listing's time being guessed at).
 */
final class Comparer {

    /** Which of two times is later, once both are cut to what both sides know. */
    enum Order { EQUAL, LOCAL_NEWER, REMOTE_NEWER, UNKNOWN }

    private final FtpSession session;
    private final ListingClock clock;
    private final ChecksumMethod checksum;
    private final SyncOptions.Checksums mode;
    private final String remoteRoot;
    private final Path localRoot;
    private final CancelToken token;
    /** Downloads write part files beside their targets; uploads go to the final name and clash with none. */
    private boolean downloading = true;

    Comparer(FtpSession session, ListingClock clock, ChecksumMethod checksum, SyncOptions.Checksums mode,
             String remoteRoot, Path localRoot, CancelToken token) {
        this.session = session;
        this.clock = clock;
        this.checksum = mode == SyncOptions.Checksums.NEVER ? null : checksum;
        this.mode = mode;
        this.remoteRoot = remoteRoot;
        this.localRoot = localRoot;
        this.token = token;
    }

    Comparer uploading() {
        downloading = false;
        return this;
    }

    Comparison compare(String server, SyncTree remote, SyncTree local) throws IOException {
        Map<String, Message> problems = new HashMap<>();
        java.util.Set<String> sourceProblems = new java.util.HashSet<>();
        for (SyncTree source : List.of(remote, local)) {
            for (SyncTree.Problem problem : source.problems()) {
                problems.putIfAbsent(problem.path(), problem.reason());
                if (source == (downloading ? remote : local)) {
                    sourceProblems.add(problem.path());
                }
            }
        }
        TreeSet<String> paths = new TreeSet<>(remote.entries().keySet());
        paths.addAll(local.entries().keySet());
        paths.addAll(problems.keySet());
        TreeMap<String, Comparison.Entry> entries = new TreeMap<>();
        for (String path : paths) {
            FileState here = local.entries().get(path);
            FileState there = remote.entries().get(path);
            if (here != null && there == null && isOurPartFile(path, remote)) {
                continue;
            }
            Instant remoteTime = there == null ? null : clock.trueTime(there);
            Message problem = problems.get(path);
            if (problem == null && downloading && there != null && there.isFile() && isOurPartFile(path, remote)) {
                // The server's own "a.bin.part" beside "a.bin": its copy would take the name a.bin's download
                // writes to until it is complete, and the two would mix. Left alone, said why.
                problem = Message.of(dev.ferry.transfer.QueueText.PART_NAME_OF_ANOTHER_FILE,
                        path.substring(path.lastIndexOf('/') + 1, path.length() - FileTransfers.PART_SUFFIX.length()));
            }
            if (problem != null && isRefusedName(problem) && !sourceProblems.contains(path)
                    && (downloading ? there : here) == null) {
                // Only in the target, under a name never transferred: nothing would be done with it, so
                // nothing to solve either (U4: a download's plan listed such a local file as refused).
                problem = new Message(downloading ? SyncText.EXTRA_HERE_NAME_LEFT_ALONE : SyncText.EXTRA_ON_SERVER_NAME_LEFT_ALONE,
                        problem.arguments());
            }
            if (problem != null) {
                entries.put(path, new Comparison.Entry(path, here, there, remoteTime, Difference.UNUSABLE, Basis.NONE,
                        problem));
                continue;
            }
            entries.put(path, compare(path, here, there, remoteTime));
        }
        return new Comparison(server, remoteRoot, localRoot, clock, checksum, entries, remote.rootExists(),
                local.rootExists());
    }

    private static boolean isRefusedName(Message problem) {
        return problem.key() == dev.ferry.transfer.QueueText.NAME_REFUSED || problem.key() == SyncText.LOCAL_NAME_REFUSED;
    }

    /** "name.part" beside a server file "name": a download of ours, interrupted; it resumes, not syncs. */
    private static boolean isOurPartFile(String path, SyncTree remote) {
        if (!path.endsWith(FileTransfers.PART_SUFFIX)) {
            return false;
        }
        FileState original = remote.entries().get(path.substring(0, path.length() - FileTransfers.PART_SUFFIX.length()));
        return original != null && original.isFile();
    }

    private Comparison.Entry compare(String path, FileState here, FileState there, Instant remoteTime)
            throws IOException {
        if (here == null || there == null) {
            return new Comparison.Entry(path, here, there, remoteTime,
                    here == null ? Difference.ONLY_REMOTE : Difference.ONLY_LOCAL, Basis.NONE, null);
        }
        if (here.kind() != there.kind()) {
            return new Comparison.Entry(path, here, there, remoteTime, Difference.KIND_DIFFERS, Basis.NONE, null);
        }
        if (!here.isFile()) {
            return new Comparison.Entry(path, here, there, remoteTime, Difference.SAME, Basis.NONE, null);
        }
        Order order = order(here, there, clock);
        boolean sizesKnown = here.size() >= 0 && there.size() >= 0;
        boolean sizeDiffers = sizesKnown && here.size() != there.size();
        Boolean sameSum = null;
        if (checksum != null && !sizeDiffers && (mode == SyncOptions.Checksums.ALWAYS || order != Order.EQUAL)) {
            sameSum = sameChecksum(path);
        }
        if (Boolean.TRUE.equals(sameSum)) {
            return new Comparison.Entry(path, here, there, remoteTime, Difference.SAME, Basis.CHECKSUM, null);
        }
        Basis basis = sameSum != null ? Basis.CHECKSUM : order == Order.UNKNOWN ? Basis.SIZE : Basis.SIZE_AND_TIME;
        Difference difference;
        if (sizeDiffers || Boolean.FALSE.equals(sameSum)) {
            difference = switch (order) {
                case LOCAL_NEWER -> Difference.LOCAL_NEWER;
                case REMOTE_NEWER -> Difference.REMOTE_NEWER;
                default -> Difference.DIFFERENT;
            };
        } else {
            difference = switch (order) {
                case LOCAL_NEWER -> Difference.LOCAL_NEWER;
                case REMOTE_NEWER -> Difference.REMOTE_NEWER;
                default -> Difference.SAME;
            };
        }
        return new Comparison.Entry(path, here, there, remoteTime, difference, basis, null);
    }

    /** True or false from the server's checksum and ours; null when the server gave none for this file. */
    private Boolean sameChecksum(String path) throws IOException {
        token.throwIfCancelled();
        Optional<String[]> theirs = session.checksum(RemotePaths.join(remoteRoot, path), List.of(checksum.algorithm()),
                token);
        if (theirs.isEmpty()) {
            return null;
        }
        String ours = Checksums.compute(SyncPaths.local(localRoot, path), checksum.algorithm());
        return Checksums.same(checksum.algorithm(), ours, theirs.get()[1]);
    }

    /**
     * The local time moved to the server's clock and both cut to what the listing knows. With a
     * clock nothing confirmed, a gap a time zone could explain says nothing.
     */
    static Order order(FileState local, FileState remote, ListingClock clock) {
        if (local.time() == null || remote.time() == null || remote.precision() == TimePrecision.UNKNOWN) {
            return Order.UNKNOWN;
        }
        TimePrecision precision = ListingClock.coarser(remote.precision(), local.precision());
        Instant here = clock.asListed(local.time(), remote.serverClock(), precision);
        Instant there = clock.cut(remote.time(), precision);
        int compared = here.compareTo(there);
        if (compared == 0) {
            return Order.EQUAL;
        }
        if (remote.serverClock() && !clock.verified()) {
            Duration window = precision == TimePrecision.DAYS ? Duration.ofDays(1) : ListingClock.LARGEST_ZONE;
            if (Duration.between(here, there).abs().compareTo(window) <= 0) {
                return Order.UNKNOWN;
            }
        }
        return compared > 0 ? Order.LOCAL_NEWER : Order.REMOTE_NEWER;
    }
}
