package dev.ferry.ui;

import dev.ferry.transfer.QueueTotals;
import dev.ferry.ui.queue.BatchProgress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the window counts and how it writes sizes (no toolkit needed). */
class CountersTest {

    @BeforeAll
    static void english() {
        I18n.use("en");
    }

    /** The queue's totals; the run's bytes are those of the items it has queued since it was last idle. */
    private static QueueTotals totals(int queued, int active, int done, long bytesTotal, long bytesDone,
                                      long runBytesTotal, long runBytesDone, long busySpells) {
        return new QueueTotals(queued, active, 0, 0, 0, done, 0, 0, bytesTotal, bytesDone, 0, true, runBytesTotal, runBytesDone,
                busySpells);
    }

    @Test
    void aBatchCountsOnlyItsOwnFilesAndBytes() {
        BatchProgress batch = new BatchProgress();
        // Five files finished earlier in the session, still listed under Successful.
        assertEquals(Optional.empty(), batch.update(totals(0, 0, 5, 5_000, 5_000, 5_000, 5_000, 1)));
        assertEquals(Optional.empty(), batch.update(totals(0, 1, 5, 6_000, 5_200, 1_000, 200, 2)));
        assertTrue(batch.running());
        assertEquals(200, batch.bytesDone(), "the status bar starts from this batch, not from 5,200");
        assertEquals(1_000, batch.bytesTotal());
        assertEquals(Optional.of(new BatchProgress.End(1, 0, 0, 0, 0, 0)), batch.update(totals(0, 0, 6, 6_000, 6_000, 1_000, 1_000, 2)),
                "one file transferred, not six");
        // The next batch starts from zero again.
        batch.update(totals(2, 0, 6, 8_000, 6_000, 2_000, 0, 3));
        assertEquals(0, batch.bytesDone());
        assertEquals(2_000, batch.bytesTotal());
        assertEquals(Optional.of(new BatchProgress.End(2, 0, 0, 0, 0, 0)), batch.update(totals(0, 0, 8, 8_000, 8_000, 2_000, 2_000, 3)));
    }

    /**
     * A batch that ended and the next that began between two updates, seen running at both: one
     * notice when the second ends, counting both, and none while the second runs.
     */
    @Test
    void twoSpellsSeenAsOneRunningBatchEndOnce() {
        BatchProgress batch = new BatchProgress();
        batch.update(totals(0, 0, 0, 0, 0, 0, 0, 0));
        batch.update(totals(1, 1, 0, 2_000, 0, 2_000, 0, 1));
        assertEquals(Optional.empty(), batch.update(totals(0, 1, 2, 3_000, 2_500, 1_000, 500, 2)));
        assertTrue(batch.running());
        assertEquals(Optional.of(new BatchProgress.End(3, 0, 0, 0, 0, 0)), batch.update(totals(0, 0, 3, 3_000, 3_000, 1_000, 1_000, 2)));
        assertEquals(Optional.empty(), batch.update(totals(0, 0, 3, 3_000, 3_000, 1_000, 1_000, 2)), "said once");
        // Finished items removed while nothing runs: nothing ends, and the next batch counts from there.
        assertEquals(Optional.empty(), batch.update(totals(0, 0, 0, 0, 0, 1_000, 1_000, 2)));
        assertEquals(Optional.of(new BatchProgress.End(1, 0, 0, 0, 0, 0)), batch.update(totals(0, 0, 1, 10, 10, 10, 10, 3)));
    }

    /**
     * "All transfers finished — 1 file transferred" was said while a paused file waited in the queue,
     * and after a batch in which two files failed.
     */
    @Test
    void aBatchThatLeftFailuresOrPausedFilesDoesNotSayAllFinished() {
        BatchProgress batch = new BatchProgress();
        // One failure from before this batch, still listed under Failed.
        batch.update(new QueueTotals(0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, false, 0, 0, 1));
        batch.update(new QueueTotals(3, 2, 0, 1, 0, 0, 0, 0, 5_000, 0, 0, true, 5_000, 0, 2));
        BatchProgress.End end = batch.update(new QueueTotals(0, 0, 1, 3, 0, 1, 1, 0, 5_000, 3_000, 0, false, 5_000, 3_000, 2))
                .orElseThrow();
        assertEquals(new BatchProgress.End(1, 2, 0, 1, 0, 1), end);
        assertEquals("Transfers finished, some failed", end.title());
        assertEquals("1 file transferred, 2 failed, 1 skipped, 1 paused", end.text());

        BatchProgress.End paused = new BatchProgress.End(1, 0, 0, 0, 0, 1);
        assertEquals("Transfers finished, some paused", paused.title());
        assertEquals("All transfers finished", new BatchProgress.End(3, 0, 0, 2, 0, 0).title());
        assertEquals("3 files transferred, 2 skipped", new BatchProgress.End(3, 0, 0, 2, 0, 0).text());
    }

    /** "Cancel the rest" is the user's choice: the batch's end says the files were cancelled, not that they failed. */
    @Test
    void aBatchWhoseRestWasCancelledSaysCancelledNotFailed() {
        BatchProgress batch = new BatchProgress();
        batch.update(new QueueTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false, 0, 0, 0));
        batch.update(new QueueTotals(5, 0, 0, 0, 0, 0, 0, 0, 500, 0, 0, true, 500, 0, 1));
        BatchProgress.End end = batch.update(new QueueTotals(0, 0, 0, 0, 0, 0, 1, 4, 500, 0, 0, false, 500, 0, 1))
                .orElseThrow();
        assertEquals(new BatchProgress.End(0, 0, 0, 1, 4, 0), end);
        assertEquals("Transfers finished, some cancelled", end.title());
        assertEquals("No files transferred, 1 skipped, 4 cancelled", end.text());
    }

    /**
     * A paused file resumed is what the status bar waits for, with the bytes it had: it showed
     * "1.5 MiB / 1.5 MiB", the bar full, while the file was at 15 %.
     */
    @Test
    void aResumedFileCountsWholeInTheStatusBar() throws Exception {
        try (dev.ferry.transfer.TransferQueue queue = new dev.ferry.transfer.TransferQueue(
                dev.ferry.transfer.QueueSettings.DEFAULT, null, null)) {
            BatchProgress batch = new BatchProgress();
            batch.update(queue.totals());
            dev.ferry.ftp.ConnectionSettings nowhere = dev.ferry.ftp.ConnectionSettings.builder("127.0.0.1").port(9)
                    .user("u").password("p").build();
            // Not started: the item waits, as it does when the queue is stopped.
            long id = queue.addDownload(nowhere, null, "/big.bin", java.nio.file.Path.of("/tmp/ferry-never/big.bin"),
                    false, 50_000, null).id();
            batch.update(queue.totals());
            assertEquals(50_000, batch.bytesTotal());
            queue.pause(id);
            batch.update(queue.totals());
            assertTrue(!batch.running(), "paused, nothing waits: " + queue.totals());
            queue.resume(id);
            batch.update(queue.totals());
            assertTrue(batch.running(), queue.totals().toString());
            assertEquals(50_000, batch.bytesTotal(), "the resumed file in the total: " + queue.totals());
        }
    }

    /**
     * Three small files and a missing one, all over before the window's next look at the queue:
     * idle before, idle after, and no "All transfers finished" was ever said. The totals are the
     * queue's own, read where the window's updates would read them, on either side of the batch.
     */
    @Test
    void aBatchOverBetweenTwoUpdatesStillEnds(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home)
            throws Exception {
        try (dev.ferry.testing.MinaServer server = dev.ferry.testing.MinaServer.builder(home.resolve("server")).start();
             dev.ferry.transfer.TransferQueue queue = new dev.ferry.transfer.TransferQueue(
                     dev.ferry.transfer.QueueSettings.DEFAULT.withRetries(0, java.time.Duration.ofMillis(10),
                             java.time.Duration.ofMillis(10)), null, null)) {
            java.nio.file.Path local = java.nio.file.Files.createDirectories(home.resolve("local"));
            dev.ferry.ftp.ConnectionSettings settings = dev.ferry.ftp.ConnectionSettings.builder("127.0.0.1")
                    .port(server.port()).user(dev.ferry.testing.MinaServer.USER)
                    .password(dev.ferry.testing.MinaServer.PASSWORD).build();
            for (String name : new String[] {"a.bin", "b.bin", "c.bin"}) {
                java.nio.file.Files.write(server.home().resolve(name), new byte[20 * 1024]);
            }
            BatchProgress batch = new BatchProgress();
            assertEquals(Optional.empty(), batch.update(queue.totals()));

            dev.ferry.transfer.TransferQueue.Batch files = queue.batch();
            for (String name : new String[] {"a.bin", "b.bin", "c.bin", "missing.bin"}) {
                files.addDownload(settings, null, "/" + name, local.resolve(name), false, -1, null);
            }
            queue.start();
            assertTrue(queue.awaitIdle(java.time.Duration.ofMinutes(2)), "the batch ended: " + queue.snapshot());
            dev.ferry.transfer.QueueTotals after = queue.totals();
            assertTrue(after.idle(), after.toString());

            assertEquals(Optional.of(new BatchProgress.End(3, 1, 0, 0, 0, 0)), batch.update(after),
                    "the batch ended though it was never seen running: " + after);
            assertTrue(!batch.running());
            assertEquals(Optional.empty(), batch.update(after), "said once");
        }
    }

    /** A window opened after the queue's earlier batches sees their ends as the past: nothing to say. */
    @Test
    void theFirstTotalsSeenEndNothing() throws Exception {
        try (dev.ferry.transfer.TransferQueue queue = new dev.ferry.transfer.TransferQueue(
                dev.ferry.transfer.QueueSettings.DEFAULT, null, null)) {
            dev.ferry.ftp.ConnectionSettings nowhere = dev.ferry.ftp.ConnectionSettings.builder("127.0.0.1").port(9)
                    .user("u").password("p").build();
            long id = queue.addDownload(nowhere, null, "/big.bin", java.nio.file.Path.of("/tmp/ferry-never/big.bin"),
                    false, 50_000, null).id();
            queue.pause(id);
            BatchProgress batch = new BatchProgress();
            assertEquals(Optional.empty(), batch.update(queue.totals()));
            assertTrue(!batch.running());
            // Removed by the user while nothing runs: the next batch's starting point moves, nothing ends.
            queue.remove(id);
            assertEquals(Optional.empty(), batch.update(queue.totals()));
        }
    }

    @Test
    void finishedTextsArePluralAware() {
        assertEquals("1 file transferred", I18n.t("queue.finishedText", 1));
        assertEquals("3 files transferred", I18n.t("queue.finishedText", 3));
        assertEquals("1,200 files transferred", I18n.t("queue.finishedText", 1200));
        assertEquals("Imported 1 site.", I18n.t("sites.importReport", 1));
    }

    @Test
    void sizesUseBinaryUnitsWithTheirNames() {
        assertEquals("512 B", Formats.size(512));
        assertEquals("1.5 KiB", Formats.size(1536));
        assertEquals("5.0 MiB", Formats.size(5L << 20));
        assertEquals("163.0 MiB/s", Formats.speed(163L << 20));
        assertEquals("2.0 GiB", Formats.size(2L << 30));
    }
}
