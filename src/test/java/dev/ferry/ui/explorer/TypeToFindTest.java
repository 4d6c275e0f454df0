package dev.ferry.ui.explorer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TypeToFindTest {

    private static FileRow row(String name) {
        return new FileRow(name, FileRow.Kind.FILE, 1, null, "", "", null, "/" + name, true);
    }

    private static final List<FileRow> ROWS = List.of(FileRow.up("/"), row("Alpha.txt"), row("beta.txt"),
            row("bravo.txt"), row("charlie.txt"));

    @Test
    void lettersTypedInQuickSuccessionNarrowTheName() {
        long[] now = {0};
        TypeToFind find = new TypeToFind(() -> now[0]);
        assertEquals(2, find.typed('b', ROWS, 0));
        now[0] += TimeUnit.MILLISECONDS.toNanos(200);
        assertEquals(3, find.typed('r', ROWS, 2), "\"br\": bravo");
        now[0] += TimeUnit.SECONDS.toNanos(2);
        assertEquals(1, find.typed('A', ROWS, 3), "after a pause a new name starts, in any case; \"..\" is not a name");
        assertEquals(-1, find.typed('x', ROWS, 1), "\"ax\" names nothing: the selection stays");
    }

    @Test
    void theSameLetterAgainGoesToTheNextNameWithIt() {
        long[] now = {0};
        TypeToFind find = new TypeToFind(() -> now[0]);
        assertEquals(2, find.typed('b', ROWS, 0));
        now[0] += TimeUnit.MILLISECONDS.toNanos(200);
        assertEquals(3, find.typed('b', ROWS, 2));
        now[0] += TimeUnit.MILLISECONDS.toNanos(200);
        assertEquals(2, find.typed('b', ROWS, 3), "round again");
        now[0] += TimeUnit.SECONDS.toNanos(2);
        assertEquals(3, find.typed('b', ROWS, 2), "typed slowly, the same letter still moves on");
    }
}
