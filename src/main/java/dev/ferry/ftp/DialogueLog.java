package dev.ferry.ftp;

import dev.ferry.message.Message;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The listeners of one session and the masking of secrets before anything reaches them. */
public final class DialogueLog {

    /** The diagnostic log file gets the dialogue too (already masked), in its language-free form. */
    private static final System.Logger FILE = System.getLogger("dev.ferry.dialogue");

    private final String session;
    private final List<DialogueListener> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;

    public DialogueLog(String session) {
        this(session, Clock.systemUTC());
    }

    DialogueLog(String session, Clock clock) {
        this.session = session;
        this.clock = clock;
    }

    public String session() {
        return session;
    }

    public void addListener(DialogueListener listener) {
        listeners.add(listener);
    }

    public void removeListener(DialogueListener listener) {
        listeners.remove(listener);
    }

    public void command(String line) {
        emit(DialogueEntry.Kind.COMMAND, maskSecrets(line), null);
    }

    public void reply(String line) {
        emit(DialogueEntry.Kind.REPLY, line, null);
    }

    public void status(FtpText key, Object... arguments) {
        emit(DialogueEntry.Kind.STATUS, null, Message.of(key, arguments));
    }

    public void tls(Message message) {
        emit(DialogueEntry.Kind.TLS, null, message);
    }

    public void warning(Message message) {
        emit(DialogueEntry.Kind.WARNING, null, message);
    }

    public void warning(FtpText key, Object... arguments) {
        warning(Message.of(key, arguments));
    }

    public void error(Message message) {
        emit(DialogueEntry.Kind.ERROR, null, message);
    }

    private void emit(DialogueEntry.Kind kind, String text, Message message) {
        if (FILE.isLoggable(System.Logger.Level.DEBUG)) {
            FILE.log(System.Logger.Level.DEBUG, "[" + session + "] " + kind + " " + (text != null ? text : message));
        }
        if (listeners.isEmpty()) {
            return;
        }
        DialogueEntry entry = new DialogueEntry(clock.instant(), session, kind, text, message);
        for (DialogueListener listener : listeners) {
            listener.onEntry(entry);
        }
    }

    /** PASS and ACCT carry secrets; whatever follows the verb is replaced. */
    public static String maskSecrets(String commandLine) {
        int space = commandLine.indexOf(' ');
        String verb = space < 0 ? commandLine : commandLine.substring(0, space);
        if (space > 0 && (verb.equalsIgnoreCase("PASS") || verb.equalsIgnoreCase("ACCT"))) {
            return verb + " ****";
        }
        return commandLine;
    }
}
