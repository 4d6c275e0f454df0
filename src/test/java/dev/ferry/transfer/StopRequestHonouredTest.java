package dev.ferry.transfer;

import dev.ferry.ftp.FtpConnectionException;
import dev.ferry.message.Message;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * R25: a Remove or a Pause asked of a transfer while its worker was still logging in was lost when the
 * login then failed in a way that sends the item back to wait (too many connections, a lost connection):
 * the item went back to the queue as QUEUED and its next run cleared the request, so the removed transfer
 * ran. Every way back to the waiting line does what the user asked instead.
 */
class StopRequestHonouredTest {

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }

    /** Runs {@code backToWait} on a running item the user asked {@code request} of; returns the queue's rows. */
    private static List<String> afterTheWayBack(TransferItem.StopRequest request,
                                                BiConsumer<RunSupport, TransferItem> backToWait) throws Exception {
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, null)) {
            long id = queue.addDownload(SavedQueues.nowhere(), null, "/asked.bin", Path.of("/tmp/ferry-never/asked.bin"),
                    false, 10, null).id();
            QueueModel model = (QueueModel) field(queue, "model");
            RunSupport runs = (RunSupport) field(queue, "runs");
            TransferItem item;
            model.lock.lock();
            try {
                item = model.item(id);
                // As a worker's take() makes it, and as the user's click then asks.
                model.transition(item, ItemState.ACTIVE);
                QueueControl.requestStop(model, item, request);
            } finally {
                model.lock.unlock();
            }
            backToWait.accept(runs, item);
            return queue.snapshot().stream().map(s -> s.remotePath() + " " + s.state()).toList();
        }
    }

    @Test
    void tooManyConnectionsAtTheLoginKeepsTheUsersRemoveAndPause() throws Exception {
        BiConsumer<RunSupport, TransferItem> tooMany = (runs, item) ->
                runs.waitForSession(item, Message.of(QueueText.CANCELLED), 0);
        assertEquals(List.of(), afterTheWayBack(TransferItem.StopRequest.REMOVE, tooMany), "removed");
        assertEquals(List.of("/asked.bin PAUSED"), afterTheWayBack(TransferItem.StopRequest.PAUSE, tooMany), "paused");
    }

    @Test
    void aLoginThatFailsAndWouldBeRetriedKeepsTheUsersRemoveAndPause() throws Exception {
        BiConsumer<RunSupport, TransferItem> lost = (runs, item) ->
                runs.failed(item, new FtpConnectionException(Message.of(QueueText.CANCELLED), null));
        assertEquals(List.of(), afterTheWayBack(TransferItem.StopRequest.REMOVE, lost), "removed");
        assertEquals(List.of("/asked.bin PAUSED"), afterTheWayBack(TransferItem.StopRequest.PAUSE, lost), "paused");
    }
}
