package dev.ferry.cli;

import dev.ferry.message.Message;
import dev.ferry.site.KeyringException;
import dev.ferry.site.SiteClientCertificates;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.site.SiteText;
import dev.ferry.site.VaultException;

import java.io.Console;
import java.util.Optional;

/**
 * The saved sites as the command line sees them: opened once per run, unlocked when a saved
 * password is first needed, with {@code FERRY_MASTER_PASSWORD} or a prompt on the terminal.
 * Passwords in the system keyring are read from it; when it cannot be used, the caller is told why
 * and asks for the password instead.
 */
final class SavedSites {

    private static SiteStore store;

    private SavedSites() {
    }

    /** A saved secret, or why there is none to use although one was saved. */
    record Saved(String value, Message whyNot) {
        static final Saved NOTHING = new Saved(null, null);
    }

    static synchronized SiteStore store() {
        if (store == null) {
            store = SiteStore.openDefault();
            store.loadProblem().ifPresent(problem -> System.err.println("ferry: " + Words.text("terminal.warning", problem)));
        }
        return store;
    }

    static SiteProfile find(String name) {
        return store().find(name).orElseThrow(() -> new IllegalArgumentException(Words.text("sites.noSuchSite", name)));
    }

    /** A site's own "limit sessions to", 0 for none (the queue's setting), as the window's batches read it. */
    static int sessions(SiteProfile site) {
        Integer sessions = site == null ? null : site.maxConnections();
        return sessions == null || sessions < 0 ? 0 : sessions;
    }

    static Saved password(SiteProfile site) {
        return reveal(site, true);
    }

    static Saved account(SiteProfile site) {
        return reveal(site, false);
    }

    /** The saved passphrase of the site's client key, unlocking the vault if it is there. */
    static Saved clientKeyPassphrase(SiteProfile site) {
        SiteStore sites = store();
        try {
            unlockIfNeeded(sites, site);
            return SiteClientCertificates.passphrase(sites, site).map(v -> new Saved(v, null)).orElse(Saved.NOTHING);
        } catch (KeyringException e) {
            return new Saved(null, e.explanation());
        } catch (VaultException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    private static Saved reveal(SiteProfile site, boolean password) {
        SiteStore sites = store();
        boolean inKeyring = (password ? site.password() : site.account()).isInKeyring();
        try {
            unlockIfNeeded(sites, site);
            Optional<String> value = password ? sites.password(site) : sites.account(site);
            if (value.isEmpty() && inKeyring) {
                return new Saved(null, Message.of(SiteText.KEYRING_ENTRY_MISSING));
            }
            return value.map(v -> new Saved(v, null)).orElse(Saved.NOTHING);
        } catch (KeyringException e) {
            return new Saved(null, e.explanation());
        } catch (VaultException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    private static void unlockIfNeeded(SiteStore sites, SiteProfile site) throws VaultException {
        boolean encrypted = site.password().isEncrypted() || site.account().isEncrypted()
                || SiteClientCertificates.needsVault(site);
        if (!encrypted || sites.isUnlocked()) {
            return;
        }
        String fromEnvironment = System.getenv("FERRY_MASTER_PASSWORD");
        if (fromEnvironment != null) {
            sites.unlock(fromEnvironment.toCharArray());
            return;
        }
        Console console = System.console();
        if (console == null) {
            throw new VaultException(VaultException.Reason.LOCKED,
                    Words.text("sites.encryptedNoTerminal"));
        }
        char[] typed = console.readPassword("%s", Words.text("sites.masterPassword"));
        sites.unlock(typed == null ? new char[0] : typed);
    }
}
