package dev.ferry.site;

/**
 * A site's client certificate: the files, and the passphrase of its key (or of the PKCS#12 file)
 * kept like the site's password, in the store the user chose. Paths are as the user gave them.
 *
 * @param certificateFile PEM or PKCS#12
 * @param keyFile         the PEM key when it is not in the certificate file; null otherwise
 * @param passphrase      the key's passphrase, {@link Secret#NONE} when it has none or it is asked each time
 */
public record ClientCertificate(String certificateFile, String keyFile, Secret passphrase) {

    public ClientCertificate {
        if (certificateFile == null || certificateFile.isBlank()) {
            throw new IllegalArgumentException("a client certificate needs its file");
        }
        keyFile = keyFile == null || keyFile.isBlank() ? null : keyFile;
        passphrase = passphrase == null ? Secret.NONE : passphrase;
    }

    public ClientCertificate withPassphrase(Secret secret) {
        return new ClientCertificate(certificateFile, keyFile, secret);
    }
}
