package dev.ferry.tls;

import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.TlsClient;
import org.bouncycastle.tls.TlsClientProtocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * Drives Bouncy Castle's TLS protocol in its non-blocking mode over a blocking socket.
 * <ul>
 * <li>Input is read in large chunks and handed to BC one whole record at a time: BC then
 * decrypts it in place in our buffer (its fast path), instead of copying every record into a
 * freshly allocated array as its blocking streams do (1 GiB of garbage per GiB received).</li>
 * <li>Output BC queues is sent with one write per batch: a handshake flight leaves as one
 * segment, so no part of it waits for a delayed ACK (the Nagle stall that costs lftp ~40 ms per
 * TLS 1.3 data connection).</li>
 * </ul>
 * Not thread-safe: one thread reads and writes (a session's operation thread).
 */
final class RecordPump {

    /** TLS 1.2 allows a ciphertext of 2^14 + 2048 bytes; 5 bytes of header come before it. */
    private static final int MAX_RECORD = 5 + (1 << 14) + 2048;
    private static final int INPUT_CAPACITY = 256 * 1024;

    private final TlsClientProtocol protocol;
    private final InputStream socketIn;
    private final OutputStream socketOut;
    private final byte[] input;
    private int start;
    private int end;
    private byte[] output;
    private boolean inputEnded;

    /** Buffers of a finished pump, handed to the next one: one session makes thousands of data connections. */
    record Buffers(byte[] input, byte[] output) {
        static Buffers fresh() {
            return new Buffers(new byte[INPUT_CAPACITY], new byte[MAX_RECORD * 4]);
        }
    }

    /** @param tickets where TLS 1.3 session tickets the server sends go; null to ignore them */
    RecordPump(Socket socket, Buffers buffers, java.util.function.Consumer<Tls13Ticket> tickets) throws IOException {
        this.protocol = new TicketCollectingProtocol(tickets);
        this.socketIn = socket.getInputStream();
        this.socketOut = socket.getOutputStream();
        this.input = buffers.input();
        this.output = buffers.output();
    }

    /** The buffers, for reuse once this pump is done with them. */
    Buffers buffers() {
        return new Buffers(input, output);
    }

    /** The peer closed the connection in the middle of the handshake, without an alert. */
    static final class ClosedDuringHandshake extends EOFException {
        ClosedDuringHandshake(Throwable cause) {
            super("the peer closed the connection during the TLS handshake");
            initCause(cause);
        }
    }

    /**
     * What came is no TLS record: a plain FTP server's "220 …" greeting, read as a record header,
     * announces thousands of bytes that never come, so it is recognised by its header instead.
     */
    static final class NotTls extends IOException {
        private final String received;

        NotTls(String received) {
            super("no TLS record: " + received);
            this.received = received;
        }

        /** The first line of what came, printable. */
        String received() {
            return received;
        }
    }

    /** Runs the whole handshake; returns when application data can flow. */
    void handshake(TlsClient client) throws IOException {
        protocol.connect(client);
        sendQueued();
        try {
            while (protocol.isHandshaking()) {
                if (!receive()) {
                    throw new ClosedDuringHandshake(null);
                }
                sendQueued();
            }
        } catch (IOException e) {
            if (inputEnded && !(e instanceof ClosedDuringHandshake)) {
                // Bouncy Castle reports an end of input during the handshake as its own
                // handshake_failure alert; no alert came from the server: it simply hung up.
                throw new ClosedDuringHandshake(e);
            }
            throw e;
        }
        sendQueued();
    }

    /** Application data; -1 after the peer's close_notify. A bare EOF throws (truncation). */
    int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (protocol.getAvailableInputBytes() == 0) {
            if (protocol.isClosed() || inputEnded) {
                return -1;
            }
            sendQueued();
            receive();
            sendQueued();
        }
        return protocol.readInput(buffer, offset, length);
    }

    int available() {
        return protocol.getAvailableInputBytes();
    }

    void write(byte[] buffer, int offset, int length) throws IOException {
        protocol.writeApplicationData(buffer, offset, length);
        if (protocol.getAvailableOutputBytes() >= output.length) {
            sendQueued();
        }
    }

    /** Sends everything BC has queued, in as few writes as possible. */
    void sendQueued() throws IOException {
        int queued;
        while ((queued = protocol.getAvailableOutputBytes()) > 0) {
            if (queued > output.length) {
                output = new byte[Math.min(queued, 1 << 20)];
            }
            int length = protocol.readOutput(output, 0, Math.min(queued, output.length));
            socketOut.write(output, 0, length);
        }
    }

    /** Queues close_notify and sends it. */
    void close() throws IOException {
        if (!protocol.isClosed()) {
            protocol.close();
        }
        sendQueued();
    }

    boolean isClosed() {
        return protocol.isClosed();
    }

    /**
     * Reads once from the socket and hands every complete record to BC. Returns false at EOF,
     * after telling BC, which fails unless close_notify came first.
     */
    private boolean receive() throws IOException {
        if (end == input.length || (input.length - end < MAX_RECORD && start > 0)) {
            System.arraycopy(input, start, input, 0, end - start);
            end -= start;
            start = 0;
        }
        int read = socketIn.read(input, end, input.length - end);
        if (read < 0) {
            inputEnded = true;
            if (end > start) {
                throw new EOFException("the connection ended in the middle of a TLS record");
            }
            try {
                protocol.closeInput();
            } catch (org.bouncycastle.tls.TlsNoCloseNotifyException e) {
                throw new TlsTruncatedException(e);
            }
            return false;
        }
        end += read;
        while (end - start >= 5 && !protocol.isClosed()) {
            int type = input[start] & 0xff;
            if (type < ContentType.change_cipher_spec || type > ContentType.heartbeat || input[start + 1] != 3) {
                throw new NotTls(firstLine(input, start, end));
            }
            int recordLength = 5 + (((input[start + 3] & 0xff) << 8) | (input[start + 4] & 0xff));
            if (recordLength > MAX_RECORD) {
                // Let BC judge the oversized record and raise the proper alert.
                protocol.offerInput(input, start, end - start);
                start = end = 0;
                break;
            }
            if (end - start < recordLength) {
                break;
            }
            protocol.offerInput(input, start, recordLength);
            start += recordLength;
        }
        if (start == end) {
            start = end = 0;
        }
        return true;
    }

    private static String firstLine(byte[] bytes, int from, int to) {
        StringBuilder line = new StringBuilder();
        for (int i = from; i < to && line.length() < 100; i++) {
            char c = (char) (bytes[i] & 0xff);
            if (c == '\r' || c == '\n') {
                break;
            }
            line.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return line.toString();
    }
}
