package dev.ferry.cli;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.FtpUrl;
import dev.ferry.ftp.ProtectionLevel;
import dev.ferry.ftp.TlsMode;
import dev.ferry.message.Message;
import dev.ferry.site.SettingsStore;
import dev.ferry.site.SiteConnections;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteText;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import dev.ferry.tls.TlsPolicy;
import dev.ferry.tls.TlsVersion;
import picocli.CommandLine.Option;

import java.io.Console;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/** The options every command that connects shares. */
public final class ConnectionOptions {

    @Option(names = "--active", description = "Active mode: the server connects back to us.")
    boolean active;

    @Option(names = "--passive", description = "Passive mode (the default): we connect to the server.")
    boolean passive;

    @Option(names = "--port-range", paramLabel = "A-B", description = "Local ports to listen on in active mode.")
    String portRange;

    @Option(names = "--external-ip", paramLabel = "IP", description = "Address to announce in active mode (behind NAT).")
    String externalIp;

    @Option(names = "--trust-pasv-ip", description = "Connect to the address in the server's PASV reply instead of its control address.")
    boolean trustPasvIp;

    @Option(names = "--user", paramLabel = "U", description = "User name (default: from the URL, else anonymous).")
    String user;

    @Option(names = "--password", paramLabel = "P", description = "Password (also from the URL or FERRY_PASSWORD).")
    String password;

    @Option(names = "--no-netrc", description = "Do not read a password (or login) from $NETRC or ~/.netrc.")
    boolean noNetrc;

    @Option(names = "--charset", paramLabel = "NAME", description = "Character set of names on the server, e.g. GBK (default: UTF-8).")
    String charset;

    @Option(names = "--log", description = "Print the FTP dialogue to stderr (passwords masked).")
    boolean log;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Network timeout (default 30).")
    Integer timeoutSeconds;

    @Option(names = "--tls", paramLabel = "MODE",
            description = "none, auto (TLS if the server offers it, else plain), explicit or implicit. Default: the URL's scheme, or with --site the site's protocol.")
    String tls;

    @Option(names = "--tls-max", paramLabel = "VERSION", description = "Highest TLS version to offer: 1.2 or 1.3.")
    String tlsMax;

    @Option(names = "--legacy-tls", description = "Allow TLS 1.0 and 1.1 for old servers.")
    boolean legacyTls;

    @Option(names = "--prot", paramLabel = "C|P", description = "Data channel protection on TLS: P (encrypted, default) or C (clear).")
    String prot;

    @Option(names = "--trust-fingerprint", paramLabel = "SHA256",
            description = "Trust a server certificate with this SHA-256 fingerprint (repeatable).")
    List<String> trustFingerprints = new ArrayList<>();

    @Option(names = "--insecure", description = "Accept any TLS certificate (warns every time).")
    boolean insecure;

    @Option(names = "--client-cert", paramLabel = "FILE",
            description = "Client certificate for servers that demand one: PEM (with its key, or see --client-key) or PKCS#12.")
    Path clientCert;

    @Option(names = "--client-key", paramLabel = "FILE", description = "The PEM private key of --client-cert, when in its own file.")
    Path clientKey;

    @Option(names = "--client-key-pass-stdin",
            description = "Read the passphrase of the client key (or PKCS#12 file) from the first line of standard input.")
    boolean clientKeyPassStdin;

    private ClientIdentities clientIdentities;

    @Option(names = "--site", paramLabel = "NAME",
            description = "A saved site (Folder/Name); the URL argument is then a path on it.")
    String site;

    /**
     * With --site, the saved site's id: the queue's items belong to it, as a site tab's do, so that a
     * resumed queue finds its password and its session limit again; null otherwise.
     */
    String siteId() {
        return site == null ? null : SavedSites.find(site).id();
    }

    /** With --site, the site's own session limit (0: none, the queue's setting); 0 otherwise. */
    int siteSessions() {
        return site == null ? 0 : SavedSites.sessions(SavedSites.find(site));
    }

    /** The target of a command: a URL, or with --site a path on the saved site. */
    FtpUrl url(String argument) {
        if (site == null) {
            if (argument == null) {
                throw new IllegalArgumentException(Words.text("connection.noUrl"));
            }
            return FtpUrl.parse(argument);
        }
        SiteProfile profile = SavedSites.find(site);
        String path = argument == null ? "" : argument;
        if (path.contains("://")) {
            throw new IllegalArgumentException(Words.text("connection.urlWithSite"));
        }
        if (path.isEmpty() && profile.remoteDirectory() != null) {
            path = profile.remoteDirectory();
        }
        return new FtpUrl(profile.protocol(), profile.host(), profile.port(), profile.user(), null, path,
                path.startsWith("/"));
    }

    /** Builds the session settings for a URL; the URL's user and password come after the options'. */
    ConnectionSettings settings(FtpUrl url) {
        if (site != null) {
            return siteSettings();
        }
        ConnectionSettings.Builder b = ConnectionSettings.builder(url.host()).port(url.port());
        b.tlsMode(tlsMode(url));
        String userName = user != null ? user : url.user();
        String secret = givenPassword(url);
        if (secret == null) {
            Netrc.Entry entry = netrc(url.host(), userName);
            if (entry != null) {
                userName = userName != null ? userName : entry.login();
                secret = entry.password();
                b.account(entry.account());
            }
        }
        b.user(userName);
        b.password(secret != null ? secret : askPassword(userName, url));
        if (active && passive) {
            throw new IllegalArgumentException(Words.text("connection.activeAndPassive"));
        }
        // A preference, like a site's: when this mode did not work with this server before, with these
        // same data settings, the one that did is used (and said), so a NATed client does not wait for a
        // failing mode every time; new settings (another --external-ip, --trust-pasv-ip) are tried.
        b.dataConnectionMode(active ? DataConnectionMode.ACTIVE : DataConnectionMode.PASSIVE);
        b.trustPassiveAddress(trustPasvIp);
        if (portRange != null) {
            String[] bounds = portRange.split("-");
            try {
                b.activePortRange(Integer.parseInt(bounds[0].trim()), Integer.parseInt(bounds[bounds.length - 1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(Words.text("connection.portRange"));
            }
        }
        b.activeExternalAddress(externalIp);
        if (charset != null) {
            try {
                b.charset(Charset.forName(charset));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(Words.text("connection.unknownCharset", charset));
            }
        }
        if (timeoutSeconds != null) {
            if (timeoutSeconds <= 0) {
                throw new IllegalArgumentException(Words.text("connection.timeout"));
            }
            b.timeouts(Duration.ofSeconds(timeoutSeconds));
        }
        TlsVersion max = tlsMax == null ? TlsVersion.TLS_1_3 : TlsVersion.parse(tlsMax);
        b.tlsPolicy(new TlsPolicy(max, legacyTls));
        b.tlsMaxExplicit(tlsMax != null);
        if (prot != null) {
            b.protectionLevel(ProtectionLevel.parse(prot));
        }
        b.certificateTrust(trust());
        b.clientIdentity(clientIdentities().load(null));
        b.plainWhenTlsNotOffered(plainAgreed());
        return b.build();
    }

    private ClientIdentities clientIdentities() {
        if (clientIdentities == null) {
            clientIdentities = new ClientIdentities(clientCert, clientKey, clientKeyPassStdin);
        }
        return clientIdentities;
    }

    /** A saved site's settings, with this command line's overrides and secrets. */
    private ConnectionSettings siteSettings() {
        SiteProfile profile = SavedSites.find(site);
        String secret = password;
        Message whyAsking = null;
        if (secret == null) {
            SavedSites.Saved saved = SavedSites.password(profile);
            secret = saved.value();
            whyAsking = saved.whyNot();
        }
        if (secret == null && (whyAsking != null || SiteConnections.needsPasswordPrompt(profile, false))) {
            secret = askSitePassword(profile, whyAsking, noNetrc);
        }
        SavedSites.Saved savedAccount = SavedSites.account(profile);
        if (savedAccount.whyNot() != null) {
            System.err.println("ferry: " + Words.text("terminal.warning", Words.of(savedAccount.whyNot())));
        }
        String account = savedAccount.value();
        ConnectionSettings.Builder b = SiteConnections.settings(profile, SettingsStore.openDefault().current(), secret,
                account, trust()).toBuilder();
        if (active && passive) {
            throw new IllegalArgumentException(Words.text("connection.activeAndPassive"));
        }
        if (tls != null) {
            // Over the site's, as the site's own error advises ("--tls none") for a server without TLS.
            TlsMode mode = tlsOption();
            b.tlsMode(mode);
            if (profile.port() <= 0) {
                // The site's port was its protocol's default (21 or 990): the one asked for now has its own.
                b.port(mode.defaultPort()).capabilities(null);
            }
        }
        if (active || passive) {
            // Over the site's; a preference like it (see above).
            b.dataConnectionMode(active ? DataConnectionMode.ACTIVE : DataConnectionMode.PASSIVE);
        }
        if (timeoutSeconds != null) {
            b.timeouts(Duration.ofSeconds(timeoutSeconds));
        }
        if (charset != null) {
            b.charset(Charset.forName(charset));
        }
        b.clientIdentity(clientIdentities().load(profile));
        b.plainWhenTlsNotOffered(plainAgreed());
        return b.build();
    }

    /**
     * The password of a saved site that has none to use now: FERRY_PASSWORD, else typed on the
     * terminal (saying first why it is asked when a saved one could not be read), else, when one
     * was saved but cannot be read or none was saved, a failure that says why and what to do.
     */
    private static String askSitePassword(SiteProfile profile, Message whyAsking, boolean noNetrc) {
        String fromEnvironment = System.getenv("FERRY_PASSWORD");
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        String siteUser = profile.user();
        if (!noNetrc && siteUser != null && !siteUser.isEmpty()) {
            boolean anonymous = siteUser.equals("anonymous") || siteUser.equals("ftp");
            String fromNetrc = Netrc.lookup(profile.host(), siteUser, anonymous).map(Netrc.Entry::password).orElse(null);
            if (fromNetrc != null) {
                return fromNetrc;
            }
        }
        String who = (profile.user() == null ? "" : profile.user() + "@") + profile.host();
        Console console = System.console();
        if (console != null && console.isTerminal()) {
            if (whyAsking != null) {
                System.err.println("ferry: " + Words.of(Message.of(SiteText.PASSWORD_UNREACHABLE_ASKING, profile.path(),
                        whyAsking)));
            }
            char[] typed = console.readPassword("%s", Words.text("connection.passwordFor", who));
            return typed == null ? "" : new String(typed);
        }
        if (whyAsking != null) {
            throw new CliFailure(Message.of(SiteText.PASSWORD_UNREACHABLE_NOT_TERMINAL, profile.path(), whyAsking));
        }
        // Sent empty, the password only came back as the server's refusal, which names no remedy.
        throw new CliFailure(Message.of(SiteText.PASSWORD_NOT_SAVED_NOT_TERMINAL, profile.path()));
    }

    /** Settings for an endpoint of a saved queue: its own settings with this run's secrets and trust. */
    ConnectionSettings forEndpoint(dev.ferry.transfer.Endpoint endpoint) {
        return forEndpoint(endpoint, List.of());
    }

    /**
     * @param urls servers given on the command line (queue --resume URL): the password of the one
     *             that names the endpoint's user, host and port is used for it
     */
    ConnectionSettings forEndpoint(dev.ferry.transfer.Endpoint endpoint, List<FtpUrl> urls) {
        String secret = password;
        for (FtpUrl url : urls) {
            if (secret == null && url.password() != null && names(url, endpoint)) {
                secret = url.password();
            }
        }
        if (secret == null) {
            secret = System.getenv("FERRY_PASSWORD");
        }
        SiteProfile site = endpoint.siteId() == null ? null : SavedSites.store().find(endpoint.siteId()).orElse(null);
        if (secret == null && site != null) {
            secret = SavedSites.password(site).value();
        }
        boolean anonymous = endpoint.user().equals("anonymous") || endpoint.user().equals("ftp");
        if (secret == null) {
            // The queue keeps no password: the netrc file gives it again, as it did to the command that filled it.
            Netrc.Entry entry = netrc(endpoint.host(), endpoint.user());
            secret = entry == null ? null : entry.password();
        }
        if (secret == null && !anonymous) {
            Console console = System.console();
            if (console == null || !console.isTerminal()) {
                // A login without one would only be refused, and blamed on the password. The queue was
                // often filled from a URL with the password in it: that URL is the way back in.
                String scheme = switch (endpoint.tlsMode()) {
                    case IMPLICIT -> "ftps";
                    case EXPLICIT -> "ftpes";
                    default -> "ftp";
                };
                String host = endpoint.host().indexOf(':') >= 0 ? "[" + endpoint.host() + "]" : endpoint.host();
                throw new IllegalStateException(Words.text("connection.noPasswordForQueue", endpoint.display(),
                        scheme + "://" + endpoint.user() + ":PASSWORD@" + host + ":" + endpoint.port()));
            }
            char[] typed = console.readPassword("%s", Words.text("connection.passwordForQueue", endpoint.display()));
            secret = typed == null ? "" : new String(typed);
        }
        // The queue file keeps no certificate: this run's option, or the site's, supplies it again.
        ConnectionSettings.Builder b = endpoint.toSettings(secret, trust()).toBuilder()
                .clientIdentity(clientIdentities().load(site)).plainWhenTlsNotOffered(plainAgreed());
        if (endpoint.tlsMode() == TlsMode.EXPLICIT_IF_AVAILABLE && tls != null && tlsOption() == TlsMode.NONE) {
            // What a refused "TLS if available" item's words advise; a TLS item never goes plain this way.
            b.tlsMode(TlsMode.NONE);
        }
        return b.build();
    }

    /**
     * Whether {@code url} names the endpoint's server and user (no port: the scheme's own). A TLS URL's
     * password is for a server reached over TLS: given to a plain (or "TLS if offered") one of the same
     * host and port, it would travel in clear.
     */
    private static boolean names(FtpUrl url, dev.ferry.transfer.Endpoint endpoint) {
        int port = url.port() > 0 ? url.port() : url.tlsMode() == TlsMode.IMPLICIT ? 990 : 21;
        boolean tlsOnlyPassword = url.tlsMode() == TlsMode.EXPLICIT || url.tlsMode() == TlsMode.IMPLICIT;
        boolean endpointAlwaysTls = endpoint.tlsMode() == TlsMode.EXPLICIT || endpoint.tlsMode() == TlsMode.IMPLICIT;
        return url.host().equalsIgnoreCase(endpoint.host()) && port == endpoint.port()
                && endpoint.user().equals(url.user() != null ? url.user() : "anonymous")
                && (!tlsOnlyPassword || endpointAlwaysTls);
    }

    private CertificateTrust trust() {
        KnownHosts knownHosts = dev.ferry.site.KnownHostsFile.openDefault();
        return insecure ? CertificateTrust.acceptingAnything(knownHosts)
                : CertificateTrust.nonInteractive(knownHosts, new HashSet<>(trustFingerprints));
    }

    boolean printDialogue() {
        return log;
    }

    /**
     * {@code --tls auto} written out is the user's word that plain FTP will do where TLS is not
     * offered; a saved site's "TLS if available" alone is not, since nobody is there to ask.
     */
    private boolean plainAgreed() {
        return tls != null && tls.equalsIgnoreCase("auto");
    }

    private TlsMode tlsMode(FtpUrl url) {
        return tls == null ? url.tlsMode() : tlsOption();
    }

    private TlsMode tlsOption() {
        return switch (tls.toLowerCase(Locale.ROOT)) {
            case "none", "off", "plain" -> TlsMode.NONE;
            case "auto" -> TlsMode.EXPLICIT_IF_AVAILABLE;
            case "explicit" -> TlsMode.EXPLICIT;
            case "implicit" -> TlsMode.IMPLICIT;
            default -> throw new IllegalArgumentException(Words.text("connection.tls"));
        };
    }

    /** The password given for this run: --password, the URL's, FERRY_PASSWORD; else null. */
    private String givenPassword(FtpUrl url) {
        if (password != null) {
            return password;
        }
        if (url.password() != null) {
            return url.password();
        }
        return System.getenv("FERRY_PASSWORD");
    }

    /**
     * The netrc entry for a host and user when no password was given (none with --no-netrc). With no user
     * given, or an anonymous one, only an entry naming its login is taken.
     */
    private Netrc.Entry netrc(String host, String userName) {
        if (noNetrc) {
            return null;
        }
        boolean anonymous = userName == null || userName.equals("anonymous") || userName.equals("ftp");
        return Netrc.lookup(host, userName, anonymous).orElse(null);
    }

    /** Typed on the terminal for a user who needs one (not anonymous); without a terminal, a failure that says how to give it. */
    private String askPassword(String userName, FtpUrl url) {
        if (userName != null && !userName.equals("anonymous") && !userName.equals("ftp")) {
            Console console = System.console();
            if (console == null || !console.isTerminal()) {
                // An empty password sent in its place came back as "the server rejected the user name or password".
                throw new IllegalStateException(Words.text("connection.noPassword", userName + "@" + url.host()));
            }
            char[] typed = console.readPassword("%s", Words.text("connection.passwordFor", userName + "@" + url.host()));
            return typed == null ? "" : new String(typed);
        }
        return null;
    }
}
