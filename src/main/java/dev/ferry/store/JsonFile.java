package dev.ferry.store;

import com.fasterxml.jackson.core.JacksonException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One JSON document on disk. Reading a file that is missing gives the default; reading one
 * that is corrupt moves it aside under a timestamped name (so nothing is lost) and reports
 * that, so the application still starts. Writes are atomic and serialised per instance:
 * share one instance per file within the process.
 */
public final class JsonFile<T> {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path path;
    private final Class<T> type;
    private final Supplier<T> defaults;

    /** Jackson takes a noticeable time to start; nothing here touches it until a file is read or written. */
    public JsonFile(Path path, Class<T> type, Supplier<T> defaults) {
        this.path = path;
        this.type = type;
        this.defaults = defaults;
    }

    public Path path() {
        return path;
    }

    /** What loading found: the value and, when the file could not be used, what happened to it. */
    public record Loaded<T>(T value, Optional<String> problem) {
    }

    public synchronized Loaded<T> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return new Loaded<>(defaults.get(), Optional.empty());
        } catch (IOException e) {
            return new Loaded<>(defaults.get(), Optional.of("Could not read " + path + ": " + e.getMessage()
                    + ". Ferry starts with defaults and will not overwrite it until you save."));
        }
        try {
            T value = Json.mapper().readValue(bytes, type);
            if (value == null) {
                throw new IOException("the file holds no settings");
            }
            return new Loaded<>(value, Optional.empty());
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
            return new Loaded<>(defaults.get(), Optional.of(moveAside(reason)));
        }
    }

    private String moveAside(String reason) {
        Path aside = path.resolveSibling(path.getFileName() + ".corrupt-" + LocalDateTime.now().format(STAMP));
        try {
            Files.move(path, aside);
            return path.getFileName() + " was unreadable (" + reason + "); it was kept as " + aside.getFileName()
                    + " and Ferry started with an empty one.";
        } catch (IOException e) {
            return path.getFileName() + " was unreadable (" + reason + ") and could not be moved aside ("
                    + e.getMessage() + ").";
        }
    }

    public synchronized void save(T value) throws IOException {
        AtomicFiles.write(path, Json.mapper().writeValueAsBytes(value));
    }
}
