package dev.ferry.diagnose;

import dev.ferry.ftp.FtpReply;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Replies read straight off a socket, for the steps the engine has no operation for (the greeting
 * before anything else, AUTH TLS without logging in). Bounded like the engine's reader: a server
 * that sends no line break, or a reply that never ends, is "not FTP" rather than a memory leak.
 */
final class RawReplies {

    static final int MAX_LINE = 4096;
    static final int MAX_LINES = 200;

    /** The bytes are not an FTP reply; {@code text} is what came, printable. */
    static final class NotFtp extends IOException {
        final String text;

        NotFtp(String text) {
            super("not an FTP reply: " + text);
            this.text = text;
        }
    }

    private RawReplies() {
    }

    static void send(OutputStream out, String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one reply; preliminary replies (1xx) are returned too, the caller decides. */
    static FtpReply read(InputStream in) throws IOException {
        String first = line(in, true);
        if (first.length() < 3 || !Character.isDigit(first.charAt(0)) || !Character.isDigit(first.charAt(1))
                || !Character.isDigit(first.charAt(2)) || first.charAt(0) < '1' || first.charAt(0) > '5') {
            throw new NotFtp(first);
        }
        int code = Integer.parseInt(first.substring(0, 3));
        List<String> lines = new ArrayList<>();
        lines.add(first);
        if (first.length() > 3 && first.charAt(3) == '-') {
            String end = first.substring(0, 3);
            while (true) {
                String next = line(in, false);
                lines.add(next);
                if (next.startsWith(end) && (next.length() == 3 || next.charAt(3) == ' ')) {
                    break;
                }
                if (lines.size() > MAX_LINES) {
                    throw new NotFtp(first + " … (" + lines.size() + " lines without an end)");
                }
            }
        }
        return new FtpReply(code, lines);
    }

    /** One line without its CR LF, control characters made visible. */
    private static String line(InputStream in, boolean first) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (bytes.size() == 0) {
                    throw new EOFException("the server closed the connection");
                }
                break;
            }
            if (b == '\n') {
                break;
            }
            bytes.write(b);
            if (bytes.size() > MAX_LINE) {
                throw new NotFtp(printable(bytes.toByteArray(), 80) + " …");
            }
            if (first && bytes.size() == 4 && !looksLikeReplyStart(bytes.toByteArray())) {
                // Not "ddd " / "ddd-": say what it is without waiting for a line break that may never come.
                throw new NotFtp(printable(bytes.toByteArray(), 80) + drain(in));
            }
        }
        byte[] raw = bytes.toByteArray();
        int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
        return printable(java.util.Arrays.copyOf(raw, length), MAX_LINE);
    }

    private static boolean looksLikeReplyStart(byte[] start) {
        return Character.isDigit(start[0]) && Character.isDigit(start[1]) && Character.isDigit(start[2])
                && (start[3] == ' ' || start[3] == '-' || start[3] == '\r');
    }

    /** What is already there after an unexpected start (an SSH banner's version, say), without blocking. */
    private static String drain(InputStream in) {
        try {
            int available = Math.min(in.available(), 76);
            if (available <= 0) {
                return "";
            }
            byte[] more = in.readNBytes(available);
            int end = 0;
            while (end < more.length && more[end] != '\n' && more[end] != '\r') {
                end++;
            }
            return printable(java.util.Arrays.copyOf(more, end), 76);
        } catch (IOException e) {
            return "";
        }
    }

    /** UTF-8 (or Latin-1 when it is not), control characters as '?', at most {@code max} characters. */
    static String printable(byte[] bytes, int max) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }
}
