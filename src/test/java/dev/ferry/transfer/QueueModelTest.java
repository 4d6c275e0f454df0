package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.message.Message;
import dev.ferry.testing.Await;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model answers "is anything waiting or running?" without walking every item (the command
 * line asks after each change of a 10,000-file queue), and that answer always agrees with the
 * totals counted item by item.
 */
class QueueModelTest {

    private final QueueModel model = new QueueModel();

    private TransferItem item(Site site, int n) {
        return model.newItem(site, Direction.DOWNLOAD, false, Path.of("/tmp/dl/f" + n), "/f" + n, 10, null, 0,
                Path.of("/tmp"), 1);
    }

    private void check(String when) {
        assertEquals(model.totals().idle(), model.idle(), "idle() agrees with the totals " + when);
    }

    @Test
    void idleAgreesWithTheTotalsThroughEveryKindOfChange() {
        ConnectionSettings server = ConnectionSettings.builder("127.0.0.1").port(1).user("u").password("p").build();
        model.lock.lock();
        try {
            Site site = model.site(Endpoint.of(server, null));
            assertTrue(model.idle(), "an empty queue is idle");
            TransferItem a = item(site, 1);
            TransferItem b = item(site, 2);
            TransferItem refusedChild = item(site, 3);
            RunSupport.refusedFromTheStart(refusedChild, Message.of(QueueText.CANCELLED));
            TransferItem unregistered = item(site, 4);
            check("before anything is registered");
            model.register(a);
            model.register(b);
            model.register(refusedChild);
            check("after registering");
            assertFalse(model.idle());
            model.transition(a, ItemState.ACTIVE);
            check("with one running");
            model.transition(a, ItemState.DONE);
            check("with one done");
            model.transition(unregistered, ItemState.ACTIVE);
            check("after a change to an item that is not in the queue");
            model.transition(b, ItemState.ACTIVE);
            model.requeue(b, 0);
            check("after a requeue");
            model.transition(b, ItemState.PAUSED);
            check("with the last one paused");
            assertTrue(model.idle(), "paused items do not keep the queue busy");
            model.transition(b, ItemState.QUEUED);
            model.refuse(b, Message.of(QueueText.CANCELLED));
            check("after a refusal");
            TransferItem c = item(site, 5);
            model.register(c);
            model.forget(c);
            check("after forgetting a waiting item");
            model.forget(c);
            check("after forgetting it twice");
            assertTrue(model.idle());
        } finally {
            model.lock.unlock();
        }
    }

    /**
     * A name refused for good was never tried: the window's end-of-batch notice read the totals'
     * failures and said "some failed" of a batch that only refused names.
     */
    @Test
    void refusedItemsAreNotCountedAmongTheFailures() {
        ConnectionSettings server = ConnectionSettings.builder("127.0.0.1").port(1).user("u").password("p").build();
        model.lock.lock();
        try {
            Site site = model.site(Endpoint.of(server, null));
            TransferItem tried = item(site, 1);
            TransferItem refused = item(site, 2);
            model.register(tried);
            model.register(refused);
            model.transition(tried, ItemState.ACTIVE);
            model.transition(tried, ItemState.FAILED);
            model.refuse(refused, Message.of(QueueText.CANCELLED));
            assertEquals(1, model.totals().failed(), "the one that was tried and failed");
            assertEquals(1, model.totals().refused(), "the one refused");
        } finally {
            model.lock.unlock();
        }
    }

    @Test
    void whoWaitsForIdleIsWokenWhenTheLastItemFinishes() throws Exception {
        ConnectionSettings server = ConnectionSettings.builder("127.0.0.1").port(1).user("u").password("p").build();
        TransferItem only;
        model.lock.lock();
        try {
            only = item(model.site(Endpoint.of(server, null)), 1);
            model.register(only);
            model.transition(only, ItemState.ACTIVE);
        } finally {
            model.lock.unlock();
        }
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            model.lock.lock();
            try {
                while (!model.idle()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    model.idle.awaitNanos(left);
                }
                return true;
            } catch (InterruptedException e) {
                return false;
            } finally {
                model.lock.unlock();
            }
        });
        Await.until("the waiter to wait for idle", () -> {
            model.lock.lock();
            try {
                return model.lock.hasWaiters(model.idle);
            } finally {
                model.lock.unlock();
            }
        });
        model.lock.lock();
        try {
            model.transition(only, ItemState.DONE);
        } finally {
            model.lock.unlock();
        }
        assertTrue(waiter.get(90, TimeUnit.SECONDS), "the waiter saw the queue idle before its 60 s were up");
    }

    /**
     * The totals are kept as items change (settled bytes, counts per state, the running set): after
     * each of thousands of random changes of the kinds the queue makes, they are what counting
     * every item gives (and where assertions are on, totals() checks its own bookkeeping too).
     */
    @Test
    void keptTotalsAgreeWithTheItemsThroughRandomChanges() {
        ConnectionSettings server = ConnectionSettings.builder("127.0.0.1").port(1).user("u").password("p").build();
        java.util.Random random = new java.util.Random(20261205);
        java.util.List<TransferItem> known = new java.util.ArrayList<>();
        model.lock.lock();
        try {
            Site site = model.site(Endpoint.of(server, null));
            for (int step = 0; step < 20_000; step++) {
                int op = random.nextInt(10);
                if (op == 0 || known.isEmpty()) {
                    TransferItem item = model.newItem(site, Direction.DOWNLOAD, random.nextInt(8) == 0,
                            Path.of("/tmp/dl/r" + step), "/r" + step, random.nextInt(4) == 0 ? -1 : random.nextInt(1000),
                            null, 0, Path.of("/tmp"), 1);
                    if (random.nextInt(10) == 0) {
                        RunSupport.refusedFromTheStart(item, Message.of(QueueText.CANCELLED));
                    } else if (random.nextInt(10) == 0) {
                        RunSupport.skippedFromTheStart(item, Message.of(QueueText.CANCELLED));
                    }
                    model.register(item);
                    known.add(item);
                    continue;
                }
                TransferItem item = known.get(random.nextInt(known.size()));
                switch (op) {
                    case 1, 2 -> {
                        ItemState next = ItemState.values()[random.nextInt(ItemState.values().length)];
                        if (next != ItemState.REFUSED && (item.state == next || item.state.canBecome(next))) {
                            model.transition(item, next);
                        }
                    }
                    case 3 -> {
                        // A worker's bytes: moved without the lock while the item runs.
                        if (item.state == ItemState.ACTIVE) {
                            item.bytesDone.addAndGet(random.nextInt(300));
                        }
                    }
                    case 4 -> {
                        // startingAt: a resumed part file's bytes.
                        if (item.state == ItemState.ACTIVE) {
                            item.bytesDone.set(random.nextInt(500));
                            model.progressed(item);
                        }
                    }
                    case 5 -> {
                        // updateSize: the server's size, learned in an attempt.
                        if (item.state == ItemState.ACTIVE && !item.directory) {
                            item.size = random.nextInt(1000);
                            model.touch(item);
                        }
                    }
                    case 6 -> {
                        if (item.state == ItemState.QUEUED || item.state == ItemState.PAUSED) {
                            model.refuse(item, Message.of(QueueText.CANCELLED));
                        } else if (item.state == ItemState.ACTIVE || item.state == ItemState.FAILED) {
                            model.requeue(item, 0);
                        }
                    }
                    case 7 -> {
                        model.forget(item);
                        known.remove(item);
                    }
                    case 8 -> {
                        // Asked for again: a failed duplicate is forgotten, a paused one waits again.
                        TransferItem again = model.newItem(site, Direction.DOWNLOAD, item.directory, item.localPath,
                                item.remotePath, item.size, null, 0, Path.of("/tmp"), 1);
                        model.duplicateAskedAgain(again);
                    }
                    default -> {
                        // The notifier's sampling.
                        for (TransferItem running : model.running()) {
                            model.progressed(running);
                        }
                    }
                }
                assertEquals(counted(), model.totals(), "after step " + step);
            }
        } finally {
            model.lock.unlock();
        }
    }

    /** The totals as counting every item gives them (the way totals() worked before they were kept). */
    private QueueTotals counted() {
        int[] states = new int[ItemState.values().length];
        long total = 0;
        long moved = 0;
        long runTotal = 0;
        long runMoved = 0;
        long spell = model.totals().busySpells();
        for (TransferItem item : model.items()) {
            states[item.state.ordinal()]++;
            if (!item.directory && item.size >= 0 && item.state != ItemState.SKIPPED && item.state != ItemState.REFUSED) {
                long itemMoved = Math.min(item.size, item.bytesDone.get());
                total += item.size;
                moved += itemMoved;
                if (item.busySpell == spell) {
                    runTotal += item.size;
                    runMoved += itemMoved;
                }
            }
        }
        QueueTotals kept = model.totals();
        return new QueueTotals(states[ItemState.QUEUED.ordinal()], states[ItemState.ACTIVE.ordinal()],
                states[ItemState.PAUSED.ordinal()], states[ItemState.FAILED.ordinal()], states[ItemState.REFUSED.ordinal()],
                states[ItemState.DONE.ordinal()], states[ItemState.SKIPPED.ordinal()], states[ItemState.CANCELLED.ordinal()],
                total, moved, kept.speed(), kept.processing(), runTotal, runMoved, spell);
    }

    /**
     * R18: a worker that took an item before the saved queue was restored noted the generation it
     * would wait for then; numbered anew after the loaded ones, the item still waited for the old one,
     * which the loaded file already counted as written: its first byte went before its item was saved.
     */
    @Test
    void anItemTakenBeforeTheRestoreWaitsForItsNewGeneration() {
        ConnectionSettings server = ConnectionSettings.builder("127.0.0.1").port(1).user("u").password("p").build();
        model.lock.lock();
        try {
            Site site = model.site(Endpoint.of(server, null));
            TransferItem taken = item(site, 1);
            model.register(taken);
            model.touch(taken);
            // As a worker takes it (SessionPool), before the restore's journal exists.
            taken.generationBeforeRun = taken.generation;
            model.transition(taken, ItemState.ACTIVE);
            long loaded = taken.generationBeforeRun;
            model.attachJournal(null, loaded);
            model.renumberGenerationsAfter(loaded);
            assertTrue(taken.generationBeforeRun > loaded, "waits for a generation the loaded file does not count: "
                    + taken.generationBeforeRun + " after loading " + loaded);
        } finally {
            model.lock.unlock();
        }
    }

    /** R18: a restored folder's files, found as it is walked, told observers the user began a batch. */
    @Test
    void aRestoredFoldersFilesAreNotABatchTheUserBegan() {
        ConnectionSettings server = ConnectionSettings.builder("127.0.0.1").port(1).user("u").password("p").build();
        model.lock.lock();
        try {
            Site site = model.site(Endpoint.of(server, null));
            TransferItem folder = model.newItem(site, Direction.DOWNLOAD, true, Path.of("/tmp/dl/album"), "/album", -1,
                    null, 0, Path.of("/tmp"), 3);
            folder.restored = true;
            model.register(folder);
            model.drainChanges();
            model.register(model.newItem(site, Direction.DOWNLOAD, false, Path.of("/tmp/dl/album/one"), "/album/one",
                    10, null, 1, Path.of("/tmp"), 3));
            assertEquals(QueueListener.Update.NOTHING_ADDED, model.drainChanges().newBatchNanos(),
                    "the files of a restored folder");
        } finally {
            model.lock.unlock();
        }
    }

    /** R18: two batches begun at once whose first items came in the other order: the earlier one went unsaid. */
    @Test
    void eachBatchTheUserBeginsIsSaidWhateverTheOrderOfItsFirstItem() throws Exception {
        ConnectionSettings server = ConnectionSettings.builder("127.0.0.1").port(1).user("u").password("p").build();
        List<Long> said = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, null)) {
            queue.addListener(update -> {
                if (update.newBatchNanos() != QueueListener.Update.NOTHING_ADDED) {
                    update.changed().forEach(item -> said.add(item.batch()));
                }
            });
            TransferQueue.Batch first = queue.batch();
            TransferQueue.Batch second = queue.batch();
            long secondBatch = second.addDownload(server, null, "/b", Path.of("/tmp/dl/b"), false, 10, null).batch();
            dev.ferry.testing.Await.until("the second batch said", () -> said.contains(secondBatch));
            long firstBatch = first.addDownload(server, null, "/a", Path.of("/tmp/dl/a"), false, 10, null).batch();
            dev.ferry.testing.Await.until("the first batch said, its first item added after the second's",
                    () -> said.contains(firstBatch));
        }
    }
}
