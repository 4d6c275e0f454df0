package dev.ferry.transfer;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DialogueListener;
import dev.ferry.ftp.FtpCancelledException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.message.Message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The transfer queue: what the user asked to move, and the workers that move it. The work is
 * split by concern:
 * <ul>
 * <li>{@link QueueModel}: the items and their allowed state changes, under one lock;</li>
 * <li>{@link SessionPool}: the worker sessions of each server;</li>
 * <li>{@link ItemRunner}: moving one item (directories expand into their children);</li>
 * <li>{@link RetryPolicy}: which failures are retried, after how long;</li>
 * <li>{@link ConflictArbiter}: what to do with an existing target, asked once per batch;</li>
 * <li>{@link QueueJournal}: the single writer of the queue's file, in order;</li>
 * <li>{@link ProgressNotifier}: coalesced updates for observers.</li>
 * </ul>
 * This class is the front door and decides what an item's run means for it (done, retried,
 * failed, paused). Control methods may be called from any thread, the GUI's included: they
 * change the model under its lock and cancel running work through the items' tokens, which
 * only shuts sockets down, after the lock is released. Nothing here knows a GUI exists.
 */
public final class TransferQueue implements AutoCloseable {

    private final QueueModel model = new QueueModel();
    private volatile QueueSettings settings;
    private final List<QueueListener> listeners = new CopyOnWriteArrayList<>();
    private final List<DialogueListener> dialogueListeners = new CopyOnWriteArrayList<>();
    private final ConflictArbiter arbiter = new ConflictArbiter();
    private final RateLimiter downloadLimiter = new RateLimiter();
    private final RateLimiter uploadLimiter = new RateLimiter();
    private final ProgressNotifier notifier;
    private final SessionPool pool;
    private final QueueControl control;
    private final RunSupport runs;
    private final QueuePersistence persistence;
    private final SettingsSource source;

    /**
     * @param source where settings come from for endpoints known only from the queue file
     * @param store  where the queue is saved, or null to keep it in memory only
     */
    public TransferQueue(QueueSettings settings, SettingsSource source, QueueStore store) {
        this.settings = settings;
        this.source = source;
        applyLimits(settings);
        this.notifier = new ProgressNotifier(model);
        this.persistence = new QueuePersistence(model, store,
                problem -> listeners.forEach(listener -> listener.journalProblem(problem)));
        RunSupport[] runSupport = new RunSupport[1];
        this.pool = new SessionPool(model, () -> this.settings, source, dialogueListeners, new SessionPool.Runner() {
            @Override
            public void run(TransferItem item, FtpSession session) {
                persistence.ensureStarted();
                persistence.awaitSavedToRun(item);
                runSupport[0].run(item, session);
            }

            @Override
            public void couldNotStart(TransferItem item, Exception failure) {
                if (failure instanceof FtpCancelledException || item.token.isCancelled()) {
                    runSupport[0].stopped(item);
                } else {
                    runSupport[0].failed(item, failure);
                }
            }

            @Override
            public void waitForSession(TransferItem item, Message reason, long delayNanos) {
                runSupport[0].waitForSession(item, reason, delayNanos);
            }

            @Override
            public void runSegment(SegmentedDownload.Task segment, FtpSession session) {
                segment.download().runTask(segment, session);
            }

            @Override
            public void serverUnreachable(Message notice) {
                listeners.forEach(listener -> listener.serverUnreachable(notice));
            }

            @Override
            public void serverReachable(Message notice) {
                listeners.forEach(listener -> listener.serverReachable(notice));
            }
        });
        this.control = new QueueControl(model, pool, file -> listeners.forEach(listener -> listener.localFileChanged(file)));
        this.runs = new RunSupport(model, pool, control, arbiter, () -> this.settings, downloadLimiter, uploadLimiter,
                persistence::awaitSaved);
        runSupport[0] = runs;
    }

    // ------------------------------------------------------------------ configuration

    public QueueSettings settings() {
        return settings;
    }

    /** Applies new settings while running: connections, retries, limits, conflict defaults. */
    public void setSettings(QueueSettings next) {
        model.lock.lock();
        try {
            settings = next;
            applyLimits(next);
            model.sites().forEach(pool::spawnWorkers);
            model.changed.signalAll();
        } finally {
            model.lock.unlock();
        }
    }

    private void applyLimits(QueueSettings s) {
        downloadLimiter.setRate(s.downloadLimit());
        uploadLimiter.setRate(s.uploadLimit());
    }

    public void setConflictResolver(ConflictResolver resolver) {
        arbiter.setResolver(resolver);
    }

    public void addListener(QueueListener listener) {
        listeners.add(listener);
        notifier.addListener(listener);
    }

    public void removeListener(QueueListener listener) {
        listeners.remove(listener);
        notifier.removeListener(listener);
    }

    /** Receives the dialogue of every worker session (entries name their session). */
    public void addDialogueListener(DialogueListener listener) {
        dialogueListeners.add(listener);
    }

    // ------------------------------------------------------------------ adding

    /** Items added through one batch share "apply to all" answers and "cancel the rest". */
    public final class Batch {
        private final long id;
        private final ConflictAction rule;
        private volatile int segments;
        private volatile int sessions = -1;
        private volatile boolean askedJustNow;

        /** When the user asked for it: a window may add its items a moment later, from another thread. */
        private final long askedNanos = System.nanoTime();

        private Batch(long id, ConflictAction rule) {
            this.id = id;
            this.rule = rule;
        }

        public long id() {
            return id;
        }

        /**
         * Large downloads added through this batch (and the files of folders it adds) are split
         * into up to {@code count} segments, whatever the queue's setting says: a site's own
         * setting. 1 never splits them.
         */
        public Batch segments(int count) {
            if (count < 1 || count > QueueSettings.MAX_SEGMENTS) {
                throw new IllegalArgumentException("segments must be 1 to " + QueueSettings.MAX_SEGMENTS);
            }
            this.segments = count;
            return this;
        }

        /**
         * The server of the items added through this batch gets at most {@code count} sessions at once,
         * fewer than the queue's setting when it says so: a site's own limit (a server that allows
         * one login per user); 0: no limit of its own. It holds for that server's later items too, until
         * another batch says otherwise.
         */
        public Batch sessions(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("sessions must be 0 (the queue's setting) or more");
            }
            this.sessions = count;
            return this;
        }

        /**
         * The sizes and times given to this batch's downloads were asked of the server a moment ago (a command's
         * own SIZE and MDTM): a file already here is judged by them, not asked again (T3: get asked twice).
         */
        public Batch sizeAndTimeAskedJustNow() {
            this.askedJustNow = true;
            return this;
        }

        /** Downloads a remote file, or a directory tree when {@code directory}. */
        public ItemSnapshot addDownload(ConnectionSettings connection, String siteId, String remotePath, Path localPath,
                                        boolean directory, long size, Instant modified) {
            return add(connection, siteId, Direction.DOWNLOAD, directory, localPath, remotePath, size, modified, this,
                    segments, false);
        }

        /**
         * Downloads what a symbolic link of a listing leads to: a file, or a folder's tree (unless links to
         * folders are skipped). Which of the two is asked of the server when it runs; a RETR of the link
         * itself fails on a folder.
         */
        public ItemSnapshot addLinkDownload(ConnectionSettings connection, String siteId, String remotePath,
                                            Path localPath, Instant modified) {
            return add(connection, siteId, Direction.DOWNLOAD, false, localPath, remotePath, -1, modified, this,
                    segments, true);
        }

        /** Uploads a local file, or a directory tree when {@code directory}. */
        public ItemSnapshot addUpload(ConnectionSettings connection, String siteId, Path localPath, String remotePath,
                                      boolean directory) {
            long size = -1;
            Instant modified = null;
            if (!directory) {
                try {
                    size = Files.size(localPath);
                    modified = Files.getLastModifiedTime(localPath).toInstant();
                } catch (IOException e) {
                    // Reported when the item runs.
                }
            }
            return addUpload(connection, siteId, localPath, remotePath, directory, size, modified);
        }

        /** Uploads a local file whose size and time the caller read ({@code -1} and null: not known). */
        public ItemSnapshot addUpload(ConnectionSettings connection, String siteId, Path localPath, String remotePath,
                                      boolean directory, long size, Instant modified) {
            return add(connection, siteId, Direction.UPLOAD, directory, localPath, remotePath, size, modified, this, 0,
                    false);
        }
    }

    /** A new batch: what one drop, one dialog or one command adds. */
    public Batch batch() {
        return batch(null);
    }

    /**
     * A new batch whose items carry their own answer to an existing target, whatever the queue's
     * default says: a synchronization has already decided, file by file, that the target goes.
     */
    public Batch batch(ConflictAction rule) {
        model.lock.lock();
        try {
            return new Batch(model.newBatch(), rule);
        } finally {
            model.lock.unlock();
        }
    }

    /** Downloads a remote file, or a directory tree when {@code directory}: a batch of its own. */
    public ItemSnapshot addDownload(ConnectionSettings connection, String siteId, String remotePath, Path localPath,
                                    boolean directory, long size, Instant modified) {
        return batch().addDownload(connection, siteId, remotePath, localPath, directory, size, modified);
    }

    /** Uploads a local file, or a directory tree when {@code directory}: a batch of its own. */
    public ItemSnapshot addUpload(ConnectionSettings connection, String siteId, Path localPath, String remotePath,
                                  boolean directory) {
        return batch().addUpload(connection, siteId, localPath, remotePath, directory);
    }

    private ItemSnapshot add(ConnectionSettings connection, String siteId, Direction direction, boolean directory,
                             Path localPath, String remotePath, long size, Instant modified, Batch asked, int segments,
                             boolean symlink) {
        long batch = asked.id;
        ConflictAction rule = asked.rule;
        int sessions = asked.sessions;
        // Kept absolute: a saved queue is resumed from any working folder, and must find the same files.
        localPath = localPath.toAbsolutePath().normalize();
        // A download never writes outside the folder it was asked to go into, whatever its listings say.
        Path boundary = direction == Direction.DOWNLOAD ? localPath.getParent() : null;
        model.lock.lock();
        try {
            Site site = model.site(Endpoint.of(connection, siteId));
            site.settings = connection;
            if (sessions >= 0) {
                site.ownLimit = sessions == 0 ? Integer.MAX_VALUE : sessions;
            }
            TransferItem item = model.newItem(site, direction, directory, localPath, remotePath, size, modified, 0,
                    boundary, batch);
            item.conflictAction = rule;
            item.segments = segments;
            item.symlink = symlink;
            item.sizeAndTimeAskedJustNow = asked.askedJustNow && direction == Direction.DOWNLOAD;
            TransferItem existing = model.duplicateAskedAgain(item);
            if (existing != null) {
                pool.spawnWorkers(site);
                model.changed.signalAll();
                return existing.snapshot();
            }
            model.register(item);
            model.addedByTheUser(item, asked.askedNanos);
            pool.spawnWorkers(site);
            return item.snapshot();
        } finally {
            model.lock.unlock();
        }
    }

    /**
     * Hands over a logged-in session to this server, e.g. the one that found where a URL's path
     * starts: the first worker uses it instead of logging in again. It keeps the dialogue
     * listeners it has (the queue's are not added). A session no worker took is closed with the
     * queue.
     */
    public void adoptSession(ConnectionSettings connection, String siteId, FtpSession session) {
        model.lock.lock();
        try {
            if (!model.closed) {
                model.site(Endpoint.of(connection, siteId)).spareSessions.add(session);
                return;
            }
        } finally {
            model.lock.unlock();
        }
        session.quit();
        session.close();
    }

    /**
     * Takes a logged-in session of this server back from the queue when nothing of the queue's needs
     * it, e.g. for a sync's deletions once its files are across: a server that takes one session per
     * client refuses a new login while an idle worker keeps its own. Waits at most {@code patience}
     * for a busy worker to become idle; null when none is (log in instead), or at once when
     * {@code token} is cancelled. The caller quits the session; it keeps the queue's dialogue listeners.
     */
    public FtpSession takeBackSession(ConnectionSettings connection, String siteId, Duration patience,
                                      CancelToken token) throws InterruptedException {
        Site site;
        model.lock.lock();
        try {
            site = model.existingSite(Endpoint.of(connection, siteId).key());
        } finally {
            model.lock.unlock();
        }
        if (site == null) {
            return null;
        }
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            FtpSession back = pool.takeBack(site, Math.max(0, deadline - System.nanoTime()), token);
            // A lent session no worker took sat idle for as long as the queue's work lasted, past many a
            // server's idle timeout: one the server hung up on would fail the caller's first command,
            // where a login of its own works. Seen without sending anything, off the queue's lock.
            if (back == null || back.checkIdleConnection()) {
                return back;
            }
            back.close();
        }
    }

    // ------------------------------------------------------------------ running

    /** How many times the queue was started; under the model's lock. */
    private long starts;

    /**
     * Starts processing (or continues after {@link #pause()}); returns how many starts there have been,
     * this one included: who starts the queue for a while can tell later whether anyone else started it since.
     */
    public long start() {
        model.lock.lock();
        try {
            model.processing = true;
            model.sites().forEach(pool::spawnWorkers);
            notifier.totalsChanged();
            model.changed.signalAll();
            return ++starts;
        } finally {
            model.lock.unlock();
        }
    }

    /** How many times the queue was started ({@link #start()}). */
    public long starts() {
        model.lock.lock();
        try {
            return starts;
        } finally {
            model.lock.unlock();
        }
    }

    /** Stops starting items and interrupts running ones; they continue where they were on {@link #start()}. */
    public void pause() {
        List<CancelToken> interrupt;
        model.lock.lock();
        try {
            model.processing = false;
            interrupt = control.requeueActive();
            notifier.totalsChanged();
        } finally {
            model.lock.unlock();
        }
        interrupt.forEach(CancelToken::cancel);
    }

    public boolean isProcessing() {
        model.lock.lock();
        try {
            return model.processing;
        } finally {
            model.lock.unlock();
        }
    }

    // ------------------------------------------------------------------ per-item control

    public void pause(long id) {
        control.pause(id);
    }

    public void resume(long id) {
        control.resume(id);
    }

    /** Stops an item: a running transfer is aborted (ABOR), its session kept; the item fails as cancelled. */
    public void cancel(long id) {
        control.cancel(id);
    }

    /** Puts a failed (or skipped) item back into the queue with fresh attempts. Refused items stay refused. */
    public void retry(long id) {
        control.retry(id);
    }

    public void remove(long id) {
        control.remove(id);
    }

    /** Removes every successful and skipped item. */
    public void removeFinished() {
        control.removeFinished();
    }

    public void setPriority(long id, int priority) {
        control.setPriority(id, priority);
    }

    public void moveToTop(long id) {
        control.moveToTop(id);
    }

    public void moveToBottom(long id) {
        control.moveToBottom(id);
    }

    public void moveUp(long id) {
        control.move(id, true);
    }

    public void moveDown(long id) {
        control.move(id, false);
    }

    /** Moves the waiting items among {@code ids} one place up or down, as a block that keeps its order. */
    public void moveAll(java.util.Collection<Long> ids, boolean up) {
        control.moveAll(ids, up);
    }

    /**
     * {@code ids} in the order the queue runs them, for moving several items one by one: moved in
     * the order shown, the first of two moved down went below the second, and the second back above it.
     */
    public List<Long> inRunOrder(java.util.Collection<Long> ids) {
        return control.inRunOrder(ids);
    }

    // ------------------------------------------------------------------ reading

    public List<ItemSnapshot> snapshot() {
        model.lock.lock();
        try {
            List<ItemSnapshot> all = new ArrayList<>(model.size());
            for (TransferItem item : model.items()) {
                all.add(item.snapshot());
            }
            return all;
        } finally {
            model.lock.unlock();
        }
    }

    public QueueTotals totals() {
        model.lock.lock();
        try {
            return model.totals();
        } finally {
            model.lock.unlock();
        }
    }

    /** Waits until nothing is queued or running (or the time is up); true when idle. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        model.lock.lock();
        try {
            while (!model.idle()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                model.idle.awaitNanos(left);
            }
            return true;
        } finally {
            model.lock.unlock();
        }
    }

    /** How many worker sessions are logged in to this endpoint right now. */
    public int connectedSessions(Endpoint endpoint) {
        return pool.connectedSessions(endpoint.key());
    }

    // ------------------------------------------------------------------ persistence and closing

    /**
     * Says that {@link #restore} will be called on another thread: a transfer run before it begins
     * waits for it, as one run while it goes on does, instead of saving the queue without the saved items.
     */
    public void restoreComing() {
        persistence.expectRestore();
    }

    /**
     * Loads the saved queue (items that were running continue from their part files) and starts
     * saving every change; returns what went wrong reading it (none: nothing). A queue that is never
     * restored starts saving when its first item runs, replacing what the file held.
     */
    public List<Message> restore() {
        Map<String, Integer> siteLimits = new HashMap<>();
        return persistence.restore(document -> {
            // Asked before the queue's lock is taken: the answer may read the saved sites from disk, or wait for
            // the site store while it writes or unlocks.
            for (Endpoint endpoint : document.endpoints()) {
                if (source != null && endpoint.siteId() != null) {
                    siteLimits.put(endpoint.key(), source.sessions(endpoint));
                }
            }
        }, () -> model.sites().forEach(site -> {
            // Before any worker starts: a server that allows one login would refuse (or ban) the second.
            int own = siteLimits.getOrDefault(site.endpoint.key(), 0);
            if (own > 0) {
                site.ownLimit = own;
            }
            pool.spawnWorkers(site);
        }));
    }

    /** True when {@link #restore} found the saved queue held by another Ferry, and so loaded nothing. */
    public boolean savedQueueInUseElsewhere() {
        return persistence.inUseElsewhere();
    }

    /** Stops the workers (running transfers are aborted; they continue on the next start) and saves. */
    @Override
    public void close() {
        List<CancelToken> interrupt;
        boolean hasItems;
        List<FtpSession> unused = new ArrayList<>();
        model.lock.lock();
        try {
            model.closed = true;
            interrupt = control.requeueActive();
            hasItems = model.size() > 0;
            for (Site site : model.sites()) {
                unused.addAll(site.spareSessions);
                site.spareSessions.clear();
                unused.addAll(site.handedBack);
                site.handedBack.clear();
            }
            model.changed.signalAll();
        } finally {
            model.lock.unlock();
        }
        interrupt.forEach(CancelToken::cancel);
        for (FtpSession session : unused) {
            session.quit();
            session.close();
        }
        notifier.close();
        persistence.close(hasItems);
    }

    /** The items in a collection, for tests and the CLI summary. */
    static long count(Collection<ItemSnapshot> snapshots, ItemState state) {
        return snapshots.stream().filter(s -> s.state() == state).count();
    }
}
