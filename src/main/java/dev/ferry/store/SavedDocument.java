package dev.ferry.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A JSON document that several threads change and that is written down after each change: read
 * from disk on first use (Jackson starts only then), changed under a short lock, and written
 * outside it so readers never wait for the disk. Writes happen in the order of the changes; a
 * writer that finds a newer change already written skips its own, so an older document never
 * replaces a newer one on disk.
 */
public final class SavedDocument<D> {

    private final JsonFile<D> file;
    private D document;
    private Optional<String> loadProblem = Optional.empty();
    private long changes;
    private final Object writing = new Object();
    private long written;

    private SavedDocument(JsonFile<D> file, D document) {
        this.file = file;
        this.document = document;
    }

    public static <D> SavedDocument<D> open(Path path, Class<D> type, Supplier<D> empty) {
        return new SavedDocument<>(new JsonFile<>(path, type, empty), null);
    }

    /** Kept within this run only (one-off command lines, tests). */
    public static <D> SavedDocument<D> inMemory(D empty) {
        return new SavedDocument<>(null, empty);
    }

    /** Null when the document lives in memory only. */
    public Path path() {
        return file == null ? null : file.path();
    }

    public synchronized D current() {
        if (document == null) {
            JsonFile.Loaded<D> loaded = file.load();
            document = loaded.value();
            loadProblem = loaded.problem();
        }
        return document;
    }

    /** Why the file on disk could not be used, when it could not. */
    public synchronized Optional<String> loadProblem() {
        current();
        return loadProblem;
    }

    /** Applies {@code change} to the newest document and writes the result down. */
    public void update(UnaryOperator<D> change) throws IOException {
        D next;
        long generation;
        synchronized (this) {
            document = next = change.apply(current());
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
            file.save(next);
        }
    }
}
