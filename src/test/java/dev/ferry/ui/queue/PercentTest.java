package dev.ferry.ui.queue;

import dev.ferry.transfer.Direction;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.Verification;
import dev.ferry.ui.I18n;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PercentTest {

    @BeforeAll
    static void english() {
        I18n.use("en");
    }

    private static ItemSnapshot item(ItemState state, long size, long done) {
        return new ItemSnapshot(1, Direction.DOWNLOAD, false, Path.of("/tmp/x"), "/x", "k", "u@h", size, null, state,
                done, 0, null, Verification.NOT_CHECKED, 0, 1, 0, -1, 1, List.of(), false, false, 0, false);
    }

    @Test
    void wholePercentsRoundedDown() {
        assertEquals("0%", Percent.text(item(ItemState.QUEUED, 1000, 0)));
        assertEquals("42%", Percent.text(item(ItemState.ACTIVE, 1000, 429)));
        assertEquals("99%", Percent.text(item(ItemState.ACTIVE, 1000, 999)), "not 100% before the end");
        assertEquals("99%", Percent.text(item(ItemState.ACTIVE, 1000, 1000)), "all bytes, not yet done");
        assertEquals("100%", Percent.text(item(ItemState.DONE, 1000, 1000)));
    }

    @Test
    void unknownSizeRunsWithoutANumber() {
        assertEquals("", Percent.text(item(ItemState.ACTIVE, -1, 12345)));
        assertEquals(-1, Percent.fraction(item(ItemState.ACTIVE, -1, 12345)));
        assertEquals("100%", Percent.text(item(ItemState.DONE, -1, 12345)));
    }
}
