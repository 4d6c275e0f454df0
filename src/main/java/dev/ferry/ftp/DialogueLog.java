package dev.ferry.ftp;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The listeners of one session and the masking of secrets before anything reaches them. */
public final class DialogueLog {

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
        emit(DialogueEntry.Kind.COMMAND, maskSecrets(line));
    }

    public void reply(String line) {
        emit(DialogueEntry.Kind.REPLY, line);
    }

    public void status(String text) {
        emit(DialogueEntry.Kind.STATUS, text);
    }

    public void tls(String text) {
        emit(DialogueEntry.Kind.TLS, text);
    }

    public void warning(String text) {
        emit(DialogueEntry.Kind.WARNING, text);
    }

    public void error(String text) {
        emit(DialogueEntry.Kind.ERROR, text);
    }

    private void emit(DialogueEntry.Kind kind, String text) {
        if (listeners.isEmpty()) {
            return;
        }
        DialogueEntry entry = new DialogueEntry(clock.instant(), session, kind, text);
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
