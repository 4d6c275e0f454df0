package dev.ferry.diagnose;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DialogueEntry;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpLoginException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.SecurityStatus;
import dev.ferry.ftp.listing.Listing;
import dev.ferry.message.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One engine session of a diagnosis: logs in, lists the login directory once, and keeps its
 * dialogue for the details. A session that would switch data connection modes on its own (the
 * engine falls back to the other mode when one does not work) is stopped right there: the
 * diagnosis wants to know whether <em>this</em> mode works, and the other mode has its own probe.
 */
final class EngineSession implements AutoCloseable {

    private final FtpSession session;
    private final CancelToken token = new CancelToken();
    private final Closer closer;
    private final AutoCloseable stopper;
    private final List<DialogueEntry> entries = new CopyOnWriteArrayList<>();
    private volatile boolean modeSwitched;

    FtpException loginFailure;
    FtpException listFailure;
    Listing listing;
    SecurityStatus afterLogin = SecurityStatus.DISCONNECTED;
    SecurityStatus afterList = SecurityStatus.DISCONNECTED;

    EngineSession(ConnectionSettings settings, String name, Closer closer) {
        this.session = new FtpSession(settings, name);
        this.closer = closer;
        session.addListener(entry -> {
            entries.add(entry);
            if (entry.kind() == DialogueEntry.Kind.WARNING && entry.message() != null
                    && entry.message().key() == FtpText.DATA_MODE_SWITCHED) {
                modeSwitched = true;
                token.cancel();
            }
        });
        this.stopper = closer.register(() -> {
            token.cancel();
            session.close();
        });
    }

    FtpSession session() {
        return session;
    }

    boolean login() {
        try {
            session.connect(token);
            afterLogin = session.security();
            return true;
        } catch (FtpException e) {
            loginFailure = e;
            return false;
        }
    }

    /** True when the login failed because the server has too many connections (worth one more try later). */
    boolean refusedForTooManyConnections() {
        return loginFailure instanceof FtpLoginException login && login.isConnectionLimit();
    }

    boolean list() {
        try {
            String directory = session.initialDirectory();
            listing = session.list(directory == null ? "" : directory, token);
            return true;
        } catch (FtpException e) {
            listFailure = e;
            return false;
        } finally {
            afterList = session.security();
        }
    }

    boolean listed() {
        return listing != null;
    }

    /** The data connection mode did not work: the engine was about to try the other one. */
    boolean modeSwitched() {
        return modeSwitched;
    }

    boolean said(FtpText key) {
        return entries.stream().anyMatch(e -> e.message() != null && e.message().key() == key);
    }

    Optional<Message> firstMessage(FtpText key) {
        return entries.stream().filter(e -> e.message() != null && e.message().key() == key)
                .map(DialogueEntry::message).findFirst();
    }

    boolean sent(String verb) {
        return lastCommand(verb) >= 0;
    }

    /** The last {@code verb} command and the replies that followed it, as "> " and "< " lines. */
    List<Message> exchange(String verb) {
        List<Message> lines = new ArrayList<>();
        int at = lastCommand(verb);
        if (at < 0) {
            return lines;
        }
        lines.add(Detail.text("> " + entries.get(at).text()));
        for (int i = at + 1; i < entries.size(); i++) {
            DialogueEntry e = entries.get(i);
            if (e.kind() == DialogueEntry.Kind.COMMAND || isNewConnection(e)) {
                break;
            }
            if (e.kind() == DialogueEntry.Kind.REPLY) {
                lines.add(Detail.text("< " + e.text()));
            }
        }
        return lines;
    }

    /** The first reply line after the last {@code verb} that is not preliminary (1xx), if any came. */
    Optional<String> reply(String verb) {
        int at = lastCommand(verb);
        if (at < 0) {
            return Optional.empty();
        }
        for (int i = at + 1; i < entries.size(); i++) {
            DialogueEntry e = entries.get(i);
            if (e.kind() == DialogueEntry.Kind.COMMAND || isNewConnection(e)) {
                return Optional.empty();
            }
            if (e.kind() == DialogueEntry.Kind.REPLY && e.text() != null && e.text().length() >= 3
                    && e.text().charAt(0) != '1') {
                return Optional.of(e.text());
            }
        }
        return Optional.empty();
    }

    /** The session reconnected: what follows (a greeting) does not answer the command before. */
    private static boolean isNewConnection(DialogueEntry e) {
        return e.message() != null && e.message().key() == FtpText.CONNECTING;
    }

    static int code(String replyLine) {
        try {
            return Integer.parseInt(replyLine.substring(0, 3));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static String textOf(String replyLine) {
        return replyLine.length() > 4 ? replyLine.substring(4) : "";
    }

    private int lastCommand(String verb) {
        String wanted = verb.toUpperCase(Locale.ROOT);
        for (int i = entries.size() - 1; i >= 0; i--) {
            DialogueEntry e = entries.get(i);
            if (e.kind() == DialogueEntry.Kind.COMMAND && e.text() != null) {
                String upper = e.text().toUpperCase(Locale.ROOT);
                if (upper.equals(wanted) || upper.startsWith(wanted + " ")) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Says goodbye; never throws. */
    @Override
    public void close() {
        try {
            session.quit();
        } finally {
            session.close();
            closer.release(stopper);
        }
    }
}
