package dev.ferry.tls;

import org.bouncycastle.tls.TlsClientProtocol;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** One socket after a completed handshake: application data streams and an orderly close. */
public final class TlsConnection implements Closeable {

    private final Socket socket;
    private final TlsClientProtocol protocol;
    private final CoalescingTransport transport;
    private final TlsConnectionInfo info;
    private final OutputStream output;

    TlsConnection(Socket socket, TlsClientProtocol protocol, CoalescingTransport transport, TlsConnectionInfo info) {
        this.socket = socket;
        this.protocol = protocol;
        this.transport = transport;
        this.info = info;
        OutputStream records = protocol.getOutputStream();
        this.output = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                records.write(b);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                records.write(buffer, offset, length);
            }

            @Override
            public void flush() throws IOException {
                records.flush();
                transport.sendPending();
            }

            @Override
            public void close() throws IOException {
                closeGracefully();
            }
        };
    }

    public Socket socket() {
        return socket;
    }

    public TlsConnectionInfo info() {
        return info;
    }

    /** Decrypted input. Ends (-1) only at the peer's close_notify; a bare EOF throws instead. */
    public InputStream input() {
        return protocol.getInputStream();
    }

    /** Encrypted output; {@code flush()} really sends. */
    public OutputStream output() {
        return output;
    }

    /** Sends close_notify and flushes it, leaving the socket open for the caller to drain. */
    public void closeGracefully() throws IOException {
        if (!protocol.isClosed()) {
            protocol.close();
        }
        transport.sendPending();
    }

    @Override
    public void close() throws IOException {
        try {
            if (!protocol.isClosed()) {
                protocol.close();
                transport.sendPending();
            }
        } catch (IOException e) {
            // The peer may already be gone; the socket is closed below regardless.
        } finally {
            socket.close();
        }
    }
}
