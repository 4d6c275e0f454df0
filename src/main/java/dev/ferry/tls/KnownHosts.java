package dev.ferry.tls;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The certificates the user chose to trust always, per {@code host:port}, by SHA-256 fingerprint.
 * Where they are kept is the owner's business (a {@link Store}: the config folder's
 * {@code known-hosts.json}, see {@code dev.ferry.site.KnownHostsFile}); the TLS layer only reads
 * and adds decisions.
 */
public final class KnownHosts {

    public static final String FILE_NAME = "known-hosts.json";
    /** 2: host records hold certificates only (a learned TLS maximum moved to what is learned about servers). */
    public static final int SCHEMA_VERSION = 2;

    public record TrustedCertificate(String sha256, String subject, Instant notAfter, Instant trustedAt) {
    }

    public record HostRecord(List<TrustedCertificate> trusted) {
        public HostRecord {
            trusted = trusted == null ? List.of() : List.copyOf(trusted);
        }
    }

    public record Document(int version, Map<String, HostRecord> hosts) {
        public Document {
            hosts = hosts == null ? Map.of() : Map.copyOf(hosts);
        }

        public static Document empty() {
            return new Document(SCHEMA_VERSION, Map.of());
        }
    }

    /** Where the decisions live. Read once, when first needed (a plain-FTP session never reads it). */
    public interface Store {
        /** The saved document, and a problem reading it, if there was one. */
        Loaded load();

        void save(Document document) throws IOException;
    }

    public record Loaded(Document document, Optional<String> problem) {
    }

    private final Store store;
    private Document document;
    private Optional<String> loadProblem = Optional.empty();
    private long generation;
    private long written;
    private final Object writing = new Object();

    private KnownHosts(Store store, Document document) {
        this.store = store;
        this.document = document;
    }

    /** Remembers nothing across runs: for tests and one-off command lines that must not persist. */
    public static KnownHosts inMemory() {
        return new KnownHosts(null, Document.empty());
    }

    public static KnownHosts backedBy(Store store) {
        return new KnownHosts(store, null);
    }

    private Document document() {
        if (document == null) {
            Loaded loaded = store.load();
            document = loaded.document();
            loadProblem = loaded.problem();
        }
        return document;
    }

    /** Why the file could not be read at start, when it could not (it was moved aside). */
    public synchronized Optional<String> loadProblem() {
        document();
        return loadProblem;
    }

    static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    public synchronized List<TrustedCertificate> trustedCertificates(String host, int port) {
        HostRecord record = document().hosts().get(key(host, port));
        return record == null ? List.of() : record.trusted();
    }

    public synchronized boolean isTrusted(String host, int port, String fingerprint) {
        return trustedCertificates(host, port).stream().anyMatch(c -> c.sha256().equals(fingerprint));
    }

    /** Trusts this certificate from now on; a previously trusted one for the same server is replaced. */
    public void trust(String host, int port, CertificateInfo certificate) throws IOException {
        List<TrustedCertificate> trusted = new ArrayList<>();
        trusted.add(new TrustedCertificate(certificate.sha256Fingerprint(), certificate.subject(),
                certificate.notAfter(), Instant.now()));
        Document next;
        synchronized (this) {
            Map<String, HostRecord> hosts = new TreeMap<>(document().hosts());
            hosts.put(key(host, port), new HostRecord(trusted));
            next = replace(new Document(SCHEMA_VERSION, hosts));
        }
        save(next);
    }

    public void forget(String host, int port) throws IOException {
        Document next;
        synchronized (this) {
            Map<String, HostRecord> hosts = new TreeMap<>(document().hosts());
            hosts.remove(key(host, port));
            next = replace(new Document(SCHEMA_VERSION, hosts));
        }
        save(next);
    }

    private Document replace(Document next) {
        document = next;
        generation++;
        return next;
    }

    /**
     * Written outside the lock readers take (a session verifying a certificate must not wait for a
     * disk); writes are serialised and an older document never overwrites a newer one.
     */
    private void save(Document next) throws IOException {
        if (store == null) {
            return;
        }
        synchronized (writing) {
            long mine;
            synchronized (this) {
                if (next != document) {
                    return;
                }
                mine = generation;
            }
            if (mine > written) {
                store.save(next);
                written = mine;
            }
        }
    }
}
