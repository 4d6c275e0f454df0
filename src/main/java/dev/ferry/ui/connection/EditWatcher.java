package dev.ferry.ui.connection;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The temporary copies of remote files opened for editing: each in its own private folder
 * ({@value #PREFIX}PID-…), all watched by one service on one thread, which tells when a copy has
 * changed and stayed quiet for a moment (editors save in bursts). A tab's copies are deleted when
 * the tab closes, all of them when the app exits, and copies left by a run that died are
 * deleted at the next start; except a copy changed and not uploaded since: that is the user's
 * work, kept where the editor has it. A marker beside its folder, written as soon as the change is
 * seen (a run may die before it can), keeps later starts from deleting it.
 */
public final class EditWatcher implements AutoCloseable {

    public static final String PREFIX = "ferry-edit-";
    /**
     * Added to a copy's folder's name for the marker file beside it: a copy changed and not uploaded,
     * which no start of Ferry deletes. Beside, not inside: the copy's own name can be anything.
     */
    public static final String KEPT_SUFFIX = ".changed-not-uploaded";
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private record Edited(Path folder, Path copy, Object owner, Runnable changed) {
    }

    private final Object lock = new Object();
    private final Map<WatchKey, Edited> watched = new HashMap<>();
    private final Map<Edited, Long> pending = new HashMap<>();
    private final Map<Edited, Long> lastModified = new HashMap<>();
    /** Copies changed since they were opened or last sent back, with their folders; kept past their tab. */
    private final Map<Path, Path> unsent = new java.util.LinkedHashMap<>();
    private WatchService service;
    private Thread thread;
    private boolean closed;

    /** A new private folder for one copy. */
    public Path newFolder() throws IOException {
        return Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
    }

    /** Watches {@code copy} (in a folder from {@link #newFolder}); {@code changed} runs on the watcher's thread. */
    public void watch(Path folder, Path copy, Object owner, Runnable changed) throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new IOException("the app is closing");
            }
            if (service == null) {
                service = FileSystems.getDefault().newWatchService();
                WatchService started = service;
                thread = Thread.ofPlatform().daemon().name("ferry-edit-watch").start(() -> loop(started));
            }
            Edited edited = new Edited(folder, copy, owner, changed);
            WatchKey key = folder.register(service, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            watched.put(key, edited);
            lastModified.put(edited, modified(copy));
        }
    }

    /** The copy's modification time in milliseconds, or -1: read before an upload, for {@link #sentBack}. */
    public static long modificationTime(Path copy) {
        return modified(copy);
    }

    /**
     * The copy as it was at {@code uploadedModified} is on the server now. Off the FX thread. A save
     * made while it uploaded is newer than that, and stays a change not uploaded.
     */
    public void sentBack(Path copy, long uploadedModified) {
        if (modified(copy) != uploadedModified) {
            return;
        }
        Path folder;
        synchronized (lock) {
            folder = unsent.remove(copy);
        }
        if (folder != null) {
            unmark(folder);
        }
    }

    /** The copies changed and not sent back, in the order they changed (for the question at quit). */
    public List<Path> unsent() {
        synchronized (lock) {
            return List.copyOf(unsent.keySet());
        }
    }

    /**
     * Stops watching the copies of {@code owner} (a closing tab) and deletes those it may, on a
     * thread of its own; the returned future completes when that is done.
     */
    public java.util.concurrent.CompletableFuture<Void> release(Object owner) {
        Map<Edited, Long> released = new HashMap<>();
        Set<Path> changed;
        synchronized (lock) {
            watched.entrySet().removeIf(entry -> {
                if (entry.getValue().owner() == owner) {
                    entry.getKey().cancel();
                    released.put(entry.getValue(), lastModified.getOrDefault(entry.getValue(), -1L));
                    return true;
                }
                return false;
            });
            changed = forget(released.keySet());
        }
        // Deleting touches the disk, and the tab closes on the FX thread.
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().name("ferry-edit-release").start(() -> {
            try {
                deleteOrKeep(released, changed);
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    /**
     * Under the lock: which of {@code released} hold changes not sent back, a change still settling
     * included; none of them is watched any more, and those stay named at quit.
     */
    private Set<Path> forget(Set<Edited> released) {
        Set<Path> changed = new java.util.HashSet<>();
        for (Edited edited : released) {
            if (unsent.containsKey(edited.copy()) | pending.remove(edited) != null) {
                changed.add(edited.copy());
                unsent.putIfAbsent(edited.copy(), edited.folder());
            }
            lastModified.remove(edited);
        }
        return changed;
    }

    /**
     * Deletes each released copy's folder unless it changed: as told, or since it was last seen
     * (saved a moment before, its event not yet read).
     */
    private void deleteOrKeep(Map<Edited, Long> released, Set<Path> changed) {
        for (Map.Entry<Edited, Long> entry : released.entrySet()) {
            Edited edited = entry.getKey();
            boolean changedHere = changed.contains(edited.copy()) || modified(edited.copy()) != entry.getValue();
            if (!changedHere || !Files.exists(edited.copy())) {
                synchronized (lock) {
                    unsent.remove(edited.copy());
                }
                unmark(edited.folder());
                deleteQuietly(edited.folder());
                continue;
            }
            synchronized (lock) {
                unsent.putIfAbsent(edited.copy(), edited.folder());
            }
            mark(edited.folder(), edited.copy());
        }
    }

    private static Path marker(Path folder) {
        return folder.resolveSibling(folder.getFileName() + KEPT_SUFFIX);
    }

    private static void mark(Path folder, Path copy) {
        try {
            Files.writeString(marker(folder), copy.toString());
        } catch (IOException e) {
            // The copy stays all the same; a later start may then take it for a dead run's.
        }
    }

    private static void unmark(Path folder) {
        try {
            Files.deleteIfExists(marker(folder));
        } catch (IOException e) {
            // A marker left over only keeps an unchanged copy's folder.
        }
    }

    /** How many copies are watched (tests). */
    public int watching() {
        synchronized (lock) {
            return watched.size();
        }
    }

    private void loop(WatchService watchService) {
        try {
            while (true) {
                WatchKey key = watchService.poll(200, TimeUnit.MILLISECONDS);
                List<Runnable> due = new ArrayList<>();
                List<Edited> newlyChanged = new ArrayList<>();
                synchronized (lock) {
                    if (key != null) {
                        Edited edited = watched.get(key);
                        boolean ours = edited != null && key.pollEvents().stream()
                                .anyMatch(e -> edited.copy().getFileName().equals(e.context()));
                        key.reset();
                        if (ours) {
                            pending.put(edited, System.nanoTime());
                        }
                    }
                    long now = System.nanoTime();
                    pending.entrySet().removeIf(entry -> {
                        if (now - entry.getValue() < QUIET_NANOS) {
                            return false;
                        }
                        Edited edited = entry.getKey();
                        long modified = modified(edited.copy());
                        Long before = lastModified.put(edited, modified);
                        if (before == null || before != modified) {
                            if (unsent.putIfAbsent(edited.copy(), edited.folder()) == null) {
                                newlyChanged.add(edited);
                            }
                            due.add(edited.changed());
                        }
                        return true;
                    });
                }
                // Marked at once: a run that dies before its tab closes left the change to be deleted.
                newlyChanged.forEach(edited -> mark(edited.folder(), edited.copy()));
                due.forEach(Runnable::run);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closed with the app.
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Stops the watcher and deletes every copy but those changed and not sent back. */
    @Override
    public void close() {
        Map<Edited, Long> released = new HashMap<>();
        Set<Path> changed;
        synchronized (lock) {
            closed = true;
            watched.values().forEach(edited -> released.put(edited, lastModified.getOrDefault(edited, -1L)));
            changed = forget(released.keySet());
            watched.clear();
            pending.clear();
            if (service != null) {
                try {
                    service.close();
                } catch (IOException e) {
                    // Closing anyway.
                }
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
        deleteOrKeep(released, changed);
    }

    /** Deletes the copies that runs which are no longer alive left in {@code temporary}. */
    public static int cleanLeftovers(Path temporary) {
        return cleanLeftovers(temporary, PREFIX);
    }

    /** Deletes the folders named {@code prefix}PID-… that runs which are no longer alive left in {@code temporary}. */
    public static int cleanLeftovers(Path temporary, String prefix) {
        int deleted = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(temporary, prefix + "*")) {
            for (Path folder : entries) {
                String rest = folder.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                } catch (NumberFormatException e) {
                    pid = -1; // Made by an older Ferry, which named no process: nobody owns it now.
                }
                if (pid == ProcessHandle.current().pid() || pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                if (folder.getFileName().toString().endsWith(KEPT_SUFFIX)) {
                    Path marked = folder.resolveSibling(folder.getFileName().toString().replace(KEPT_SUFFIX, ""));
                    if (!Files.isDirectory(marked)) {
                        // Its copy is gone (the user took it, or the system cleared its temporary folder).
                        Files.deleteIfExists(folder);
                    }
                    continue;
                }
                if (Files.isDirectory(folder) && !Files.exists(marker(folder))) {
                    deleteQuietly(folder);
                    deleted++;
                }
            }
        } catch (IOException e) {
            // Nothing to clean, or not allowed to look.
        }
        return deleted;
    }

    static void deleteQuietly(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Best effort: the next start tries again.
        }
    }
}
