package dev.ferry.sync;

import dev.ferry.ftp.listing.RemoteEntry.TimePrecision;
import dev.ferry.message.Message;
import dev.ferry.sync.Comparer.Order;
import dev.ferry.transfer.QueueText;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Comparing times across a time zone at the precision a listing gives, and the plan's decisions,
 * without a server: the rules on their own. The same rules meet real servers in SyncInteropTest.
 */
class SyncPlannerTest {

    private static final Duration TOKYO = Duration.ofHours(9);
    private static final ListingClock MEASURED = new ListingClock(TOKYO, ZoneOffset.UTC, ListingClock.Source.PROBE,
            Message.of(SyncText.CLOCK_BY_PROBE, "+09:00"));
    private static final ListingClock UNVERIFIED = new ListingClock(Duration.ZERO, ZoneOffset.UTC,
            ListingClock.Source.UNVERIFIED, Message.of(SyncText.CLOCK_MDTM_AGREES));

    private static FileState local(long size, String time) {
        return FileState.local(FileState.Kind.FILE, size, Instant.parse(time));
    }

    /** A LIST entry of a server whose listing is in its own zone, as the parser read it (as UTC). */
    private static FileState listed(long size, String time, TimePrecision precision) {
        return new FileState(FileState.Kind.FILE, size, Instant.parse(time), precision, true);
    }

    private static FileState folder() {
        return FileState.local(FileState.Kind.DIRECTORY, -1, Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static FileState remoteFolder() {
        return new FileState(FileState.Kind.DIRECTORY, -1, Instant.parse("2026-01-01T00:00:00Z"),
                TimePrecision.MINUTES, true);
    }

    // ------------------------------------------------------------------ times

    @Test
    void aLocalTimeIsMovedToTheServersClockAndCutToTheMinute() {
        // The server in Tokyo lists 17:42 for a file written at 08:42:27 UTC.
        FileState there = listed(6, "2026-12-02T17:42:00Z", TimePrecision.MINUTES);
        assertEquals(Order.EQUAL, Comparer.order(local(6, "2026-12-02T08:42:27Z"), there, MEASURED));
        assertEquals(Order.EQUAL, Comparer.order(local(6, "2026-12-02T08:42:00Z"), there, MEASURED));
        assertEquals(Order.LOCAL_NEWER, Comparer.order(local(6, "2026-12-02T08:43:01Z"), there, MEASURED));
        assertEquals(Order.REMOTE_NEWER, Comparer.order(local(6, "2026-12-02T08:41:59Z"), there, MEASURED));
        assertEquals(Instant.parse("2026-12-02T08:42:00Z"), MEASURED.trueTime(there));
    }

    @Test
    void oldFilesListedByTheDayCompareByTheServersDate() {
        // "Jan 15 2024" from the Tokyo server: any time on that date there.
        FileState there = listed(6, "2024-01-15T00:00:00Z", TimePrecision.DAYS);
        assertEquals(Order.EQUAL, Comparer.order(local(6, "2024-01-14T16:30:00Z"), there, MEASURED),
                "01:30 on the 15th in Tokyo");
        assertEquals(Order.REMOTE_NEWER, Comparer.order(local(6, "2024-01-14T14:00:00Z"), there, MEASURED),
                "23:00 on the 14th in Tokyo");
        assertEquals(Order.LOCAL_NEWER, Comparer.order(local(6, "2024-01-15T15:00:00Z"), there, MEASURED),
                "00:00 on the 16th in Tokyo");
    }

    @Test
    void mlsdTimesAreUtcAndCompareToTheSecond() {
        FileState mlsd = new FileState(FileState.Kind.FILE, 6, Instant.parse("2026-12-02T08:42:27Z"),
                TimePrecision.SECONDS, false);
        assertEquals(Order.EQUAL, Comparer.order(local(6, "2026-12-02T08:42:27Z"), mlsd, MEASURED));
        assertEquals(Order.LOCAL_NEWER, Comparer.order(local(6, "2026-12-02T08:42:28Z"), mlsd, MEASURED));
    }

    @Test
    void anUnmeasuredClockCannotSayWhichIsNewerWithinFourteenHours() {
        FileState there = listed(6, "2026-12-02T17:42:00Z", TimePrecision.MINUTES);
        assertEquals(Order.UNKNOWN, Comparer.order(local(6, "2026-12-02T08:42:27Z"), there, UNVERIFIED));
        assertEquals(Order.UNKNOWN, Comparer.order(local(6, "2026-12-02T20:00:00Z"), there, UNVERIFIED));
        assertEquals(Order.REMOTE_NEWER, Comparer.order(local(6, "2026-11-30T08:42:00Z"), there, UNVERIFIED));
        assertEquals(Order.EQUAL, Comparer.order(local(6, "2026-12-02T17:42:10Z"), there, UNVERIFIED));
    }

    // ------------------------------------------------------------------ plans

    private record Pair(FileState local, FileState remote) {
    }

    private static Comparison compare(ListingClock clock, Map<String, Pair> paths, List<SyncTree.Problem> remoteProblems)
            throws Exception {
        TreeMap<String, FileState> here = new TreeMap<>();
        TreeMap<String, FileState> there = new TreeMap<>();
        paths.forEach((path, pair) -> {
            if (pair.local() != null) {
                here.put(path, pair.local());
            }
            if (pair.remote() != null) {
                there.put(path, pair.remote());
            }
        });
        Comparer comparer = new Comparer(null, clock, null, SyncOptions.Checksums.NEVER, "/site", Path.of("/tmp/local"),
                new dev.ferry.ftp.CancelToken());
        return comparer.compare("u@h:21", new SyncTree(there, remoteProblems, true), new SyncTree(here, List.of(), true));
    }

    private static Map<String, SyncAction> actions(SyncPlan plan) {
        Map<String, SyncAction> actions = new TreeMap<>();
        plan.actions().forEach(a -> actions.put(a.path(), a.action()));
        return actions;
    }

    private static SyncText reason(SyncPlan plan, String path) {
        Message reason = plan.actions().stream().filter(a -> a.path().equals(path)).findFirst().orElseThrow().reason();
        return (SyncText) (reason.key() == SyncText.FORCED ? ((Message) reason.arguments().getFirst()).key() : reason.key());
    }

    @Test
    void withoutHistoryTheNewerSourceGoesAndANewerTargetIsAConflict() throws Exception {
        Map<String, Pair> paths = new HashMap<>();
        paths.put("same.txt", new Pair(local(6, "2026-12-02T08:42:27Z"), listed(6, "2026-12-02T17:42:00Z", TimePrecision.MINUTES)));
        paths.put("server-newer.txt", new Pair(local(6, "2026-12-01T08:00:00Z"), listed(7, "2026-12-02T17:42:00Z", TimePrecision.MINUTES)));
        paths.put("local-newer.txt", new Pair(local(6, "2026-12-02T09:00:00Z"), listed(7, "2026-12-02T17:42:00Z", TimePrecision.MINUTES)));
        paths.put("new.txt", new Pair(null, listed(3, "2026-12-02T17:42:00Z", TimePrecision.MINUTES)));
        paths.put("extra.txt", new Pair(local(3, "2026-12-02T09:00:00Z"), null));
        Comparison comparison = compare(MEASURED, paths, List.of());

        SyncPlan down = SyncPlanner.plan(comparison, SyncOptions.download(), Map.of());
        assertEquals(Map.of("same.txt", SyncAction.SAME, "server-newer.txt", SyncAction.DOWNLOAD,
                "local-newer.txt", SyncAction.CONFLICT, "new.txt", SyncAction.DOWNLOAD, "extra.txt", SyncAction.SKIP),
                actions(down));
        assertEquals(SyncText.CONFLICT_NEWER_HERE, reason(down, "local-newer.txt"));
        assertEquals(SyncText.EXTRA_HERE_KEPT, reason(down, "extra.txt"));
        assertEquals(1, down.unresolved());
        assertEquals(10, down.counts().get(SyncAction.DOWNLOAD).bytes());

        SyncPlan up = SyncPlanner.plan(comparison, SyncOptions.upload().withDelete(true), Map.of());
        assertEquals(Map.of("same.txt", SyncAction.SAME, "server-newer.txt", SyncAction.CONFLICT,
                "local-newer.txt", SyncAction.UPLOAD, "new.txt", SyncAction.DELETE_REMOTE, "extra.txt", SyncAction.UPLOAD),
                actions(up));

        SyncPlan forced = SyncPlanner.plan(comparison, SyncOptions.download().withSourceWins(true), Map.of());
        assertEquals(SyncAction.DOWNLOAD, actions(forced).get("local-newer.txt"));
        assertTrue(forced.actions().stream().filter(a -> a.path().equals("local-newer.txt")).findFirst().orElseThrow().forced());
        assertEquals(0, forced.unresolved());
    }

    @Test
    void theHistoryTellsWhichSideChangedSinceTheLastRun() throws Exception {
        // After an upload to a server without MFMT, its copy carries the upload's time: newer, yet unchanged.
        FileState uploadedHere = local(6, "2026-12-02T08:00:00Z");
        FileState uploadedThere = listed(6, "2026-12-02T17:42:00Z", TimePrecision.MINUTES);
        SyncHistory.Record after = new SyncHistory.Record(6, uploadedHere.time(), 6, uploadedThere.time(),
                TimePrecision.MINUTES);
        Map<String, Pair> paths = new HashMap<>();
        paths.put("unchanged.txt", new Pair(uploadedHere, uploadedThere));
        paths.put("changed-here.txt", new Pair(local(9, "2026-12-02T09:00:00Z"), uploadedThere));
        paths.put("changed-there.txt", new Pair(uploadedHere, listed(9, "2026-12-02T18:00:00Z", TimePrecision.MINUTES)));
        paths.put("changed-both.txt", new Pair(local(8, "2026-12-02T09:00:00Z"), listed(9, "2026-12-02T18:00:00Z", TimePrecision.MINUTES)));
        // Six months on, the listing gives the day only: still the same file.
        paths.put("now-by-day.txt", new Pair(uploadedHere, listed(6, "2026-12-02T00:00:00Z", TimePrecision.DAYS)));
        Map<String, SyncHistory.Record> history = new HashMap<>();
        paths.keySet().forEach(path -> history.put(path, after));
        Comparison comparison = compare(MEASURED, paths, List.of());

        SyncPlan up = SyncPlanner.plan(comparison, SyncOptions.upload(), history);
        assertEquals(Map.of("unchanged.txt", SyncAction.SAME, "changed-here.txt", SyncAction.UPLOAD,
                "changed-there.txt", SyncAction.CONFLICT, "changed-both.txt", SyncAction.CONFLICT,
                "now-by-day.txt", SyncAction.SAME), actions(up));
        assertEquals(SyncText.UNCHANGED_SINCE_SYNC, reason(up, "unchanged.txt"));
        assertEquals(SyncText.CONFLICT_CHANGED_ONLY_ON_SERVER, reason(up, "changed-there.txt"));
        assertEquals(SyncText.CONFLICT_CHANGED_ON_BOTH_SIDES, reason(up, "changed-both.txt"));

        SyncPlan down = SyncPlanner.plan(comparison, SyncOptions.download(), history);
        assertEquals(SyncAction.CONFLICT, actions(down).get("changed-here.txt"));
        assertEquals(SyncText.CONFLICT_CHANGED_ONLY_HERE, reason(down, "changed-here.txt"));
        assertEquals(SyncAction.DOWNLOAD, actions(down).get("changed-there.txt"));
        assertEquals(SyncText.CHANGED_ON_SERVER_SINCE_SYNC, reason(down, "changed-there.txt"));
    }

    @Test
    void nothingIsDeletedWithoutDeleteNorAFileChangedSinceTheLastRun() throws Exception {
        Map<String, Pair> paths = new HashMap<>();
        paths.put("old", new Pair(folder(), null));
        paths.put("old/a.txt", new Pair(local(1, "2026-12-01T00:00:00Z"), null));
        paths.put("old/edited.txt", new Pair(local(5, "2026-12-02T00:00:00Z"), null));
        paths.put("gone", new Pair(folder(), null));
        paths.put("gone/b.txt", new Pair(local(1, "2026-12-01T00:00:00Z"), null));
        Map<String, SyncHistory.Record> history = Map.of("old/edited.txt", new SyncHistory.Record(4,
                Instant.parse("2026-12-01T00:00:00Z"), 4, Instant.parse("2026-12-01T09:00:00Z"), TimePrecision.MINUTES));
        Comparison comparison = compare(MEASURED, paths, List.of());

        SyncPlan keep = SyncPlanner.plan(comparison, SyncOptions.download(), history);
        assertTrue(keep.actions().stream().allMatch(a -> a.action() == SyncAction.SKIP), keep.actions().toString());
        assertFalse(keep.hasWork());

        SyncPlan delete = SyncPlanner.plan(comparison, SyncOptions.download().withDelete(true), history);
        assertEquals(Map.of("old", SyncAction.SKIP, "old/a.txt", SyncAction.DELETE_LOCAL,
                "old/edited.txt", SyncAction.CONFLICT, "gone", SyncAction.DELETE_LOCAL,
                "gone/b.txt", SyncAction.DELETE_LOCAL), actions(delete));
        assertEquals(SyncText.FOLDER_KEPT_NOT_EMPTY, reason(delete, "old"));
        assertEquals(SyncText.CONFLICT_DELETED_ON_SERVER_CHANGED_HERE, reason(delete, "old/edited.txt"));

        SyncPlan forced = SyncPlanner.plan(comparison, SyncOptions.download().withDelete(true).withSourceWins(true), history);
        assertEquals(SyncAction.DELETE_LOCAL, actions(forced).get("old"));
        assertEquals(SyncAction.DELETE_LOCAL, actions(forced).get("old/edited.txt"));
    }

    @Test
    void aFileAgainstAFolderIsAConflictAndWhatIsBelowStaysOut() throws Exception {
        Map<String, Pair> paths = new HashMap<>();
        paths.put("thing", new Pair(local(1, "2026-12-01T00:00:00Z"), remoteFolder()));
        paths.put("thing/inside.txt", new Pair(null, listed(1, "2026-12-01T00:00:00Z", TimePrecision.MINUTES)));
        SyncPlan plan = SyncPlanner.plan(compare(MEASURED, paths, List.of()), SyncOptions.download().withSourceWins(true),
                Map.of());
        assertEquals(Map.of("thing", SyncAction.CONFLICT, "thing/inside.txt", SyncAction.SKIP), actions(plan));
        assertEquals(SyncText.KIND_DIFFERS, reason(plan, "thing"), "never forced");
        assertEquals(SyncText.INSIDE_BLOCKED, reason(plan, "thing/inside.txt"));
    }

    @Test
    void refusedPathsAreReportedAndAnUnreadableFolderKeepsItsTargetFromBeingDeleted() throws Exception {
        Map<String, Pair> paths = new HashMap<>();
        paths.put("locked", new Pair(folder(), remoteFolder()));
        paths.put("locked/mine.txt", new Pair(local(1, "2026-12-01T00:00:00Z"), null));
        List<SyncTree.Problem> problems = List.of(
                new SyncTree.Problem("locked", TreeWalks.unreadable(java.nio.file.Path.of("locked"), new java.nio.file.AccessDeniedException("locked"), true)),
                new SyncTree.Problem("..\\evil", Message.of(QueueText.NAME_REFUSED, "..\\evil", "a\\b")));
        SyncPlan plan = SyncPlanner.plan(compare(MEASURED, paths, problems), SyncOptions.download().withDelete(true),
                Map.of());
        assertEquals(Map.of("locked", SyncAction.REFUSED, "locked/mine.txt", SyncAction.SKIP,
                "..\\evil", SyncAction.REFUSED), actions(plan));
        assertEquals(2, plan.unresolved());
        assertFalse(plan.hasWork());
    }

    /**
     * T9: busybox lists "ö dir" as "?? dir", a name that cannot be opened; the folder here under its true name was
     * "not on the server" and --delete deleted it with everything in it. A folder of the source that could not be
     * read may be any name of the target beside it: none of them is deleted. A link loop or a folder too deep is
     * known by its own name and keeps only itself.
     */
    @Test
    void aSourceFolderThatCouldNotBeReadKeepsTheTargetsNamesBesideItFromBeingDeleted() throws Exception {
        Map<String, Pair> paths = new HashMap<>();
        paths.put("photos", new Pair(folder(), remoteFolder()));
        paths.put("photos/?? dir", new Pair(null, remoteFolder()));
        paths.put("photos/\u00f6 dir", new Pair(folder(), null));
        paths.put("photos/\u00f6 dir/a.txt", new Pair(local(1, "2026-12-01T00:00:00Z"), null));
        paths.put("old.txt", new Pair(local(1, "2026-12-01T00:00:00Z"), null));
        paths.put("loops", new Pair(null, remoteFolder()));
        paths.put("gone.txt", new Pair(local(1, "2026-12-01T00:00:00Z"), null));
        List<SyncTree.Problem> problems = List.of(
                new SyncTree.Problem("photos/?? dir", Message.of(dev.ferry.ftp.FtpText.DIRECTORY_MISSING, "/site/photos/?? dir")),
                new SyncTree.Problem("loops", Message.of(QueueText.SYMLINK_LOOP)));
        SyncPlan plan = SyncPlanner.plan(compare(MEASURED, paths, problems), SyncOptions.download().withDelete(true),
                Map.of());
        Map<String, SyncAction> actions = actions(plan);
        assertEquals(SyncAction.SKIP, actions.get("photos/\u00f6 dir"), plan.actions().toString());
        assertEquals(SyncAction.SKIP, actions.get("photos/\u00f6 dir/a.txt"), plan.actions().toString());
        assertEquals(SyncText.NOT_DELETED_LISTING_INCOMPLETE, reason(plan, "photos/\u00f6 dir"));
        assertEquals(SyncAction.DELETE_LOCAL, actions.get("old.txt"), "elsewhere, deletions go on: " + plan.actions());
        assertEquals(SyncAction.DELETE_LOCAL, actions.get("gone.txt"), "a loop hides no other name: " + plan.actions());
    }

    /**
     * U4: a name only in the target that Ferry does not transfer (a "\\" here, in a download) was
     * listed as refused, a problem to solve, though nothing was to be done with it: it is left alone,
     * and said why; with --delete it stays unresolved. In the source, or on both sides, it is refused
     * as before.
     */
    @Test
    void aRefusedNameOnlyInTheTargetIsLeftAloneAndOneInTheSourceIsRefused() throws Exception {
        SyncTree.Problem here = new SyncTree.Problem("back\\slash.txt",
                Message.of(SyncText.LOCAL_NAME_REFUSED, "back\\slash.txt", "a \\ is a folder separator"));
        SyncTree.Problem there = new SyncTree.Problem("back\\slash.txt",
                Message.of(QueueText.NAME_REFUSED, "back\\slash.txt", "a \\ is a folder separator"));
        TreeMap<String, FileState> remoteFiles = new TreeMap<>(Map.of("a.txt", listed(1, "2026-12-02T17:42:00Z", TimePrecision.MINUTES)));
        TreeMap<String, FileState> localFiles = new TreeMap<>(Map.of("a.txt", local(1, "2026-12-02T08:42:27Z")));

        SyncPlan download = SyncPlanner.plan(comparer().compare("u@h:21", new SyncTree(remoteFiles, List.of(), true),
                new SyncTree(localFiles, List.of(here), true)), SyncOptions.download(), Map.of());
        assertEquals(SyncAction.SKIP, actions(download).get("back\\slash.txt"), download.actions().toString());
        assertEquals(SyncText.EXTRA_HERE_NAME_LEFT_ALONE, reason(download, "back\\slash.txt"));
        assertEquals(0, download.unresolved(), "nothing to solve");

        // R12: with --delete the target was to end as the source is; it stays, and the plan says so as unresolved.
        SyncPlan mirror = SyncPlanner.plan(comparer().compare("u@h:21", new SyncTree(remoteFiles, List.of(), true),
                new SyncTree(localFiles, List.of(here), true)), SyncOptions.download().withDelete(true), Map.of());
        assertEquals(SyncAction.REFUSED, actions(mirror).get("back\\slash.txt"), mirror.actions().toString());
        assertEquals(SyncText.NAME_NOT_DELETED, reason(mirror, "back\\slash.txt"));
        assertEquals(1, mirror.unresolved());

        SyncPlan bothSides = SyncPlanner.plan(comparer().compare("u@h:21", new SyncTree(remoteFiles, List.of(there), true),
                new SyncTree(localFiles, List.of(here), true)), SyncOptions.download(), Map.of());
        assertEquals(SyncAction.REFUSED, actions(bothSides).get("back\\slash.txt"), "the server's copy cannot come");

        SyncPlan upload = SyncPlanner.plan(comparer().uploading().compare("u@h:21", new SyncTree(remoteFiles, List.of(there), true),
                new SyncTree(localFiles, List.of(), true)), SyncOptions.upload(), Map.of());
        assertEquals(SyncAction.SKIP, actions(upload).get("back\\slash.txt"), upload.actions().toString());
        assertEquals(SyncText.EXTRA_ON_SERVER_NAME_LEFT_ALONE, reason(upload, "back\\slash.txt"));

        SyncPlan uploadFromHere = SyncPlanner.plan(comparer().uploading().compare("u@h:21", new SyncTree(remoteFiles, List.of(), true),
                new SyncTree(localFiles, List.of(here), true)), SyncOptions.upload(), Map.of());
        assertEquals(SyncAction.REFUSED, actions(uploadFromHere).get("back\\slash.txt"), "this computer's copy cannot go");
    }

    private static Comparer comparer() {
        return new Comparer(null, MEASURED, null, SyncOptions.Checksums.NEVER, "/site", Path.of("/tmp/local"),
                new dev.ferry.ftp.CancelToken());
    }

    @Test
    void thePanesSeeEachFoldersEntriesAndWhetherAFolderHoldsADifference() throws Exception {
        Map<String, Pair> paths = new HashMap<>();
        paths.put("calm", new Pair(folder(), remoteFolder()));
        paths.put("calm/a.txt", new Pair(local(6, "2026-12-02T08:42:27Z"), listed(6, "2026-12-02T17:42:00Z", TimePrecision.MINUTES)));
        paths.put("busy", new Pair(folder(), remoteFolder()));
        paths.put("busy/b.txt", new Pair(local(6, "2026-12-02T08:42:27Z"), listed(9, "2026-12-02T18:42:00Z", TimePrecision.MINUTES)));
        paths.put("busy/deeper", new Pair(folder(), remoteFolder()));
        paths.put("busy/deeper/c.txt", new Pair(null, listed(1, "2026-12-02T18:42:00Z", TimePrecision.MINUTES)));
        paths.put("mine.txt", new Pair(local(1, "2026-12-02T08:00:00Z"), null));
        Comparison comparison = compare(MEASURED, paths, List.of());
        assertEquals(Map.of("calm", Comparison.Difference.SAME, "busy", Comparison.Difference.DIFFERENT,
                "mine.txt", Comparison.Difference.ONLY_LOCAL), comparison.folder(""));
        assertEquals(Map.of("b.txt", Comparison.Difference.REMOTE_NEWER, "deeper", Comparison.Difference.DIFFERENT),
                comparison.folder("busy"));
        assertEquals(Map.of("c.txt", Comparison.Difference.ONLY_REMOTE), comparison.folder("busy/deeper"));
        assertEquals(Comparison.Difference.SAME, comparison.verdict("calm/a.txt").orElseThrow());
        assertEquals(Instant.parse("2026-12-02T09:42:00Z"), comparison.entry("busy/b.txt").orElseThrow().remoteTime());
    }
}
