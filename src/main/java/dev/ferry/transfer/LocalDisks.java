package dev.ferry.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Which disk a local path is on, for telling the downloads that write to a full disk from those that
 * do not. Remembered per folder: a mirror's thousands of files share a few. Not thread-safe; one per
 * question.
 */
final class LocalDisks {

    private final Map<Path, Object> byFolder = new HashMap<>();

    /** An identity of the disk holding {@code path} (equal for equal disks), or null when it cannot be told. */
    Object of(Path path) {
        Path folder = path.toAbsolutePath().getParent();
        if (folder == null) {
            return null;
        }
        return byFolder.computeIfAbsent(folder, LocalDisks::diskOf);
    }

    private static Object diskOf(Path folder) {
        // What does not exist yet (a mirror's subfolder) will be made on the disk of what does above it.
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return null;
        }
        try {
            // The device number: one stat. A FileStore reads the whole mount table each time.
            return Files.getAttribute(existing, "unix:dev");
        } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
            try {
                return Files.getFileStore(existing);
            } catch (IOException e) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
    }
}
