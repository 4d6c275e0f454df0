package dev.ferry.site;

import dev.ferry.store.ConfigDirectory;
import dev.ferry.store.JsonFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Reads and writes {@code settings.json}; tells listeners about each new {@link Settings}. */
public final class SettingsStore {

    public static final String FILE_NAME = "settings.json";

    private final JsonFile<Settings> file;
    private volatile Settings current;
    private final Optional<String> loadProblem;
    private final List<Consumer<Settings>> listeners = new CopyOnWriteArrayList<>();

    private SettingsStore(JsonFile<Settings> file) {
        this.file = file;
        JsonFile.Loaded<Settings> loaded = file.load();
        this.current = loaded.value();
        this.loadProblem = loaded.problem();
    }

    public static SettingsStore open(Path path) {
        return new SettingsStore(new JsonFile<>(path, Settings.class, () -> Settings.DEFAULT));
    }

    public static SettingsStore openDefault() {
        return open(ConfigDirectory.resolve().resolve(FILE_NAME));
    }

    public Settings current() {
        return current;
    }

    public Optional<String> loadProblem() {
        return loadProblem;
    }

    public void addListener(Consumer<Settings> listener) {
        listeners.add(listener);
    }

    /** Saves {@code change} applied to the current settings, in one step with any other save. */
    public synchronized Settings update(java.util.function.UnaryOperator<Settings> change) throws IOException {
        Settings next = change.apply(current);
        save(next);
        return next;
    }

    public synchronized void save(Settings settings) throws IOException {
        file.save(settings);
        current = settings;
        for (Consumer<Settings> listener : listeners) {
            listener.accept(settings);
        }
    }
}
