package dev.ferry.site;

import dev.ferry.message.Message;

/** Where a saved site's password lives. */
public enum PasswordStore {
    /** The operating system's keyring (the default): nothing secret in Ferry's files. */
    KEYRING(SiteText.STORE_KEYRING),
    /** Encrypted in the sites file under the master password: portable with the file. */
    VAULT(SiteText.STORE_VAULT),
    /** In the sites file as it is (an explicit choice of older versions). */
    FILE(SiteText.STORE_FILE),
    /** Not saved: asked at each connect. */
    NONE(SiteText.STORE_NONE);

    private final SiteText words;

    PasswordStore(SiteText words) {
        this.words = words;
    }

    /** Its name for the user ("the system keyring"). */
    public Message message() {
        return Message.of(words);
    }
}
