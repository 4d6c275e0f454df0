package dev.ferry.ui;

import dev.ferry.store.ConfigDirectory;
import dev.ferry.store.SavedDocument;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The programs the user chose with "Open with…" for files no application was set up for, by the
 * files' extension ({@value #FILE_NAME} in the config folder): the next file of that type opens
 * with it, without the question again. Read and written off the FX thread.
 */
final class OpenWithPrograms {

    static final String FILE_NAME = "open-with.json";
    private static final int SCHEMA_VERSION = 1;

    /** Extension (lower case, without the dot) to program path. */
    public record Document(int version, Map<String, String> programs) {
        public Document {
            programs = programs == null ? Map.of() : Map.copyOf(programs);
        }
    }

    private final SavedDocument<Document> saved;

    private OpenWithPrograms(SavedDocument<Document> saved) {
        this.saved = saved;
    }

    static OpenWithPrograms openDefault() {
        return new OpenWithPrograms(SavedDocument.open(ConfigDirectory.resolve().resolve(FILE_NAME), Document.class,
                () -> new Document(SCHEMA_VERSION, Map.of())));
    }

    /** The program chosen for this file's type, while it is still there to run. */
    Optional<Path> programFor(Path file) {
        return extension(file).map(saved.current().programs()::get).map(Path::of).filter(Files::isExecutable);
    }

    void remember(Path file, Path program) throws IOException {
        Optional<String> extension = extension(file);
        if (extension.isPresent()) {
            change(extension.get(), program.toAbsolutePath().toString());
        }
    }

    void forget(Path file) throws IOException {
        Optional<String> extension = extension(file);
        if (extension.isPresent()) {
            change(extension.get(), null);
        }
    }

    private void change(String extension, String program) throws IOException {
        saved.update(document -> {
            Map<String, String> programs = new TreeMap<>(document.programs());
            if (program == null) {
                programs.remove(extension);
            } else {
                programs.put(extension, program);
            }
            return new Document(SCHEMA_VERSION, programs);
        });
    }

    /**
     * "conf" for "nginx.conf" and "NGINX.CONF"; none for "Makefile" or ".bashrc", whose program
     * would otherwise open every file without an extension, or every hidden one.
     */
    static Optional<String> extension(Path file) {
        Path name = file.getFileName();
        String text = name == null ? "" : name.toString();
        int dot = text.lastIndexOf('.');
        return dot <= 0 || dot == text.length() - 1 ? Optional.empty()
                : Optional.of(text.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
