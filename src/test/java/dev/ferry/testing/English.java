package dev.ferry.testing;

import dev.ferry.message.Message;
import dev.ferry.message.Messages;

import java.util.Locale;

/** What a user of the English interface reads, for assertions about wording. */
public final class English {

    private English() {
    }

    public static String of(Throwable failure) {
        return Messages.describe(failure, Locale.ROOT);
    }

    public static String of(Message message) {
        return message == null ? null : Messages.render(message, Locale.ROOT);
    }
}
