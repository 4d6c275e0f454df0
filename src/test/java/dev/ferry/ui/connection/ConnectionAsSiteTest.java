package dev.ferry.ui.connection;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.SecurityStatus;
import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SiteProfile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A quick connection saved as a site keeps how it connected. */
class ConnectionAsSiteTest {

    private static ConnectionSettings.Builder quick() {
        return ConnectionSettings.builder("ftp.example.com").port(2121).user("ann").password("secret")
                .tlsMode(TlsMode.EXPLICIT_IF_AVAILABLE);
    }

    private static SecurityStatus plainAfterConsent() {
        return new SecurityStatus(TlsMode.EXPLICIT_IF_AVAILABLE, false, false, true, null, null);
    }

    @Test
    void aConnectionThatWentOnWithoutTlsByConsentIsSavedAsPlainFtp() {
        SiteProfile site = ConnectionAsSite.profile(quick().plainWhenTlsNotOffered(true).build(), plainAfterConsent(), null,
                "ann@ftp.example.com", "/www");
        assertEquals(TlsMode.NONE, site.protocol(), "the consent is lost and asked for again");
        assertEquals("ftp.example.com", site.host());
        assertEquals(2121, site.port());
        assertEquals("ann", site.user());
        assertEquals("/www", site.remoteDirectory());
    }

    /** R8: a yes for that once (the connection went on as plain FTP) became a plain-FTP site, its password sent in clear ever after. */
    @Test
    void aConnectionThatWentOnWithoutTlsByAYesForOnceKeepsTheProtocolAskedFor() {
        SiteProfile site = ConnectionAsSite.profile(quick().tlsMode(TlsMode.NONE).build(),
                new SecurityStatus(TlsMode.NONE, false, false, false, null, null), TlsMode.EXPLICIT_IF_AVAILABLE, "t", null);
        assertEquals(TlsMode.EXPLICIT_IF_AVAILABLE, site.protocol());
        assertEquals(TlsMode.NONE, ConnectionAsSite.profile(quick().tlsMode(TlsMode.NONE).build(), null, null, "t", null)
                .protocol(), "plain FTP chosen as the protocol stays plain FTP");
    }

    @Test
    void anAnonymousConnectionIsSavedAsAnAnonymousLogin() {
        SiteProfile site = ConnectionAsSite.profile(ConnectionSettings.builder("ftp.example.com").user("anonymous")
                .password("anonymous@").build(), null, null, "t", null);
        assertEquals(dev.ferry.site.LogonType.ANONYMOUS, site.logonType());
    }

    @Test
    void aConsentNotUsedLeavesTlsIfAvailable() {
        SecurityStatus encrypted = new SecurityStatus(TlsMode.EXPLICIT_IF_AVAILABLE, true, true, false, null, null);
        assertEquals(TlsMode.EXPLICIT_IF_AVAILABLE, ConnectionAsSite.profile(quick().plainWhenTlsNotOffered(true).build(),
                encrypted, null, "t", null).protocol(), "a server that offered TLS would lose it");
        assertEquals(TlsMode.EXPLICIT_IF_AVAILABLE, ConnectionAsSite.profile(quick().build(), null, null, "t", null).protocol());
    }
}
