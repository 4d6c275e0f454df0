package dev.ferry.tls;

import java.io.IOException;

/** The server's certificate was not accepted: by the user, or because nobody could be asked. */
public class CertificateRejectedException extends IOException {

    private final transient CertificateTrust.Review review;

    public CertificateRejectedException(CertificateTrust.Review review, String message) {
        super(message);
        this.review = review;
    }

    /** The certificate and its problems; null when the rejection was not about trust. */
    public CertificateTrust.Review review() {
        return review;
    }
}
