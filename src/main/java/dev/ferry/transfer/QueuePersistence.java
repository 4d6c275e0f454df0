package dev.ferry.transfer;

import dev.ferry.message.Message;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The queue and its file: reading it back after a restart, starting the journal that writes every
 * later change, waiting (holding no lock) until an item is on disk before its first byte moves,
 * and the last write when the queue closes. One queue at a time owns a file: a second window or
 * command on it would run the same items into the same part files and write over the first's
 * saves, so it neither reads nor writes it (and says so).
 */
final class QueuePersistence {

    private static final Duration SAVED_BEFORE_FIRST_BYTE = Duration.ofSeconds(10);

    private final QueueModel model;
    private final QueueStore store;
    private final Consumer<Message> problems;
    private volatile QueueJournal journal;
    /** Held open while this queue owns the file: its lock is the claim. Guarded by ownershipGuard. */
    private FileChannel ownership;
    private boolean ownershipRefused;
    private final Object ownershipGuard = new Object();
    /** While the saved queue is read and loaded: saving started meanwhile would write over it. Guarded by itself. */
    private final Object restoreGuard = new Object();
    private boolean restoring;
    /** The saved queue could not be loaded: what is on disk is left as it is, and nothing is saved over it. */
    private volatile boolean loadFailed;

    QueuePersistence(QueueModel model, QueueStore store, Consumer<Message> problems) {
        this.model = model;
        this.store = store;
        this.problems = problems;
    }

    /** A restore is coming (on another thread): saving waits for it from now on, not only once it began. */
    void expectRestore() {
        synchronized (restoreGuard) {
            restoring = true;
        }
    }

    /** Loads the saved items into the model and starts saving; returns what went wrong reading the file, if anything. */
    List<Message> restore(java.util.function.Consumer<QueueStore.Document> beforeLocking, Runnable afterLoading) {
        expectRestore();
        try {
            if (store == null || !owns()) {
                return List.of();
            }
            try {
                return load(beforeLocking, afterLoading);
            } catch (RuntimeException | Error e) {
                // R18: saving then started with what this run had, and wrote over the saved queue.
                loadFailed = true;
                throw e;
            }
        } finally {
            synchronized (restoreGuard) {
                restoring = false;
                restoreGuard.notifyAll();
            }
        }
    }

    private List<Message> load(java.util.function.Consumer<QueueStore.Document> beforeLocking, Runnable afterLoading) {
        QueueStore.Loaded loaded = store.load();
        QueueStore.Document document = loaded.document();
        beforeLocking.accept(document);
        model.lock.lock();
        try {
            Map<String, Endpoint> endpoints = new HashMap<>();
            for (Endpoint endpoint : document.endpoints()) {
                endpoints.put(endpoint.key(), endpoint);
            }
            QueueModel.Renumbering renumbering = model.renumberingForRestore(
                    document.items().stream().mapToLong(QueueStore.StoredItem::sequence));
            List<String> unreadable = new java.util.ArrayList<>();
            List<String> serverGone = new java.util.ArrayList<>();
            java.util.Set<String> goneServers = new java.util.LinkedHashSet<>();
            for (QueueStore.StoredItem stored : document.items()) {
                Endpoint endpoint = endpoints.get(stored.endpoint());
                if (endpoint == null) {
                    // Its server's entry is gone (a file edited or damaged): said, and kept aside with the rest.
                    serverGone.add(String.valueOf(stored.remotePath()));
                    goneServers.add(serverOf(stored.endpoint()));
                    continue;
                }
                TransferItem item;
                try {
                    item = model.restoredItem(model.site(endpoint), stored, renumbering);
                } catch (RuntimeException corrupt) {
                    // A path the system refuses (a NUL), a field missing: the others are restored all the same.
                    unreadable.add(String.valueOf(stored.remotePath()));
                    continue;
                }
                // Queues saved before failed items were replaced may hold one target twice.
                model.supersedeFailed(item);
                if (model.duplicateOf(item) == null && model.item(item.id) == null) {
                    wantsRoomAsSaid(item);
                    model.register(item);
                }
            }
            List<Message> said = new java.util.ArrayList<>();
            loaded.problem().ifPresent(problem -> said.add(Message.of(QueueText.SAVED_QUEUE_PROBLEM, problem)));
            if (!unreadable.isEmpty() || !serverGone.isEmpty() || loaded.unreadableLines() > 0) {
                said.addAll(store.keepAside(unreadable, serverGone, List.copyOf(goneServers), loaded.unreadableLines()));
            }
            start(document.generation());
            afterLoading.run();
            return said;
        } finally {
            model.lock.unlock();
        }
    }

    /**
     * Which server an upload wanted room on is not saved, and after a restart Resume on the held uploads left the
     * one refused behind (R33): known again from what each says. (A download's full disk is not: telling disks
     * apart looks at them, which is not done while the queue is locked.)
     */
    private static void wantsRoomAsSaid(TransferItem item) {
        boolean upload = item.direction == Direction.UPLOAD && !item.directory;
        if (upload && (item.state == ItemState.PAUSED && QueueText.isWaitingForRoom(item.lastError)
                || item.state == ItemState.FAILED && item.lastError != null
                && item.lastError.says(dev.ferry.ftp.FtpText.SERVER_DISK_FULL))) {
            item.roomWantedOn = item.site;
            item.site.roomWanted = true;
        }
    }

    /** "user@host:port" of an endpoint's key ("site:ID|user@host:port/TLS"), as far as it can be read. */
    private static String serverOf(String endpointKey) {
        String server = String.valueOf(endpointKey);
        server = server.substring(server.indexOf('|') + 1);
        int tls = server.lastIndexOf('/');
        return tls > 0 ? server.substring(0, tls) : server;
    }

    /**
     * A transfer run while the saved queue is still read at start (a big queue, a slow disk) waits for
     * it: saving started with the transfer alone wrote the snapshot over without the saved items.
     */
    private boolean awaitRestore() {
        synchronized (restoreGuard) {
            while (restoring) {
                try {
                    restoreGuard.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Starts saving when nothing was restored (a queue used without its old file); called without the lock. */
    void ensureStarted() {
        if (awaitRestore() && store != null && journal == null && !loadFailed && owns()) {
            model.lock.lock();
            try {
                start(0);
            } finally {
                model.lock.unlock();
            }
        }
    }

    /** True once the queue's file was found held by another Ferry: this queue neither loads nor saves it. */
    boolean inUseElsewhere() {
        synchronized (ownershipGuard) {
            return ownershipRefused;
        }
    }

    /**
     * Whether this queue owns its file, claiming it the first time (called without the model's
     * lock: this is disk work). A lock file that cannot even be made (the folder is not writable)
     * claims nothing and refuses nothing: the journal's own writes then report the problem.
     */
    private boolean owns() {
        synchronized (ownershipGuard) {
            if (ownership != null || ownershipRefused) {
                return !ownershipRefused;
            }
            FileChannel channel;
            try {
                channel = FileChannel.open(store.lockPath(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException e) {
                return true;
            }
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // Another queue of this process holds it.
                lock = null;
            } catch (IOException e) {
                closeQuietly(channel);
                return true;
            }
            if (lock != null) {
                ownership = channel;
                return true;
            }
            closeQuietly(channel);
            ownershipRefused = true;
        }
        problems.accept(Message.of(QueueText.QUEUE_IN_USE, store.path().toString()));
        return false;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing only gives up the claim; nothing is lost.
        }
    }

    /** With the lock held: the first thing the journal writes is the whole queue as it is now. */
    private void start(long loadedGeneration) {
        if (journal != null || store == null) {
            return;
        }
        QueueJournal started = new QueueJournal(store, loadedGeneration, () -> {
            model.lock.lock();
            try {
                return model.document();
            } finally {
                model.lock.unlock();
            }
        }, problems);
        model.attachJournal(started, loadedGeneration);
        model.renumberGenerationsAfter(loadedGeneration);
        started.compact(model.document());
        journal = started;
    }

    /**
     * On disk before its first byte moves: a crash (kill -9, power) right after the start must not
     * lose an item whose part file already exists. One write covers every item added before it.
     */
    void awaitSaved(TransferItem item) {
        await(item, false);
    }

    /**
     * Before a run's first byte: the item as it waited must be on disk, not the line that made it
     * ACTIVE (a restart reads that back as QUEUED). That line is usually long written, so a worker
     * does not wait for the writer once per file.
     */
    void awaitSavedToRun(TransferItem item) {
        await(item, true);
    }

    private void await(TransferItem item, boolean asItWaited) {
        QueueJournal current = journal;
        if (current == null) {
            return;
        }
        long generation;
        model.lock.lock();
        try {
            generation = asItWaited && item.state == ItemState.ACTIVE ? item.generationBeforeRun : item.generation;
        } finally {
            model.lock.unlock();
        }
        try {
            // When the disk refuses, the user was told (journalProblem); the transfer goes on unsaved.
            current.awaitWritten(generation, SAVED_BEFORE_FIRST_BYTE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last write: the whole queue as a snapshot, then the writer stops. */
    void close(boolean hasItems) {
        if (store == null) {
            return;
        }
        if (journal == null && hasItems) {
            ensureStarted();
        }
        QueueJournal current = journal;
        if (current != null) {
            QueueStore.Document last;
            model.lock.lock();
            try {
                last = model.document();
            } finally {
                model.lock.unlock();
            }
            current.close(last, Duration.ofSeconds(10));
        }
        synchronized (ownershipGuard) {
            if (ownership != null) {
                closeQuietly(ownership);
                ownership = null;
            }
        }
    }
}
