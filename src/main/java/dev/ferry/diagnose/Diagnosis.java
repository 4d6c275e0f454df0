package dev.ferry.diagnose;

import dev.ferry.ftp.TlsMode;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a diagnosis: every planned step's result, in order, and the verdict.
 *
 * @param server          {@code host:port} as given
 * @param user            the user name tried
 * @param tlsMode         the TLS mode the settings asked for
 * @param deadlineReached the overall deadline cut the diagnosis short
 */
public record Diagnosis(String server, String user, TlsMode tlsMode, List<StepResult> steps, Verdict verdict,
                        Duration took, boolean deadlineReached) {

    public Diagnosis {
        steps = List.copyOf(steps);
    }

    public Optional<StepResult> result(Step step) {
        return steps.stream().filter(r -> r.step() == step).findFirst();
    }

    /** The outcome of a step, or {@code null} when the step was not part of this diagnosis. */
    public Outcome outcome(Step step) {
        return result(step).map(StepResult::outcome).orElse(null);
    }
}
