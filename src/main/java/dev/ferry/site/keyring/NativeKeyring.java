package dev.ferry.site.keyring;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.KeyringStorageType;
import com.github.javakeyring.PasswordAccessException;
import dev.ferry.message.Message;
import dev.ferry.site.Keyring;
import dev.ferry.site.KeyringException;
import dev.ferry.site.SiteText;

import java.util.Optional;

/**
 * The macOS Keychain and the Windows Credential Manager, through java-keyring (JNA). An entry is
 * a generic password whose service is the label the user sees ("Ferry: bob@host:21") and whose
 * account is the entry's stable key; the site file remembers the label it was stored under.
 * The backend is chosen by name: java-keyring's own Linux backend is not on the class path.
 */
public final class NativeKeyring implements Keyring {

    private static final System.Logger LOG = System.getLogger(NativeKeyring.class.getName());

    private final KeyringStorageType type;
    private final String name;

    private NativeKeyring(KeyringStorageType type, String name) {
        this.type = type;
        this.name = name;
    }

    public static NativeKeyring macOs() {
        return new NativeKeyring(KeyringStorageType.OSX_KEYCHAIN, "macOS Keychain");
    }

    public static NativeKeyring windows() {
        return new NativeKeyring(KeyringStorageType.WINDOWS_CREDENTIAL_STORE, "Windows Credential Manager");
    }

    @Override
    public String name() {
        return name;
    }

    private com.github.javakeyring.Keyring open() throws KeyringException {
        try {
            return com.github.javakeyring.Keyring.create(type);
        } catch (BackendNotSupportedException | RuntimeException | LinkageError e) {
            throw new KeyringException(Message.of(SiteText.KEYRING_NATIVE_FAILED, String.valueOf(e.getMessage())), e);
        }
    }

    @Override
    public void check() throws KeyringException {
        close(open());
    }

    @Override
    public void store(Entry entry, String secret) throws KeyringException {
        com.github.javakeyring.Keyring keyring = open();
        try {
            keyring.setPassword(entry.label(), entry.key(), secret);
        } catch (PasswordAccessException | RuntimeException e) {
            throw new KeyringException(Message.of(SiteText.KEYRING_NATIVE_FAILED, String.valueOf(e.getMessage())), e);
        } finally {
            close(keyring);
        }
    }

    @Override
    public Optional<String> lookup(Entry entry) throws KeyringException {
        com.github.javakeyring.Keyring keyring = open();
        try {
            return Optional.ofNullable(keyring.getPassword(entry.label(), entry.key()));
        } catch (PasswordAccessException e) {
            // java-keyring says "not found" and "failed" alike: the caller asks for the password either way.
            LOG.log(System.Logger.Level.INFO, "no keyring entry for " + entry.label() + ": " + e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new KeyringException(Message.of(SiteText.KEYRING_NATIVE_FAILED, String.valueOf(e.getMessage())), e);
        } finally {
            close(keyring);
        }
    }

    @Override
    public boolean delete(Entry entry) throws KeyringException {
        com.github.javakeyring.Keyring keyring = open();
        try {
            keyring.deletePassword(entry.label(), entry.key());
            return true;
        } catch (PasswordAccessException e) {
            return false;
        } catch (RuntimeException e) {
            throw new KeyringException(Message.of(SiteText.KEYRING_NATIVE_FAILED, String.valueOf(e.getMessage())), e);
        } finally {
            close(keyring);
        }
    }

    private static void close(com.github.javakeyring.Keyring keyring) {
        try {
            keyring.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the keyring", e);
        }
    }
}
