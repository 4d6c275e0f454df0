package dev.ferry.diagnose;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a diagnosis may take: each step (a connection, a reply, a handshake) gets
 * {@code stepTimeout}; the whole diagnosis ends by {@code deadline}, whatever the server does.
 */
public record DiagnoseOptions(Duration stepTimeout, Duration deadline) {

    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);
    public static final DiagnoseOptions DEFAULT = new DiagnoseOptions(DEFAULT_STEP_TIMEOUT, DEFAULT_DEADLINE);

    public DiagnoseOptions {
        Objects.requireNonNull(stepTimeout, "stepTimeout");
        Objects.requireNonNull(deadline, "deadline");
        if (stepTimeout.isNegative() || stepTimeout.isZero() || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the step timeout and the deadline must be positive");
        }
        if (deadline.compareTo(stepTimeout) < 0) {
            throw new IllegalArgumentException("the deadline (" + deadline.toSeconds() + " s) is shorter than one step ("
                    + stepTimeout.toSeconds() + " s)");
        }
    }

    public DiagnoseOptions withStepTimeout(Duration timeout) {
        return new DiagnoseOptions(timeout, deadline.compareTo(timeout) < 0 ? timeout : deadline);
    }

    public DiagnoseOptions withDeadline(Duration next) {
        return new DiagnoseOptions(stepTimeout, next);
    }
}
