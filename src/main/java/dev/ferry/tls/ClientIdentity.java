package dev.ferry.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The certificate and private key Ferry presents to a server that asks for one (vsftpd's
 * {@code require_cert}, ProFTPD's {@code TLSVerifyClient}). The chain starts with the client's
 * own certificate, whose public key belongs to {@link #key()}; intermediates may follow.
 * {@link #toString()} never shows the key.
 */
public final class ClientIdentity {

    /**
     * Where a session gets its identity when it connects, on its own thread: reading the files
     * then keeps disk I/O off the thread that built the settings (the GUI's).
     */
    @FunctionalInterface
    public interface Source {
        ClientIdentity load() throws ClientIdentityException;
    }

    private final List<X509Certificate> chain;
    private final PrivateKey key;

    public ClientIdentity(List<X509Certificate> chain, PrivateKey key) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a client identity needs a certificate");
        }
        this.chain = List.copyOf(chain);
        this.key = Objects.requireNonNull(key, "key");
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    public X509Certificate certificate() {
        return chain.getFirst();
    }

    public PrivateKey key() {
        return key;
    }

    @Override
    public String toString() {
        return "ClientIdentity[" + certificate().getSubjectX500Principal().getName() + ", " + key.getAlgorithm() + "]";
    }
}
