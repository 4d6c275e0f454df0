package dev.ferry.site;

import dev.ferry.ftp.ServerCapabilities;
import dev.ferry.store.ConfigDirectory;
import dev.ferry.store.SavedDocument;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What sessions learned about each server ({@code learned-servers.json} in the config folder): a
 * TLS ceiling, commands it refuses, the LIST form and data connection mode that work, how far its
 * LIST times are from UTC (measured by a synchronization). The engine
 * keeps it in a {@link ServerCapabilities}; this gives every session to a server the same one,
 * and writes it down whenever it changes. Shown and forgotten in the site manager.
 */
public final class LearnedServers {

    public static final String FILE_NAME = "learned-servers.json";
    static final int SCHEMA_VERSION = 1;

    public record Document(int version, Map<String, ServerCapabilities.Snapshot> servers) {
        public Document {
            servers = servers == null ? Map.of() : Map.copyOf(servers);
        }

        static Document empty() {
            return new Document(SCHEMA_VERSION, Map.of());
        }
    }

    private static final System.Logger LOG = System.getLogger(LearnedServers.class.getName());

    private final SavedDocument<Document> saved;
    private final Map<String, ServerCapabilities> live = new HashMap<>();

    private LearnedServers(SavedDocument<Document> saved) {
        this.saved = saved;
    }

    public static LearnedServers open(Path path) {
        return new LearnedServers(SavedDocument.open(path, Document.class, Document::empty));
    }

    public static LearnedServers openDefault() {
        return open(ConfigDirectory.resolve().resolve(FILE_NAME));
    }

    /** Remembers within this run only (one-off command lines, tests). */
    public static LearnedServers inMemory() {
        return new LearnedServers(SavedDocument.inMemory(Document.empty()));
    }

    static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** The one capabilities object for this server in this process, saved whenever it learns. */
    public synchronized ServerCapabilities forServer(String host, int port) {
        String key = key(host, port);
        ServerCapabilities capabilities = live.get(key);
        if (capabilities == null) {
            capabilities = new ServerCapabilities(saved.current().servers().get(key));
            ServerCapabilities watched = capabilities;
            capabilities.addListener(snapshot -> save(key, watched.snapshot()));
            live.put(key, capabilities);
        }
        return capabilities;
    }

    public Optional<String> loadProblem() {
        return saved.loadProblem();
    }

    /** On the session's thread: the newest snapshot, whichever session learned it, wins. */
    private void save(String key, ServerCapabilities.Snapshot snapshot) {
        try {
            saved.update(document -> {
                Map<String, ServerCapabilities.Snapshot> servers = new TreeMap<>(document.servers());
                if (snapshot.learnedNothing()) {
                    servers.remove(key);
                } else {
                    servers.put(key, snapshot);
                }
                return new Document(SCHEMA_VERSION, servers);
            });
        } catch (IOException e) {
            // Learning still holds for this run; only the next one will have to learn again.
            LOG.log(System.Logger.Level.WARNING, "could not save " + saved.path(), e);
        }
    }
}
