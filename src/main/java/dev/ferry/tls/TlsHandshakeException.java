package dev.ferry.tls;

import java.io.IOException;

/** A TLS handshake failed for a reason other than the certificate: a fatal alert, a timeout, EOF. */
public class TlsHandshakeException extends IOException {

    private final boolean timedOut;

    public TlsHandshakeException(String message, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
