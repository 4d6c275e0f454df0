package dev.ferry.ftp;

import dev.ferry.message.Message;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads replies from the control connection (RFC 959 §4.2). Lines are bounded: a server that
 * sends a megabyte without a line break, or a multi-line reply that never ends, gets a clear
 * protocol error instead of exhausting memory. Undecodable bytes become U+FFFD, control
 * characters too, so nothing a server sends can forge lines in the log.
 */
final class ReplyReader {

    static final int MAX_LINE_BYTES = 32 * 1024;
    static final int MAX_REPLY_LINES = 10_000;
    static final int MAX_REPLY_BYTES = 1024 * 1024;

    private InputStream in;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[256];
    private CharsetDecoder decoder;
    /** True when every printable ASCII byte (and tab) decodes to that character, as in UTF-8 or GBK. */
    private boolean printableAsciiIsItself;

    ReplyReader(InputStream in, Charset charset) {
        this.in = in;
        setCharset(charset);
    }

    void setCharset(Charset charset) {
        decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        printableAsciiIsItself = printableAsciiIsItself(charset);
    }

    private static boolean printableAsciiIsItself(Charset charset) {
        byte[] ascii = new byte[0x7f - 0x20 + 1];
        for (int i = 0; i < ascii.length - 1; i++) {
            ascii[i] = (byte) (0x20 + i);
        }
        ascii[ascii.length - 1] = '\t';
        return new String(ascii, charset).equals(new String(ascii, StandardCharsets.ISO_8859_1));
    }

    /** Switches to another stream (after the TLS handshake on the same socket). */
    void setInput(InputStream in) {
        this.in = in;
    }

    /** True when bytes were read ahead that no reply has consumed yet. */
    boolean hasBufferedInput() {
        return position < limit;
    }

    /**
     * One read from the stream into the buffer, kept for the next reply: whether anything came
     * within the stream's timeout (which it throws) or the stream ended (false). Nothing is lost
     * when it times out.
     */
    boolean readAhead() throws IOException {
        if (position < limit) {
            return true;
        }
        int read = in.read(buffer, 0, buffer.length);
        if (read < 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    /**
     * Reads one complete reply. Every line is passed to {@code lineSink} as it arrives, so the
     * log shows a long multi-line reply even when reading it later fails.
     */
    FtpReply read(Consumer<String> lineSink) throws IOException {
        String first = readLine();
        lineSink.accept(first);
        int code = parseCode(first);
        List<String> lines = new ArrayList<>();
        lines.add(first);
        if (first.length() > 3 && first.charAt(3) == '-') {
            String terminator = first.substring(0, 3);
            long bytes = first.length();
            while (true) {
                String next = readLine();
                lineSink.accept(next);
                lines.add(next);
                bytes += next.length();
                if (next.startsWith(terminator) && (next.length() == 3 || next.charAt(3) == ' ')) {
                    break;
                }
                if (lines.size() > MAX_REPLY_LINES || bytes > MAX_REPLY_BYTES) {
                    throw new FtpProtocolException(Message.of(FtpText.REPLY_TOO_LONG, terminator, lines.size()));
                }
            }
        }
        return new FtpReply(code, lines);
    }

    private static boolean printableAscii(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if ((b < 0x20 && b != '\t') || b == 0x7f) {
                // Negative too: a byte of 0x80 and above is not ASCII.
                return false;
            }
        }
        return true;
    }

    static int parseCode(String line) throws FtpProtocolException {
        boolean wellFormed = line.length() >= 3
                && line.charAt(0) >= '1' && line.charAt(0) <= '5'
                && isDigit(line.charAt(1)) && isDigit(line.charAt(2))
                && (line.length() == 3 || line.charAt(3) == ' ' || line.charAt(3) == '-');
        if (!wellFormed) {
            throw new FtpProtocolException(Message.of(FtpText.MALFORMED_REPLY, abbreviate(line)));
        }
        return (line.charAt(0) - '0') * 100 + (line.charAt(1) - '0') * 10 + (line.charAt(2) - '0');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private String readLine() throws IOException {
        int length = 0;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit < 0) {
                    limit = 0;
                    throw new EOFException(length == 0
                            ? "the server closed the connection"
                            : "the server closed the connection in the middle of a reply");
                }
            }
            int newline = -1;
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? limit : newline;
            int chunk = end - position;
            if (length + chunk > MAX_LINE_BYTES) {
                throw new FtpProtocolException(Message.of(FtpText.REPLY_LINE_TOO_LONG, MAX_LINE_BYTES / 1024));
            }
            if (length + chunk > line.length) {
                line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
            }
            System.arraycopy(buffer, position, line, length, chunk);
            length += chunk;
            position = end;
            if (newline >= 0) {
                position++;
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return decode(line, length);
            }
        }
    }

    private String decode(byte[] bytes, int length) throws FtpProtocolException {
        if (printableAsciiIsItself && printableAscii(bytes, length)) {
            // Nearly every reply (229, 150, 226 per file): its bytes are its characters, copied once.
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
        CharBuffer chars;
        try {
            decoder.reset();
            chars = decoder.decode(ByteBuffer.wrap(bytes, 0, length));
        } catch (CharacterCodingException e) {
            // REPLACE never throws; keep the compiler honest.
            throw new FtpProtocolException(Message.of(FtpText.UNDECODABLE_REPLY, String.valueOf(e.getMessage())));
        }
        StringBuilder text = new StringBuilder(chars.length());
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            text.append(c < 0x20 && c != '\t' || c == 0x7f ? '\uFFFD' : c);
        }
        return text.toString();
    }
}
