package dev.ferry.ui.connection;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DialogueListener;
import dev.ferry.ftp.FtpConnectionException;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpLoginException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpTimeoutException;
import dev.ferry.ftp.SecurityStatus;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The browsing session of one connection tab. Every network operation runs on the connection's
 * own thread, never on the FX thread; results come back on the FX thread. When the server has
 * dropped an idle session, the next operation reconnects first, silently (and once more for an
 * operation that failed because the connection was gone).
 */
public final class RemoteConnection {

    public enum State { DISCONNECTED, CONNECTING, CONNECTED, BUSY }

    /** Work to do with the session; runs on the connection's thread. */
    @FunctionalInterface
    public interface Task<T> {
        T run(FtpSession session) throws Exception;
    }

    private final ConnectionSettings settings;
    private final String siteId;
    private final FtpSession session;
    private final ExecutorService thread;
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.DISCONNECTED);
    private final ObjectProperty<SecurityStatus> security = new SimpleObjectProperty<>(SecurityStatus.DISCONNECTED);
    private final ScheduledExecutorService keepAlive;
    private volatile ScheduledFuture<?> keepAliveTask;
    private volatile long lastActivity = System.nanoTime();
    /** The same moment by the wall clock, which (unlike nanoTime) goes on while the machine sleeps. */
    private volatile long lastActivityMillis = System.currentTimeMillis();
    private volatile boolean closed;
    private volatile Runnable loginRefused = () -> { };
    /** The server refused this connection's password: it logs in no more. */
    private volatile FtpLoginException refusedLogin;
    /** Tasks handed to the connection's thread and not finished: while any is, the connection is not idle. */
    private final AtomicInteger pendingTasks = new AtomicInteger();

    public RemoteConnection(ConnectionSettings settings, String siteId, String name, DialogueListener log,
                            int keepAliveSeconds) {
        this.settings = settings;
        this.siteId = siteId;
        this.session = new FtpSession(settings, name);
        this.session.addListener(log);
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "ferry-browse-" + settings.host());
            t.setDaemon(true);
            return t;
        });
        this.keepAlive = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "ferry-keepalive");
            t.setDaemon(true);
            return t;
        });
        setKeepAlive(keepAliveSeconds);
        keepAlive.scheduleWithFixedDelay(this::watchWhileIdle, IDLE_WATCH_SECONDS, IDLE_WATCH_SECONDS, TimeUnit.SECONDS);
    }

    /** How often an idle connection is looked at for a server that said goodbye or went away. */
    private static final int IDLE_WATCH_SECONDS = 2;

    /**
     * Sends nothing: only looks whether the server closed the idle connection (its idle timeout,
     * a restart), so that the tab says "Disconnected" then rather than at the next action.
     */
    private void watchWhileIdle() {
        if (closed || pendingTasks.get() > 0 || !session.isConnected()) {
            return;
        }
        try {
            thread.execute(() -> {
                if (pendingTasks.get() == 0 && !closed && !session.checkIdleConnection()) {
                    publish();
                }
            });
        } catch (RejectedExecutionException closing) {
            // The tab was closed meanwhile.
        }
    }

    public ConnectionSettings settings() {
        return settings;
    }

    public String siteId() {
        return siteId;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    public ReadOnlyObjectProperty<SecurityStatus> securityProperty() {
        return security;
    }

    /** "user@host:port" for titles and messages. */
    public String display() {
        return settings.user() + "@" + settings.address();
    }

    /** NOOP every so often while idle, so the server does not drop the browsing session. */
    public void setKeepAlive(int seconds) {
        if (keepAliveTask != null) {
            keepAliveTask.cancel(false);
        }
        if (seconds > 0) {
            keepAliveTask = keepAlive.scheduleWithFixedDelay(() -> {
                if (!closed && session.isConnected() && System.nanoTime() - lastActivity > TimeUnit.SECONDS.toNanos(seconds)) {
                    thread.execute(() -> {
                        try {
                            session.noop();
                        } catch (FtpException e) {
                            publish();
                        }
                    });
                }
            }, seconds, seconds, TimeUnit.SECONDS);
        }
    }

    /**
     * Told on the FX thread, before the failing task's own handler, when the server refused the
     * login as a wrong user or password: at the first login, or at one this connection made again
     * by itself after the server dropped it (the password changed meanwhile), which no task's
     * handler would take for a refusal.
     */
    public void onLoginRefused(Runnable handler) {
        loginRefused = handler;
    }

    /** Runs a task with a connected session: connects (again) first when needed. */
    public <T> void run(Task<T> task, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        if (closed) {
            onFailure.accept(closedFailure());
            return;
        }
        pendingTasks.incrementAndGet();
        try {
            thread.execute(() -> {
                // A laptop that slept for hours was idle that long, whatever nanoTime says.
                long idleNanos = Math.max(System.nanoTime() - lastActivity,
                        TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - lastActivityMillis));
                markActivity();
                try {
                    T result = withReconnect(task, idleNanos);
                    Platform.runLater(() -> onSuccess.accept(result));
                } catch (Throwable failure) {
                    boolean refused = failure instanceof FtpLoginException login && login.mayBeWrongCredentials();
                    if (refused) {
                        refusedLogin = (FtpLoginException) failure;
                    }
                    Platform.runLater(() -> {
                        if (refused) {
                            loginRefused.run();
                        }
                        onFailure.accept(failure);
                    });
                } finally {
                    // Idle from the end of the task: a long listing is not time left alone.
                    markActivity();
                    pendingTasks.decrementAndGet();
                    publish();
                }
            });
        } catch (RejectedExecutionException closing) {
            // Closed between the check above and now.
            pendingTasks.decrementAndGet();
            onFailure.accept(closedFailure());
        }
    }

    private void markActivity() {
        lastActivity = System.nanoTime();
        lastActivityMillis = System.currentTimeMillis();
    }

    /** What a task handed to a closed connection fails with. */
    private static FtpException closedFailure() {
        return new FtpException(dev.ferry.message.Message.of(dev.ferry.ftp.FtpText.SESSION_CLOSED), false);
    }

    /**
     * How long a connection must have been left alone before a reply that never came is taken for
     * a router or firewall that forgot it (worth a new connection), not for a server that froze.
     */
    private static final long FORGOTTEN_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private <T> T withReconnect(Task<T> task, long idleNanos) throws Exception {
        ensureConnected();
        setState(State.BUSY);
        try {
            return task.run(session);
        } catch (FtpConnectionException | FtpTimeoutException lost) {
            if (closed || session.isConnected()) {
                throw lost;
            }
            if (lost instanceof FtpTimeoutException && idleNanos < FORGOTTEN_AFTER_IDLE_NANOS) {
                // A server that stopped answering while in use: logging in again would wait as long
                // once more for its greeting, only to say the same.
                throw lost;
            }
            // The server dropped us (idle timeout, restart): log in again and try once more.
            ensureConnected();
            setState(State.BUSY);
            return task.run(session);
        }
    }

    private void ensureConnected() throws FtpException {
        if (refusedLogin != null) {
            // Not sent again by itself (R14: each refresh did, the queue's after its transfers too, where a
            // server may lock the account after a few): the tab's Reconnect asks for another and makes a new connection.
            throw refusedLogin;
        }
        if (!session.isConnected()) {
            setState(State.CONNECTING);
            try {
                session.connect();
            } finally {
                publish();
            }
        }
    }

    /** Connects now (for the Connect button); {@code onDone} gets the failure, or null. */
    public void connect(Consumer<Throwable> onDone) {
        run(session -> null, ignored -> onDone.accept(null), onDone);
    }

    public void reconnect(Consumer<Throwable> onDone) {
        run(session -> {
            session.reconnect();
            return null;
        }, ignored -> onDone.accept(null), onDone);
    }

    /** Cancels the running operation from the FX thread (ABOR for transfers). */
    public void cancel() {
        session.cancelRunning();
    }

    public boolean isConnected() {
        return session.isConnected();
    }

    /** Says goodbye in the background and stops the thread. */
    public void close() {
        closed = true;
        if (keepAliveTask != null) {
            keepAliveTask.cancel(false);
        }
        keepAlive.shutdownNow();
        session.cancelRunning();
        thread.execute(() -> {
            session.quit();
            session.close();
            publish();
        });
        thread.shutdown();
    }

    private void setState(State next) {
        Platform.runLater(() -> state.set(next));
    }

    private void publish() {
        State current = session.isConnected() ? State.CONNECTED : State.DISCONNECTED;
        SecurityStatus status = session.security();
        Platform.runLater(() -> {
            state.set(current);
            security.set(status);
        });
    }
}
