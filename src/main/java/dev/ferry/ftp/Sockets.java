package dev.ferry.ftp;

import java.io.IOException;
import java.net.Socket;

/** Socket chores shared by the control and data connections. */
final class Sockets {

    private Sockets() {
    }

    /**
     * Unblocks a thread reading or writing {@code socket} without touching what runs over it (TLS
     * state belongs to that thread). A socket still connecting can only be closed.
     */
    static void shutdown(Socket socket) {
        if (socket == null) {
            return;
        }
        if (!socket.isConnected()) {
            closeQuietly(socket);
            return;
        }
        try {
            socket.shutdownInput();
        } catch (IOException e) {
            // Already shut or broken: the owner's read fails either way.
        }
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            // Likewise for its writes.
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing is best effort; nothing more can be done with it.
            System.getLogger(Sockets.class.getName()).log(System.Logger.Level.DEBUG, "close failed: " + e);
        }
    }
}
