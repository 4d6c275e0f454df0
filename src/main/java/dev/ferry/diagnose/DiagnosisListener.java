package dev.ferry.diagnose;

import java.util.List;

/**
 * Follows a diagnosis as it runs. Called on the diagnosis' own threads, several at once: an
 * implementation hands the news to its thread (the window uses {@code Platform.runLater}) and
 * must not block.
 */
public interface DiagnosisListener {

    DiagnosisListener NONE = new DiagnosisListener() {
    };

    /** Once, first: the steps that will be reported, in order. */
    default void planned(List<PlannedStep> steps) {
    }

    default void started(Step step) {
    }

    /** Once per planned step. */
    default void finished(StepResult result) {
    }
}
