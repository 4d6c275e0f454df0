package dev.ferry.cli;

import dev.ferry.ftp.DialogueEntry;
import dev.ferry.message.Message;
import dev.ferry.message.Messages;

import java.util.Locale;

/** The command line's words for what the engine and the queue say, in the user's locale. */
final class Words {

    private Words() {
    }

    static String of(Message message) {
        return message == null ? "" : Messages.render(message, Locale.getDefault());
    }

    static String of(Throwable failure) {
        return Messages.describe(failure, Locale.getDefault());
    }

    /** A dialogue line: a command or reply as sent, anything else in words. */
    static String of(DialogueEntry entry) {
        return entry.text() != null ? entry.text() : of(entry.message());
    }
}
