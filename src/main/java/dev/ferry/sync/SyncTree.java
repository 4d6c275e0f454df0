package dev.ferry.sync;

import dev.ferry.message.Message;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One side of a synchronization, walked: every entry under the root by its relative path
 * ({@code "docs/a.txt"}, '/' between names whatever the system), and what could not be walked.
 *
 * @param rootExists false when the root folder is not there yet (a first upload or download)
 */
public record SyncTree(SortedMap<String, FileState> entries, List<Problem> problems, boolean rootExists) {

    /** Something under the root that cannot take part: a hostile name, an unreadable folder. */
    public record Problem(String path, Message reason) {
    }

    public SyncTree {
        entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
        problems = List.copyOf(problems);
    }

    static SyncTree missing() {
        return new SyncTree(new TreeMap<>(), List.of(), false);
    }

    /** The name of a relative path: its last part. */
    static String name(String relative) {
        return relative.substring(relative.lastIndexOf('/') + 1);
    }

    /** The relative path of the folder holding a relative path; "" at the root. */
    static String parent(String relative) {
        int slash = relative.lastIndexOf('/');
        return slash < 0 ? "" : relative.substring(0, slash);
    }

    static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }
}
