package dev.ferry.site;

import dev.ferry.store.ConfigDirectory;
import dev.ferry.store.JsonFile;
import dev.ferry.tls.KnownHosts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code known-hosts.json} in the config folder: the certificates the user trusts always. Host
 * records without a certificate (version 1 kept a learned TLS maximum there, which moved to
 * {@link LearnedServers}) are dropped when read.
 */
public final class KnownHostsFile implements KnownHosts.Store {

    private final JsonFile<KnownHosts.Document> file;

    private KnownHostsFile(Path path) {
        this.file = new JsonFile<>(path, KnownHosts.Document.class, KnownHosts.Document::empty);
    }

    public static KnownHosts open(Path path) {
        return KnownHosts.backedBy(new KnownHostsFile(path));
    }

    public static KnownHosts openDefault() {
        return open(ConfigDirectory.resolve().resolve(KnownHosts.FILE_NAME));
    }

    @Override
    public KnownHosts.Loaded load() {
        JsonFile.Loaded<KnownHosts.Document> loaded = file.load();
        Map<String, KnownHosts.HostRecord> hosts = new TreeMap<>();
        loaded.value().hosts().forEach((key, record) -> {
            if (!record.trusted().isEmpty()) {
                hosts.put(key, record);
            }
        });
        return new KnownHosts.Loaded(new KnownHosts.Document(KnownHosts.SCHEMA_VERSION, hosts), loaded.problem());
    }

    @Override
    public void save(KnownHosts.Document document) throws IOException {
        file.save(document);
    }
}
