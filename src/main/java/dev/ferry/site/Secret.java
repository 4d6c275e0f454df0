package dev.ferry.site;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A saved password as it sits in the sites file: nothing, the password itself (when the user
 * chose to save unprotected), AES-256-GCM ciphertext under the master password's key, or a
 * reference to the system keyring (the label it was stored under; the keyring entry itself is
 * found by the site id and the field). Never printed: {@link #toString()} hides the content.
 *
 * @param plain      the password, or null
 * @param nonce      base64 GCM nonce when encrypted, else null
 * @param ciphertext base64 ciphertext with its tag when encrypted, else null
 * @param keyring    the label of the system keyring entry when the password is there, else null
 */
public record Secret(String plain, String nonce, String ciphertext, String keyring) {

    public static final Secret NONE = new Secret(null, null, null, null);

    public static Secret plain(String password) {
        return password == null || password.isEmpty() ? NONE : new Secret(password, null, null, null);
    }

    public static Secret encrypted(String nonce, String ciphertext) {
        return new Secret(null, nonce, ciphertext, null);
    }

    /** A password kept in the system keyring under this label (nothing secret in the file). */
    public static Secret inKeyring(String label) {
        return new Secret(null, null, null, label);
    }

    @JsonIgnore
    public boolean isEncrypted() {
        return ciphertext != null;
    }

    @JsonIgnore
    public boolean isInKeyring() {
        return keyring != null;
    }

    @JsonIgnore
    public boolean isEmpty() {
        return plain == null && ciphertext == null && keyring == null;
    }

    /** Where the password lives. */
    @JsonIgnore
    public PasswordStore store() {
        if (isInKeyring()) {
            return PasswordStore.KEYRING;
        }
        if (isEncrypted()) {
            return PasswordStore.VAULT;
        }
        return plain != null ? PasswordStore.FILE : PasswordStore.NONE;
    }

    @Override
    public String toString() {
        return "Secret[" + store() + "]";
    }
}
