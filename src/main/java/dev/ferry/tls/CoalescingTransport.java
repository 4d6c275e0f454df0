package dev.ferry.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The socket streams under Bouncy Castle's TLS protocol. BC writes and flushes every record on
 * its own; sent like that, a handshake flight leaves as several small segments, and the last one
 * can wait ~40 ms for a delayed ACK (Nagle). Here writes are gathered and only really sent when
 * the protocol is about to wait for the peer (a read), when the caller flushes application data,
 * or when the buffer fills: each flight goes out in one write.
 */
final class CoalescingTransport {

    private static final int CAPACITY = 64 * 1024;

    private final InputStream socketIn;
    private final OutputStream socketOut;
    private final byte[] pending = new byte[CAPACITY];
    private int pendingLength;

    CoalescingTransport(Socket socket) throws IOException {
        this.socketIn = socket.getInputStream();
        this.socketOut = socket.getOutputStream();
    }

    final InputStream input = new InputStream() {
        @Override
        public int read() throws IOException {
            sendPending();
            return socketIn.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            sendPending();
            return socketIn.read(buffer, offset, length);
        }

        @Override
        public int available() throws IOException {
            return socketIn.available();
        }

        @Override
        public void close() {
            // The owner of the socket closes it; BC closing its streams must not cut a half-sent flight.
        }
    };

    final OutputStream output = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            synchronized (CoalescingTransport.this) {
                if (pendingLength + length > CAPACITY) {
                    sendPending();
                }
                if (length >= CAPACITY) {
                    socketOut.write(buffer, offset, length);
                    return;
                }
                System.arraycopy(buffer, offset, pending, pendingLength, length);
                pendingLength += length;
            }
        }

        @Override
        public void flush() {
            // Deferred: see the class comment. sendPending() is the real flush.
        }

        @Override
        public void close() throws IOException {
            sendPending();
        }
    };

    synchronized void sendPending() throws IOException {
        if (pendingLength > 0) {
            int length = pendingLength;
            pendingLength = 0;
            socketOut.write(pending, 0, length);
        }
    }
}
