package dev.ferry.diagnose;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a diagnosis has open (sockets, sessions, cancel tokens), so that the deadline or a
 * cancel can end it all from another thread: closing a socket is what always unblocks its reader.
 * What is registered after {@link #closeAll()} is closed at once.
 */
final class Closer {

    private final List<AutoCloseable> open = new ArrayList<>();
    private boolean closed;

    <T extends AutoCloseable> T register(T resource) {
        synchronized (open) {
            if (!closed) {
                open.add(resource);
                return resource;
            }
        }
        closeQuietly(resource);
        return resource;
    }

    void release(AutoCloseable resource) {
        synchronized (open) {
            open.remove(resource);
        }
    }

    boolean isClosed() {
        synchronized (open) {
            return closed;
        }
    }

    void closeAll() {
        List<AutoCloseable> toClose;
        synchronized (open) {
            closed = true;
            toClose = List.copyOf(open);
            open.clear();
        }
        // Outside the lock: closing a session may take its owner's thread a moment.
        for (AutoCloseable resource : toClose) {
            closeQuietly(resource);
        }
    }

    static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            // Ending a probe; what it was doing no longer matters.
        }
    }
}
