package dev.ferry.ui.explorer;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.util.Duration;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps a local pane's listing current when other programs change the folder it shows, as a file
 * manager does: a file saved by an editor, unpacked or deleted in a terminal shows without a refresh.
 * <p>
 * One watch service and one thread serve every pane. Registering touches the file system, so it
 * happens on that thread's companion, never on the FX thread, and in the order the panes asked.
 * Bursts (a download writing its part file, an archive unpacking) are folded into at most one
 * listing a second.
 */
final class LocalFolderWatch {

    private static final Duration SETTLE = Duration.millis(250);
    private static final long MIN_NANOS_BETWEEN_LISTINGS = 1_000_000_000L;
    /** How often the watch thread checks that each folder followed still has its name. */
    private static final long NAME_CHECK_SECONDS = 2;

    private static final ExecutorService REGISTRATIONS = Executors.newSingleThreadExecutor(runnable ->
            Thread.ofPlatform().daemon().name("ferry-local-watch-register").unstarted(runnable));
    /**
     * The panes that follow each key. Two panes on one folder (two tabs; a link and its target) get
     * one key from the service: it is cancelled when the last of them leaves.
     */
    private static final Map<WatchKey, java.util.Set<LocalFolderWatch>> WATCHED = new ConcurrentHashMap<>();
    private static WatchService service;

    private final LocalPane pane;
    private final AtomicBoolean listingPending = new AtomicBoolean();
    private volatile boolean stopped;
    /** Written by the registration thread only; the folder is read by the watch thread too. */
    private volatile WatchKey key;
    private volatile Path folder;
    /** The file system's identity of the folder, read before it was watched; null where it has none. */
    private volatile Object folderIdentity;
    /** FX thread only. */
    private long lastListing;

    LocalFolderWatch(LocalPane pane) {
        this.pane = pane;
    }

    /** From the FX thread: the pane now shows {@code shown}. */
    void follow(String shown) {
        if (!stopped) {
            REGISTRATIONS.execute(() -> watch(Path.of(shown)));
        }
    }

    /** From the FX thread: the pane is gone, for good (a listing still under way does not bring it back). */
    void stop() {
        stopped = true;
        REGISTRATIONS.execute(() -> watch(null));
    }

    private void watch(Path shown) {
        if (shown != null && (stopped || shown.equals(folder) && key != null && key.isValid())) {
            return;
        }
        if (key != null) {
            WatchKey leaving = key;
            key = null;
            if (leave(leaving)) {
                leaving.cancel();
            }
        }
        // Unknown until read below: the name check must not compare the new folder with the old one's identity.
        folderIdentity = null;
        folder = shown;
        if (shown == null) {
            return;
        }
        try {
            // Read before registering: a folder replaced in between then reads as moved, and is followed anew.
            folderIdentity = identity(shown);
            key = shown.register(service(), StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            WatchKey registered = key;
            WATCHED.compute(registered, (k, followers) -> {
                java.util.Set<LocalFolderWatch> joined = followers == null ? ConcurrentHashMap.newKeySet() : followers;
                joined.add(this);
                return joined;
            });
            if (!registered.isValid()) {
                // Deleted as it was registered: the watch thread may have dropped the key before this
                // pane joined it, and would never say so.
                leave(registered);
                folderGone(shown);
            }
        } catch (java.nio.file.NoSuchFileException gone) {
            // Deleted between its listing and now.
            folderGone(shown);
        } catch (IOException | UnsupportedOperationException | ClosedWatchServiceException e) {
            // A folder that cannot be watched (no inotify watches left, a file system without them) is
            // still listed; only the refresh by itself is missing, as before.
        }
    }

    /** This pane no longer follows {@code followed}; true when no pane does. */
    private boolean leave(WatchKey followed) {
        return WATCHED.computeIfPresent(followed, (k, followers) -> {
            followers.remove(this);
            return followers.isEmpty() ? null : followers;
        }) == null;
    }

    private static synchronized WatchService service() throws IOException {
        if (service == null) {
            service = FileSystems.getDefault().newWatchService();
            WatchService taken = service;
            Thread.ofPlatform().daemon().name("ferry-local-watch").start(() -> deliver(taken));
        }
        return service;
    }

    private static void deliver(WatchService events) {
        long nextNameCheck = System.nanoTime();
        while (true) {
            WatchKey changed;
            try {
                if (System.nanoTime() - nextNameCheck >= 0) {
                    nextNameCheck = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(NAME_CHECK_SECONDS);
                    dropFoldersMovedAway();
                }
                changed = events.poll(NAME_CHECK_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            if (changed == null) {
                continue;
            }
            // What changed is not needed: the folder is listed again.
            changed.pollEvents();
            boolean stillThere = changed.reset();
            java.util.Set<LocalFolderWatch> followers = stillThere ? WATCHED.get(changed) : WATCHED.remove(changed);
            if (followers == null) {
                continue;
            }
            for (LocalFolderWatch watch : followers) {
                if (stillThere) {
                    watch.changed();
                } else {
                    watch.folderGone(watch.shownWhenGone((Path) changed.watchable()));
                }
            }
        }
    }

    /**
     * A folder renamed or moved elsewhere keeps its watch and says nothing (the service reports only
     * what happens inside it), so the list showed what it held under a name that no longer exists. Its
     * name is looked up again instead: gone, or naming another folder, its panes are told it went, and
     * follow what is left of the path, or the folder now of that name.
     */
    private static void dropFoldersMovedAway() {
        for (Map.Entry<WatchKey, java.util.Set<LocalFolderWatch>> watched : WATCHED.entrySet()) {
            java.util.Set<LocalFolderWatch> followers = watched.getValue();
            boolean moved = followers.stream().anyMatch(watch -> {
                Path shown = watch.folder;
                Object before = watch.folderIdentity;
                return shown != null && before != null && !before.equals(identity(shown));
            });
            if (moved && WATCHED.remove(watched.getKey(), followers)) {
                watched.getKey().cancel();
                for (LocalFolderWatch watch : followers) {
                    watch.folderGone(watch.shownWhenGone((Path) watched.getKey().watchable()));
                }
            }
        }
    }

    /** The folder's identity (device and inode here), or null when it is gone or has none. */
    private static Object identity(Path folder) {
        try {
            return Files.readAttributes(folder, BasicFileAttributes.class).fileKey();
        } catch (IOException | SecurityException gone) {
            return null;
        }
    }

    /** The folder as this pane named it: another pane may have reached it through a link. */
    private Path shownWhenGone(Path watched) {
        Path shown = folder;
        return shown == null ? watched : shown;
    }

    private void changed() {
        if (!listingPending.compareAndSet(false, true)) {
            return;
        }
        Platform.runLater(() -> {
            long sinceLast = System.nanoTime() - lastListing;
            double waitMillis = Math.max(SETTLE.toMillis(), (MIN_NANOS_BETWEEN_LISTINGS - sinceLast) / 1e6);
            PauseTransition settle = new PauseTransition(Duration.millis(waitMillis));
            settle.setOnFinished(e -> {
                listingPending.set(false);
                lastListing = System.nanoTime();
                if (pane.getScene() == null) {
                    stop();
                } else {
                    pane.refreshQuietly();
                }
            });
            settle.play();
        });
    }

    private void folderGone(Path gone) {
        Platform.runLater(() -> {
            if (pane.getScene() == null) {
                stop();
            } else {
                pane.showWhatIsLeftOf(gone, true);
            }
        });
    }
}
