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
 * work, kept where the editor has it, with a marker that keeps later starts from deleting it.
 */
public final class EditWatcher implements AutoCloseable {

    public static final String PREFIX = "ferry-edit-";
    /** In the folder of a copy kept for its changes, which no start of Ferry then deletes. */
    public static final String KEPT_MARKER = ".ferry-kept-not-uploaded";
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private record Edited(Path folder, Path copy, Object owner, Runnable changed) {
    }

    private final Object lock = new Object();
    private final Map<WatchKey, Edited> watched = new HashMap<>();
    private final Map<Edited, Long> pending = new HashMap<>();
    private final Map<Edited, Long> lastModified = new HashMap<>();
    /** Copies changed since they were opened or last sent back. */
    private final java.util.Set<Path> unsent = new java.util.LinkedHashSet<>();
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

    /** The copy's changes are on the server now. */
    public void sentBack(Path copy) {
        synchronized (lock) {
            unsent.remove(copy);
        }
    }

    /** The copies changed and not sent back, in the order they changed (for the question at quit). */
    public List<Path> unsent() {
        synchronized (lock) {
            return List.copyOf(unsent);
        }
    }

    /** Stops watching the copies of {@code owner} (a closing tab) and deletes those it may. */
    public void release(Object owner) {
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
        deleteOrKeep(released, changed);
    }

    /**
     * Under the lock: which of {@code released} hold changes not sent back, a change still settling
     * included; none of them is watched or asked about any more.
     */
    private Set<Path> forget(Set<Edited> released) {
        Set<Path> changed = new java.util.HashSet<>();
        for (Edited edited : released) {
            if (unsent.remove(edited.copy()) | pending.remove(edited) != null) {
                changed.add(edited.copy());
            }
            lastModified.remove(edited);
        }
        return changed;
    }

    /**
     * Deletes each released copy's folder unless it changed: as told, or since it was last seen
     * (saved a moment before, its event not yet read).
     */
    private static void deleteOrKeep(Map<Edited, Long> released, Set<Path> changed) {
        for (Map.Entry<Edited, Long> entry : released.entrySet()) {
            Edited edited = entry.getKey();
            boolean changedHere = changed.contains(edited.copy()) || modified(edited.copy()) != entry.getValue();
            if (!changedHere || !Files.exists(edited.copy())) {
                deleteQuietly(edited.folder());
                continue;
            }
            try {
                Files.writeString(edited.folder().resolve(KEPT_MARKER), edited.copy().getFileName().toString());
            } catch (IOException e) {
                // The copy stays all the same; a later start may then take it for a dead run's.
            }
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
                            unsent.add(edited.copy());
                            due.add(edited.changed());
                        }
                        return true;
                    });
                }
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
                if (Files.isDirectory(folder) && !Files.exists(folder.resolve(KEPT_MARKER))) {
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
