package dev.ferry.cli;

import dev.ferry.ftp.DialogueEntry;
import dev.ferry.ftp.listing.NameSafety;
import dev.ferry.message.Message;
import dev.ferry.message.Messages;

import java.util.Locale;

/** The command line's words for what the engine and the queue say, in the user's locale. */
final class Words {

    private Words() {
    }

    /** A message as one line a terminal shows as it is: names in it may hold control characters. */
    static String of(Message message) {
        return message == null ? "" : NameSafety.printable(Messages.render(message, Locale.getDefault()));
    }

    static String of(Throwable failure) {
        return NameSafety.printable(Messages.describe(failure, Locale.getDefault()));
    }

    /** A dialogue line: a command or reply as sent, anything else in words. */
    static String of(DialogueEntry entry) {
        if (entry.text() == null) {
            return of(entry.message());
        }
        // A multi-line reply keeps its lines; what is inside them is shown, never acted on by the terminal.
        return java.util.Arrays.stream(entry.text().split("\n", -1)).map(NameSafety::printable)
                .collect(java.util.stream.Collectors.joining("\n"));
    }
}
