package dev.ferry.transfer;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DialogueListener;
import dev.ferry.ftp.FtpCancelledException;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpLoginException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.FtpTlsException;
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
 * instead of failing items. A server that cannot be reached at all (down, restarting) is the
 * server's failure, not its items': one worker tries it again after a growing pause while the
 * items wait with their retries untouched, up to a budget after which they fail together. When
 * the settings of a site must be fetched (a password prompt after a restart), one worker asks and
 * the others wait for that one answer.
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

        /** A server could not be reached and is tried again later: said once per try, not per item. */
        default void serverUnreachable(Message notice) {
        }

        /** A server that could not be reached opened a session again: said once per outage. */
        default void serverReachable(Message notice) {
        }
    }

    /**
     * What a worker takes next: an item, or one segment of a segmented download running on another worker;
     * {@code afterWaiting} when the worker had nothing to do for a while before it, its session idle meanwhile.
     */
    private record Taken(TransferItem item, SegmentedDownload.Task segment, boolean probe, boolean afterWaiting) {
        CancelToken token() {
            return segment != null ? segment.download().token : item.token;
        }
    }

    /** Not work: the worker's idle session goes to a caller that asked for it back, and the worker ends. */
    private static final Taken HAND_BACK = new Taken(null, null, false, false);

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
        // Only the running items: called as each file ends, a walk over the whole queue made a
        // many-files run quadratic.
        for (TransferItem item : model.running()) {
            if (item.site == site) {
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
        // The session idled through a hand-back that did not happen: the next take may not wait at all.
        boolean idled = false;
        try {
            while (true) {
                Taken next = take(site, session != null && session.isConnected());
                if (next == null) {
                    return;
                }
                if (next == HAND_BACK) {
                    if (handBack(site, session)) {
                        session = null;
                        return;
                    }
                    // The caller stopped waiting in the meantime: the worker keeps its session.
                    idled = true;
                    continue;
                }
                try {
                    if (session == null) {
                        session = takeSpareSession(site);
                        checkStillConnected(session);
                    } else if (next.afterWaiting() || idled) {
                        checkStillConnected(session);
                    }
                    idled = false;
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
                                if (connectionLimitReached(site, next, e)) {
                                    return;
                                }
                                continue;
                            }
                            couldNotStart(next, e);
                            continue;
                        } catch (IOException e) {
                            if (RetryPolicy.isUnreachable(e) && !next.token().isCancelled()) {
                                serverUnreachable(site, next, (FtpException) e);
                            } else {
                                couldNotStart(next, e);
                            }
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
                } finally {
                    if (next.probe()) {
                        probeEnded(site);
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
                    site.unreachable = false;
                    site.probing = false;
                }
                if (site.workers == 0 && site.waiting.isEmpty() && site.segmentedRuns.isEmpty()) {
                    // Lessons for the work in hand, which is done: kept for the application's life, a server
                    // reconfigured since never had a download continued or an upload resumed again. The next
                    // batch learns again, at the cost of one refusal. Workers that all ended while items wait
                    // for their retry (idle longer than the wait) leave the work in hand undone.
                    site.restRefused = false;
                    site.uploadContinuationRefused = false;
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
     * finishes first. While the server cannot be reached, a worker that would have to connect
     * takes nothing until its turn to try the server again.
     */
    private Taken take(Site site, boolean hasSession) {
        long idle = settings.get().idleTimeout().toNanos();
        long idleDeadline = System.nanoTime() + idle;
        boolean waited = false;
        model.lock.lock();
        try {
            while (true) {
                if (model.closed || site.workers > capacity(site)) {
                    return null;
                }
                long now = System.nanoTime();
                boolean probe = !hasSession && site.unreachable;
                if (probe && (site.probing || now - site.reconnectAt < 0)) {
                    if (model.processing && (!site.waiting.isEmpty() || !site.segmentedRuns.isEmpty())) {
                        // Waiting for the server is not being idle: the work is still there.
                        idleDeadline = now + idle;
                    }
                    long wait = site.probing ? idleDeadline - now : Math.min(idleDeadline, site.reconnectAt) - now;
                    if (idleDeadline - now <= 0) {
                        return null;
                    }
                    model.changed.awaitNanos(Math.max(wait, 1_000_000));
                    waited = true;
                    continue;
                }
                if (hasSession && site.sessionsWanted > site.handedBack.size()
                        && (!model.processing || site.waiting.isEmpty() && site.segmentedRuns.isEmpty())) {
                    return HAND_BACK;
                }
                long wait = idleDeadline - now;
                if (model.processing) {
                    for (SegmentedDownload run : site.segmentedRuns) {
                        SegmentedDownload.Task segment = run.takeLocked(now);
                        if (segment != null) {
                            site.probing |= probe;
                            return new Taken(null, segment, probe, waited);
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
                            site.probing |= probe;
                            return new Taken(item, null, probe, waited);
                        }
                        wait = Math.min(wait, item.notBefore - now);
                    }
                }
                if (idleDeadline - now <= 0) {
                    return null;
                }
                model.changed.awaitNanos(Math.max(wait, 1_000_000));
                waited = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            model.lock.unlock();
        }
    }

    /** Gives the worker's session to a caller still waiting for it; false when none waits any more. */
    private boolean handBack(Site site, FtpSession session) {
        model.lock.lock();
        try {
            if (site.sessionsWanted <= site.handedBack.size()) {
                return false;
            }
            site.handedBack.add(session);
            if (site.connected > 0) {
                site.connected--;
            }
            model.changed.signalAll();
            return true;
        } finally {
            model.lock.unlock();
        }
    }

    /**
     * A logged-in session of this site's that nothing in the queue needs now, taken out of the pool
     * (the caller quits it), or null when none is idle within {@code patienceNanos}, or once
     * {@code token} is cancelled: a session handed over and never taken, else one of an idle
     * worker, which then ends.
     */
    FtpSession takeBack(Site site, long patienceNanos, CancelToken token) throws InterruptedException {
        long deadline = System.nanoTime() + patienceNanos;
        // A cancel wakes the wait rather than leave a stopped sync waiting out its patience.
        try (CancelToken.Registration wake = token.whileBlocked(this::wakeWaiters)) {
            model.lock.lock();
            try {
                if (token.isCancelled()) {
                    return null;
                }
                FtpSession spare = site.spareSessions.poll();
                if (spare != null) {
                    return spare;
                }
                site.sessionsWanted++;
                model.changed.signalAll();
                try {
                    while (site.handedBack.isEmpty()) {
                        long left = deadline - System.nanoTime();
                        if (site.connected == 0 || model.closed || left <= 0 || token.isCancelled()) {
                            return null;
                        }
                        model.changed.awaitNanos(left);
                    }
                    return site.handedBack.poll();
                } finally {
                    site.sessionsWanted--;
                    // A caller interrupted as a worker handed its session over leaves it behind, holding a
                    // place on the server with nobody to quit it: a worker takes it before logging in, and
                    // the queue's closing closes it.
                    while (site.handedBack.size() > site.sessionsWanted) {
                        site.spareSessions.add(site.handedBack.pollLast());
                    }
                }
            } finally {
                model.lock.unlock();
            }
        }
    }

    private void wakeWaiters() {
        model.lock.lock();
        try {
            model.changed.signalAll();
        } finally {
            model.lock.unlock();
        }
    }

    /**
     * A session that sat idle may have been hung up on meanwhile (a server restarted, its idle timeout):
     * its next command would fail the item on a connection any client logs in again for. Seen without
     * sending anything (a look that may wait a millisecond), so only after the worker waited for work, not
     * between files taken one after the other; a session found dead is left disconnected (as is one whose
     * look failed in any way), and the worker logs in anew.
     */
    private static void checkStillConnected(FtpSession session) {
        if (session == null) {
            return;
        }
        try {
            session.checkIdleConnection();
        } catch (RuntimeException unexpected) {
            session.close();
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
            connection = withPlainIfAgreed(site, settingsFor(site));
        } finally {
            if (mayAsk) {
                model.awaitingAnswer(next.item(), false);
            }
        }
        FtpSession session;
        while (true) {
            session = new FtpSession(connection, "worker " + number + " " + site.endpoint.display());
            for (DialogueListener listener : dialogueListeners) {
                session.addListener(listener);
            }
            // The item's token: pausing or cancelling it while the server is slow to answer stops the login too.
            try {
                session.connect(token);
                break;
            } catch (FtpLoginException e) {
                if (e.mayBeWrongCredentials()) {
                    loginRefused(site, connection);
                }
                throw e;
            } catch (FtpTlsException e) {
                if (e.reason() != FtpText.TLS_NOT_OFFERED_IF_AVAILABLE || settingsSource == null
                        || connection.plainWhenTlsNotOffered()) {
                    throw e;
                }
                TransferItem waiting = next.segment() != null ? next.segment().download().item : next.item();
                connection = askForPlain(site, connection, e, waiting);
                // The user stopped the item while the question was open: its answer is for the next one.
                token.throwIfCancelled();
                // Agreed: the engine no longer refuses this server, so this is the last round.
            }
        }
        boolean back;
        model.lock.lock();
        try {
            back = site.unreachable;
            site.connected++;
            site.unreachable = false;
            site.reconnectTries = 0;
        } finally {
            model.lock.unlock();
        }
        if (back) {
            runner.serverReachable(Message.of(QueueText.SERVER_REACHABLE_AGAIN, site.endpoint.display()));
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

    /** The settings with the user's earlier yes to plain FTP for this server, when there was one. */
    private ConnectionSettings withPlainIfAgreed(Site site, ConnectionSettings connection) {
        boolean agreed;
        model.lock.lock();
        try {
            agreed = site.plainAgreed;
        } finally {
            model.lock.unlock();
        }
        return agreed && !connection.plainWhenTlsNotOffered()
                ? connection.toBuilder().plainWhenTlsNotOffered(true).build() : connection;
    }

    /**
     * A server without TLS for settings whose "TLS if available" came without consent to plain FTP:
     * the source may ask the user ({@code item} shows the wait). On yes, remembered for the site's
     * next sessions, the settings that say so; otherwise the failure to give the item.
     */
    private ConnectionSettings askForPlain(Site site, ConnectionSettings refused, FtpTlsException refusal,
                                           TransferItem item) throws FtpException {
        ConnectionSettings earlier = withPlainIfAgreed(site, refused);
        if (earlier != refused) {
            return earlier;
        }
        String serverAnswer = refusal.authReply();
        if (item != null) {
            model.awaitingAnswer(item, true);
        }
        SettingsSource.PlainAnswer answer;
        try {
            answer = settingsSource.askPlain(site.endpoint, serverAnswer);
        } finally {
            if (item != null) {
                model.awaitingAnswer(item, false);
            }
        }
        if (answer == SettingsSource.PlainAnswer.NOT_ASKED) {
            throw refusal;
        }
        if (answer == SettingsSource.PlainAnswer.DECLINED) {
            // The engine's advice (choose another protocol) is not for a queued item: Retry asks again.
            throw new FtpException(Message.of(QueueText.PLAIN_DECLINED, site.endpoint.display(), serverAnswer),
                    false, refusal);
        }
        model.lock.lock();
        try {
            site.plainAgreed = true;
        } finally {
            model.lock.unlock();
        }
        return refused.toBuilder().plainWhenTlsNotOffered(true).build();
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
     * the item waits for one of them. When even the first is refused, the server cannot be
     * reached for now (a 421 at the greeting of a server being restarted looks the same), and is
     * tried again as one. True when the worker ends.
     */
    private boolean connectionLimitReached(Site site, Taken taken, FtpLoginException e) {
        boolean outage;
        model.lock.lock();
        try {
            // Refused with none logged in says nothing of how many it takes: the pool keeps its size.
            outage = site.connected == 0 && !taken.token().isCancelled();
            if (!outage) {
                site.limit = Math.max(1, site.connected);
            }
        } finally {
            model.lock.unlock();
        }
        if (outage) {
            serverUnreachable(site, taken, e);
            return false;
        }
        if (taken.segment() != null) {
            // The worker coordinating the download, or another one already logged in, takes it instead.
            taken.segment().download().giveBack(taken.segment());
        } else {
            runner.waitForSession(taken.item(), e.explanation(), 0);
        }
        return true;
    }

    /**
     * A run connected again (to repeat a transfer) and could not reach the server: as if it could not start.
     * Not for a segment: a split download's coordinator runs its own segments without {@link #take}, which
     * holds a worker back until the server's next try, and it looped on the refusal (R28); a segment counts
     * the refusal as its failure, with its pause, and the download's failure then comes here.
     */
    void serverUnreachableDuringRun(TransferItem item, FtpException failure) {
        serverUnreachable(item.site, new Taken(item, null, false, false), failure);
    }

    /**
     * The server could not be reached: its failure, not the item's. The item goes back to wait
     * with its retries untouched, and the server is tried again by one worker after the items'
     * doubling pause, said once per try. When it stays unreachable past the budget (see
     * {@link RetryPolicy#outageBudget}), what waits for it fails with one reason that says so.
     */
    private void serverUnreachable(Site site, Taken taken, FtpException failure) {
        Message notice = null;
        TransferItem stopAsked = null;
        boolean givenUp;
        model.lock.lock();
        try {
            long now = System.nanoTime();
            QueueSettings current = settings.get();
            if (!site.unreachable) {
                site.unreachable = true;
                site.unreachableSince = now;
                site.reconnectTries = 0;
            }
            // Workers that connected at the same time found the same thing: one try, said once.
            boolean newTry = taken.probe() || site.reconnectTries == 0;
            if (newTry) {
                site.reconnectTries++;
            }
            long out = now - site.unreachableSince;
            Message why = RunSupport.explain(failure);
            TransferItem item = taken.item() != null && model.item(taken.item().id) == taken.item() ? taken.item() : null;
            if (item != null && item.stop != TransferItem.StopRequest.NONE) {
                // The user stopped it meanwhile: done below, as asked, not sent back to wait (R25).
                stopAsked = item;
                item = null;
            }
            givenUp = newTry && site.connected == 0 && out >= RetryPolicy.outageBudget(current).toNanos();
            if (givenUp) {
                Message reason = Message.of(QueueText.SERVER_UNREACHABLE, site.endpoint.display(),
                        TimeUnit.NANOSECONDS.toSeconds(out), site.reconnectTries, why);
                site.unreachable = false;
                site.reconnectTries = 0;
                for (TransferItem waiting : List.copyOf(site.waiting)) {
                    model.fail(waiting, reason);
                }
                if (item != null) {
                    item.attempts++;
                    model.fail(item, reason);
                }
                model.changed.signalAll();
            } else {
                if (newTry) {
                    long pause = RetryPolicy.backoff(site.reconnectTries, current).toNanos();
                    site.reconnectAt = now + pause;
                    notice = Message.of(QueueText.SERVER_UNREACHABLE_RETRYING, site.endpoint.display(), why,
                            Math.max(1, Math.round(pause / 1e9)), site.waiting.size() + (item != null ? 1 : 0));
                }
                if (item != null) {
                    item.lastError = why;
                    model.requeue(item, 0);
                }
            }
        } finally {
            model.lock.unlock();
        }
        if (taken.segment() != null) {
            if (givenUp) {
                taken.segment().download().couldNotStart(taken.segment(), failure);
            } else {
                taken.segment().download().giveBack(taken.segment());
            }
        }
        if (notice != null) {
            runner.serverUnreachable(notice);
        }
        if (stopAsked != null) {
            runner.couldNotStart(stopAsked, new FtpCancelledException());
        }
    }

    private void probeEnded(Site site) {
        model.lock.lock();
        try {
            site.probing = false;
            model.changed.signalAll();
        } finally {
            model.lock.unlock();
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
