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
        super(explanation, false, cause);
        this.review = review;
    }

    public CertificateTrust.Review certificateReview() {
        return review;
    }
}
