package dev.ferry.transfer;

import dev.ferry.store.JsonFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The queue on disk ({@code queue.json} in the config directory): unfinished and failed items
 * with the endpoints they go to, never a password. Written atomically; a corrupt file is moved
 * aside and the queue starts empty.
 */
public final class QueueStore {

    static final int SCHEMA_VERSION = 1;

    public record StoredItem(long id, String endpoint, Direction direction, boolean directory, String localPath,
                             String remotePath, long size, Instant modified, ItemState state, long bytesDone,
                             int attempts, String lastError, int priority, long sequence,
                             ConflictAction conflictAction, int depth) {
    }

    public record Document(int version, List<Endpoint> endpoints, List<StoredItem> items) {
        public Document {
            endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
            items = items == null ? List.of() : List.copyOf(items);
        }

        static Document empty() {
            return new Document(SCHEMA_VERSION, List.of(), List.of());
        }
    }

    private final JsonFile<Document> file;

    public QueueStore(Path path) {
        this.file = new JsonFile<>(path, Document.class, Document::empty);
    }

    public Path path() {
        return file.path();
    }

    /** The saved queue, and what went wrong reading it if anything did. */
    public JsonFile.Loaded<Document> load() {
        return file.load();
    }

    public void save(Document document) throws IOException {
        file.save(document);
    }
}
