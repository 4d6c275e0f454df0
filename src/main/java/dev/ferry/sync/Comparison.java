package dev.ferry.sync;

import dev.ferry.message.Message;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The two trees side by side, without a direction: for every path, what each side has and how
 * they differ. The file panes colour their rows from it ({@link #folder(String)}); a
 * {@link SyncPlanner} turns it into a plan. Immutable; built by {@link Synchronizer#compare}.
 */
public final class Comparison {

    /** How one path differs between the two sides. */
    public enum Difference {
        SAME,
        ONLY_LOCAL,
        ONLY_REMOTE,
        /** The contents differ (or may) and the local copy is newer. */
        LOCAL_NEWER,
        /** The contents differ (or may) and the server's copy is newer. */
        REMOTE_NEWER,
        /** The contents differ and the times do not say which is newer. */
        DIFFERENT,
        /** A file on one side, a folder (or a link) on the other. */
        KIND_DIFFERS,
        /** Cannot be compared: a refused name, an unreadable folder (see {@link Entry#problem()}). */
        UNUSABLE
    }

    /** What the verdict rests on. */
    public enum Basis {
        /** The server's checksum against ours. */
        CHECKSUM,
        /** Sizes and times, the times compared to the precision the listing gives. */
        SIZE_AND_TIME,
        /** Sizes only: a time was missing, or the server's clock could not be trusted near it. */
        SIZE,
        /** Nothing to compare: present on one side only, a folder, or unusable. */
        NONE
    }

    /**
     * One path.
     *
     * @param local      what is here, or null
     * @param remote     what the server has, or null
     * @param remoteTime the server's time corrected to UTC ({@link ListingClock#trueTime}), or null
     * @param problem    why it is {@link Difference#UNUSABLE}, else null
     */
    public record Entry(String path, FileState local, FileState remote, Instant remoteTime, Difference difference,
                        Basis basis, Message problem) {

        public String name() {
            return SyncTree.name(path);
        }

        public boolean isDirectory() {
            return local != null && local.isDirectory() || remote != null && remote.isDirectory();
        }
    }

    private final String server;
    private final String remoteRoot;
    private final Path localRoot;
    private final ListingClock clock;
    private final ChecksumMethod checksum;
    private final SortedMap<String, Entry> entries;
    private final boolean remoteRootExists;
    private final boolean localRootExists;
    private final Map<String, Difference> folderVerdicts = new java.util.concurrent.ConcurrentHashMap<>();

    Comparison(String server, String remoteRoot, Path localRoot, ListingClock clock, ChecksumMethod checksum,
               SortedMap<String, Entry> entries, boolean remoteRootExists, boolean localRootExists) {
        this.server = server;
        this.remoteRoot = remoteRoot;
        this.localRoot = localRoot;
        this.clock = clock;
        this.checksum = checksum;
        this.entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
        this.remoteRootExists = remoteRootExists;
        this.localRootExists = localRootExists;
    }

    /** "user@host:port": with the two roots, names the pair in the {@link SyncHistory}. */
    public String server() {
        return server;
    }

    public String remoteRoot() {
        return remoteRoot;
    }

    public Path localRoot() {
        return localRoot;
    }

    public ListingClock clock() {
        return clock;
    }

    /** The checksum the server offers, used where sizes and times could not decide; empty when none. */
    public Optional<ChecksumMethod> checksum() {
        return Optional.ofNullable(checksum);
    }

    public boolean remoteRootExists() {
        return remoteRootExists;
    }

    public boolean localRootExists() {
        return localRootExists;
    }

    /** Every path, parents before their children. */
    public SortedMap<String, Entry> entries() {
        return entries;
    }

    public Optional<Entry> entry(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    /**
     * The entries directly inside a folder ("" for the root) by name, with what a pane shows: a
     * file's own difference; for a folder on both sides, SAME only when everything inside is.
     */
    public Map<String, Difference> folder(String relativeFolder) {
        Map<String, Difference> names = new LinkedHashMap<>();
        for (Entry entry : children(relativeFolder)) {
            names.put(entry.name(), verdict(entry));
        }
        return names;
    }

    /** What a pane shows for one path (see {@link #folder(String)}); empty when neither side has it. */
    public Optional<Difference> verdict(String path) {
        return entry(path).map(this::verdict);
    }

    private Difference verdict(Entry entry) {
        if (entry.difference() != Difference.SAME || !entry.isDirectory()) {
            return entry.difference();
        }
        return folderVerdicts.computeIfAbsent(entry.path(), path -> {
            for (Entry inside : entries.subMap(path + "/", path + "/\uffff").values()) {
                if (inside.difference() != Difference.SAME) {
                    return Difference.DIFFERENT;
                }
            }
            return Difference.SAME;
        });
    }

    private List<Entry> children(String folder) {
        String prefix = folder.isEmpty() ? "" : folder + "/";
        SortedMap<String, Entry> below = prefix.isEmpty() ? entries : entries.subMap(prefix, prefix + "\uffff");
        return below.values().stream().filter(e -> SyncTree.parent(e.path()).equals(folder)).toList();
    }
}
