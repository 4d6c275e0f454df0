package dev.ferry.site;

import dev.ferry.tls.ClientIdentity;
import dev.ferry.tls.ClientIdentityException;
import dev.ferry.tls.ClientIdentityFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A saved site's client certificate: choosing its files, keeping its key's passphrase where the
 * site's password is kept (keyring, vault, file), and loading it for a connection. Separate
 * from {@link SiteStore}, which calls back here when it moves, copies or forgets secrets.
 */
public final class SiteClientCertificates {

    /** The secret's field: the keyring entry is "site-id/client-key-passphrase", the vault binds it the same way. */
    public static final String FIELD = "client-key-passphrase";

    private SiteClientCertificates() {
    }

    /**
     * Saves the site with these files and passphrase, or with no client certificate when
     * {@code certificateFile} is blank. The passphrase goes to {@code store}; null or empty saves none.
     * The old passphrase is forgotten where it was (by {@link SiteStore#save}).
     */
    public static SiteProfile set(SiteStore sites, String siteId, String certificateFile, String keyFile,
                                  String passphrase, PasswordStore store)
            throws IOException, VaultException, KeyringException {
        SiteProfile site = sites.find(siteId).orElseThrow(() -> new IllegalArgumentException("no site " + siteId));
        ClientCertificate chosen = null;
        if (certificateFile != null && !certificateFile.isBlank()) {
            chosen = new ClientCertificate(certificateFile, keyFile,
                    sites.protect(site, FIELD, passphrase, store));
        }
        return sites.save(site.toBuilder().clientCertificate(chosen).build());
    }

    /** The saved passphrase, if one is saved; a locked vault or an unreachable keyring are errors. */
    public static Optional<String> passphrase(SiteStore sites, SiteProfile site)
            throws VaultException, KeyringException {
        ClientCertificate certificate = site.clientCertificate();
        return certificate == null ? Optional.empty() : sites.reveal(site, FIELD, certificate.passphrase());
    }

    /**
     * The identity to present for this site; null when it has no client certificate. Reads files:
     * not on the GUI thread.
     *
     * @param passphrase the passphrase to use (saved, or typed at connect); null for none
     */
    public static ClientIdentity load(SiteProfile site, char[] passphrase) throws ClientIdentityException {
        ClientCertificate certificate = site.clientCertificate();
        if (certificate == null) {
            return null;
        }
        return ClientIdentityFiles.load(Path.of(certificate.certificateFile()),
                certificate.keyFile() == null ? null : Path.of(certificate.keyFile()), passphrase);
    }

    /** Whether the passphrase is encrypted under the master password (so the vault must be unlocked). */
    public static boolean needsVault(SiteProfile site) {
        return site.clientCertificate() != null && site.clientCertificate().passphrase().isEncrypted();
    }

    static void forget(SiteStore sites, SiteProfile site) {
        if (site.clientCertificate() != null) {
            sites.forget(site, FIELD, site.clientCertificate().passphrase());
        }
    }

    static SiteProfile withoutPassphrase(SiteProfile site) {
        ClientCertificate certificate = site.clientCertificate();
        return certificate == null || certificate.passphrase().isEmpty() ? site
                : site.toBuilder().clientCertificate(certificate.withPassphrase(Secret.NONE)).build();
    }
}
