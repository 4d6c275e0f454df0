package dev.ferry.diagnose;

import dev.ferry.message.Message;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one step ended. {@code title} names the step ("TCP connection to port 21"), {@code message}
 * says what happened, {@code details} hold what supports it: the server's replies, the
 * certificate, the addresses (protocol text is wrapped in {@link Detail#text(String)}).
 */
public record StepResult(Step step, Message title, Outcome outcome, Message message, List<Message> details,
                         Duration took) {

    public StepResult {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        details = details == null ? List.of() : List.copyOf(details);
        took = took == null ? Duration.ZERO : took;
    }
}
