package dev.ferry.site;

import dev.ferry.site.keyring.NativeKeyring;
import dev.ferry.site.keyring.SecretServiceKeyring;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The operating system's store of secrets: the freedesktop Secret Service on Linux (GNOME Keyring,
 * KWallet; Seahorse shows the entries), the Keychain on macOS, the Credential Manager on Windows.
 * Entries are found by a stable key (the site id and the field), never by what the user sees.
 * Every call may wait on another process (D-Bus, an unlock prompt): never call it on the GUI thread.
 */
public interface Keyring {

    /**
     * One saved secret.
     *
     * @param key   stable identity, e.g. {@code <site id>/password}
     * @param label what the user sees in Seahorse or Keychain Access, e.g. {@code Ferry: bob@host:21}
     * @param hints attributes that help the user recognise it (user, server, port); not used to find it
     */
    record Entry(String key, String label, Map<String, String> hints) {
        public Entry {
            hints = hints == null ? Map.of() : Map.copyOf(hints);
        }
    }

    /** What the user calls this keyring ("GNOME Keyring", "macOS Keychain"...). */
    String name();

    /** Throws with the reason when the keyring cannot be used now; opens nothing that stays open. */
    void check() throws KeyringException;

    /** Stores (or replaces) the secret of an entry. */
    void store(Entry entry, String secret) throws KeyringException;

    /** The secret of an entry, or empty when the keyring has none for it. */
    Optional<String> lookup(Entry entry) throws KeyringException;

    /** Removes an entry; false when there was none. */
    boolean delete(Entry entry) throws KeyringException;

    /**
     * Gives an entry a new label (same key): the secret is written under the new one, then the old
     * one removed. False when there was no entry to rename.
     */
    default boolean relabel(Entry from, Entry to) throws KeyringException {
        Optional<String> secret = lookup(from);
        if (secret.isEmpty()) {
            return false;
        }
        store(to, secret.get());
        if (!from.label().equals(to.label())) {
            delete(from);
        }
        return true;
    }

    /** The keyring of this machine, chosen by operating system; unsupported systems get one that says so. */
    static Keyring system() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return NativeKeyring.macOs();
        }
        if (os.contains("windows")) {
            return NativeKeyring.windows();
        }
        if (os.contains("linux") || os.contains("bsd")) {
            return SecretServiceKeyring.sessionBus();
        }
        return unavailable(dev.ferry.message.Message.of(SiteText.KEYRING_UNSUPPORTED_SYSTEM,
                System.getProperty("os.name", "?")));
    }

    /** A keyring that is never reachable, for the reason given (unsupported systems; tests of the fallback). */
    static Keyring unavailable(dev.ferry.message.Message reason) {
        return new Keyring() {
            @Override
            public String name() {
                return "none";
            }

            @Override
            public void check() throws KeyringException {
                throw new KeyringException(reason);
            }

            @Override
            public void store(Entry entry, String secret) throws KeyringException {
                throw new KeyringException(reason);
            }

            @Override
            public Optional<String> lookup(Entry entry) throws KeyringException {
                throw new KeyringException(reason);
            }

            @Override
            public boolean delete(Entry entry) throws KeyringException {
                throw new KeyringException(reason);
            }
        };
    }
}
