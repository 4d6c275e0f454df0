package dev.ferry.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ferry.store.AtomicFiles;
import dev.ferry.store.ConfigDirectory;
import dev.ferry.store.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The deletions of a running {@code sync --delete}, kept aside until it ends. They come after every transfer succeeded
 * and are not in the saved queue: a sync stopped during its transfers (Ctrl+C, a crash, kill -9) left them undone, and
 * {@code queue --resume} finished the transfers and said Done (T9). Resume says so instead, with the command that
 * compares again and makes them; it does not delete by itself, the folders may have changed since the comparison.
 * One file per pair of folders, in {@code cli-sync-deletions/}.
 */
final class PendingSyncDeletions {

    static final String FOLDER_NAME = "cli-sync-deletions";
    private static final Pattern NEEDS_NO_QUOTES = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

    /** What is kept of one sync: how many deletions, and the command that makes them. */
    record Pending(@JsonProperty("deletions") int deletions, @JsonProperty("command") String command) {
    }

    private final Path folder;

    private PendingSyncDeletions(Path folder) {
        this.folder = folder;
    }

    static PendingSyncDeletions inConfigDirectory() {
        return new PendingSyncDeletions(ConfigDirectory.resolve().resolve(FOLDER_NAME));
    }

    /** The command that runs this sync again, to be typed: the URL without its password, the arguments quoted. */
    static String command(boolean upload, String url, Path local) {
        return "ferry sync " + (upload ? "-R " : "") + "--delete " + quoted(url) + " " + quoted(local.toString());
    }

    private static String quoted(String argument) {
        return NEEDS_NO_QUOTES.matcher(argument).matches() ? argument : "'" + argument.replace("'", "'\\''") + "'";
    }

    /** Before the sync's transfers start. A failure to write is the caller's to say; the sync goes on. */
    Path expect(Pending pending) throws IOException {
        Path file = folder.resolve(key(pending.command()) + ".json");
        AtomicFiles.write(file, Json.mapper().writeValueAsBytes(pending));
        return file;
    }

    /** The sync ended: its deletions were made, or it said itself why not. */
    static void ended(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    /** What stopped syncs left undone, each taken away once read: it is said once. Unreadable ones are dropped. */
    List<Pending> takeAll() throws IOException {
        List<Pending> found = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return found;
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(folder)) {
            files = listed.filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            try {
                found.add(Json.mapper().readValue(Files.readAllBytes(file), Pending.class));
            } catch (IOException unreadable) {
                // Half written by a sync killed at that moment: it had not started its transfers.
            }
            Files.deleteIfExists(file);
        }
        return found;
    }

    private static String key(String command) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(command.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
