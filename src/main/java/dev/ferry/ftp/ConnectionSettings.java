package dev.ferry.ftp;

import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.ClientIdentity;
import dev.ferry.tls.KnownHosts;
import dev.ferry.tls.TlsPolicy;

import java.nio.charset.Charset;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Everything one session needs to know, in one typed table with defaults. Immutable; derive
 * variants with {@link #toBuilder()}. {@link #toString()} never shows the password.
 */
public final class ConnectionSettings {

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String account;
    private final TlsMode tlsMode;
    private final TlsPolicy tlsPolicy;
    private final ProtectionLevel protectionLevel;
    private final CertificateTrust certificateTrust;
    private final ClientIdentity.Source clientIdentity;
    private final DataConnectionMode dataConnectionMode;
    private final boolean trustPassiveAddress;
    private final int activePortMin;
    private final int activePortMax;
    private final String activeExternalAddress;
    private final Charset charset;
    private final ZoneId listingZone;
    private final dev.ferry.ftp.listing.ListingConfig.DateOrder listingDateOrder;
    private final java.util.Locale listingMonthLanguage;
    private final Duration connectTimeout;
    private final Duration replyTimeout;
    private final Duration dataTimeout;
    private final Duration tlsHandshakeTimeout;
    private final Duration controlKeepAlive;
    private final ServerCapabilities capabilities;
    private final boolean tlsMaxExplicit;
    private final boolean dataModeExplicit;
    private final boolean plainWhenTlsNotOffered;

    private ConnectionSettings(Builder b) {
        this.host = Objects.requireNonNull(b.host, "host");
        this.tlsMode = b.tlsMode;
        this.port = b.port > 0 ? b.port : b.tlsMode.defaultPort();
        this.user = b.user == null || b.user.isEmpty() ? "anonymous" : b.user;
        this.password = b.password != null ? b.password : (this.user.equals("anonymous") ? "anonymous@" : "");
        this.account = b.account;
        this.tlsPolicy = b.tlsPolicy;
        this.protectionLevel = b.protectionLevel;
        this.certificateTrust = b.certificateTrust != null ? b.certificateTrust
                : CertificateTrust.nonInteractive(KnownHosts.inMemory(), java.util.Set.of());
        this.clientIdentity = b.clientIdentity;
        this.dataConnectionMode = b.dataConnectionMode;
        this.trustPassiveAddress = b.trustPassiveAddress;
        this.activePortMin = b.activePortMin;
        this.activePortMax = b.activePortMax;
        this.activeExternalAddress = b.activeExternalAddress;
        this.charset = b.charset;
        this.listingZone = b.listingZone;
        this.listingDateOrder = b.listingDateOrder;
        this.listingMonthLanguage = b.listingMonthLanguage;
        this.connectTimeout = b.connectTimeout;
        this.replyTimeout = b.replyTimeout;
        this.dataTimeout = b.dataTimeout;
        this.tlsHandshakeTimeout = b.tlsHandshakeTimeout;
        this.controlKeepAlive = b.controlKeepAlive;
        this.capabilities = b.capabilities != null ? b.capabilities : ServerCapabilities.forServer(host, port);
        this.tlsMaxExplicit = b.tlsMaxExplicit;
        this.dataModeExplicit = b.dataModeExplicit;
        this.plainWhenTlsNotOffered = b.plainWhenTlsNotOffered;
        if (port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (activePortMin < 0 || activePortMax > 65535 || activePortMin > activePortMax) {
            throw new IllegalArgumentException("active port range " + activePortMin + "-" + activePortMax + " is not valid");
        }
    }

    public static Builder builder(String host) {
        return new Builder().host(host);
    }

    public Builder toBuilder() {
        return new Builder()
                .host(host).port(port).user(user).password(password).account(account)
                .tlsMode(tlsMode).tlsPolicy(tlsPolicy).protectionLevel(protectionLevel)
                .certificateTrust(certificateTrust).clientIdentity(clientIdentity)
                .dataConnectionMode(dataConnectionMode).trustPassiveAddress(trustPassiveAddress)
                .activePortRange(activePortMin, activePortMax).activeExternalAddress(activeExternalAddress)
                .charset(charset).listingZone(listingZone).listingDateOrder(listingDateOrder)
                .listingMonthLanguage(listingMonthLanguage)
                .connectTimeout(connectTimeout).replyTimeout(replyTimeout).dataTimeout(dataTimeout)
                .tlsHandshakeTimeout(tlsHandshakeTimeout).controlKeepAlive(controlKeepAlive)
                .capabilities(capabilities).tlsMaxExplicit(tlsMaxExplicit).dataModeExplicit(dataModeExplicit)
                .plainWhenTlsNotOffered(plainWhenTlsNotOffered);
    }

    public String host() { return host; }
    public int port() { return port; }
    public String user() { return user; }
    public String password() { return password; }
    public String account() { return account; }
    public TlsMode tlsMode() { return tlsMode; }
    public TlsPolicy tlsPolicy() { return tlsPolicy; }
    public ProtectionLevel protectionLevel() { return protectionLevel; }
    public CertificateTrust certificateTrust() { return certificateTrust; }
    /** Gives the client certificate presented to a server that asks for one; null for none. */
    public ClientIdentity.Source clientIdentity() { return clientIdentity; }
    public DataConnectionMode dataConnectionMode() { return dataConnectionMode; }
    public boolean trustPassiveAddress() { return trustPassiveAddress; }
    public int activePortMin() { return activePortMin; }
    public int activePortMax() { return activePortMax; }
    public String activeExternalAddress() { return activeExternalAddress; }
    /** The charset for paths and listings; null means UTF-8 when the server offers it, else UTF-8 anyway. */
    public Charset charset() { return charset; }
    public ZoneId listingZone() { return listingZone; }
    /** How LIST dates are read: zone, day/month order, month names' language (the site's overrides). */
    public dev.ferry.ftp.listing.ListingConfig listingConfig() {
        return new dev.ferry.ftp.listing.ListingConfig(listingZone, listingDateOrder, listingMonthLanguage);
    }
    public Duration connectTimeout() { return connectTimeout; }
    public Duration replyTimeout() { return replyTimeout; }

    /** The reply timeout, or {@code cap} when that is shorter: waits that must not take the whole timeout. */
    public Duration replyTimeoutAtMost(Duration cap) { return replyTimeout.compareTo(cap) <= 0 ? replyTimeout : cap; }
    public Duration dataTimeout() { return dataTimeout; }
    public Duration tlsHandshakeTimeout() { return tlsHandshakeTimeout; }
    /** How often a NOOP goes over the idle control connection while a long transfer runs; zero: never. */
    public Duration controlKeepAlive() { return controlKeepAlive; }
    /** What sessions to this server learned; shared by every session made from these settings. */
    public ServerCapabilities capabilities() { return capabilities; }
    /** The user chose the TLS maximum for this connection: it wins over a learned ceiling. */
    public boolean tlsMaxExplicit() { return tlsMaxExplicit; }
    /** The user chose the data connection mode: it wins over a learned one (a session still falls back). */
    public boolean dataModeExplicit() { return dataModeExplicit; }
    /**
     * Under "TLS if available", whoever connects has agreed to log in without encryption when the
     * server offers no TLS. False by default: that mode is what a quick connection starts with, so it
     * is no consent to send a password in clear (the window asks, the command line's --tls auto says so).
     */
    public boolean plainWhenTlsNotOffered() { return plainWhenTlsNotOffered; }

    /**
     * The settings that decide whether a data connection mode can work: what a learned mode was
     * learned with, so that it is not used once they change.
     */
    public String dataConnectionSetup() {
        return "trust-pasv=" + trustPassiveAddress
                + ";external=" + (activeExternalAddress == null ? "" : activeExternalAddress.trim())
                + ";ports=" + activePortMin + "-" + activePortMax;
    }

    /** {@code host:port}, brackets around IPv6 literals. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + user + "@" + address() + ", " + tlsMode + ", " + dataConnectionMode + "]";
    }

    public static final class Builder {
        private String host;
        private int port;
        private String user;
        private String password;
        private String account;
        private TlsMode tlsMode = TlsMode.NONE;
        private TlsPolicy tlsPolicy = TlsPolicy.DEFAULT;
        private ProtectionLevel protectionLevel = ProtectionLevel.PRIVATE;
        private CertificateTrust certificateTrust;
        private ClientIdentity.Source clientIdentity;
        private DataConnectionMode dataConnectionMode = DataConnectionMode.PASSIVE;
        private boolean trustPassiveAddress;
        private int activePortMin;
        private int activePortMax;
        private String activeExternalAddress;
        private Charset charset;
        private ZoneId listingZone = ZoneOffset.UTC;
        private dev.ferry.ftp.listing.ListingConfig.DateOrder listingDateOrder = dev.ferry.ftp.listing.ListingConfig.DateOrder.AUTO;
        private java.util.Locale listingMonthLanguage;
        // One timeout, 30 s, for every wait unless the user sets them (the CLI's --timeout sets all).
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration replyTimeout = Duration.ofSeconds(30);
        private Duration dataTimeout = Duration.ofSeconds(30);
        private Duration tlsHandshakeTimeout = Duration.ofSeconds(30);
        private Duration controlKeepAlive = Duration.ofSeconds(60);
        private ServerCapabilities capabilities;
        private boolean tlsMaxExplicit;
        private boolean dataModeExplicit;
        private boolean plainWhenTlsNotOffered;

        private Builder() {
        }

        public Builder host(String host) { this.host = host; return this; }
        /** 0 picks the default of the TLS mode (21, or 990 for implicit TLS). */
        public Builder port(int port) { this.port = port; return this; }
        public Builder user(String user) { this.user = user; return this; }
        public Builder password(String password) { this.password = password; return this; }
        public Builder account(String account) { this.account = account; return this; }
        public Builder tlsMode(TlsMode tlsMode) { this.tlsMode = Objects.requireNonNull(tlsMode); return this; }
        public Builder tlsPolicy(TlsPolicy tlsPolicy) { this.tlsPolicy = Objects.requireNonNull(tlsPolicy); return this; }
        public Builder protectionLevel(ProtectionLevel level) { this.protectionLevel = Objects.requireNonNull(level); return this; }
        public Builder certificateTrust(CertificateTrust trust) { this.certificateTrust = trust; return this; }
        public Builder clientIdentity(ClientIdentity identity) { this.clientIdentity = identity == null ? null : () -> identity; return this; }
        /** Loaded when a session connects (files read on its thread); a failure fails the connect with its explanation. */
        public Builder clientIdentity(ClientIdentity.Source source) { this.clientIdentity = source; return this; }
        public Builder dataConnectionMode(DataConnectionMode mode) { this.dataConnectionMode = Objects.requireNonNull(mode); return this; }
        public Builder trustPassiveAddress(boolean trust) { this.trustPassiveAddress = trust; return this; }
        /** Ports to listen on in active mode; 0-0 lets the system choose. */
        public Builder activePortRange(int min, int max) { this.activePortMin = min; this.activePortMax = max; return this; }
        /** The address announced in PORT/EPRT, for a client behind NAT; null announces the local one. */
        public Builder activeExternalAddress(String address) { this.activeExternalAddress = address; return this; }
        public Builder charset(Charset charset) { this.charset = charset; return this; }
        public Builder listingZone(ZoneId zone) { this.listingZone = Objects.requireNonNull(zone); return this; }
        public Builder listingDateOrder(dev.ferry.ftp.listing.ListingConfig.DateOrder order) { this.listingDateOrder = Objects.requireNonNull(order); return this; }
        /** The language of month names in LIST dates when not English; null tries the usual ones. */
        public Builder listingMonthLanguage(java.util.Locale language) { this.listingMonthLanguage = language; return this; }
        public Builder connectTimeout(Duration timeout) { this.connectTimeout = positive(timeout); return this; }
        public Builder replyTimeout(Duration timeout) { this.replyTimeout = positive(timeout); return this; }
        public Builder dataTimeout(Duration timeout) { this.dataTimeout = positive(timeout); return this; }
        public Builder tlsHandshakeTimeout(Duration timeout) { this.tlsHandshakeTimeout = positive(timeout); return this; }
        public Builder controlKeepAlive(Duration interval) { this.controlKeepAlive = Objects.requireNonNull(interval); return this; }
        public Builder capabilities(ServerCapabilities capabilities) { this.capabilities = capabilities; return this; }
        public Builder tlsMaxExplicit(boolean explicit) { this.tlsMaxExplicit = explicit; return this; }
        public Builder dataModeExplicit(boolean explicit) { this.dataModeExplicit = explicit; return this; }
        public Builder plainWhenTlsNotOffered(boolean agreed) { this.plainWhenTlsNotOffered = agreed; return this; }

        /** Sets every network timeout at once (the CLI's {@code --timeout}). */
        public Builder timeouts(Duration timeout) {
            return connectTimeout(timeout).replyTimeout(timeout).dataTimeout(timeout).tlsHandshakeTimeout(timeout);
        }

        private static Duration positive(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("a timeout must be positive");
            }
            return d;
        }

        public ConnectionSettings build() {
            return new ConnectionSettings(this);
        }
    }
}
