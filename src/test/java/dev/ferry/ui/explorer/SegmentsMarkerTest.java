package dev.ferry.ui.explorer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A download split into segments keeps a marker beside its part file ("NAME.part.segments") for
 * the queue to resume it. The local list showed it as one of the user's files, to open, rename or
 * delete, which would make the download start over.
 */
class SegmentsMarkerTest {

    @TempDir
    Path folder;

    @Test
    void theMarkerBesideItsPartFileIsNotListed() throws Exception {
        Files.write(folder.resolve("big.iso.part"), new byte[16]);
        Files.writeString(folder.resolve("big.iso.part.segments"), "");
        Files.writeString(folder.resolve("notes.txt"), "mine");
        // Without its part file it marks nothing any more: the user may see it and throw it away.
        Files.writeString(folder.resolve("gone.iso.part.segments"), "");
        // The user's own file of that name, without a part file, is theirs.
        Files.writeString(folder.resolve("plan.segments"), "mine too");

        List<String> names = LocalPane.read(folder).stream().map(FileRow::name).sorted().toList();

        assertEquals(List.of("big.iso.part", "gone.iso.part.segments", "notes.txt", "plan.segments"), names);
    }
}
