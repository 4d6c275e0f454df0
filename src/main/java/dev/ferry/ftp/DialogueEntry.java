package dev.ferry.ftp;

import java.time.Instant;

/**
 * One line of a session's dialogue log: what the GUI console and {@code --log} show.
 * Text never holds a password: commands that carry secrets are masked before an entry exists.
 */
public record DialogueEntry(Instant time, String session, Kind kind, String text) {

    public enum Kind {
        /** A command we sent. */
        COMMAND,
        /** A reply line the server sent. */
        REPLY,
        /** What the engine is doing: connecting, opening a data connection. */
        STATUS,
        /** TLS events: handshake results, certificates, resumption. */
        TLS,
        /** Something the user should notice although the operation goes on. */
        WARNING,
        /** A failure. */
        ERROR
    }

    /** The line as {@code --log} prints it. */
    public String format() {
        String marker = switch (kind) {
            case COMMAND -> "> ";
            case REPLY -> "< ";
            case STATUS -> "* ";
            case TLS -> "* TLS: ";
            case WARNING -> "! ";
            case ERROR -> "! error: ";
        };
        return "[" + session + "] " + marker + text;
    }
}
