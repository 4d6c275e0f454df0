package dev.ferry.tls;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsPSK;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsSession;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;

/**
 * Ferry's side of one TLS handshake. Offers the versions of its {@link TlsPolicy}, AES-GCM first,
 * resumes the session it is given (the control connection's, for a data connection): a TLS 1.2
 * session by its ID, a TLS 1.3 session by a ticket the control connection received (offered as
 * a PSK, see {@link ResumptionPsk}). It hands the server's chain to a {@link ChainCheck}. TLS 1.2
 * session tickets are not requested: receiving one would clear the session ID that FTP servers
 * resume data connections by.
 */
final class FerryTlsClient extends DefaultTlsClient {

    /** Accepts or rejects the server's certificate chain (leaf first). */
    @FunctionalInterface
    interface ChainCheck {
        void check(List<X509Certificate> chain) throws IOException;
    }

    private final TlsPolicy policy;
    private final String serverName;
    private final TlsSession sessionToResume;
    private final ChainCheck chainCheck;
    private final Tls13Ticket ticketToOffer;
    private volatile boolean resumedByTicket;
    private volatile boolean keyShareRetried;
    private final int keyShareGroup;
    private volatile X509Certificate peerLeaf;
    private volatile short alertReceived = -1;
    private final ClientIdentity identity;
    private volatile boolean clientCertificateRequested;
    private volatile boolean clientCertificateSent;

    /** @param keyShareGroup the TLS 1.3 group to send a key share for, or -1 for Bouncy Castle's choice */
    FerryTlsClient(TlsPolicy policy, String serverName, TlsSession sessionToResume, Tls13Ticket ticketToOffer,
                   int keyShareGroup, ClientIdentity identity, ChainCheck chainCheck) {
        super(TlsSupport.crypto());
        this.keyShareGroup = keyShareGroup;
        this.policy = policy;
        this.serverName = serverName;
        this.sessionToResume = sessionToResume;
        this.ticketToOffer = ticketToOffer;
        this.identity = identity;
        this.chainCheck = chainCheck;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return TlsSupport.protocolVersion(policy.maxVersion()).downTo(TlsSupport.protocolVersion(policy.minVersion()));
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsSupport.cipherSuites();
    }

    /**
     * Bouncy Castle sends an X25519 key share first; a server that wants another group asks again
     * (HelloRetryRequest). A data connection knows the group its control connection settled on.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"}) // Bouncy Castle's group lists are raw Vectors of Integer
    public Vector getEarlyKeyShareGroups() {
        if (keyShareGroup >= 0 && supportedGroups != null && supportedGroups.contains(keyShareGroup)) {
            Vector groups = new Vector(1);
            groups.add(keyShareGroup);
            return groups;
        }
        return super.getEarlyKeyShareGroups();
    }

    @Override
    public TlsSession getSessionToResume() {
        return sessionToResume;
    }

    @Override
    public Vector<TlsPSKExternal> getExternalPSKs() {
        if (ticketToOffer == null) {
            return null;
        }
        Vector<TlsPSKExternal> psks = new Vector<>();
        psks.add(new ResumptionPsk(TlsSupport.crypto(), ticketToOffer));
        return psks;
    }

    @Override
    @SuppressWarnings("unchecked") // Bouncy Castle's extension tables are raw, always Integer to byte[]
    public Hashtable<Integer, byte[]> getClientExtensions() throws IOException {
        Hashtable<Integer, byte[]> extensions = super.getClientExtensions();
        if (ticketToOffer == null) {
            if (policy.maxVersion() == TlsVersion.TLS_1_3) {
                // Says that tickets are usable here: servers on the JDK's TLS send none to a client without it.
                if (extensions == null) {
                    extensions = new Hashtable<>();
                }
                TlsExtensionsUtils.addPSKKeyExchangeModesExtension(extensions, getPskKeyExchangeModes());
            }
            return extensions;
        }
        Hashtable<Integer, byte[]> withAge = new ResumptionPsk.AgeFix(ticketToOffer);
        if (extensions != null) {
            withAge.putAll(extensions);
        }
        return withAge;
    }

    @Override
    public void notifySelectedPSK(TlsPSK selectedPSK) throws IOException {
        super.notifySelectedPSK(selectedPSK);
        resumedByTicket = selectedPSK instanceof ResumptionPsk;
    }

    /** Called when the server answers the ClientHello with a HelloRetryRequest. */
    void keyShareRetry() {
        keyShareRetried = true;
    }

    boolean keyShareRetried() {
        return keyShareRetried;
    }

    /** Whether the server accepted the offered TLS 1.3 ticket: this handshake resumed a session. */
    boolean resumedByTicket() {
        return resumedByTicket;
    }

    /**
     * FTP servers resume the data connection by the control's session even without the extended
     * master secret extension (many FTP servers lack it); refusing that would break the data
     * channel, and the data connection is bound to an authenticated control connection anyway.
     */
    @Override
    public boolean allowLegacyResumption() {
        return true;
    }

    @Override
    protected Vector<ServerName> getSNIServerNames() {
        if (serverName == null || HostnameMatcher.isAddressLiteral(serverName)) {
            return null;
        }
        Vector<ServerName> names = new Vector<>();
        names.add(new ServerName(NameType.host_name, serverName.getBytes(StandardCharsets.US_ASCII)));
        return names;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                List<X509Certificate> chain = toX509(serverCertificate.getCertificate());
                if (chain.isEmpty()) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate);
                }
                peerLeaf = chain.getFirst();
                try {
                    chainCheck.check(chain);
                } catch (CertificateRejectedException e) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate, e);
                }
            }

            @Override
            public TlsCredentials getClientCredentials(org.bouncycastle.tls.CertificateRequest request)
                    throws IOException {
                // Remembered either way, so that a refusal can say the server wanted a certificate.
                clientCertificateRequested = true;
                if (identity == null) {
                    return null;
                }
                TlsCredentials credentials = ClientCredentials.signer(context, TlsSupport.crypto(), identity, request);
                clientCertificateSent = credentials != null;
                return credentials;
            }
        };
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertLevel == AlertLevel.fatal || alertDescription != AlertDescription.close_notify) {
            alertReceived = alertDescription;
        }
    }

    /** True when the server asked for a client certificate during the handshake. */
    boolean clientCertificateRequested() {
        return clientCertificateRequested;
    }

    /** True when a client certificate went to the server. */
    boolean clientCertificateSent() {
        return clientCertificateSent;
    }

    /** Whether a certificate to present was given: its absence is then not the explanation. */
    boolean hasIdentity() {
        return identity != null;
    }

    /** The alert the server sent, or -1. Lets the caller say "the server refused ..." precisely. */
    short alertReceived() {
        return alertReceived;
    }

    X509Certificate peerLeaf() {
        return peerLeaf;
    }

    TlsSession session() {
        return context.getSession();
    }

    SecurityParameters securityParameters() {
        return context.getSecurityParametersConnection();
    }

    private static List<X509Certificate> toX509(org.bouncycastle.tls.Certificate certificate) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (int i = 0; i < certificate.getLength(); i++) {
                byte[] encoded = certificate.getCertificateAt(i).getEncoded();
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(encoded)));
            }
        } catch (CertificateException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, e);
        }
        return chain;
    }
}
