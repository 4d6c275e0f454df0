package dev.ferry.site;

/** The master password is wrong, the vault is locked, or a saved secret is damaged. */
public class VaultException extends Exception {

    public enum Reason { WRONG_PASSWORD, LOCKED, CORRUPT }

    private final Reason reason;

    public VaultException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
