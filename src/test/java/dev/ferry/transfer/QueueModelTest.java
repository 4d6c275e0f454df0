package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.message.Message;
import dev.ferry.testing.Await;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
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
}
