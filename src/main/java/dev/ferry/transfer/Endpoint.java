package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.ProtectionLevel;
import dev.ferry.ftp.TlsMode;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.TlsPolicy;
import dev.ferry.tls.TlsVersion;

import java.nio.charset.Charset;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;

/**
 * A server as the queue remembers it: every connection setting except secrets and the trust
 * object. What the queue file stores, so that a restarted Ferry knows where each item goes;
 * the password is supplied again by a {@link SettingsSource}.
 *
 * @param siteId           the saved site this came from, or null for a quick connection
 * @param dataModeExplicit the user chose {@code dataMode} (a site set to active or passive): a
 *                         learned mode does not replace it; false in queue files from before
 */
public record Endpoint(String host, int port, String user, TlsMode tlsMode, DataConnectionMode dataMode,
                       boolean trustPassiveAddress, String charset, TlsVersion tlsMaxVersion, boolean legacyTls,
                       ProtectionLevel protection, int activePortMin, int activePortMax, String activeExternalAddress,
                       String listingZone, int timeoutSeconds, String siteId, boolean dataModeExplicit) {

    public static Endpoint of(ConnectionSettings s, String siteId) {
        return new Endpoint(s.host(), s.port(), s.user(), s.tlsMode(), s.dataConnectionMode(), s.trustPassiveAddress(),
                s.charset() == null ? null : s.charset().name(), s.tlsPolicy().maxVersion(),
                s.tlsPolicy().allowLegacyVersions(), s.protectionLevel(), s.activePortMin(), s.activePortMax(),
                s.activeExternalAddress(), s.listingZone().getId(), (int) s.replyTimeout().toSeconds(), siteId,
                s.dataModeExplicit());
    }

    /** Groups the items that share worker sessions. */
    public String key() {
        String server = user + "@" + host.toLowerCase(Locale.ROOT) + ":" + port + "/" + tlsMode;
        return siteId == null ? server : "site:" + siteId + "|" + server;
    }

    /** Settings for this endpoint with the given secret and trust. */
    public ConnectionSettings toSettings(String password, CertificateTrust trust) {
        ConnectionSettings.Builder b = ConnectionSettings.builder(host).port(port).user(user).password(password)
                .tlsMode(tlsMode).dataConnectionMode(dataMode).dataModeExplicit(dataModeExplicit)
                .trustPassiveAddress(trustPassiveAddress)
                .tlsPolicy(new TlsPolicy(tlsMaxVersion == null ? TlsVersion.TLS_1_3 : tlsMaxVersion, legacyTls))
                .protectionLevel(protection == null ? ProtectionLevel.PRIVATE : protection)
                .activePortRange(activePortMin, activePortMax).activeExternalAddress(activeExternalAddress)
                .certificateTrust(trust);
        if (charset != null) {
            b.charset(Charset.forName(charset));
        }
        if (listingZone != null) {
            b.listingZone(ZoneId.of(listingZone));
        }
        if (timeoutSeconds > 0) {
            b.timeouts(Duration.ofSeconds(timeoutSeconds));
        }
        return b.build();
    }

    /** "host:port", brackets around an IPv6 literal. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** "user@host:port", for the GUI and logs. */
    public String display() {
        return user + "@" + address();
    }
}
