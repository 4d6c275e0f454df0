package dev.ferry.tls;

import java.io.EOFException;

/**
 * The peer ended the connection without TLS close_notify: whatever arrived may be cut short,
 * so a transfer that ends this way has not provably ended.
 */
public class TlsTruncatedException extends EOFException {
    public TlsTruncatedException(Throwable cause) {
        super("the connection ended without TLS close_notify");
        initCause(cause);
    }
}
