package dev.ferry.site;

import dev.ferry.ftp.ServerCapabilities;
import dev.ferry.store.ConfigDirectory;
import dev.ferry.store.JsonFile;

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

    private final JsonFile<Document> file;
    private final Map<String, ServerCapabilities> live = new HashMap<>();
    private Document document;
    private Optional<String> loadProblem = Optional.empty();
    private long changes;
    private final Object writing = new Object();
    private long written;

    private LearnedServers(JsonFile<Document> file, Document document) {
        this.file = file;
        this.document = document;
    }

    public static LearnedServers open(Path path) {
        return new LearnedServers(new JsonFile<>(path, Document.class, Document::empty), null);
    }

    public static LearnedServers openDefault() {
        return open(ConfigDirectory.resolve().resolve(FILE_NAME));
    }

    /** Remembers within this run only (one-off command lines, tests). */
    public static LearnedServers inMemory() {
        return new LearnedServers(null, Document.empty());
    }

    static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** The one capabilities object for this server in this process, saved whenever it learns. */
    public synchronized ServerCapabilities forServer(String host, int port) {
        String key = key(host, port);
        ServerCapabilities capabilities = live.get(key);
        if (capabilities == null) {
            capabilities = new ServerCapabilities(document().servers().get(key));
            ServerCapabilities watched = capabilities;
            capabilities.addListener(snapshot -> save(key, watched.snapshot()));
            live.put(key, capabilities);
        }
        return capabilities;
    }

    public synchronized Optional<String> loadProblem() {
        document();
        return loadProblem;
    }

    private Document document() {
        if (document == null) {
            JsonFile.Loaded<Document> loaded = file.load();
            document = loaded.value();
            loadProblem = loaded.problem();
        }
        return document;
    }

    /**
     * On the session's thread: the newest snapshot, whichever session learned it, wins. The file is
     * written outside the lock that {@link #forServer} takes (the window may ask for capabilities),
     * in the order of the changes.
     */
    private void save(String key, ServerCapabilities.Snapshot snapshot) {
        Document next;
        long generation;
        synchronized (this) {
            Map<String, ServerCapabilities.Snapshot> servers = new TreeMap<>(document().servers());
            if (snapshot.isEmpty()) {
                servers.remove(key);
            } else {
                servers.put(key, snapshot);
            }
            document = next = new Document(SCHEMA_VERSION, servers);
            generation = ++changes;
        }
        if (file == null) {
            return;
        }
        synchronized (writing) {
            if (generation <= written) {
                return;
            }
            written = generation;
            try {
                file.save(next);
            } catch (IOException e) {
                // Learning still holds for this run; only the next one will have to learn again.
                LOG.log(System.Logger.Level.WARNING, "could not save " + file.path(), e);
            }
        }
    }
}
