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
    /** How often each folder followed is checked to still have its name. */
    private static final long NAME_CHECK_SECONDS = 2;
    /** {@link #identity}: no folder of that name. */
    private static final Object GONE = new Object();
    /** {@link #identity}: the name could not be looked up (a network mount's hiccup, no permission). */
    private static final Object UNKNOWN = new Object();

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
    /**
     * The folder followed with the file system's identity it had before it was watched (null where it
     * has none), read as one: the name check must never pair a folder with another's identity.
     */
    private volatile Followed followed;

    private record Followed(Path folder, Object identity) {
    }
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
        followed = null;
        folder = shown;
        if (shown == null) {
            return;
        }
        try {
            // Read before registering: a folder replaced in between then reads as moved, and is followed anew.
            Object identity = identity(shown);
            // Without an identity (Windows gives none), a name that is gone is still seen.
            followed = identity == GONE ? null : new Followed(shown, identity);
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
            // On a thread of its own: a hung network mount blocks this check, never the events.
            Thread.ofPlatform().daemon().name("ferry-local-watch-names").start(LocalFolderWatch::checkNames);
        }
        return service;
    }

    private static void deliver(WatchService events) {
        while (true) {
            WatchKey changed;
            try {
                changed = events.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
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
        for (WatchKey key : WATCHED.keySet()) {
            java.util.Set<LocalFolderWatch> followers = WATCHED.get(key);
            boolean moved = followers != null && followers.stream().anyMatch(watch -> {
                Followed seen = watch.followed;
                if (seen == null) {
                    return false;
                }
                Object now = identity(seen.folder());
                return now == GONE || now != UNKNOWN && seen.identity() != UNKNOWN && !seen.identity().equals(now);
            });
            if (!moved) {
                continue;
            }
            java.util.List<LocalFolderWatch> told = new java.util.ArrayList<>();
            WATCHED.computeIfPresent(key, (k, all) -> {
                // Cancelled inside, so that a pane joining the key now either is told here or finds it
                // invalid itself (watch's own check); cancelling only drops the kernel's watch.
                k.cancel();
                told.addAll(all);
                return null;
            });
            for (LocalFolderWatch watch : told) {
                watch.folderGone(watch.shownWhenGone((Path) key.watchable()));
            }
        }
    }

    private static void checkNames() {
        while (true) {
            try {
                Thread.sleep(java.time.Duration.ofSeconds(NAME_CHECK_SECONDS));
            } catch (InterruptedException e) {
                return;
            }
            dropFoldersMovedAway();
        }
    }

    /**
     * The folder's identity (device and inode here), {@link #GONE} when no folder has that name,
     * {@link #UNKNOWN} when it could not be looked up or the file system gives none.
     */
    private static Object identity(Path folder) {
        try {
            Object key = Files.readAttributes(folder, BasicFileAttributes.class).fileKey();
            return key == null ? UNKNOWN : key;
        } catch (java.nio.file.NoSuchFileException gone) {
            return GONE;
        } catch (IOException | SecurityException unknown) {
            return UNKNOWN;
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
