package dev.ferry.ftp;

import dev.ferry.message.Message;

import java.time.Instant;

/**
 * One line of a session's dialogue log: what the GUI console and {@code --log} show. Commands and
 * replies are protocol text ({@link #text()}); everything else the engine says is a {@link Message}
 * that the window and the command line put into words. Text never holds a password: commands that
 * carry secrets are masked before an entry exists.
 */
public record DialogueEntry(Instant time, String session, Kind kind, String text, Message message) {

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

    /** The marker {@code --log} and the console put before the line's words. */
    public String marker() {
        return switch (kind) {
            case COMMAND -> "> ";
            case REPLY -> "< ";
            case STATUS -> "* ";
            case TLS -> "* TLS: ";
            case WARNING -> "! ";
            case ERROR -> "! error: ";
        };
    }
}
