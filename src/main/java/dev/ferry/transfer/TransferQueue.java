package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DialogueListener;
import dev.ferry.ftp.FtpCancelledException;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpLoginException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.LocalFileException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The transfer queue: items served by a pool of worker sessions per server.
 * <p>
 * Each server ({@link Endpoint}) gets up to N worker sessions, opened when items are waiting,
 * reused for item after item, and closed after an idle time. A server that refuses a login for
 * too many connections (421, or 530 saying so) shrinks its pool instead of failing items.
 * Items run in order of priority, then in the order they were added; directories first, so that
 * every worker finds files to transfer early. Transient failures are retried with backoff,
 * resuming where they stopped; permanent ones fail with the server's words.
 * <p>
 * Observers get coalesced updates ({@link QueueListener}); the queue file is written atomically,
 * debounced, on its own thread. Nothing here knows a GUI exists.
 */
public final class TransferQueue implements AutoCloseable {

    private static final long NOTIFY_INTERVAL_MS = 100;
    private static final long PERSIST_INTERVAL_MS = 1000;

    private static final Comparator<TransferItem> ORDER = Comparator
            .comparingInt((TransferItem i) -> -i.priority)
            .thenComparing(i -> !i.directory)
            .thenComparingLong(i -> i.sequence)
            .thenComparingLong(i -> i.id);

    /** Per server: its settings, its waiting items and its workers. */
    static final class Site {
        final Endpoint endpoint;
        ConnectionSettings settings;
        final TreeSet<TransferItem> waiting = new TreeSet<>(ORDER);
        int workers;
        int connected;
        int workerNumbers;
        int limit = Integer.MAX_VALUE;
        int refusedInARow;
        final Set<String> seenDirectories = new java.util.HashSet<>();

        Site(Endpoint endpoint) {
            this.endpoint = endpoint;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Long, TransferItem> items = new LinkedHashMap<>();
    private final Map<String, Long> byKey = new HashMap<>();
    private final Map<String, Site> sites = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private long sequences;
    private volatile QueueSettings settings;
    private boolean processing;
    private boolean closed;

    private final Set<Long> dirty = new LinkedHashSet<>();
    private final List<Long> removed = new ArrayList<>();
    private boolean unsaved;
    private long lastSaved;
    private QueueTotals lastTotals;

    private final SettingsSource settingsSource;
    private final QueueStore store;
    private final List<QueueListener> listeners = new CopyOnWriteArrayList<>();
    private final List<DialogueListener> dialogueListeners = new CopyOnWriteArrayList<>();
    private volatile ConflictResolver conflictResolver;
    private final Object conflictLock = new Object();
    final RateLimiter downloadLimiter = new RateLimiter();
    final RateLimiter uploadLimiter = new RateLimiter();
    private final ScheduledExecutorService notifier;
    private final ItemRunner runner = new ItemRunner(this);

    /**
     * @param source where settings come from for endpoints known only from the queue file
     * @param store  where the queue is saved, or null to keep it in memory only
     */
    public TransferQueue(QueueSettings settings, SettingsSource source, QueueStore store) {
        this.settings = settings;
        this.settingsSource = source;
        this.store = store;
        applyLimits(settings);
        this.notifier = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ferry-queue-notifier");
            thread.setDaemon(true);
            return thread;
        });
        notifier.scheduleWithFixedDelay(this::tick, NOTIFY_INTERVAL_MS, NOTIFY_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------ configuration

    public QueueSettings settings() {
        return settings;
    }

    /** Applies new settings while running: connections, retries, limits, conflict default. */
    public void setSettings(QueueSettings next) {
        lock.lock();
        try {
            settings = next;
            applyLimits(next);
            sites.values().forEach(this::spawnWorkers);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void applyLimits(QueueSettings s) {
        downloadLimiter.setRate(s.downloadLimit());
        uploadLimiter.setRate(s.uploadLimit());
    }

    public void setConflictResolver(ConflictResolver resolver) {
        this.conflictResolver = resolver;
    }

    public void addListener(QueueListener listener) {
        listeners.add(listener);
    }

    public void removeListener(QueueListener listener) {
        listeners.remove(listener);
    }

    /** Receives the dialogue of every worker session (entries name their session). */
    public void addDialogueListener(DialogueListener listener) {
        dialogueListeners.add(listener);
    }

    // ------------------------------------------------------------------ adding

    /** Downloads a remote file, or a directory tree when {@code directory}. */
    public ItemSnapshot addDownload(ConnectionSettings connection, String siteId, String remotePath, Path localPath,
                                    boolean directory, long size, Instant modified) {
        return add(connection, siteId, Direction.DOWNLOAD, directory, localPath, remotePath, size, modified, 0);
    }

    /** Uploads a local file, or a directory tree when {@code directory}. */
    public ItemSnapshot addUpload(ConnectionSettings connection, String siteId, Path localPath, String remotePath,
                                  boolean directory) {
        long size = -1;
        Instant modified = null;
        if (!directory) {
            try {
                size = java.nio.file.Files.size(localPath);
                modified = java.nio.file.Files.getLastModifiedTime(localPath).toInstant();
            } catch (IOException e) {
                // Reported when the item runs.
            }
        }
        return add(connection, siteId, Direction.UPLOAD, directory, localPath, remotePath, size, modified, 0);
    }

    private ItemSnapshot add(ConnectionSettings connection, String siteId, Direction direction, boolean directory,
                             Path localPath, String remotePath, long size, Instant modified, int depth) {
        lock.lock();
        try {
            Site site = site(Endpoint.of(connection, siteId));
            site.settings = connection;
            TransferItem item = newItem(site, direction, directory, localPath, remotePath, size, modified, depth);
            TransferItem existing = duplicateOf(item);
            if (existing != null) {
                return existing.snapshot();
            }
            register(item);
            spawnWorkers(site);
            return item.snapshot();
        } finally {
            lock.unlock();
        }
    }

    /** Starts processing (or continues after {@link #pause()}). */
    public void start() {
        lock.lock();
        try {
            processing = true;
            sites.values().forEach(this::spawnWorkers);
            markTotalsDirty();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops starting items and interrupts running ones; they continue where they were on {@link #start()}. */
    public void pause() {
        lock.lock();
        try {
            processing = false;
            for (TransferItem item : items.values()) {
                if (item.state == ItemState.ACTIVE) {
                    stop(item, TransferItem.StopRequest.REQUEUE);
                }
            }
            markTotalsDirty();
        } finally {
            lock.unlock();
        }
    }

    public boolean isProcessing() {
        lock.lock();
        try {
            return processing;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ per-item control

    public void pause(long id) {
        withItem(id, item -> {
            switch (item.state) {
                case QUEUED -> {
                    item.site.waiting.remove(item);
                    setState(item, ItemState.PAUSED);
                }
                case ACTIVE -> stop(item, TransferItem.StopRequest.PAUSE);
                default -> {
                }
            }
        });
    }

    public void resume(long id) {
        withItem(id, item -> {
            if (item.state == ItemState.PAUSED) {
                requeue(item, 0);
            }
        });
    }

    /** Stops an item: a running transfer is aborted (ABOR), its session kept; the item fails as cancelled. */
    public void cancel(long id) {
        withItem(id, item -> {
            switch (item.state) {
                case ACTIVE -> stop(item, TransferItem.StopRequest.CANCEL);
                case QUEUED, PAUSED -> {
                    item.site.waiting.remove(item);
                    item.lastError = "Cancelled";
                    setState(item, ItemState.FAILED);
                }
                default -> {
                }
            }
        });
    }

    /** Puts a failed (or skipped) item back into the queue with fresh attempts. */
    public void retry(long id) {
        withItem(id, item -> {
            if (item.state == ItemState.FAILED || item.state == ItemState.SKIPPED) {
                item.attempts = 0;
                item.verifyRetried = false;
                item.lastError = null;
                item.verification = Verification.NOT_CHECKED;
                requeue(item, 0);
            }
        });
    }

    public void remove(long id) {
        withItem(id, item -> {
            if (item.state == ItemState.ACTIVE) {
                stop(item, TransferItem.StopRequest.REMOVE);
            } else {
                forget(item);
            }
        });
    }

    /** Removes every successful and skipped item. */
    public void removeFinished() {
        lock.lock();
        try {
            for (TransferItem item : List.copyOf(items.values())) {
                if (item.state == ItemState.DONE || item.state == ItemState.SKIPPED) {
                    forget(item);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    public void setPriority(long id, int priority) {
        withItem(id, item -> reorder(item, () -> item.priority = priority));
    }

    public void moveToTop(long id) {
        withItem(id, item -> reorder(item, () -> {
            item.sequence = items.values().stream().mapToLong(i -> i.sequence).min().orElse(0) - 1;
            item.priority = Math.max(item.priority, maxPriority());
        }));
    }

    public void moveToBottom(long id) {
        withItem(id, item -> reorder(item, () -> {
            item.sequence = ++sequences;
            item.priority = Math.min(item.priority, items.values().stream().mapToInt(i -> i.priority).min().orElse(0));
        }));
    }

    public void moveUp(long id) {
        withItem(id, item -> swapWithNeighbour(item, true));
    }

    public void moveDown(long id) {
        withItem(id, item -> swapWithNeighbour(item, false));
    }

    private int maxPriority() {
        return items.values().stream().mapToInt(i -> i.priority).max().orElse(0);
    }

    private void swapWithNeighbour(TransferItem item, boolean up) {
        List<TransferItem> ordered = waitingOrder();
        int index = ordered.indexOf(item);
        int other = up ? index - 1 : index + 1;
        if (index < 0 || other < 0 || other >= ordered.size()) {
            return;
        }
        TransferItem neighbour = ordered.get(other);
        reorder(item, () -> reorder(neighbour, () -> {
            int priority = item.priority;
            long sequence = item.sequence;
            item.priority = neighbour.priority;
            item.sequence = neighbour.sequence;
            neighbour.priority = priority;
            neighbour.sequence = sequence;
        }));
    }

    /** Queued and paused items in the order they will run. */
    private List<TransferItem> waitingOrder() {
        List<TransferItem> ordered = new ArrayList<>();
        for (TransferItem item : items.values()) {
            if (item.state == ItemState.QUEUED || item.state == ItemState.PAUSED) {
                ordered.add(item);
            }
        }
        ordered.sort(ORDER);
        return ordered;
    }

    private void reorder(TransferItem item, Runnable change) {
        boolean wasWaiting = item.site.waiting.remove(item);
        change.run();
        if (wasWaiting) {
            item.site.waiting.add(item);
        }
        markDirty(item);
    }

    // ------------------------------------------------------------------ reading

    public List<ItemSnapshot> snapshot() {
        lock.lock();
        try {
            List<ItemSnapshot> all = new ArrayList<>(items.size());
            for (TransferItem item : items.values()) {
                all.add(item.snapshot());
            }
            return all;
        } finally {
            lock.unlock();
        }
    }

    public QueueTotals totals() {
        lock.lock();
        try {
            return computeTotals();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until nothing is queued or running (or the time is up); true when idle. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!computeTotals().idle()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** How many worker sessions are logged in to this endpoint right now. */
    public int connectedSessions(Endpoint endpoint) {
        lock.lock();
        try {
            Site site = sites.get(endpoint.key());
            return site == null ? 0 : site.connected;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ persistence

    /** Loads the queue file (items that were running continue from their part files); returns a problem, if any. */
    public java.util.Optional<String> restore() {
        if (store == null) {
            return java.util.Optional.empty();
        }
        var loaded = store.load();
        QueueStore.Document document = loaded.value();
        lock.lock();
        try {
            Map<String, Endpoint> endpoints = new HashMap<>();
            for (Endpoint endpoint : document.endpoints()) {
                endpoints.put(endpoint.key(), endpoint);
            }
            for (QueueStore.StoredItem stored : document.items()) {
                Endpoint endpoint = endpoints.get(stored.endpoint());
                if (endpoint == null) {
                    continue;
                }
                Site site = site(endpoint);
                TransferItem item = new TransferItem(ids.incrementAndGet(), stored.direction(), stored.directory(), site,
                        Path.of(stored.localPath()), stored.remotePath());
                item.size = stored.size();
                item.modified = stored.modified();
                item.bytesDone.set(stored.bytesDone());
                item.attempts = stored.attempts();
                item.lastError = stored.lastError();
                item.priority = stored.priority();
                item.sequence = stored.sequence();
                sequences = Math.max(sequences, stored.sequence());
                item.conflictAction = stored.conflictAction();
                item.depth = stored.depth();
                item.restored = true;
                item.state = switch (stored.state()) {
                    case ACTIVE, QUEUED -> ItemState.QUEUED;
                    default -> stored.state();
                };
                if (duplicateOf(item) == null) {
                    register(item);
                }
            }
            sites.values().forEach(this::spawnWorkers);
        } finally {
            lock.unlock();
        }
        return loaded.problem();
    }

    private void saveIfDue(boolean force) {
        if (store == null) {
            return;
        }
        QueueStore.Document document;
        List<TransferItem> included;
        lock.lock();
        try {
            long now = System.currentTimeMillis();
            if (!unsaved || (!force && now - lastSaved < PERSIST_INTERVAL_MS)) {
                return;
            }
            unsaved = false;
            lastSaved = now;
            Map<String, Endpoint> endpoints = new LinkedHashMap<>();
            List<QueueStore.StoredItem> stored = new ArrayList<>();
            included = new ArrayList<>();
            for (TransferItem item : items.values()) {
                if (item.state == ItemState.DONE || item.state == ItemState.SKIPPED) {
                    continue;
                }
                included.add(item);
                endpoints.putIfAbsent(item.site.endpoint.key(), item.site.endpoint);
                stored.add(new QueueStore.StoredItem(item.id, item.site.endpoint.key(), item.direction, item.directory,
                        item.localPath.toString(), item.remotePath, item.size, item.modified, item.state,
                        item.bytesDone.get(), item.attempts, item.lastError, item.priority, item.sequence,
                        item.conflictAction, item.depth));
            }
            document = new QueueStore.Document(QueueStore.SCHEMA_VERSION, List.copyOf(endpoints.values()), stored);
        } finally {
            lock.unlock();
        }
        try {
            store.save(document);
            included.forEach(item -> item.persisted = true);
        } catch (IOException e) {
            lock.lock();
            try {
                unsaved = true;
            } finally {
                lock.unlock();
            }
        }
    }

    // ------------------------------------------------------------------ notifications

    private void tick() {
        QueueListener.Update update;
        lock.lock();
        try {
            long now = System.nanoTime();
            for (TransferItem item : items.values()) {
                if (item.state == ItemState.ACTIVE) {
                    long bytes = item.bytesDone.get();
                    if (item.sampledAt != 0) {
                        double seconds = (now - item.sampledAt) / 1e9;
                        double instant = (bytes - item.sampledBytes) / Math.max(seconds, 1e-3);
                        item.speed = item.speed == 0 ? instant : item.speed * 0.7 + instant * 0.3;
                    }
                    item.sampledAt = now;
                    item.sampledBytes = bytes;
                    dirty.add(item.id);
                }
            }
            QueueTotals totals = computeTotals();
            if (dirty.isEmpty() && removed.isEmpty() && totals.equals(lastTotals)) {
                update = null;
            } else {
                List<ItemSnapshot> changedItems = new ArrayList<>(dirty.size());
                for (Long id : dirty) {
                    TransferItem item = items.get(id);
                    if (item != null) {
                        changedItems.add(item.snapshot());
                    }
                }
                update = new QueueListener.Update(changedItems, List.copyOf(removed), totals);
                dirty.clear();
                removed.clear();
                lastTotals = totals;
            }
        } finally {
            lock.unlock();
        }
        if (update != null) {
            for (QueueListener listener : listeners) {
                try {
                    listener.queueChanged(update);
                } catch (RuntimeException e) {
                    // One broken observer must not stop the others or the queue.
                }
            }
        }
        saveIfDue(false);
    }

    private QueueTotals computeTotals() {
        int queued = 0;
        int active = 0;
        int paused = 0;
        int failed = 0;
        int done = 0;
        int skipped = 0;
        long total = 0;
        long transferred = 0;
        double speed = 0;
        for (TransferItem item : items.values()) {
            switch (item.state) {
                case QUEUED -> queued++;
                case ACTIVE -> {
                    active++;
                    speed += item.speed;
                }
                case PAUSED -> paused++;
                case FAILED -> failed++;
                case DONE -> done++;
                case SKIPPED -> skipped++;
            }
            if (!item.directory && item.size >= 0 && item.state != ItemState.SKIPPED) {
                total += item.size;
                transferred += Math.min(item.size, item.bytesDone.get());
            }
        }
        return new QueueTotals(queued, active, paused, failed, done, skipped, total, transferred, speed, processing);
    }

    // ------------------------------------------------------------------ workers

    private void spawnWorkers(Site site) {
        if (!processing || closed) {
            return;
        }
        int runnable = site.waiting.size();
        int active = 0;
        for (TransferItem item : items.values()) {
            if (item.site == site && item.state == ItemState.ACTIVE) {
                active++;
            }
        }
        int wanted = Math.min(capacity(site), runnable + active);
        while (site.workers < wanted) {
            site.workers++;
            int number = ++site.workerNumbers;
            Thread.ofPlatform().daemon().name("ferry-worker-" + number + "-" + site.endpoint.host())
                    .start(() -> work(site, number));
        }
    }

    private int capacity(Site site) {
        return Math.max(1, Math.min(settings.connectionsPerSite(), site.limit));
    }

    private void work(Site site, int number) {
        FtpSession session = null;
        try {
            while (true) {
                TransferItem item = take(site);
                if (item == null) {
                    return;
                }
                if (session == null || !session.isConnected()) {
                    if (session != null) {
                        disconnected(site);
                        session.close();
                        session = null;
                    }
                    try {
                        session = open(site, number);
                    } catch (FtpLoginException e) {
                        if (e.isConnectionLimit()) {
                            connectionLimitReached(site, item, e);
                            return;
                        }
                        failed(item, e);
                        continue;
                    } catch (FtpException e) {
                        failed(item, e);
                        continue;
                    } catch (IOException e) {
                        failed(item, new FtpException("Could not get settings for " + site.endpoint.display() + ": "
                                + e.getMessage(), false, e));
                        continue;
                    }
                }
                run(item, session);
            }
        } finally {
            if (session != null) {
                session.quit();
                session.close();
            }
            lock.lock();
            try {
                if (session != null && site.connected > 0) {
                    site.connected--;
                }
                site.workers--;
                if (site.workers == 0) {
                    site.limit = Integer.MAX_VALUE;
                    site.refusedInARow = 0;
                }
                spawnWorkers(site);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private FtpSession open(Site site, int number) throws IOException {
        ConnectionSettings connection;
        lock.lock();
        try {
            connection = site.settings;
        } finally {
            lock.unlock();
        }
        if (connection == null) {
            connection = settingsSource.settingsFor(site.endpoint);
            lock.lock();
            try {
                site.settings = connection;
            } finally {
                lock.unlock();
            }
        }
        FtpSession session = new FtpSession(connection, "worker " + number + " " + site.endpoint.display());
        for (DialogueListener listener : dialogueListeners) {
            session.addListener(listener);
        }
        session.connect();
        lock.lock();
        try {
            site.connected++;
            site.refusedInARow = 0;
        } finally {
            lock.unlock();
        }
        return session;
    }

    private void disconnected(Site site) {
        lock.lock();
        try {
            if (site.connected > 0) {
                site.connected--;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The server accepts no more sessions: the pool shrinks to the sessions that are logged in,
     * the item waits for one of them. When even the first is refused, it is tried again later.
     */
    private void connectionLimitReached(Site site, TransferItem item, FtpLoginException e) {
        lock.lock();
        try {
            site.limit = Math.max(1, site.connected);
            long delay = 0;
            if (site.connected == 0) {
                site.refusedInARow++;
                delay = backoff(site.refusedInARow).toNanos();
            }
            item.lastError = e.getMessage();
            requeue(item, delay);
        } finally {
            lock.unlock();
        }
    }

    /** The next item this site's worker should run, or null when the worker should end. */
    private TransferItem take(Site site) {
        long idleDeadline = System.nanoTime() + settings.idleTimeout().toNanos();
        lock.lock();
        try {
            while (true) {
                if (closed || site.workers > capacity(site)) {
                    return null;
                }
                long now = System.nanoTime();
                long wait = idleDeadline - now;
                if (processing) {
                    for (TransferItem item : site.waiting) {
                        if (item.notBefore <= now) {
                            site.waiting.remove(item);
                            item.state = ItemState.ACTIVE;
                            item.stop = TransferItem.StopRequest.NONE;
                            item.speed = 0;
                            item.sampledAt = 0;
                            markDirty(item);
                            return item;
                        }
                        wait = Math.min(wait, item.notBefore - now);
                    }
                }
                if (idleDeadline - now <= 0) {
                    return null;
                }
                changed.awaitNanos(Math.max(wait, 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    private void run(TransferItem item, FtpSession session) {
        item.session = session;
        if (!item.persisted) {
            // On disk before its first byte moves: a crash (kill -9, power) right after the start
            // must not lose an item whose part file already exists. One save covers a whole batch.
            saveIfDue(true);
        }
        try {
            runner.run(item, session);
            finished(item, null);
        } catch (FtpCancelledException e) {
            finished(item, e);
        } catch (IOException | RuntimeException e) {
            if (item.stop != TransferItem.StopRequest.NONE) {
                finished(item, e);
            } else {
                failed(item, e);
            }
        } finally {
            item.session = null;
        }
    }

    /** Ends a run that was not a failure: success, or a stop the user asked for. */
    private void finished(TransferItem item, Exception stopped) {
        lock.lock();
        try {
            switch (item.stop) {
                case PAUSE -> setState(item, ItemState.PAUSED);
                case CANCEL -> {
                    item.lastError = "Cancelled";
                    setState(item, ItemState.FAILED);
                }
                case REQUEUE -> requeue(item, 0);
                case REMOVE -> forget(item);
                case NONE -> {
                    if (stopped != null) {
                        item.lastError = "Cancelled";
                        setState(item, ItemState.FAILED);
                    } else if (item.state == ItemState.ACTIVE) {
                        setState(item, ItemState.DONE);
                    }
                }
            }
            item.stop = TransferItem.StopRequest.NONE;
        } finally {
            lock.unlock();
        }
    }

    /** A failure: retried with backoff when transient and attempts remain, failed otherwise. */
    void failed(TransferItem item, Exception failure) {
        lock.lock();
        try {
            item.lastError = describe(failure);
            boolean transientFailure = failure instanceof FtpException fe && fe.isTransient()
                    && !(failure instanceof LocalFileException);
            if (transientFailure && item.attempts < settings.maxRetries()) {
                item.attempts++;
                requeue(item, backoff(item.attempts).toNanos());
            } else {
                if (transientFailure) {
                    item.attempts++;
                }
                setState(item, ItemState.FAILED);
            }
        } finally {
            lock.unlock();
        }
    }

    private static String describe(Exception failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private Duration backoff(int attempt) {
        long millis = settings.firstBackoff().toMillis() << Math.min(attempt - 1, 16);
        return Duration.ofMillis(Math.min(millis, settings.maxBackoff().toMillis()));
    }

    // ------------------------------------------------------------------ used by ItemRunner

    ConflictResolver conflictResolver() {
        return conflictResolver;
    }

    /** Asks about conflicts one at a time, so "apply to all" is seen by the next question. */
    ConflictAction resolveConflict(TransferItem item, Conflict conflict) {
        ConflictAction action = item.conflictAction != null ? item.conflictAction
                : settings.conflictDefault(item.direction);
        if (action != ConflictAction.ASK) {
            return action;
        }
        synchronized (conflictLock) {
            action = settings.conflictDefault(item.direction);
            if (action != ConflictAction.ASK) {
                return action;
            }
            ConflictResolver resolver = conflictResolver;
            if (resolver == null) {
                return ConflictAction.OVERWRITE;
            }
            ConflictResolver.Decision decision = resolver.resolve(conflict);
            if (decision.applyToAll()) {
                setSettings(item.direction == Direction.UPLOAD
                        ? settings.withConflictDefaults(settings.conflictDefault(), decision.action())
                        : settings.withConflictDefaults(decision.action(), settings.uploadConflictDefault()));
            }
            return decision.action();
        }
    }

    /** Replaces an expanded directory item by its children, atomically. */
    void expanded(TransferItem directory, List<TransferItem> children) {
        lock.lock();
        try {
            for (TransferItem child : children) {
                if (duplicateOf(child) == null) {
                    register(child);
                }
            }
            forget(directory);
            spawnWorkers(directory.site);
        } finally {
            lock.unlock();
        }
    }

    /** A child item for an expansion; registered by {@link #expanded}. */
    TransferItem child(TransferItem parent, boolean directory, Path localPath, String remotePath, long size,
                       Instant modified) {
        lock.lock();
        try {
            TransferItem child = newItem(parent.site, parent.direction, directory, localPath, remotePath, size,
                    modified, parent.depth + 1);
            child.priority = parent.priority;
            child.conflictAction = parent.conflictAction;
            return child;
        } finally {
            lock.unlock();
        }
    }

    /** Marks a child that cannot run (hostile name, too deep) as failed from the start. */
    static void failedFromTheStart(TransferItem child, String reason) {
        child.state = ItemState.FAILED;
        child.lastError = reason;
    }

    /** For progress: counts bytes and throttles to the speed limit. */
    ProgressListener progress(TransferItem item) {
        return new ProgressListener(item, item.direction == Direction.DOWNLOAD ? downloadLimiter : uploadLimiter);
    }

    /** True when a directory was already walked in this run (MLSD "unique" fact): a symlink loop. */
    boolean seenBefore(TransferItem item, String uniqueId) {
        if (uniqueId == null) {
            return false;
        }
        lock.lock();
        try {
            return !item.site.seenDirectories.add(uniqueId);
        } finally {
            lock.unlock();
        }
    }

    void updateSize(TransferItem item, long size) {
        lock.lock();
        try {
            item.size = size;
            markDirty(item);
        } finally {
            lock.unlock();
        }
    }

    void setVerification(TransferItem item, Verification verification) {
        lock.lock();
        try {
            item.verification = verification;
            markDirty(item);
        } finally {
            lock.unlock();
        }
    }

    /** Marks an item skipped (target existed and policy said so); the runner then returns normally. */
    void skip(TransferItem item, String reason) {
        lock.lock();
        try {
            item.lastError = reason;
            setState(item, ItemState.SKIPPED);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ bookkeeping

    private Site site(Endpoint endpoint) {
        return sites.computeIfAbsent(endpoint.key(), key -> new Site(endpoint));
    }

    private TransferItem newItem(Site site, Direction direction, boolean directory, Path localPath, String remotePath,
                                 long size, Instant modified, int depth) {
        TransferItem item = new TransferItem(ids.incrementAndGet(), direction, directory, site, localPath, remotePath);
        item.size = directory ? -1 : size;
        item.modified = modified;
        item.sequence = ++sequences;
        item.depth = depth;
        return item;
    }

    private TransferItem duplicateOf(TransferItem item) {
        Long id = byKey.get(item.key());
        TransferItem existing = id == null ? null : items.get(id);
        return existing != null && !existing.state.isFinished() ? existing : null;
    }

    private void register(TransferItem item) {
        items.put(item.id, item);
        byKey.put(item.key(), item.id);
        if (item.state == ItemState.QUEUED) {
            item.site.waiting.add(item);
        }
        markDirty(item);
        changed.signalAll();
    }

    private void forget(TransferItem item) {
        items.remove(item.id);
        item.site.waiting.remove(item);
        byKey.remove(item.key(), item.id);
        dirty.remove(item.id);
        removed.add(item.id);
        unsaved = true;
        changed.signalAll();
    }

    private void requeue(TransferItem item, long delayNanos) {
        item.state = ItemState.QUEUED;
        item.notBefore = System.nanoTime() + delayNanos;
        item.site.waiting.add(item);
        markDirty(item);
        spawnWorkers(item.site);
        changed.signalAll();
    }

    private void setState(TransferItem item, ItemState state) {
        item.state = state;
        markDirty(item);
        changed.signalAll();
    }

    private void stop(TransferItem item, TransferItem.StopRequest request) {
        item.stop = request;
        FtpSession session = item.session;
        if (session != null) {
            session.cancel();
        }
    }

    private void markDirty(TransferItem item) {
        dirty.add(item.id);
        unsaved = true;
    }

    private void markTotalsDirty() {
        lastTotals = null;
        unsaved = true;
    }

    private interface ItemAction {
        void apply(TransferItem item);
    }

    private void withItem(long id, ItemAction action) {
        lock.lock();
        try {
            TransferItem item = items.get(id);
            if (item != null) {
                action.apply(item);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops the workers (running transfers are aborted; they continue on the next start) and saves. */
    @Override
    public void close() {
        List<TransferItem> active;
        lock.lock();
        try {
            closed = true;
            active = new ArrayList<>();
            for (TransferItem item : items.values()) {
                if (item.state == ItemState.ACTIVE) {
                    active.add(item);
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (TransferItem item : active) {
            stop(item, TransferItem.StopRequest.REQUEUE);
        }
        notifier.shutdown();
        try {
            notifier.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            unsaved = true;
        } finally {
            lock.unlock();
        }
        saveIfDue(true);
    }

    /** The items in a collection, for tests and the CLI summary. */
    static long count(Collection<ItemSnapshot> snapshots, ItemState state) {
        return snapshots.stream().filter(s -> s.state() == state).count();
    }
}
