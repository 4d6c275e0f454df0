package dev.ferry.transfer;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DialogueListener;
import dev.ferry.ftp.FtpCancelledException;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpLoginException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.message.Message;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The worker sessions of each server. A site gets up to N workers, started when items wait,
 * each owning one session that it reuses item after item and closes after an idle time. A
 * server that refuses a login for too many connections (421, or 530 saying so) shrinks its pool
 * instead of failing items. When the settings of a site must be fetched (a password prompt after
 * a restart), one worker asks and the others wait for that one answer.
 */
final class SessionPool {

    /** Runs one taken item on a logged-in session and records its outcome. */
    interface Runner {
        void run(TransferItem item, FtpSession session);

        /** The item could not even start (no session): record the failure. */
        void couldNotStart(TransferItem item, Exception failure);

        /** The server has too many connections: the item waits for a session of the smaller pool. */
        void waitForSession(TransferItem item, Message reason, long delayNanos);

        /** Runs one segment of an item another worker coordinates (see {@link SegmentedDownload}). */
        void runSegment(SegmentedDownload.Task segment, FtpSession session);
    }

    /** What a worker takes next: an item, or one segment of a segmented download running on another worker. */
    private record Taken(TransferItem item, SegmentedDownload.Task segment) {
        CancelToken token() {
            return segment != null ? segment.download().token : item.token;
        }
    }

    private final QueueModel model;
    private final Supplier<QueueSettings> settings;
    private final SettingsSource settingsSource;
    private final List<DialogueListener> dialogueListeners;
    private final Runner runner;

    SessionPool(QueueModel model, Supplier<QueueSettings> settings, SettingsSource settingsSource,
                List<DialogueListener> dialogueListeners, Runner runner) {
        this.model = model;
        this.settings = settings;
        this.settingsSource = settingsSource;
        this.dialogueListeners = dialogueListeners;
        this.runner = runner;
    }

    /** Starts workers for what waits (called with the model's lock held). */
    void spawnWorkers(Site site) {
        if (!model.processing || model.closed) {
            return;
        }
        int active = 0;
        for (TransferItem item : model.items()) {
            if (item.site == site && item.state == ItemState.ACTIVE) {
                active++;
            }
        }
        int segments = 0;
        for (SegmentedDownload run : site.segmentedRuns) {
            segments += run.pendingLocked();
        }
        int wanted = Math.min(capacity(site), site.waiting.size() + active + segments);
        while (site.workers < wanted) {
            site.workers++;
            int number = ++site.workerNumbers;
            Thread.ofPlatform().daemon().name("ferry-worker-" + number + "-" + site.endpoint.host())
                    .start(() -> work(site, number));
        }
    }

    int capacity(Site site) {
        return Math.max(1, Math.min(Math.min(settings.get().connectionsPerSite(), site.ownLimit), site.limit));
    }

    private void work(Site site, int number) {
        FtpSession session = null;
        try {
            while (true) {
                Taken next = take(site);
                if (next == null) {
                    return;
                }
                if (session == null) {
                    session = takeSpareSession(site);
                }
                if (session == null || !session.isConnected()) {
                    if (session != null) {
                        disconnected(site);
                        session.close();
                        session = null;
                    }
                    try {
                        session = open(site, number, next);
                    } catch (FtpLoginException e) {
                        if (e.isConnectionLimit()) {
                            connectionLimitReached(site, next, e);
                            return;
                        }
                        couldNotStart(next, e);
                        continue;
                    } catch (IOException e) {
                        couldNotStart(next, e);
                        continue;
                    } catch (InterruptedException e) {
                        couldNotStart(next, new FtpCancelledException());
                        return;
                    } catch (RuntimeException e) {
                        // Whatever went wrong, what was taken is given its outcome: a segment's
                        // coordinator waits for every segment it handed out.
                        couldNotStart(next, e);
                        continue;
                    }
                }
                if (next.segment() != null) {
                    runner.runSegment(next.segment(), session);
                } else {
                    runner.run(next.item(), session);
                }
            }
        } finally {
            if (session != null) {
                session.quit();
                session.close();
            }
            model.lock.lock();
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
                model.changed.signalAll();
            } finally {
                model.lock.unlock();
            }
        }
    }

    private void couldNotStart(Taken taken, Exception failure) {
        if (taken.segment() != null) {
            taken.segment().download().couldNotStart(taken.segment(), failure);
        } else {
            runner.couldNotStart(taken.item(), failure);
        }
    }

    /**
     * The next work for this site's worker, or null when the worker should end (idle, closed, pool
     * shrunk). Segments of a download already running come first: the file that was started
     * finishes first.
     */
    private Taken take(Site site) {
        long idleDeadline = System.nanoTime() + settings.get().idleTimeout().toNanos();
        model.lock.lock();
        try {
            while (true) {
                if (model.closed || site.workers > capacity(site)) {
                    return null;
                }
                long now = System.nanoTime();
                long wait = idleDeadline - now;
                if (model.processing) {
                    for (SegmentedDownload run : site.segmentedRuns) {
                        SegmentedDownload.Task segment = run.takeLocked(now);
                        if (segment != null) {
                            return new Taken(null, segment);
                        }
                        wait = Math.min(wait, run.nextReadyLocked(now) - now);
                    }
                    for (TransferItem item : site.waiting) {
                        if (item.notBefore <= now) {
                            item.stop = TransferItem.StopRequest.NONE;
                            item.token = new CancelToken();
                            item.speedWindow.restart();
                            item.runStartBytes = item.bytesDone.get();
                            item.generationBeforeRun = item.generation;
                            model.transition(item, ItemState.ACTIVE);
                            return new Taken(item, null);
                        }
                        wait = Math.min(wait, item.notBefore - now);
                    }
                }
                if (idleDeadline - now <= 0) {
                    return null;
                }
                model.changed.awaitNanos(Math.max(wait, 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            model.lock.unlock();
        }
    }

    /** A session the caller handed over for this site (counted as connected from now on), or null. */
    private FtpSession takeSpareSession(Site site) {
        model.lock.lock();
        try {
            FtpSession spare = site.spareSessions.poll();
            if (spare != null) {
                site.connected++;
            }
            return spare;
        } finally {
            model.lock.unlock();
        }
    }

    private FtpSession open(Site site, int number, Taken next)
            throws IOException, InterruptedException {
        CancelToken token = next.token();
        ConnectionSettings connection;
        boolean mayAsk = next.item() != null && !hasSettings(site);
        if (mayAsk) {
            // The settings may come from a question to the user (a restored item's password).
            model.awaitingAnswer(next.item(), true);
        }
        try {
            connection = settingsFor(site);
        } finally {
            if (mayAsk) {
                model.awaitingAnswer(next.item(), false);
            }
        }
        FtpSession session = new FtpSession(connection, "worker " + number + " " + site.endpoint.display());
        for (DialogueListener listener : dialogueListeners) {
            session.addListener(listener);
        }
        // The item's token: pausing or cancelling it while the server is slow to answer stops the login too.
        try {
            session.connect(token);
        } catch (FtpLoginException e) {
            if (e.mayBeWrongCredentials()) {
                loginRefused(site, connection);
            }
            throw e;
        }
        model.lock.lock();
        try {
            site.connected++;
            site.refusedInARow = 0;
        } finally {
            model.lock.unlock();
        }
        return session;
    }

    private boolean hasSettings(Site site) {
        model.lock.lock();
        try {
            return site.settings != null;
        } finally {
            model.lock.unlock();
        }
    }

    /** The site's settings; when they must be fetched, one worker fetches and the others wait for it. */
    private ConnectionSettings settingsFor(Site site) throws IOException, InterruptedException {
        CompletableFuture<ConnectionSettings> request;
        boolean mine = false;
        model.lock.lock();
        try {
            if (site.settings != null) {
                return site.settings;
            }
            if (site.settingsRequest == null) {
                site.settingsRequest = new CompletableFuture<>();
                mine = true;
            }
            request = site.settingsRequest;
        } finally {
            model.lock.unlock();
        }
        if (mine) {
            try {
                if (settingsSource == null) {
                    throw new IOException("no settings source");
                }
                ConnectionSettings fetched = settingsSource.settingsFor(site.endpoint);
                model.lock.lock();
                try {
                    site.settings = fetched;
                    site.settingsRequest = null;
                } finally {
                    model.lock.unlock();
                }
                request.complete(fetched);
            } catch (IOException | RuntimeException e) {
                model.lock.lock();
                try {
                    site.settingsRequest = null;
                } finally {
                    model.lock.unlock();
                }
                request.completeExceptionally(e);
            }
        }
        try {
            return request.get(1, TimeUnit.DAYS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new FtpException(Message.of(QueueText.NO_SETTINGS, site.endpoint.display(),
                    cause instanceof dev.ferry.message.Explained explained && explained.explanation() != null
                            ? explained.explanation() : String.valueOf(cause.getMessage())), false, cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new FtpException(Message.of(QueueText.NO_PASSWORD, site.endpoint.display()), false, e);
        }
    }

    /**
     * Refused credentials are not tried again for the site's next items or a retry: the source
     * (which may ask the user) is asked for new ones. Without a source they are all there is.
     */
    private void loginRefused(Site site, ConnectionSettings refused) {
        if (settingsSource == null) {
            return;
        }
        model.lock.lock();
        try {
            if (site.settings == refused) {
                site.settings = null;
            }
        } finally {
            model.lock.unlock();
        }
        settingsSource.refused(site.endpoint, refused);
    }

    private void disconnected(Site site) {
        model.lock.lock();
        try {
            if (site.connected > 0) {
                site.connected--;
            }
        } finally {
            model.lock.unlock();
        }
    }

    /**
     * The server accepts no more sessions: the pool shrinks to the sessions that are logged in,
     * the item waits for one of them. When even the first is refused, it is tried again later.
     */
    private void connectionLimitReached(Site site, Taken taken, FtpLoginException e) {
        long delay;
        model.lock.lock();
        try {
            site.limit = Math.max(1, site.connected);
            delay = 0;
            if (site.connected == 0) {
                site.refusedInARow++;
                delay = RetryPolicy.backoff(site.refusedInARow, settings.get()).toNanos();
            }
        } finally {
            model.lock.unlock();
        }
        if (taken.segment() != null) {
            // The worker coordinating the download, or another one already logged in, takes it instead.
            taken.segment().download().giveBack(taken.segment());
        } else {
            runner.waitForSession(taken.item(), e.explanation(), delay);
        }
    }

    int connectedSessions(String endpointKey) {
        model.lock.lock();
        try {
            Site site = model.existingSite(endpointKey);
            return site == null ? 0 : site.connected;
        } finally {
            model.lock.unlock();
        }
    }
}
