package dev.ferry.ui.explorer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PaneOrderTest {

    private static FileRow row(String name, FileRow.Kind kind) {
        return new FileRow(name, kind, 1, null, "", "", null, "/" + name, true);
    }

    /** ".." first, folders before files, then names in NameOrder: the panes' default order. */
    @Test
    void thePanesDefaultOrderUsesIt() {
        List<FileRow> rows = new ArrayList<>(List.of(row("f10", FileRow.Kind.FILE), row("f2", FileRow.Kind.FILE),
                row("d10", FileRow.Kind.FOLDER), row("d9", FileRow.Kind.FOLDER)));
        rows.sort(FilePane.foldersFirst(null));
        assertEquals(List.of("d9", "d10", "f2", "f10"), rows.stream().map(FileRow::name).toList());
    }
}
