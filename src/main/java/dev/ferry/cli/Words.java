package dev.ferry.cli;

import dev.ferry.ftp.DialogueEntry;
import dev.ferry.ftp.listing.NameSafety;
import dev.ferry.message.Message;
import dev.ferry.message.Messages;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The command line's words, in the user's locale: its own sentences from
 * {@code resources/dev/ferry/cli/messages*.properties}, and what the engine and the queue say.
 */
final class Words {

    private static final String BUNDLE = "dev.ferry.cli.messages";

    private Words() {
    }

    /**
     * One of the command line's own sentences. Read at each call, not once: the locale is the JVM's default,
     * which a test running commands in this JVM may set.
     */
    static String text(String key, Object... arguments) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, Locale.getDefault());
        String pattern = bundle.getString(key);
        // As the other bundles: words without arguments are shown as written, so a single quote stays single.
        return arguments.length == 0 ? pattern : new MessageFormat(pattern, bundle.getLocale()).format(arguments);
    }

    /**
     * A message as a terminal shows it as it is: names in it may hold control characters. Its own line breaks
     * stay (the copies of a saved queue kept aside, one per line), as a dialogue line's do.
     */
    static String of(Message message) {
        return message == null ? "" : printableLines(Messages.render(message, Locale.getDefault()));
    }

    private static String printableLines(String text) {
        return java.util.Arrays.stream(text.split("\n", -1)).map(NameSafety::printable)
                .collect(java.util.stream.Collectors.joining("\n"));
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
        return printableLines(entry.text());
    }
}
