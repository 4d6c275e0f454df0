package dev.ferry.tls;

import dev.ferry.message.Explained;
import dev.ferry.message.Message;

import java.io.IOException;

/** A client certificate or its key could not be loaded; {@link #problem()} says which way. */
public class ClientIdentityException extends IOException implements Explained {

    /** What went wrong, for callers that decide by it (a wrong passphrase may be asked again). */
    public enum Problem {
        FILE_MISSING(TlsText.CLIENT_ID_FILE_MISSING),
        FILE_UNREADABLE(TlsText.CLIENT_ID_FILE_UNREADABLE),
        NOT_RECOGNIZED(TlsText.CLIENT_ID_NOT_RECOGNIZED),
        NO_CERTIFICATE(TlsText.CLIENT_ID_NO_CERTIFICATE),
        NO_KEY(TlsText.CLIENT_ID_NO_KEY),
        PASSPHRASE_NEEDED(TlsText.CLIENT_ID_PASSPHRASE_NEEDED),
        WRONG_PASSPHRASE(TlsText.CLIENT_ID_WRONG_PASSPHRASE),
        KEY_FORMAT_UNSUPPORTED(TlsText.CLIENT_ID_KEY_FORMAT_UNSUPPORTED),
        KEY_MISMATCH(TlsText.CLIENT_ID_KEY_MISMATCH);

        private final TlsText text;

        Problem(TlsText text) {
            this.text = text;
        }

        TlsText text() {
            return text;
        }
    }

    private final Problem problem;
    private final transient Message explanation;

    public ClientIdentityException(Problem problem, Message explanation, Throwable cause) {
        super(explanation.toString(), cause);
        this.problem = problem;
        this.explanation = explanation;
    }

    public Problem problem() {
        return problem;
    }

    @Override
    public Message explanation() {
        return explanation;
    }
}
