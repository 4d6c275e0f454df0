package dev.ferry.site;

import dev.ferry.message.Explained;
import dev.ferry.message.Message;

/** The master password is wrong, the vault is locked, or a saved secret is damaged. */
public class VaultException extends Exception implements Explained {

    public enum Reason { WRONG_PASSWORD, LOCKED, CORRUPT, NO_VAULT }

    private final Reason reason;

    public VaultException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public Message explanation() {
        return Message.of(switch (reason) {
            case WRONG_PASSWORD -> SiteText.VAULT_WRONG_PASSWORD;
            case LOCKED -> SiteText.VAULT_LOCKED;
            case CORRUPT -> SiteText.VAULT_DAMAGED;
            case NO_VAULT -> SiteText.VAULT_NONE;
        });
    }
}
