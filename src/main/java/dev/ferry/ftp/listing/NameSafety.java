package dev.ferry.ftp.listing;

import dev.ferry.ftp.FtpText;
import dev.ferry.message.Message;

import java.util.Optional;

/**
 * Names a server sends are input from a stranger. A name that is {@code .} or {@code ..},
 * holds a path separator, NUL, CR or LF could walk out of a target directory or smuggle a
 * second command onto the control connection; such names are flagged and never used.
 */
public final class NameSafety {

    private NameSafety() {
    }

    /** Why a name cannot be used, as a message (key and the name); empty when it is safe. */
    public static Optional<Message> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of(Message.of(FtpText.NAME_EMPTY));
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of(Message.of(FtpText.NAME_DOTS, name));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '/', '\\' -> {
                    return Optional.of(Message.of(FtpText.NAME_SEPARATOR, String.valueOf(c)));
                }
                case '\0' -> {
                    return Optional.of(Message.of(FtpText.NAME_NUL));
                }
                case '\r', '\n' -> {
                    return Optional.of(Message.of(FtpText.NAME_LINE_BREAK));
                }
                default -> {
                }
            }
        }
        return Optional.empty();
    }

    /** A printable form of a hostile name for messages: control characters made visible. */
    public static String printable(String name) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '\r' -> text.append("\\r");
                case '\n' -> text.append("\\n");
                case '\0' -> text.append("\\0");
                default -> text.append(invisibleOrControlling(c) ? '?' : c);
            }
        }
        return text.toString();
    }

    /**
     * Characters that would act on a terminal or reorder the text around them instead of showing:
     * C0 and C1 controls (ESC starts terminal commands), DEL, and the bidirectional overrides
     * (a right-to-left override, U+202E, makes "bidi[U+202E]txt.exe" read as "bidiexe.txt").
     */
    private static boolean invisibleOrControlling(char c) {
        return c < 0x20 || c >= 0x7F && c <= 0x9F || c == '\u200E' || c == '\u200F'
                || c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069';
    }
}
