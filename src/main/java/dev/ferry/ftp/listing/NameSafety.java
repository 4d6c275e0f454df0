package dev.ferry.ftp.listing;

import java.util.Optional;

/**
 * Names a server sends are input from a stranger. A name that is {@code .} or {@code ..},
 * holds a path separator, NUL, CR or LF could walk out of a target directory or smuggle a
 * second command onto the control connection; such names are flagged and never used.
 */
public final class NameSafety {

    private NameSafety() {
    }

    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("the name is empty");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("the name \"" + name + "\" refers to a directory itself or its parent");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '/' -> {
                    return Optional.of("the name contains \"/\"");
                }
                case '\\' -> {
                    return Optional.of("the name contains \"\\\"");
                }
                case '\0' -> {
                    return Optional.of("the name contains a NUL character");
                }
                case '\r', '\n' -> {
                    return Optional.of("the name contains a line break (it could inject FTP commands)");
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
                default -> text.append(c < 0x20 ? '?' : c);
            }
        }
        return text.toString();
    }
}
