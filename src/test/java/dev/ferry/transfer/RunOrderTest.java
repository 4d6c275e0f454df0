package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.Interop;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The window sorts its Queued rows by what their snapshots carry, without the queue's lock: that
 * order must be the one the queue runs them in, after priorities, folders and every kind of move.
 */
class RunOrderTest {

    @Test
    void snapshotsSortedByRunOrderAreInTheOrderTheQueueRunsThem() throws Exception {
        ConnectionSettings nowhere = ConnectionSettings.builder("127.0.0.1").port(Interop.freePort()).build();
        Random random = new Random(20261205);
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, null)) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                boolean folder = random.nextInt(5) == 0;
                ids.add(queue.addDownload(nowhere, null, "/item" + i, Path.of("/tmp/ferry-never/item" + i), folder,
                        folder ? -1 : 10, null).id());
            }
            for (int change = 0; change < 400; change++) {
                long id = ids.get(random.nextInt(ids.size()));
                switch (random.nextInt(5)) {
                    case 0 -> queue.setPriority(id, random.nextInt(5) - 2);
                    case 1 -> queue.moveToTop(id);
                    case 2 -> queue.moveToBottom(id);
                    case 3 -> queue.moveAll(List.of(id, ids.get(random.nextInt(ids.size()))), random.nextBoolean());
                    default -> queue.moveAll(List.of(id), random.nextBoolean());
                }
                List<ItemSnapshot> shown = new ArrayList<>(queue.snapshot());
                shown.sort(ItemSnapshot.RUN_ORDER);
                assertEquals(queue.inRunOrder(ids), shown.stream().map(ItemSnapshot::id).toList(), "after change " + change);
            }
        }
    }
}
