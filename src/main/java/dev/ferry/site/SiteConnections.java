package dev.ferry.site;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.TlsPolicy;
import dev.ferry.tls.TlsVersion;

import java.nio.charset.Charset;
import java.time.Duration;
import java.time.ZoneId;

/** Turns a saved site and the global settings into the settings of a session. */
public final class SiteConnections {

    private SiteConnections() {
    }

    /**
     * @param password the password to use (saved, or typed at connect); null for anonymous sites
     * @param account  the ACCT value, or null
     */
    public static ConnectionSettings settings(SiteProfile site, Settings global, String password, String account,
                                              CertificateTrust trust) {
        ConnectionSettings.Builder b = unsaved(site.host(), global, trust).port(site.port()).tlsMode(site.protocol());
        if (site.logonType() == LogonType.ANONYMOUS) {
            b.user("anonymous").password(null);
        } else {
            b.user(site.user()).password(password);
        }
        if (site.logonType() == LogonType.ACCOUNT) {
            b.account(account);
        }
        boolean passive = switch (site.transferMode()) {
            case PASSIVE -> true;
            case ACTIVE -> false;
            case DEFAULT -> global.passive();
        };
        b.dataConnectionMode(passive ? DataConnectionMode.PASSIVE : DataConnectionMode.ACTIVE);
        b.trustPassiveAddress(Boolean.TRUE.equals(site.trustPassiveAddress()));
        if (site.charset() != null && !site.charset().isBlank()) {
            b.charset(Charset.forName(site.charset()));
        }
        if (site.listingTimeZone() != null && !site.listingTimeZone().isBlank()) {
            b.listingZone(ZoneId.of(site.listingTimeZone()));
        }
        b.tlsPolicy(new TlsPolicy(site.tlsMaxVersion() == null ? TlsVersion.TLS_1_3 : site.tlsMaxVersion(),
                site.legacyTls()));
        if (site.protectionLevel() != null) {
            b.protectionLevel(site.protectionLevel());
        }
        return b.build();
    }

    /** A server that is not a saved site (quick connect, a link from the desktop): the global settings apply. */
    public static ConnectionSettings.Builder unsaved(String host, Settings global, CertificateTrust trust) {
        return ConnectionSettings.builder(host).certificateTrust(trust)
                .dataConnectionMode(global.passive() ? DataConnectionMode.PASSIVE : DataConnectionMode.ACTIVE)
                .activePortRange(global.activePortMin(), global.activePortMax())
                .activeExternalAddress(global.activeExternalAddress())
                .timeouts(Duration.ofSeconds(global.timeoutSeconds()));
    }

    /**
     * Into how many segments a large download from this site is split: the site's own setting, or
     * the global one. The queue takes it per batch ({@code TransferQueue.Batch.segments}).
     */
    public static int segments(SiteProfile site, Settings global) {
        Integer own = site == null ? null : site.segments();
        return Math.max(1, Math.min(10, own != null && own > 0 ? own : global.segments()));
    }

    /** Whether connecting needs a password typed now (none saved, or the site asks every time). */
    public static boolean needsPasswordPrompt(SiteProfile site, boolean hasSavedPassword) {
        return switch (site.logonType()) {
            case ANONYMOUS -> false;
            case ASK_FOR_PASSWORD, INTERACTIVE -> true;
            case NORMAL, ACCOUNT -> !hasSavedPassword;
        };
    }
}
