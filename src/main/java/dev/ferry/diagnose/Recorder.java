package dev.ferry.diagnose;

import dev.ferry.message.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The results of one diagnosis as they come, from several probe threads: each planned step is
 * finished once, the listener hears of it at once, and once the diagnosis is over (or its
 * deadline passed) late results are dropped, so a probe cut off by the deadline cannot turn its
 * step into a misleading "connection closed".
 */
final class Recorder {

    private static final System.Logger LOG = System.getLogger(Recorder.class.getName());

    private final Map<Step, PlannedStep> plan = new LinkedHashMap<>();
    private final Map<Step, StepResult> results = new ConcurrentHashMap<>();
    private final Map<Step, Long> startedAt = new ConcurrentHashMap<>();
    private final DiagnosisListener listener;
    private volatile boolean closed;

    Recorder(List<PlannedStep> steps, DiagnosisListener listener) {
        steps.forEach(s -> plan.put(s.step(), s));
        this.listener = listener;
        tell(() -> listener.planned(List.copyOf(steps)));
    }

    boolean planned(Step step) {
        return plan.containsKey(step);
    }

    Message title(Step step) {
        PlannedStep planned = plan.get(step);
        return planned == null ? Detail.text(step.name()) : planned.title();
    }

    void start(Step step) {
        if (!planned(step) || closed || results.containsKey(step) || startedAt.putIfAbsent(step, System.nanoTime()) != null) {
            return;
        }
        tell(() -> listener.started(step));
    }

    void finish(Step step, Outcome outcome, Message message, List<Message> details) {
        if (!planned(step) || closed) {
            return;
        }
        Long started = startedAt.get(step);
        Duration took = started == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
        StepResult result = new StepResult(step, title(step), outcome, message, details, took);
        if (results.putIfAbsent(step, result) == null) {
            tell(() -> listener.finished(result));
        }
    }

    void finish(Step step, Outcome outcome, Message message) {
        finish(step, outcome, message, List.of());
    }

    /** Marks every unfinished step in {@code steps} as skipped for {@code reason}. */
    void skip(List<Step> steps, Message reason) {
        for (Step step : steps) {
            if (planned(step) && !results.containsKey(step)) {
                finish(step, Outcome.SKIPPED, reason);
            }
        }
    }

    /** Skipped because {@code failed} did not work. */
    void skipAfter(Step failed, List<Step> steps) {
        skip(steps, Message.of(DiagnoseText.SKIPPED_AFTER, title(failed)));
    }

    boolean finished(Step step) {
        return results.containsKey(step);
    }

    Optional<StepResult> result(Step step) {
        return Optional.ofNullable(results.get(step));
    }

    /** The outcome of a finished step, or null (not planned, not finished). */
    Outcome outcome(Step step) {
        StepResult result = results.get(step);
        return result == null ? null : result.outcome();
    }

    boolean works(Step step) {
        Outcome outcome = outcome(step);
        return outcome != null && outcome.works();
    }

    /**
     * Ends the diagnosis: steps still running get {@code running}, steps never started
     * {@code notStarted}; then nothing more is recorded. Returns every result in plan order.
     */
    List<StepResult> close(Outcome runningOutcome, Message running, Message notStarted) {
        List<StepResult> ordered = new ArrayList<>();
        for (Step step : plan.keySet()) {
            if (!results.containsKey(step)) {
                if (startedAt.containsKey(step)) {
                    finish(step, runningOutcome, running);
                } else {
                    finish(step, Outcome.SKIPPED, notStarted);
                }
            }
        }
        closed = true;
        for (Step step : plan.keySet()) {
            ordered.add(results.get(step));
        }
        return ordered;
    }

    private void tell(Runnable news) {
        try {
            news.run();
        } catch (RuntimeException e) {
            // A listener's bug must not end the diagnosis.
            LOG.log(System.Logger.Level.WARNING, "a diagnosis listener failed", e);
        }
    }
}
