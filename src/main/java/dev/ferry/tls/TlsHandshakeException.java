package dev.ferry.tls;

import dev.ferry.message.Explained;
import dev.ferry.message.Message;

import java.io.IOException;

/** A TLS handshake failed for a reason other than the certificate: a fatal alert, a timeout, EOF. */
public class TlsHandshakeException extends IOException implements Explained {

    /** What happened, for callers that decide by it. */
    public enum Kind { TIMED_OUT, ALERT_RECEIVED, ALERT_SENT, CLOSED, CLIENT_CERTIFICATE_REQUIRED, CLIENT_CERTIFICATE_REFUSED, NOT_TLS, OTHER }

    private final transient Message explanation;
    private final Kind kind;

    public TlsHandshakeException(Message explanation, Kind kind, Throwable cause) {
        super(explanation.toString(), cause);
        this.explanation = explanation;
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean timedOut() {
        return kind == Kind.TIMED_OUT;
    }

    @Override
    public Message explanation() {
        return explanation;
    }
}
