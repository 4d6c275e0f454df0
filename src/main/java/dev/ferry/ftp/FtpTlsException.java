package dev.ferry.ftp;

import dev.ferry.message.Message;
import dev.ferry.tls.CertificateTrust;

/**
 * TLS could not protect the connection: the handshake failed, or the certificate was rejected
 * ({@link #certificateReview()} then says which certificate and why).
 */
public class FtpTlsException extends FtpException {

    private final transient CertificateTrust.Review review;

    public FtpTlsException(Message explanation, CertificateTrust.Review review, Throwable cause) {
        this(explanation, review, cause, false);
    }

    /** @param transientFailure the same attempt may work later (see {@link #isTransient()}) */
    public FtpTlsException(Message explanation, CertificateTrust.Review review, Throwable cause, boolean transientFailure) {
        super(explanation, transientFailure, cause);
        this.review = review;
    }

    public CertificateTrust.Review certificateReview() {
        return review;
    }

    /**
     * The server's reply to AUTH TLS ("500 AUTH not understood") when it offered no TLS
     * ({@code TLS_NOT_OFFERED}, {@code TLS_NOT_OFFERED_IF_AVAILABLE}, whose first two arguments it is); null otherwise.
     */
    public String authReply() {
        if (reason() != FtpText.TLS_NOT_OFFERED && reason() != FtpText.TLS_NOT_OFFERED_IF_AVAILABLE) {
            return null;
        }
        java.util.List<Object> said = explanation().arguments();
        return said.get(0) + " " + said.get(1);
    }
}
