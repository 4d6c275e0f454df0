package dev.ferry.site;

import dev.ferry.message.Explained;
import dev.ferry.message.Message;

/**
 * The system keyring cannot be used now: no session bus, no Secret Service, locked with no way to
 * ask, an unlock dismissed, or an error from the keyring. The secret, if any, is still where it
 * was; callers ask the user for the password instead and say why with {@link #explanation()}.
 */
public class KeyringException extends Exception implements Explained {

    private final Message explanation;

    public KeyringException(Message explanation) {
        super(explanation.toString());
        this.explanation = explanation;
    }

    public KeyringException(Message explanation, Throwable cause) {
        super(explanation.toString(), cause);
        this.explanation = explanation;
    }

    /**
     * Whether there is no keyring to reach here (no session bus, none answering, no Secret Service on it, a
     * system Ferry knows no keyring of): the same every time in a run, unlike a keyring that is there and
     * refused (locked, a prompt dismissed, an error of its own).
     */
    public boolean keyringAbsent() {
        return explanation.is(SiteText.KEYRING_NO_SESSION_BUS) || explanation.is(SiteText.KEYRING_BUS_UNREACHABLE)
                || explanation.is(SiteText.KEYRING_NO_SECRET_SERVICE) || explanation.is(SiteText.KEYRING_UNSUPPORTED_SYSTEM);
    }

    @Override
    public Message explanation() {
        return explanation;
    }
}
