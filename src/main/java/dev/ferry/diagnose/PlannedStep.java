package dev.ferry.diagnose;

import dev.ferry.message.Message;

/** A step the diagnosis will report on, with its title, known before it runs (for a live checklist). */
public record PlannedStep(Step step, Message title) {
}
