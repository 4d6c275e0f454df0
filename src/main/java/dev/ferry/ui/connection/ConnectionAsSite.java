package dev.ferry.ui.connection;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.SecurityStatus;
import dev.ferry.ftp.TlsMode;
import dev.ferry.site.KeyringException;
import dev.ferry.site.PasswordStore;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.ui.AppContext;
import dev.ferry.ui.Background;

import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A connection made from the quick connect bar, saved as a site (the File menu's "Copy current
 * connection to Site Manager", the tab's menu): with its password, kept where the password policy
 * keeps passwords typed in the Site Manager, and with the answer given about plain FTP, so that the
 * site connects as the connection did, without asking either again.
 */
public final class ConnectionAsSite {

    private ConnectionAsSite() {
    }

    /**
     * Saves off the FX thread; {@code saved} gets the site on the FX thread. A password the policy
     * does not save, or that the keyring would not take, serves this run's connections to the site.
     */
    public static void save(AppContext app, ConnectionSettings settings, SecurityStatus security, String title,
                            String remoteFolder, Consumer<SiteProfile> saved, Consumer<Throwable> failed) {
        SiteProfile site = profile(settings, security, title, remoteFolder);
        String password = settings.password();
        SiteStore store = app.sites();
        Background.disk(() -> {
            PasswordStore target = store.passwordPolicy().store();
            boolean hasPassword = password != null && !password.isEmpty();
            SiteProfile copy = site;
            // A locked vault is not unlocked for this: the password then serves until Ferry closes.
            if (hasPassword && (target == PasswordStore.FILE || target == PasswordStore.VAULT && store.isUnlocked())) {
                copy = copy.toBuilder().password(store.protect(copy, "password", password, target)).build();
            }
            copy = store.save(copy);
            if (hasPassword && target == PasswordStore.KEYRING) {
                try {
                    copy = store.keepInKeyring(copy.id(), Map.of("password", password)).orElse(copy);
                } catch (KeyringException | IOException e) {
                    // No keyring here (no D-Bus session, none installed): kept for this run, below.
                    System.getLogger(ConnectionAsSite.class.getName()).log(System.Logger.Level.INFO,
                            "the copied site's password stays out of the keyring: " + e.getMessage());
                }
            }
            return copy;
        }, copy -> {
            if (copy.password().isEmpty()) {
                app.usePasswordNotSaved(copy.id(), password);
            }
            saved.accept(copy);
        }, failed);
    }

    /**
     * The site as the connection is: a "TLS if available" connection that went on without TLS by the
     * user's lasting consent is saved as plain FTP, which is how a site keeps that answer.
     */
    static SiteProfile profile(ConnectionSettings settings, SecurityStatus security, String title, String remoteFolder) {
        String name = title == null || title.isBlank() ? settings.host() : title.replace('/', '-');
        TlsMode protocol = settings.plainWhenTlsNotOffered() && security != null && security.fellBackToPlain()
                ? TlsMode.NONE : settings.tlsMode();
        return SiteProfile.builder(SiteStore.newId(), name, settings.host()).port(settings.port())
                .protocol(protocol).user(settings.user()).remoteDirectory(remoteFolder).build();
    }
}
