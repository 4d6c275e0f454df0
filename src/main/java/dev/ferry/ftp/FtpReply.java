package dev.ferry.ftp;

import java.util.List;

/**
 * One server reply (RFC 959 §4.2): a three-digit code and one or more lines of text.
 * For a multi-line reply {@code lines} holds every line as sent, first and last included.
 */
public record FtpReply(int code, List<String> lines) {

    public FtpReply {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
    }

    public static FtpReply of(int code, String text) {
        return new FtpReply(code, List.of(code + " " + text));
    }

    public boolean isPreliminary() {
        return code < 200;
    }

    public boolean isPositive() {
        return code >= 200 && code < 300;
    }

    public boolean isIntermediate() {
        return code >= 300 && code < 400;
    }

    /** 4xx: the command was not accepted but may succeed if repeated. */
    public boolean isTransientNegative() {
        return code >= 400 && code < 500;
    }

    /** 5xx: repeating the same command will fail again. */
    public boolean isPermanentNegative() {
        return code >= 500;
    }

    /** Text of the reply without the code prefixes, lines joined by newlines. */
    public String text() {
        StringBuilder text = new StringBuilder();
        String prefix = Integer.toString(code);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith(prefix) && line.length() >= 4 && (line.charAt(3) == ' ' || line.charAt(3) == '-')) {
                line = line.substring(4);
            } else if (line.equals(prefix)) {
                line = "";
            }
            if (i > 0) {
                text.append('\n');
            }
            text.append(line);
        }
        return text.toString();
    }

    /**
     * Whether the words say the server could not write for want of room. Servers tell a full disk each their own
     * way, after they took the data: vsftpd "451 Failure writing to local file.", Pure-FTPd "451 Error during
     * write to file", ProFTPD "452 Transfer aborted. No space left on device", netkit "452 Error writing file",
     * ProFTPD and Pure-FTPd "552 … quota …". {@code path}, the file the command named, is not read as words
     * (ProFTPD quotes it: "451 /sales-quota.xlsx: Too many transfers", R33).
     */
    public boolean saysNoRoom(String path) {
        return NO_ROOM.matcher(wordsWithout(path)).find();
    }

    /**
     * Whether the words name a cause that passes (a connection, the network, a lock, a limit on transfers), or
     * a refusal, rather than none at all (busybox: "451 Error"; ProFTPD on a full disk, as often as not:
     * "451 Transfer aborted. Input/output error"). Pure-FTPd answers a data connection cut by the network
     * "451 Error during read from data connection" (R33).
     */
    public boolean namesAPassingCause(String path) {
        return PASSING_CAUSE.matcher(wordsWithout(path)).find();
    }

    private String wordsWithout(String path) {
        String words = text().toLowerCase(java.util.Locale.ROOT);
        if (path == null || path.isEmpty()) {
            return words;
        }
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
        words = words.replace(path.toLowerCase(java.util.Locale.ROOT), " ");
        return name.isEmpty() ? words : words.replace(name, " ");
    }

    private static final java.util.regex.Pattern NO_ROOM = java.util.regex.Pattern.compile(
            "no space|space left|disk full|disk is full|quota|insufficient storage|storage allocation"
                    + "|not enough (disk )?space|(failure|failed|error) (during |while )?writ|write (error|failed)");

    private static final java.util.regex.Pattern PASSING_CAUSE = java.util.regex.Pattern.compile(
            "connection|network|socket|reset|\\bread|timeout|timed out|memory|lock|too many|busy|temporar|try again"
                    + "|later|permission|denied|not permitted|not allowed");

    /** The first line without its code: what a one-line message to the user should quote. */
    public String firstLineText() {
        String first = lines.getFirst();
        return first.length() > 4 ? first.substring(4) : "";
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
