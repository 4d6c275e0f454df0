package dev.ferry.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for a condition instead of sleeping for a fixed time: the machine running the tests may
 * be slow (two busy cores), so a test waits as long as it takes, up to a generous deadline, and
 * then fails saying what it was waiting for and what it saw.
 */
public final class Await {

    /** Generous enough for a loaded two-core machine; a test that needs longer says so. */
    public static final Duration DEFAULT = Duration.ofSeconds(60);

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, DEFAULT, () -> "");
    }

    public static void until(String what, BooleanSupplier condition, Duration timeout) {
        until(what, condition, timeout, () -> "");
    }

    /** As {@link #until(String, BooleanSupplier)}; {@code state} describes what was seen when it fails. */
    public static void until(String what, BooleanSupplier condition, Duration timeout, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 1;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                String seen = state.get();
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + (seen == null || seen.isEmpty() ? "" : "\nSeen: " + seen));
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
            pause = Math.min(50, pause * 2);
        }
    }
}
