package dev.ferry.transfer;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpSession;
import dev.ferry.testing.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session an idle worker gave up for a caller (SessionPool#takeBack) ends with that caller or
 * where the queue's workers and its closing find it: never in between, holding a server's place.
 */
class SessionTakeBackTest {

    private static final ConnectionSettings SERVER =
            ConnectionSettings.builder("127.0.0.1").port(1).user("u").password("p").build();

    private static Site siteWithOneWorker(QueueModel model) {
        model.lock.lock();
        try {
            Site site = model.site(Endpoint.of(SERVER, null));
            site.connected = 1;
            return site;
        } finally {
            model.lock.unlock();
        }
    }

    /** Waiting for the signal (a timed wait); waiting for the lock would be a plain one. */
    private static void awaitWaiting(QueueModel model, Site site, Thread caller) {
        Await.until("the caller to wait for a session", () -> {
            model.lock.lock();
            try {
                return site.sessionsWanted == 1 && caller.getState() == Thread.State.TIMED_WAITING;
            } finally {
                model.lock.unlock();
            }
        });
    }

    @Test
    void aSessionHandedBackToACallerThatStoppedWaitingIsLeftForTheWorkers() throws Exception {
        QueueModel model = new QueueModel();
        SessionPool pool = new SessionPool(model, () -> QueueSettings.DEFAULT, null, List.of(), null);
        Site site = siteWithOneWorker(model); // logged in and idle
        FtpSession session = new FtpSession(SERVER, "worker");
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                outcome.set(pool.takeBack(site, Duration.ofMinutes(1).toNanos(), new CancelToken()));
            } catch (InterruptedException e) {
                outcome.set(e);
            }
        });
        awaitWaiting(model, site, caller);
        model.lock.lock();
        try {
            // The caller is interrupted (a command's end) as the worker hands its session over: both
            // before the caller runs again.
            caller.interrupt();
            // Woken by the interruption, the caller waits for the lock again, no longer for a signal.
            Await.until("the interrupted caller to wait for the lock", () -> caller.getState() == Thread.State.WAITING);
            site.handedBack.add(session);
            site.connected--;
            model.changed.signalAll();
        } finally {
            model.lock.unlock();
        }
        caller.join(10_000);
        assertFalse(caller.isAlive());
        model.lock.lock();
        try {
            assertTrue(outcome.get() == session || site.spareSessions.contains(session),
                    "the caller's, or where a worker takes it before logging in (and the queue's closing closes it): "
                            + outcome.get() + ", spare " + site.spareSessions + ", handed back " + site.handedBack);
            assertTrue(site.handedBack.isEmpty(), "nothing left for a caller that no longer waits");
        } finally {
            model.lock.unlock();
        }
    }

    /**
     * A sync waits for a busy worker's session (a few seconds) once its files are across: stopped
     * then (Ctrl+C, the window's Cancel), it went on waiting as if nothing had been asked.
     */
    @Test
    void aCancelledCallerStopsWaitingForABusyWorkersSession() throws Exception {
        QueueModel model = new QueueModel();
        SessionPool pool = new SessionPool(model, () -> QueueSettings.DEFAULT, null, List.of(), null);
        Site site = siteWithOneWorker(model); // logged in and busy: it hands nothing back
        CancelToken token = new CancelToken();
        AtomicReference<Object> outcome = new AtomicReference<>("still waiting");
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                outcome.set(pool.takeBack(site, Duration.ofMinutes(10).toNanos(), token));
            } catch (InterruptedException e) {
                outcome.set(e);
            }
        });
        try {
            awaitWaiting(model, site, caller);
            token.cancel();
            Await.until("the cancelled caller to stop waiting", () -> !caller.isAlive(), Await.DEFAULT,
                    () -> "outcome " + outcome.get() + ", caller " + caller.getState());
            assertNull(outcome.get(), "no session for a caller that was stopped");
            model.lock.lock();
            try {
                assertEquals(0, site.sessionsWanted, "nobody waits for one any more");
            } finally {
                model.lock.unlock();
            }
        } finally {
            caller.interrupt();
            caller.join(10_000);
        }
    }
}
