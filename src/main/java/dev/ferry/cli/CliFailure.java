package dev.ferry.cli;

import dev.ferry.message.Explained;
import dev.ferry.message.Message;

/** A command that cannot go on, with what to tell the user (printed in their language, exit 1). */
final class CliFailure extends RuntimeException implements Explained {

    private final Message explanation;

    CliFailure(Message explanation) {
        super(explanation.toString());
        this.explanation = explanation;
    }

    @Override
    public Message explanation() {
        return explanation;
    }
}
