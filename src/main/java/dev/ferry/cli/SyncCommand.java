package dev.ferry.cli;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpUrl;
import dev.ferry.ftp.listing.RemoteEntry.TimePrecision;
import dev.ferry.message.Message;
import dev.ferry.sync.Comparison;
import dev.ferry.sync.FileState;
import dev.ferry.sync.ListingClock;
import dev.ferry.sync.PlannedAction;
import dev.ferry.sync.SyncAction;
import dev.ferry.sync.SyncDirection;
import dev.ferry.sync.SyncHistory;
import dev.ferry.sync.SyncOptions;
import dev.ferry.sync.SyncPlan;
import dev.ferry.sync.SyncResult;
import dev.ferry.sync.SyncRunner;
import dev.ferry.sync.SyncText;
import dev.ferry.sync.Synchronizer;
import dev.ferry.transfer.ConflictAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Command(name = "sync", description = {
        "Make LOCALDIR like the URL's folder, or with --reverse the URL's folder like LOCALDIR.",
        "Files are compared by size and time (the server's time zone is measured and corrected) or, "
                + "where the server offers one, by checksum. The plan is printed first; --dry-run stops there.",
        "A file changed in the target since the last sync, or newer there, is a conflict: reported and left "
                + "alone (exit status 1) unless --force lets the source's copy win. Nothing is deleted without --delete.",
        "Exit status: 0 when both sides agree at the end (for --dry-run: when the plan has no conflict), 1 otherwise."})
final class SyncCommand extends ConnectedCommand {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAYS = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final int WIDEST_PATH = 48;

    @Option(names = {"-R", "--reverse"}, description = "Upload: make the URL's folder like LOCALDIR.")
    boolean reverse;

    @Option(names = {"-n", "--dry-run"}, description = "Print the plan and stop: nothing is written anywhere "
            + "(not even the probe file that measures the server's time zone).")
    boolean dryRun;

    @Option(names = "--delete", description = "Delete from the target what the source does not have.")
    boolean delete;

    @Option(names = "--force", description = "Resolve conflicts in favour of the source: its copy replaces "
            + "(or its absence deletes, with --delete) the target's.")
    boolean force;

    @Option(names = "--checksum", description = "Compare every pair of files of equal size by checksum, "
            + "when the server offers one (default: only where size and time cannot tell).")
    boolean checksumAlways;

    @Option(names = "--no-checksum", description = "Compare by size and time only.")
    boolean checksumNever;

    @Option(names = "--no-clock-probe", description = "Do not upload a small probe file to measure the server's "
            + "time zone; use MDTM and what was measured before.")
    boolean noClockProbe;

    @Mixin
    QueueOptions.WithSegments queueOptions;

    @Parameters(index = "0", paramLabel = "URL")
    String urlArgument;

    @Parameters(index = "1", paramLabel = "LOCALDIR")
    String localArgument;

    @Override
    public Integer call() throws Exception {
        if (checksumAlways && checksumNever) {
            throw new IllegalArgumentException(Words.text("sync.checksumOptions"));
        }
        SyncOptions options = new SyncOptions(reverse ? SyncDirection.UPLOAD : SyncDirection.DOWNLOAD, delete, force,
                checksumAlways ? SyncOptions.Checksums.ALWAYS
                        : checksumNever ? SyncOptions.Checksums.NEVER : SyncOptions.Checksums.AUTO,
                !dryRun && !noClockProbe);
        // With -R, LOCALDIR first (as mirror -R takes it) is read too. Without it the URL comes first:
        // "sync here URL" read as a download would make the local folder like the server's, --delete
        // included, where its writer may have meant an upload.
        boolean swapped = reverse && !looksLikeUrl(urlArgument) && looksLikeUrl(localArgument);
        String localText = swapped ? urlArgument : localArgument;
        String urlText = swapped ? localArgument : urlArgument;
        requireLocalFolderArgument(localText);
        if (queueOptions.skipFolderLinks) {
            // Its comparison keeps a link as a link on either side: there is nothing for the option to leave out.
            throw new IllegalArgumentException(Words.text("options.skipFolderLinksInSync"));
        }
        Path local = Path.of(localText);
        FtpUrl url = connection.url(urlText);
        ConnectionSettings settings = connection.settings(url);
        SyncHistory history = SyncHistory.openDefault();
        history.loadProblem().ifPresent(terminal::warn);
        // The session that compares goes on to make the folders and read the last listings.
        FtpSession session = open(url);
        boolean[] handedOver = {false};
        try {
            requireChecksumIfVerifying(session, queueOptions);
            String remote = url.resolve(session.initialDirectory());
            if (!reverse) {
                requireRemoteFolder(session, remote);
            }
            Comparison comparison = Synchronizer.compare(session, remote, local, options, new CancelToken());
            SyncPlan plan = Synchronizer.plan(comparison, options, history);
            printPlan(url, plan);
            if (dryRun) {
                terminal.out.println(Words.text(plan.hasWork() ? "sync.dryRun" : "sync.nothingToDo"));
                return unresolvedStatus(plan);
            }
            if (!plan.hasWork()) {
                boolean leftAlone = plan.counts().containsKey(SyncAction.SKIP);
                terminal.out.println(Words.text(plan.unresolved() > 0 ? "sync.agreeButForListed"
                        : leftAlone ? delete ? "sync.leftAlone" : "sync.leftAloneWithoutDelete"
                        : "sync.agree"));
                return unresolvedStatus(plan);
            }
            Path pendingDeletions = expectDeletions(plan, url, local);
            SyncResult result;
            try {
                result = QueueRun.with(terminal, queueOptions.settings(ConflictAction.OVERWRITE), endpoint -> settings,
                        false, queue -> {
                            if (connection.printDialogue()) {
                                queue.addDialogueListener(terminal.dialoguePrinter());
                            }
                            queue.start();
                            SyncRunner runner = new SyncRunner(queue, settings, connection.siteId(), history)
                                    .sessions(connection.siteSessions()).using(session);
                            if (connection.printDialogue()) {
                                // For the session it logs in again with once the queue has taken this one.
                                runner.addDialogueListener(terminal.dialoguePrinter());
                            }
                            handedOver[0] = true;
                            return runner.run(plan, new CancelToken());
                        }, r -> r);
            } finally {
                forget(pendingDeletions);
            }
            printResult(plan, result);
            return result.complete() ? 0 : 1;
        } finally {
            if (!handedOver[0]) {
                session.quit();
                session.close();
            }
        }
    }

    /** The plan's deletions, kept aside for {@code queue --resume} to mention should this sync be stopped; null if none. */
    private Path expectDeletions(SyncPlan plan, FtpUrl url, Path local) {
        int deletions = (int) plan.actions().stream().filter(action -> action.action().isDelete()).count();
        if (deletions == 0) {
            return null;
        }
        String command = PendingSyncDeletions.command(reverse, url.display(), local.toAbsolutePath());
        try {
            return PendingSyncDeletions.inConfigDirectory().expect(new PendingSyncDeletions.Pending(deletions, command));
        } catch (java.io.IOException e) {
            // Only a later word is lost: the sync itself does not need the note.
            terminal.warn(Words.text("sync.deletionsNotNoted", e.getMessage()));
            return null;
        }
    }

    /** The sync ended: its deletions were made, or it said why not. A note left behind is said once, by resume. */
    private void forget(Path pendingDeletions) {
        if (pendingDeletions == null) {
            return;
        }
        try {
            PendingSyncDeletions.ended(pendingDeletions);
        } catch (java.io.IOException e) {
            terminal.warn(Words.text("sync.deletionsNoteLeft", pendingDeletions, e.getMessage()));
        }
    }

    private int unresolvedStatus(SyncPlan plan) {
        if (plan.unresolved() > 0) {
            terminal.err.println("ferry: " + Words.text(force ? "sync.unresolved" : "sync.unresolvedWithoutForce",
                    plan.unresolved()));
            return 1;
        }
        return 0;
    }

    // ------------------------------------------------------------------ the plan

    private void printPlan(FtpUrl url, SyncPlan plan) {
        String server = url.display().substring(0, url.display().length() - url.path().length() - 1) + plan.remoteRoot();
        terminal.out.println(Words.of(Message.of(plan.direction() == SyncDirection.DOWNLOAD ? SyncText.DIRECTION_DOWNLOAD
                : SyncText.DIRECTION_UPLOAD, server, plan.localRoot())));
        terminal.out.println(Words.of(plan.clock().note()));
        Comparison comparison = plan.comparison();
        terminal.out.println(Words.of(comparison.checksum()
                .map(c -> Message.of(SyncText.CHECKSUM_BY, c.algorithm(), c.command()))
                .orElse(Message.of(plan.options().checksums() == SyncOptions.Checksums.NEVER ? SyncText.CHECKSUM_OFF
                        : SyncText.CHECKSUM_NONE))));
        Map<SyncAction, SyncPlan.Count> counts = plan.counts();
        int width = Math.min(WIDEST_PATH, plan.actions().stream().filter(a -> a.action() != SyncAction.SAME)
                .mapToInt(a -> Terminal.columns(a.shownPath())).max().orElse(10));
        for (SyncAction action : List.of(SyncAction.DOWNLOAD, SyncAction.UPLOAD, SyncAction.DELETE_LOCAL,
                SyncAction.DELETE_REMOTE, SyncAction.CONFLICT, SyncAction.REFUSED, SyncAction.SKIP)) {
            SyncPlan.Count count = counts.get(action);
            if (count == null) {
                continue;
            }
            terminal.out.println();
            terminal.out.println(Words.text("sync.plan.heading", Words.of(Message.of(SyncText.of(action))), describe(count)));
            for (PlannedAction row : plan.actions(action)) {
                terminal.out.println("  " + Terminal.padded(row.shownPath(), width) + "  " + sides(row, plan.clock())
                        + Words.of(row.reason()));
            }
        }
        SyncPlan.Count same = counts.get(SyncAction.SAME);
        terminal.out.println();
        terminal.out.println(Words.text("sync.plan.heading", Words.of(Message.of(SyncText.ACTION_SAME)),
                same == null ? Words.text("sync.plan.nothing") : describe(same)));
        terminal.out.println();
    }

    private static String describe(SyncPlan.Count count) {
        String files = count.files() > 0 ? Words.text("sync.plan.files", count.files()) : "";
        String folders = count.folders() > 0 ? Words.text("sync.plan.folders", count.folders()) : "";
        String both = files.isEmpty() || folders.isEmpty() ? files + folders
                : Words.text("sync.plan.filesAndFolders", files, folders);
        return count.bytes() > 0 ? both + Words.text("terminal.amount", Terminal.bytes(count.bytes())) : both;
    }

    /** "here 1.2 KiB 2024-05-01 10:00 | server 1.3 KiB 2024-05-02 09:14  " for files; nothing for folders. */
    private static String sides(PlannedAction row, ListingClock clock) {
        if (row.directory()) {
            return "";
        }
        String here = side(Words.text("sync.plan.here"), row.local(), row.local() == null ? null : row.local().time(), ZoneId.systemDefault());
        // A date without a time is the server's date: shown as listed, not moved to our zone.
        boolean byDay = row.remote() != null && row.remote().precision() == TimePrecision.DAYS;
        String there = side(Words.text("sync.plan.server"), row.remote(), byDay ? row.remote().time() : row.remoteTime(),
                byDay ? clock.zone() : ZoneId.systemDefault());
        String both = here.isEmpty() ? there : there.isEmpty() ? here : here + " | " + there;
        return both.isEmpty() ? "" : both + "   ";
    }

    private static String side(String label, FileState state, Instant time, ZoneId zone) {
        if (state == null || !state.isFile()) {
            return "";
        }
        String when = time == null ? "-" : (state.precision() == TimePrecision.DAYS ? DAYS : MINUTES)
                .format(time.atZone(zone));
        return label + " " + Terminal.bytes(state.size()) + " " + when;
    }

    // ------------------------------------------------------------------ the result

    /** What the plan leaves out (special files, refused names, conflicts, extras kept): listed above, counted here. */
    private static String skipped(SyncPlan plan) {
        long count = plan.actions().stream()
                .filter(row -> row.action() == SyncAction.SKIP || row.action().isUnresolved()).count();
        return count > 0 ? Words.text("summary.skipped", count) : "";
    }

    private void printResult(SyncPlan plan, SyncResult result) {
        // The paths that failed, not the notices of the whole run (deletions held back) that carry none.
        long failed = result.failures().stream().filter(failure -> !failure.path().isEmpty()).count();
        // Under exit status 1 the line must not read like success to the person who reads the log.
        String done = Words.text(plan.direction() == SyncDirection.DOWNLOAD ? "sync.result.downloaded"
                        : "sync.result.uploaded", result.transferred(),
                Terminal.amount(result.bytes(), result.continuedBytes()), result.foldersCreated(), result.deleted());
        terminal.out.println(Words.text(result.complete() ? "summary.done" : "summary.incomplete", done,
                skipped(plan) + (failed > 0 ? Words.text("summary.failed", failed) : "")));
        for (SyncResult.Failure failure : result.failures()) {
            terminal.err.println("ferry: " + Words.text("sync.failed", Words.of(failure.reason())));
        }
        if (result.unresolved() > 0) {
            terminal.err.println("ferry: " + Words.text(force ? "sync.unresolved" : "sync.unresolvedWithoutForce",
                    result.unresolved()));
        }
        if (!result.failures().isEmpty()) {
            terminal.err.println("ferry: " + Words.text("sync.retry"));
        }
    }
}
