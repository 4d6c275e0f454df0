package dev.ferry.ui.explorer;

import dev.ferry.ui.explorer.ComparisonColours.Mark;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How rows compare: by kind, then size, then time beyond a listing's minute precision. */
class ComparisonColoursTest {

    private static final Instant NOON = Instant.parse("2026-12-01T12:00:00Z");

    private static FileRow file(String name, long size, Instant modified) {
        return new FileRow(name, FileRow.Kind.FILE, size, modified, null, null, null, "/" + name, true);
    }

    private static FileRow folder(String name) {
        return new FileRow(name, FileRow.Kind.FOLDER, -1, NOON, null, null, null, "/" + name, true);
    }

    @Test
    void onlyHereDiffersNewerAndTheSameAreTold() {
        List<FileRow> here = List.of(file("lonely", 1, NOON), file("size", 2, NOON), file("newer", 3, NOON.plusSeconds(600)),
                file("within-a-minute", 4, NOON.plusSeconds(50)), file("older", 5, NOON), folder("both"),
                folder("folder-here-file-there"));
        List<FileRow> there = List.of(file("size", 3, NOON), file("newer", 3, NOON), file("within-a-minute", 4, NOON),
                file("older", 5, NOON.plusSeconds(600)), folder("both"), file("folder-here-file-there", 1, NOON));
        assertEquals(Map.of("lonely", Mark.ONLY_HERE, "size", Mark.DIFFERS, "newer", Mark.NEWER,
                "folder-here-file-there", Mark.ONLY_HERE), ComparisonColours.marks(here, there));
        assertEquals(Map.of("size", Mark.DIFFERS, "folder-here-file-there", Mark.ONLY_HERE, "older", Mark.NEWER),
                ComparisonColours.marks(there, here));
    }
}
