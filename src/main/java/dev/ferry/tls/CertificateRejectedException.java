package dev.ferry.tls;

import dev.ferry.message.Explained;
import dev.ferry.message.Message;

import java.io.IOException;

/** The server's certificate was not accepted: by the user, or because nobody could be asked. */
public class CertificateRejectedException extends IOException implements Explained {

    private final transient CertificateTrust.Review review;
    private final transient Message explanation;

    public CertificateRejectedException(CertificateTrust.Review review, Message explanation) {
        super(explanation.toString());
        this.review = review;
        this.explanation = explanation;
    }

    /** The certificate and its problems; null when the rejection was not about trust. */
    public CertificateTrust.Review review() {
        return review;
    }

    @Override
    public Message explanation() {
        return explanation;
    }
}
