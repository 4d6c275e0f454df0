package dev.ferry.ui.queue;

import dev.ferry.message.Message;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.Verification;
import dev.ferry.transfer.Direction;
import dev.ferry.transfer.QueueText;
import dev.ferry.transfer.QueueTotals;
import dev.ferry.ui.I18n;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchNoticeTest {

    @BeforeAll
    static void english() {
        I18n.use("en");
    }

    private static ItemSnapshot failed(String name) {
        return new ItemSnapshot(1, Direction.DOWNLOAD, false, Path.of("/tmp/" + name), "/" + name, "k", "u@h", 10, null,
                ItemState.FAILED, 0, 1, Message.of(QueueText.DOWNLOAD_INCOMPLETE, "/" + name, 5, 10),
                Verification.NOT_CHECKED, 0, 1, 0, -1, 1, List.of(), false, false, 0, false);
    }

    private static ItemSnapshot refused(String name) {
        return new ItemSnapshot(2, Direction.DOWNLOAD, false, Path.of("/tmp/x"), "/" + name, "k", "u@h", 5, null,
                ItemState.REFUSED, 0, 0, Message.of(QueueText.NAME_REFUSED, name, "the name contains \"/\""),
                Verification.NOT_CHECKED, 0, 1, 0, -1, 1, List.of(), false, false, 0, false);
    }

    @Test
    void theLastFailureOfABatchIsSaidWithItsEndInOneNotice() {
        Optional<BatchNotice> notice = BatchNotice.of(List.of(failed("b.bin")),
                Optional.of(new BatchProgress.End(3, 1, 0, 0, 0, 0)));
        assertTrue(notice.isPresent());
        assertEquals("Transfers finished, some failed", notice.get().title());
        assertTrue(notice.get().text().startsWith("3 files transferred, 1 failed\nb.bin: "), notice.get().text());
        assertTrue(notice.get().error());
    }

    @Test
    void aFailureBeforeTheEndAndAnEndWithoutFailuresAreSaidAlone() {
        BatchNotice failure = BatchNotice.of(List.of(failed("a.bin"), failed("c.bin")), Optional.empty()).orElseThrow();
        assertEquals("2 transfers failed", failure.title());
        assertTrue(failure.text().startsWith("a.bin: "), failure.text());
        BatchNotice end = BatchNotice.of(List.of(), Optional.of(new BatchProgress.End(2, 0, 0, 0, 0, 0))).orElseThrow();
        assertEquals(new BatchNotice("All transfers finished", "2 files transferred", false), end);
        assertEquals(Optional.empty(), BatchNotice.of(List.of(), Optional.of(new BatchProgress.End(0, 0, 0, 0, 0, 0))));
    }

    /**
     * T7: a link that points nowhere, downloaded by itself, was skipped without a word: the user asked for a
     * download and nothing said why none came. A batch that only skipped says so (an up-to-date mirror too).
     */
    @Test
    void aBatchThatOnlySkippedSaysSo() {
        BatchNotice skipped = BatchNotice.of(List.of(), Optional.of(new BatchProgress.End(0, 0, 0, 1, 0, 0))).orElseThrow();
        assertEquals(new BatchNotice("All transfers finished", "No files transferred, 1 skipped", false), skipped);
    }

    /**
     * Names refused for good (a hostile listing) were announced as "2 transfers failed": no transfer was tried,
     * and none will be. Said as the command line says it, apart from the failures.
     */
    @Test
    void itemsRefusedForGoodAreNotCalledFailures() {
        BatchNotice onlyRefused = BatchNotice.of(List.of(refused("a\\b"), refused("c\\d")), Optional.empty())
                .orElseThrow();
        assertEquals("2 items refused", onlyRefused.title());
        assertTrue(onlyRefused.text().startsWith("a\\b: "), onlyRefused.text());
        assertTrue(onlyRefused.text().endsWith("\n2 items were refused for good and not transferred"), onlyRefused.text());

        BatchNotice both = BatchNotice.of(List.of(refused("a\\b"), failed("b.bin")), Optional.empty()).orElseThrow();
        assertEquals("Transfer failed", both.title());
        assertTrue(both.text().startsWith("b.bin: "), both.text());
        assertTrue(both.text().endsWith("\n1 item was refused for good and not transferred"), both.text());
    }

    /**
     * A batch that transferred files and refused names ended in "Transfers finished, some failed",
     * "3 files transferred, 2 failed": the queue's totals counted the refusals among the failures.
     */
    @Test
    void theEndOfABatchSaysRefusalsApartFromFailures() {
        BatchProgress batch = new BatchProgress();
        batch.update(new QueueTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false, 0, 0, 0));
        batch.update(new QueueTotals(5, 0, 0, 0, 0, 0, 0, 0, 30, 0, 0, true, 30, 0, 1));
        BatchProgress.End end = batch.update(new QueueTotals(0, 0, 0, 0, 2, 3, 0, 0, 30, 30, 0, false, 30, 30, 1))
                .orElseThrow();
        BatchNotice notice = BatchNotice.of(List.of(refused("a\\b"), refused("c\\d")), Optional.of(end)).orElseThrow();
        assertEquals("Transfers finished, some refused", notice.title());
        assertTrue(notice.text().startsWith("3 files transferred, 2 refused\na\\b: "), notice.text());
        assertFalse(notice.text().contains("failed"), notice.text());

        BatchProgress.End both = new BatchProgress.End(3, 1, 2, 0, 0, 0);
        assertEquals("Transfers finished, some failed", both.title());
        assertEquals("3 files transferred, 1 failed, 2 refused", both.text());
    }
}
