package dev.ferry.site;

/**
 * A saved password as it sits in the sites file: nothing, the password itself (when the user
 * chose to save unprotected), or AES-256-GCM ciphertext under the master password's key.
 * Never printed: {@link #toString()} hides the content.
 *
 * @param plain      the password, or null
 * @param nonce      base64 GCM nonce when encrypted, else null
 * @param ciphertext base64 ciphertext with its tag when encrypted, else null
 */
public record Secret(String plain, String nonce, String ciphertext) {

    public static final Secret NONE = new Secret(null, null, null);

    public static Secret plain(String password) {
        return password == null || password.isEmpty() ? NONE : new Secret(password, null, null);
    }

    public boolean isEncrypted() {
        return ciphertext != null;
    }

    public boolean isEmpty() {
        return plain == null && ciphertext == null;
    }

    @Override
    public String toString() {
        return isEmpty() ? "Secret[none]" : isEncrypted() ? "Secret[encrypted]" : "Secret[unprotected]";
    }
}
