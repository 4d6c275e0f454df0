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

    @Override
    public Message explanation() {
        return explanation;
    }
}
