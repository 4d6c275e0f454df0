package dev.ferry.tls;

import dev.ferry.store.ConfigDirectory;
import dev.ferry.store.JsonFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What Ferry remembers about TLS servers, per {@code host:port}: certificates the user chose to
 * trust always (by SHA-256 fingerprint), and the highest TLS version that works with a server
 * that demands data-channel session reuse (learned after a refusal under TLS 1.3).
 * Kept in {@code known-hosts.json} in the config directory, written atomically on each change.
 */
public final class KnownHosts {

    public static final String FILE_NAME = "known-hosts.json";
    /**
     * 2: TLS 1.3 data connections resume with session tickets. A TLS maximum learned under 1,
     * when they could not, is forgotten: the server is tried with TLS 1.3 again.
     */
    static final int SCHEMA_VERSION = 2;

    public record TrustedCertificate(String sha256, String subject, Instant notAfter, Instant trustedAt) {
    }

    public record HostRecord(List<TrustedCertificate> trusted, TlsVersion maxTlsVersion) {
        public HostRecord {
            trusted = trusted == null ? List.of() : List.copyOf(trusted);
        }
    }

    public record Document(int version, Map<String, HostRecord> hosts) {
        public Document {
            hosts = hosts == null ? Map.of() : Map.copyOf(hosts);
        }

        static Document empty() {
            return new Document(SCHEMA_VERSION, Map.of());
        }
    }

    private final JsonFile<Document> file;
    private Document document;
    private Optional<String> loadProblem = Optional.empty();

    private KnownHosts(JsonFile<Document> file, Document document) {
        this.file = file;
        this.document = document;
    }

    /** Remembers nothing across runs: for tests and one-off command lines that must not persist. */
    public static KnownHosts inMemory() {
        return new KnownHosts(null, Document.empty());
    }

    /** The file is read when first needed: a plain-FTP session never reads it. */
    public static KnownHosts open(Path path) {
        return new KnownHosts(new JsonFile<>(path, Document.class, Document::empty), null);
    }

    private Document document() {
        if (document == null) {
            JsonFile.Loaded<Document> loaded = file.load();
            document = loaded.value().version() < 2 ? withoutLearnedVersions(loaded.value()) : loaded.value();
            loadProblem = loaded.problem();
        }
        return document;
    }

    private static Document withoutLearnedVersions(Document old) {
        Map<String, HostRecord> hosts = new TreeMap<>();
        old.hosts().forEach((key, record) -> {
            if (!record.trusted().isEmpty()) {
                hosts.put(key, new HostRecord(record.trusted(), null));
            }
        });
        return new Document(SCHEMA_VERSION, hosts);
    }

    public static KnownHosts openDefault() {
        return open(ConfigDirectory.resolve().resolve(FILE_NAME));
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
    public synchronized void trust(String host, int port, CertificateInfo certificate) throws IOException {
        HostRecord old = document().hosts().get(key(host, port));
        List<TrustedCertificate> trusted = new ArrayList<>();
        trusted.add(new TrustedCertificate(certificate.sha256Fingerprint(), certificate.subject(),
                certificate.notAfter(), Instant.now()));
        update(host, port, new HostRecord(trusted, old == null ? null : old.maxTlsVersion()));
    }

    public synchronized Optional<TlsVersion> learnedMaxVersion(String host, int port) {
        HostRecord record = document().hosts().get(key(host, port));
        return Optional.ofNullable(record == null ? null : record.maxTlsVersion());
    }

    public synchronized void learnMaxVersion(String host, int port, TlsVersion version) throws IOException {
        HostRecord old = document().hosts().get(key(host, port));
        update(host, port, new HostRecord(old == null ? List.of() : old.trusted(), version));
    }

    public synchronized void forget(String host, int port) throws IOException {
        Map<String, HostRecord> hosts = new TreeMap<>(document().hosts());
        hosts.remove(key(host, port));
        replace(new Document(SCHEMA_VERSION, hosts));
    }

    private void update(String host, int port, HostRecord record) throws IOException {
        Map<String, HostRecord> hosts = new TreeMap<>(document().hosts());
        hosts.put(key(host, port), record);
        replace(new Document(SCHEMA_VERSION, hosts));
    }

    private void replace(Document next) throws IOException {
        document = next;
        if (file != null) {
            file.save(next);
        }
    }
}
