package dev.ferry.ui.connection;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.SecurityStatus;
import dev.ferry.ftp.TlsMode;
import dev.ferry.site.KeyringException;
import dev.ferry.site.LogonType;
import dev.ferry.site.PasswordStore;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.ui.AppContext;
import dev.ferry.ui.Background;
import dev.ferry.ui.I18n;
import dev.ferry.ui.QuickConnectBar;

import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A quick connection saved as a site (the File menu's "Copy current connection to Site Manager",
 * the tab's menu): with its password, kept where the password policy keeps passwords typed in the
 * Site Manager, and with a lasting yes to plain FTP, so that the site connects as the connection
 * did without asking either again. What was said yes to once only stays once only.
 */
public final class ConnectionAsSite {

    private ConnectionAsSite() {
    }

    /** The site saved, and why its password serves only until Ferry closes (null when it was kept or there was none). */
    public record Saved(SiteProfile site, String passwordNotKept) {
    }

    /**
     * Saves off the FX thread; {@code saved} gets the site on the FX thread. A password the policy
     * does not keep, or that a locked vault or an unreachable keyring could not, serves this run.
     * {@code protocolAskedFor}: the protocol before a one-time "connect without encryption", or null.
     * A saved site's own connection brings no password: that site decides where its password goes.
     */
    public static void save(AppContext app, ConnectionSettings settings, String siteId, SecurityStatus security,
                            TlsMode protocolAskedFor, String title, String remoteFolder, Consumer<Saved> saved,
                            Consumer<Throwable> failed) {
        SiteProfile site = profile(settings, security, protocolAskedFor, title, remoteFolder);
        String password = siteId != null || site.logonType() == LogonType.ANONYMOUS ? "" : settings.password();
        SiteStore store = app.sites();
        Background.disk(() -> {
            PasswordStore target = store.passwordPolicy().store();
            boolean hasPassword = password != null && !password.isEmpty();
            SiteProfile copy = site;
            String notKept = null;
            if (hasPassword && target == PasswordStore.FILE) {
                copy = copy.toBuilder().password(store.protect(copy, "password", password, target)).build();
            } else if (hasPassword && target == PasswordStore.VAULT) {
                if (store.isUnlocked()) {
                    copy = copy.toBuilder().password(store.protect(copy, "password", password, target)).build();
                } else {
                    notKept = I18n.t("sites.copy.vaultLocked");
                }
            }
            copy = store.save(copy);
            if (hasPassword && target == PasswordStore.KEYRING) {
                try {
                    copy = store.keepInKeyring(copy.id(), Map.of("password", password)).orElse(copy);
                } catch (KeyringException | IOException e) {
                    notKept = I18n.words(e);
                }
            }
            return new Saved(copy, notKept);
        }, done -> {
            if (done.site().password().isEmpty()) {
                app.usePasswordNotSaved(done.site().id(), password);
            }
            saved.accept(done);
        }, failed);
    }

    /**
     * The site as the connection is. A "TLS if available" connection that went on without TLS by the
     * user's lasting consent is saved as plain FTP, which is how a site keeps that answer; one that went
     * on without TLS by a yes for that once keeps the protocol asked for, and the question with it.
     */
    static SiteProfile profile(ConnectionSettings settings, SecurityStatus security, TlsMode protocolAskedFor,
                               String title, String remoteFolder) {
        String name = title == null || title.isBlank() ? settings.host() : title.replace('/', '-');
        TlsMode protocol = protocolAskedFor != null ? protocolAskedFor
                : settings.plainWhenTlsNotOffered() && security != null && security.fellBackToPlain()
                ? TlsMode.NONE : settings.tlsMode();
        boolean anonymous = QuickConnectBar.anonymous(settings);
        return SiteProfile.builder(SiteStore.newId(), name, settings.host()).port(settings.port())
                .protocol(protocol).logonType(anonymous ? LogonType.ANONYMOUS : LogonType.NORMAL)
                .user(settings.user()).remoteDirectory(remoteFolder).build();
    }
}
