package dev.ferry.sync;

import dev.ferry.message.Message;
import dev.ferry.sync.Comparison.Basis;
import dev.ferry.sync.Comparison.Difference;
import dev.ferry.transfer.QueueText;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Set;

/**
 * Turns a comparison into a plan for one direction. The source's copy goes to the target when
 * the source changed; a target copy that changed on its own is never overwritten or deleted
 * silently: that is a conflict, reported and left alone unless the user lets the source win.
 * "Changed" is judged against the {@link SyncHistory} of the pair when there is one (what both
 * sides looked like after the last run), else by which copy is newer. Nothing in the target is
 * deleted without {@link SyncOptions#delete()}.
 */
public final class SyncPlanner {

    private final Comparison comparison;
    private final SyncOptions options;
    private final Map<String, SyncHistory.Record> history;
    private final boolean download;
    private final Set<String> incompleteFolders;

    private SyncPlanner(Comparison comparison, SyncOptions options, Map<String, SyncHistory.Record> history) {
        this.comparison = comparison;
        this.options = options;
        this.history = history;
        this.download = options.direction() == SyncDirection.DOWNLOAD;
        this.incompleteFolders = incompleteFolders();
    }

    public static SyncPlan plan(Comparison comparison, SyncOptions options, Map<String, SyncHistory.Record> history) {
        return new SyncPlanner(comparison, options, history).plan();
    }

    private SyncPlan plan() {
        List<PlannedAction> rows = new ArrayList<>();
        Set<String> blocked = new HashSet<>();
        for (Comparison.Entry entry : comparison.entries().values()) {
            String inside = blockedAncestor(entry.path(), blocked);
            if (inside != null) {
                rows.add(row(entry, SyncAction.SKIP, Message.of(SyncText.INSIDE_BLOCKED, inside)));
                continue;
            }
            PlannedAction row = decide(entry);
            if (row.directory() && (row.action() == SyncAction.CONFLICT || row.action() == SyncAction.REFUSED
                    || row.action() == SyncAction.SKIP && isBlockingSkip(entry))) {
                blocked.add(entry.path());
            }
            rows.add(row);
        }
        keepFoldersThatStayFull(rows);
        return new SyncPlan(comparison, options, rows);
    }

    /**
     * Folders whose contents are not known whole: a listing line not understood (a garbled line, a
     * listing cut short), a folder that could not be listed, or one not walked (too deep, a loop).
     * A file only in the target there may be what the unread line held, so it is never deleted.
     * A refused name is not such a problem: it is one known entry, refused on both sides alike.
     */
    private Set<String> incompleteFolders() {
        Set<String> folders = new HashSet<>();
        for (Comparison.Entry entry : comparison.entries().values()) {
            if (entry.difference() == Difference.UNUSABLE && entry.problem() != null
                    && entry.problem().key() != QueueText.NAME_REFUSED
                    && entry.problem().key() != SyncText.LOCAL_NAME_REFUSED && !isLeftAlone(entry.problem())) {
                folders.add(entry.path().equals(".") ? "" : entry.path());
                if (mayBeAnotherName(entry)) {
                    folders.add(SyncTree.parent(entry.path()));
                }
            }
        }
        return folders;
    }

    /**
     * A server's folder that could not be opened may be a local name beside it under another spelling (T9: busybox
     * lists "ö dir" as "?? dir", which no CWD opens; a GBK name read as UTF-8), and --delete deleted the local copy
     * as "not on the server". A folder that opened (a line of its listing not understood), a link loop, a folder
     * too deep or a part file is known by its name; so is a folder here, which the system names as it is.
     */
    private boolean mayBeAnotherName(Comparison.Entry entry) {
        Message problem = entry.problem();
        return download && !entry.path().equals(".") && entry.remote() != null
                && problem.key() != QueueText.SYMLINK_LOOP && problem.key() != QueueText.TOO_DEEP
                && problem.key() != QueueText.PART_NAME_OF_ANOTHER_FILE
                && problem.key() != QueueText.UNPARSED_LISTING_LINE;
    }

    /** A name never transferred, only in the target: the comparison said why it stays as it is. */
    private static boolean isLeftAlone(Message problem) {
        return problem.key() == SyncText.EXTRA_HERE_NAME_LEFT_ALONE || problem.key() == SyncText.EXTRA_ON_SERVER_NAME_LEFT_ALONE;
    }

    /** The incomplete folder that {@code path} is in, or null. */
    private String incompleteFolderOf(String path) {
        for (String folder = SyncTree.parent(path); ; folder = SyncTree.parent(folder)) {
            if (incompleteFolders.contains(folder)) {
                return folder.isEmpty() ? "." : folder;
            }
            if (folder.isEmpty()) {
                return null;
            }
        }
    }

    /** A folder left alone because it is a link or special keeps what is inside out of the plan too. */
    private static boolean isBlockingSkip(Comparison.Entry entry) {
        // A loop: what is "inside" it is the folder it leads back to; an upload into it wrote over that (R29).
        return entry.local() != null && !entry.local().isDirectory() || entry.remote() != null && !entry.remote().isDirectory()
                || isLoop(entry);
    }

    /** A link back to a folder above it (see FolderChain): nothing of it is missing, and nothing goes into it. */
    private static boolean isLoop(Comparison.Entry entry) {
        return entry.problem() != null && entry.problem().key() == QueueText.SYMLINK_LOOP;
    }

    private static String blockedAncestor(String path, Set<String> blocked) {
        for (String parent = SyncTree.parent(path); !parent.isEmpty(); parent = SyncTree.parent(parent)) {
            if (blocked.contains(parent)) {
                return parent;
            }
        }
        return null;
    }

    private PlannedAction decide(Comparison.Entry entry) {
        if (entry.difference() == Difference.UNUSABLE && isLeftAlone(entry.problem())) {
            // With deleting asked for, the target was to end as the source is (R12: a mirror reported
            // success with it still there).
            return options.delete()
                    ? row(entry, SyncAction.REFUSED, new Message(SyncText.NAME_NOT_DELETED, entry.problem().arguments()))
                    : row(entry, SyncAction.SKIP, entry.problem());
        }
        if (entry.difference() == Difference.UNUSABLE && isLoop(entry)) {
            // Nothing is missing: the folder it leads back to is synchronized once (T5: every cron run "failed").
            return row(entry, SyncAction.SKIP, entry.problem());
        }
        if (entry.difference() == Difference.UNUSABLE) {
            return row(entry, SyncAction.REFUSED, entry.problem());
        }
        FileState source = download ? entry.remote() : entry.local();
        FileState target = download ? entry.local() : entry.remote();
        if (isIrregular(source) || isIrregular(target)) {
            return row(entry, SyncAction.SKIP, Message.of(SyncText.NOT_REGULAR));
        }
        if (target == null) {
            return row(entry, transfer(), Message.of(download ? SyncText.ONLY_ON_SERVER : SyncText.ONLY_HERE));
        }
        if (source == null) {
            return onlyInTarget(entry, target);
        }
        if (entry.difference() == Difference.KIND_DIFFERS) {
            return row(entry, SyncAction.CONFLICT, Message.of(SyncText.KIND_DIFFERS));
        }
        if (source.isDirectory()) {
            return row(entry, SyncAction.SAME, Message.of(SyncText.FOLDER_ON_BOTH_SIDES));
        }
        return files(entry, source, target);
    }

    private static boolean isIrregular(FileState state) {
        return state != null && !state.isFile() && !state.isDirectory();
    }

    private PlannedAction files(Comparison.Entry entry, FileState source, FileState target) {
        Difference difference = entry.difference();
        if (difference == Difference.SAME && entry.basis() != Basis.SIZE) {
            return row(entry, SyncAction.SAME, entry.basis() == Basis.CHECKSUM
                    ? Message.of(SyncText.SAME_CHECKSUM, comparison.checksum().map(ChecksumMethod::algorithm).orElse(""))
                    : Message.of(SyncText.SAME_SIZE_AND_TIME));
        }
        SyncHistory.Record before = history.get(entry.path());
        if (before != null) {
            boolean sourceChanged = !matches(before, source, !download);
            boolean targetChanged = !matches(before, target, download);
            if (!sourceChanged && !targetChanged) {
                return row(entry, SyncAction.SAME, Message.of(SyncText.UNCHANGED_SINCE_SYNC));
            }
            if (!targetChanged) {
                return row(entry, transfer(), Message.of(download ? SyncText.CHANGED_ON_SERVER_SINCE_SYNC
                        : SyncText.CHANGED_HERE_SINCE_SYNC));
            }
            return conflict(entry, Message.of(!sourceChanged
                    ? (download ? SyncText.CONFLICT_CHANGED_ONLY_HERE : SyncText.CONFLICT_CHANGED_ONLY_ON_SERVER)
                    : SyncText.CONFLICT_CHANGED_ON_BOTH_SIDES), transfer());
        }
        if (difference == Difference.SAME) {
            return row(entry, SyncAction.SAME, Message.of(SyncText.SAME_SIZE_TIMES_UNKNOWN));
        }
        Difference sourceNewer = download ? Difference.REMOTE_NEWER : Difference.LOCAL_NEWER;
        Difference targetNewer = download ? Difference.LOCAL_NEWER : Difference.REMOTE_NEWER;
        if (difference == sourceNewer) {
            return row(entry, transfer(), Message.of(download ? SyncText.SERVER_COPY_NEWER : SyncText.LOCAL_COPY_NEWER));
        }
        if (difference == targetNewer) {
            return conflict(entry, Message.of(download ? SyncText.CONFLICT_NEWER_HERE : SyncText.CONFLICT_NEWER_ON_SERVER),
                    transfer());
        }
        return conflict(entry, Message.of(SyncText.CONFLICT_UNDECIDABLE), transfer());
    }

    /** Whether one side still looks as it did after the last run; {@code local} says which side. */
    private boolean matches(SyncHistory.Record before, FileState state, boolean local) {
        return local ? before.matchesLocal(state) : before.matchesRemote(state, comparison.clock());
    }

    private PlannedAction onlyInTarget(Comparison.Entry entry, FileState target) {
        if (!options.delete()) {
            return row(entry, SyncAction.SKIP, Message.of(download ? SyncText.EXTRA_HERE_KEPT : SyncText.EXTRA_ON_SERVER_KEPT));
        }
        String incomplete = incompleteFolderOf(entry.path());
        if (incomplete != null) {
            return row(entry, SyncAction.SKIP, Message.of(SyncText.NOT_DELETED_LISTING_INCOMPLETE, incomplete));
        }
        SyncHistory.Record before = history.get(entry.path());
        if (target.isFile() && before != null && !matches(before, target, download)) {
            return conflict(entry, Message.of(download ? SyncText.CONFLICT_DELETED_ON_SERVER_CHANGED_HERE
                    : SyncText.CONFLICT_DELETED_HERE_CHANGED_ON_SERVER), delete());
        }
        return row(entry, delete(), Message.of(download ? SyncText.EXTRA_HERE : SyncText.EXTRA_ON_SERVER));
    }

    private PlannedAction conflict(Comparison.Entry entry, Message reason, SyncAction sourceWins) {
        if (options.sourceWins()) {
            return new PlannedAction(entry.path(), entry.isDirectory(), sourceWins, entry.local(), entry.remote(),
                    entry.remoteTime(), Message.of(SyncText.FORCED, reason), true);
        }
        return row(entry, SyncAction.CONFLICT, reason);
    }

    /**
     * A folder to delete whose contents are not all deleted (a conflict, a refused name inside)
     * stays: its removal would fail, or worse, take what is inside with it.
     */
    private static void keepFoldersThatStayFull(List<PlannedAction> rows) {
        Set<String> staying = new HashSet<>();
        ListIterator<PlannedAction> backwards = rows.listIterator(rows.size());
        while (backwards.hasPrevious()) {
            PlannedAction row = backwards.previous();
            boolean stays = !row.action().isDelete();
            if (row.directory() && row.action().isDelete() && staying.contains(row.path())) {
                backwards.set(new PlannedAction(row.path(), true, SyncAction.SKIP, row.local(), row.remote(),
                        row.remoteTime(), Message.of(SyncText.FOLDER_KEPT_NOT_EMPTY), false));
                stays = true;
            }
            if (stays) {
                for (String parent = SyncTree.parent(row.path()); !parent.isEmpty(); parent = SyncTree.parent(parent)) {
                    if (!staying.add(parent)) {
                        break;
                    }
                }
            }
        }
    }

    private SyncAction transfer() {
        return download ? SyncAction.DOWNLOAD : SyncAction.UPLOAD;
    }

    private SyncAction delete() {
        return download ? SyncAction.DELETE_LOCAL : SyncAction.DELETE_REMOTE;
    }

    private static PlannedAction row(Comparison.Entry entry, SyncAction action, Message reason) {
        return new PlannedAction(entry.path(), entry.isDirectory(), action, entry.local(), entry.remote(),
                entry.remoteTime(), reason, false);
    }
}
