package dev.ferry.tls;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** One socket after a completed handshake: application data streams and an orderly close. */
public final class TlsConnection implements Closeable {

    private final Socket socket;
    private final RecordPump pump;
    private final TlsConnectionInfo info;

    private final InputStream input = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return pump.read(buffer, offset, length);
        }

        @Override
        public int available() {
            return pump.available();
        }
    };

    private final OutputStream output = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            pump.write(buffer, offset, length);
        }

        @Override
        public void flush() throws IOException {
            pump.sendQueued();
        }

        @Override
        public void close() throws IOException {
            closeGracefully();
        }
    };

    private final java.util.function.Consumer<RecordPump.Buffers> onClose;

    TlsConnection(Socket socket, RecordPump pump, TlsConnectionInfo info,
                  java.util.function.Consumer<RecordPump.Buffers> onClose) {
        this.socket = socket;
        this.pump = pump;
        this.info = info;
        this.onClose = onClose;
    }

    public Socket socket() {
        return socket;
    }

    public TlsConnectionInfo info() {
        return info;
    }

    /** Decrypted input. Ends (-1) only at the peer's close_notify; a bare EOF throws instead. */
    public InputStream input() {
        return input;
    }

    /** Encrypted output; written records leave on {@code flush()} (or when a batch fills). */
    public OutputStream output() {
        return output;
    }

    /** Sends close_notify, leaving the socket open for the caller to drain. */
    public void closeGracefully() throws IOException {
        pump.close();
    }

    @Override
    public void close() throws IOException {
        try {
            pump.close();
        } catch (IOException | RuntimeException e) {
            // The peer may already be gone; the socket is closed below regardless.
        } finally {
            socket.close();
            onClose.accept(pump.buffers());
        }
    }
}
