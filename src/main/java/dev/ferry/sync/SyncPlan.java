package dev.ferry.sync;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a synchronization will do, path by path, before it does any of it: shown to the user
 * first (the command line prints it, the window shows it in a dialog), then run by a
 * {@link SyncRunner}. Rows are in path order, parents before their children.
 */
public final class SyncPlan {

    /** Files, folders and bytes of one kind of action. */
    public record Count(int files, int folders, long bytes) {
        public int total() {
            return files + folders;
        }
    }

    private final Comparison comparison;
    private final SyncOptions options;
    private final List<PlannedAction> actions;

    SyncPlan(Comparison comparison, SyncOptions options, List<PlannedAction> actions) {
        this.comparison = comparison;
        this.options = options;
        this.actions = List.copyOf(actions);
    }

    public Comparison comparison() {
        return comparison;
    }

    public SyncOptions options() {
        return options;
    }

    public SyncDirection direction() {
        return options.direction();
    }

    public List<PlannedAction> actions() {
        return actions;
    }

    public List<PlannedAction> actions(SyncAction action) {
        return actions.stream().filter(a -> a.action() == action).toList();
    }

    public String remoteRoot() {
        return comparison.remoteRoot();
    }

    public Path localRoot() {
        return comparison.localRoot();
    }

    public ListingClock clock() {
        return comparison.clock();
    }

    /** Per action, how many files and folders and how many bytes. */
    public Map<SyncAction, Count> counts() {
        Map<SyncAction, Count> counts = new EnumMap<>(SyncAction.class);
        for (PlannedAction row : actions) {
            Count c = counts.getOrDefault(row.action(), new Count(0, 0, 0));
            counts.put(row.action(), row.directory() ? new Count(c.files(), c.folders() + 1, c.bytes() + row.bytes())
                    : new Count(c.files() + 1, c.folders(), c.bytes() + row.bytes()));
        }
        return counts;
    }

    /** Whether running it would change anything (a transfer, a delete, a folder to create). */
    public boolean hasWork() {
        return actions.stream().anyMatch(a -> a.action().isTransfer() || a.action().isDelete());
    }

    /** Conflicts and refused paths: while any remain, the synchronization is not complete. */
    public int unresolved() {
        return (int) actions.stream().filter(a -> a.action().isUnresolved()).count();
    }
}
