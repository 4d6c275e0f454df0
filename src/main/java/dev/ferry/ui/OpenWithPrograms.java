package dev.ferry.ui;

import dev.ferry.store.ConfigDirectory;
import dev.ferry.store.SavedDocument;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * Programs that would run a file rather than show it: never kept, so that a server's script
     * opened from a tab is not run by a choice made once for a local one.
     */
    private static final java.util.regex.Pattern RUNNERS = java.util.regex.Pattern.compile(
            "(sh|bash|dash|zsh|ksh|mksh|csh|tcsh|fish|env|busybox|sudo|pkexec|doas|java|node|nodejs|deno|"
                    + "(python|perl|ruby|php|lua|tclsh|wish|pypy)[0-9.]*)");
    private static OpenWithPrograms shared;

    private final Path path;
    private final SavedDocument<Document> saved;

    private OpenWithPrograms(Path path, SavedDocument<Document> saved) {
        this.path = path;
        this.saved = saved;
    }

    /** One per config folder for the process: two opens at once must not each write over the other's choice. */
    static synchronized OpenWithPrograms shared() {
        Path file = ConfigDirectory.resolve().resolve(FILE_NAME);
        if (shared == null || !shared.path.equals(file)) {
            shared = new OpenWithPrograms(file, SavedDocument.open(file, Document.class,
                    () -> new Document(SCHEMA_VERSION, Map.of())));
        }
        return shared;
    }

    /** The program chosen for this file's type, while it is still there to run; none for a folder. */
    Optional<Path> programFor(Path file) {
        if (Files.isDirectory(file)) {
            return Optional.empty();
        }
        return extension(file).map(saved.current().programs()::get).map(Path::of).filter(Files::isExecutable);
    }

    /** Keeps {@code program} for the file's type; false where it is not kept (no extension, a program that runs files). */
    boolean remember(Path file, Path program) throws IOException {
        Optional<String> extension = extension(file);
        if (extension.isEmpty() || runsFiles(program)) {
            return false;
        }
        change(extension.get(), program.toAbsolutePath().toString());
        return true;
    }

    static boolean runsFiles(Path program) {
        List<Path> names = new java.util.ArrayList<>(List.of(program));
        try {
            names.add(program.toRealPath());
        } catch (IOException e) {
            // Only its own name, then.
        }
        return names.stream().map(Path::getFileName).filter(java.util.Objects::nonNull)
                .anyMatch(name -> RUNNERS.matcher(name.toString()).matches());
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
