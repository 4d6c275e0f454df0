package dev.ferry.net;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a socket or channel when it has made no progress for too long. Blocking channel I/O
 * ignores {@code SO_TIMEOUT}, and a handshake needs an overall deadline rather than one per read;
 * closing from another thread is the one way that always unblocks the waiting thread.
 * One daemon thread serves every guard in the process.
 */
public final class Watchdog {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ferry-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private Watchdog() {
    }

    /** A running guard: {@link #touch()} on progress, {@link #close()} when the work is done. */
    public static final class Guard implements AutoCloseable {
        private final Closeable target;
        private final long limitNanos;
        private volatile long lastProgress = System.nanoTime();
        private volatile boolean expired;
        private volatile boolean done;
        private ScheduledFuture<?> check;

        private Guard(Closeable target, Duration limit) {
            this.target = target;
            this.limitNanos = limit.toNanos();
        }

        /** Records progress: an idle guard starts counting again. */
        public void touch() {
            lastProgress = System.nanoTime();
        }

        /** True when the guard closed its target because time ran out. */
        public boolean expired() {
            return expired;
        }

        private synchronized void schedule(long delayNanos) {
            if (!done) {
                check = TIMER.schedule(this::check, Math.max(delayNanos, 1_000_000), TimeUnit.NANOSECONDS);
            }
        }

        private void check() {
            if (done) {
                return;
            }
            long waited = System.nanoTime() - lastProgress;
            if (waited < limitNanos) {
                schedule(limitNanos - waited);
                return;
            }
            expired = true;
            try {
                target.close();
            } catch (IOException | RuntimeException e) {
                // Closing is the whole point; a failure to close leaves nothing else to try.
            }
        }

        @Override
        public synchronized void close() {
            done = true;
            if (check != null) {
                check.cancel(false);
            }
        }
    }

    /** Closes {@code target} unless {@link Guard#close()} is called within {@code deadline}. */
    public static Guard deadline(Closeable target, Duration deadline) {
        Guard guard = new Guard(target, deadline);
        guard.schedule(guard.limitNanos);
        return guard;
    }

    /** Closes {@code target} when no {@link Guard#touch()} happened for {@code idle}. */
    public static Guard idle(Closeable target, Duration idle) {
        Guard guard = new Guard(target, idle);
        guard.schedule(guard.limitNanos);
        return guard;
    }
}
