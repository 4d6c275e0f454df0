package dev.ferry.ftp;

import java.util.ArrayList;
import java.util.List;

/**
 * The caller's handle on one piece of work (a queue item, a browse request): it may span several
 * session operations (SIZE, a question to the user, RETR), and a cancel at any point between or
 * during them is never lost, because the token stays cancelled.
 * <p>
 * {@link #cancel()} may be called from any thread. It only marks the token and interrupts the
 * blocking step in progress, by shutting its raw socket down: the thread that owns the session
 * sees its read or write fail, checks the token and cleans up (ABOR, TLS close) itself. So no
 * network I/O and no TLS state is ever touched by the cancelling thread.
 */
public final class CancelToken {

    /** Interrupts one blocking step; runs on the cancelling thread, so it must only shut a socket down. */
    @FunctionalInterface
    public interface Interrupter {
        void interrupt();
    }

    /** Removes an interrupter once its step is over. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private final Object lock = new Object();
    private final List<Interrupter> interrupters = new ArrayList<>(2);
    private volatile boolean cancelled;

    public void cancel() {
        List<Interrupter> toRun;
        synchronized (lock) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(interrupters);
        }
        for (Interrupter interrupter : toRun) {
            interruptQuietly(interrupter);
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public void throwIfCancelled() throws FtpCancelledException {
        if (cancelled) {
            throw new FtpCancelledException();
        }
    }

    /**
     * Registers what interrupts the step about to block. When the token is already cancelled the
     * interrupter runs at once, so a cancel that came just before the step still stops it.
     */
    public Registration whileBlocked(Interrupter interrupter) {
        boolean already;
        synchronized (lock) {
            already = cancelled;
            if (!already) {
                interrupters.add(interrupter);
            }
        }
        if (already) {
            interruptQuietly(interrupter);
        }
        return () -> {
            synchronized (lock) {
                interrupters.remove(interrupter);
            }
        };
    }

    private static void interruptQuietly(Interrupter interrupter) {
        try {
            interrupter.interrupt();
        } catch (RuntimeException e) {
            // The step is ending anyway; its owner sees the token.
        }
    }

    @Override
    public String toString() {
        return cancelled ? "CancelToken[cancelled]" : "CancelToken[live]";
    }
}
