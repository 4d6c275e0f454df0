package dev.ferry.site;

import dev.ferry.ftp.ProtectionLevel;
import dev.ferry.ftp.TlsMode;
import dev.ferry.tls.TlsVersion;

import java.util.List;
import java.util.Objects;

/**
 * A saved site. Immutable: the store replaces profiles whole. Optional settings are null when
 * the global default applies.
 *
 * @param id              stable identity (a UUID): bookmarks, the queue and secrets refer to it
 * @param folder          the folders it sits in, outermost first; empty at the top level
 * @param charset         charset name for names on the server; null = UTF-8 (when offered, else still UTF-8)
 * @param maxConnections  queue sessions for this site; null = the global setting
 * @param listingTimeZone time zone of the server's LIST times, e.g. "Asia/Shanghai" or "+08:00"; null = UTC
 * @param colour          a label colour name ("red", "green", ...) or null
 * @param segments        into how many ranges a large download from this site is split; null = the
 *                        global setting, 1 = never (a server that counts connections strictly)
 * @param clientCertificate what to present to a server that asks for a client certificate; null for none
 */
public record SiteProfile(String id, String name, List<String> folder, String host, int port, TlsMode protocol,
                          LogonType logonType, String user, Secret password, Secret account,
                          TransferMode transferMode, Boolean trustPassiveAddress, String charset,
                          TlsVersion tlsMaxVersion, ProtectionLevel protectionLevel, boolean legacyTls,
                          Integer maxConnections, String localDirectory, String remoteDirectory,
                          String listingTimeZone, String comment, String colour, List<Bookmark> bookmarks,
                          Integer segments, ClientCertificate clientCertificate) {

    public SiteProfile {
        Objects.requireNonNull(id, "id");
        folder = folder == null ? List.of() : List.copyOf(folder);
        bookmarks = bookmarks == null ? List.of() : List.copyOf(bookmarks);
        password = password == null ? Secret.NONE : password;
        account = account == null ? Secret.NONE : account;
        protocol = protocol == null ? TlsMode.EXPLICIT_IF_AVAILABLE : protocol;
        logonType = logonType == null ? LogonType.NORMAL : logonType;
        transferMode = transferMode == null ? TransferMode.DEFAULT : transferMode;
    }

    /** "Folder/Sub/Name": how the CLI's --site names it. */
    public String path() {
        return folder.isEmpty() ? name : String.join("/", folder) + "/" + name;
    }

    /**
     * This site opened in other folders: a tab that reconnects, or comes back after a restart,
     * stays where the user was. A null folder keeps the site's own.
     */
    public SiteProfile inFolders(String local, String remote) {
        return toBuilder()
                .localDirectory(local != null ? local : localDirectory)
                .remoteDirectory(remote != null ? remote : remoteDirectory)
                .build();
    }

    public static Builder builder(String id, String name, String host) {
        return new Builder(id, name, host);
    }

    public Builder toBuilder() {
        Builder b = new Builder(id, name, host);
        b.folder = folder;
        b.port = port;
        b.protocol = protocol;
        b.logonType = logonType;
        b.user = user;
        b.password = password;
        b.account = account;
        b.transferMode = transferMode;
        b.trustPassiveAddress = trustPassiveAddress;
        b.charset = charset;
        b.tlsMaxVersion = tlsMaxVersion;
        b.protectionLevel = protectionLevel;
        b.legacyTls = legacyTls;
        b.maxConnections = maxConnections;
        b.localDirectory = localDirectory;
        b.remoteDirectory = remoteDirectory;
        b.listingTimeZone = listingTimeZone;
        b.comment = comment;
        b.colour = colour;
        b.bookmarks = bookmarks;
        b.segments = segments;
        b.clientCertificate = clientCertificate;
        return b;
    }

    /** Mutable companion for building and editing profiles. */
    public static final class Builder {
        private String id;
        private String name;
        private String host;
        private List<String> folder = List.of();
        private int port;
        private TlsMode protocol = TlsMode.EXPLICIT_IF_AVAILABLE;
        private LogonType logonType = LogonType.NORMAL;
        private String user;
        private Secret password = Secret.NONE;
        private Secret account = Secret.NONE;
        private TransferMode transferMode = TransferMode.DEFAULT;
        private Boolean trustPassiveAddress;
        private String charset;
        private TlsVersion tlsMaxVersion;
        private ProtectionLevel protectionLevel;
        private boolean legacyTls;
        private Integer maxConnections;
        private String localDirectory;
        private String remoteDirectory;
        private String listingTimeZone;
        private String comment;
        private String colour;
        private List<Bookmark> bookmarks = List.of();
        private Integer segments;
        private ClientCertificate clientCertificate;

        private Builder(String id, String name, String host) {
            this.id = id;
            this.name = name;
            this.host = host;
        }

        public Builder id(String v) { id = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder host(String v) { host = v; return this; }
        public Builder folder(List<String> v) { folder = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder protocol(TlsMode v) { protocol = v; return this; }
        public Builder logonType(LogonType v) { logonType = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder password(Secret v) { password = v; return this; }
        public Builder account(Secret v) { account = v; return this; }
        public Builder transferMode(TransferMode v) { transferMode = v; return this; }
        public Builder trustPassiveAddress(Boolean v) { trustPassiveAddress = v; return this; }
        public Builder charset(String v) { charset = v; return this; }
        public Builder tlsMaxVersion(TlsVersion v) { tlsMaxVersion = v; return this; }
        public Builder protectionLevel(ProtectionLevel v) { protectionLevel = v; return this; }
        public Builder legacyTls(boolean v) { legacyTls = v; return this; }
        public Builder maxConnections(Integer v) { maxConnections = v; return this; }
        public Builder localDirectory(String v) { localDirectory = v; return this; }
        public Builder remoteDirectory(String v) { remoteDirectory = v; return this; }
        public Builder listingTimeZone(String v) { listingTimeZone = v; return this; }
        public Builder comment(String v) { comment = v; return this; }
        public Builder colour(String v) { colour = v; return this; }
        public Builder bookmarks(List<Bookmark> v) { bookmarks = v; return this; }
        public Builder segments(Integer v) { segments = v; return this; }
        public Builder clientCertificate(ClientCertificate v) { clientCertificate = v; return this; }

        public SiteProfile build() {
            return new SiteProfile(id, name, folder, host, port, protocol, logonType, user, password, account,
                    transferMode, trustPassiveAddress, charset, tlsMaxVersion, protectionLevel, legacyTls,
                    maxConnections, localDirectory, remoteDirectory, listingTimeZone, comment, colour, bookmarks,
                    segments, clientCertificate);
        }
    }
}
