package dev.ferry.sync;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpSession;
import dev.ferry.testing.FakeFtpServer;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.TransferQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Running a plan: through the queue as one batch, deletions only after every transfer succeeded. */
class SyncRunnerTest {

    @TempDir
    Path directory;

    private static ConnectionSettings settings(FakeFtpServer server) {
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p").build();
    }

    private static SyncPlan plan(FakeFtpServer server, Path local, SyncOptions options) throws Exception {
        try (FtpSession session = new FtpSession(settings(server), "plan")) {
            session.connect();
            return Synchronizer.plan(Synchronizer.compare(session, "/site", local, options, new CancelToken()),
                    options, SyncHistory.inMemory());
        }
    }

    @Test
    void aFailedTransferHoldsEveryDeletionBack() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer(); TransferQueue queue = new TransferQueue(
                QueueSettings.DEFAULT.withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)), null, null)) {
            // The listing promises two files; the server can only send one of them.
            server.listing("/site", List.of("type=file;size=2; ok.txt", "type=file;size=4; lost.txt"))
                    .file("/site/ok.txt", "ok".getBytes(StandardCharsets.UTF_8));
            Path local = Files.createDirectories(directory.resolve("local"));
            Files.writeString(local.resolve("extra.txt"), "only here");
            SyncOptions options = SyncOptions.download().withDelete(true);
            SyncPlan plan = plan(server, local, options);
            assertEquals(List.of("extra.txt"), plan.actions(SyncAction.DELETE_LOCAL).stream().map(PlannedAction::path).toList());

            queue.start();
            SyncResult result = new SyncRunner(queue, settings(server), null, SyncHistory.inMemory())
                    .run(plan, new CancelToken());
            assertEquals(1, result.transferred(), result.toString());
            assertEquals(0, result.deleted());
            assertEquals(List.of("lost.txt", ""), result.failures().stream().map(SyncResult.Failure::path).toList());
            assertEquals(SyncText.DELETES_HELD_BACK, result.failures().get(1).reason().key());
            assertTrue(Files.exists(local.resolve("extra.txt")), "nothing deleted after a failed transfer");
            assertEquals("ok", Files.readString(local.resolve("ok.txt")));

            List<ItemSnapshot> items = queue.snapshot();
            assertEquals(2, items.size(), items.toString());
            assertEquals(1, items.stream().map(ItemSnapshot::batch).distinct().count(), "one batch: " + items);
        }
    }

    /**
     * A local file the plan said to delete, changed after it was shown (the dialog stays open while
     * the user looks, the transfers run first), was deleted all the same (R11), and for good. It is
     * now looked at again: changed, it is kept and said; unchanged, it goes the way the caller
     * gives (the window's: its Trash).
     */
    @Test
    void aLocalFileChangedAfterThePlanIsNotDeletedAndTheRestGoesTheCallersWay() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer(); TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT, null, null)) {
            server.listing("/site", List.of());
            Path local = Files.createDirectories(directory.resolve("changed"));
            Files.writeString(local.resolve("changed.txt"), "as planned");
            Files.writeString(local.resolve("stale.txt"), "as planned");
            SyncPlan plan = plan(server, local, SyncOptions.download().withDelete(true));
            assertEquals(2, plan.actions(SyncAction.DELETE_LOCAL).size(), plan.actions().toString());
            Files.writeString(local.resolve("changed.txt"), "changed after the plan was shown");

            List<Path> deletedTheCallersWay = new java.util.concurrent.CopyOnWriteArrayList<>();
            queue.start();
            SyncResult result = new SyncRunner(queue, settings(server), null, SyncHistory.inMemory())
                    .deleteLocalWith(path -> {
                        deletedTheCallersWay.add(path);
                        Files.delete(path);
                    })
                    .run(plan, new CancelToken());

            assertEquals("changed after the plan was shown", Files.readString(local.resolve("changed.txt")), "kept");
            assertEquals(List.of("changed.txt"), result.failures().stream().map(SyncResult.Failure::path).toList());
            assertEquals(SyncText.DELETE_SKIPPED_CHANGED, result.failures().getFirst().reason().key());
            assertEquals(List.of(local.resolve("stale.txt")), deletedTheCallersWay);
            assertEquals(1, result.deleted());
        }
    }

    @Test
    void aPartFileOfOursIsResumedNotSynchronized() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer(); TransferQueue queue = new TransferQueue(
                QueueSettings.DEFAULT.withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)), null, null)) {
            server.listing("/site", List.of("type=file;size=10; big.bin"))
                    .file("/site/big.bin", "0123456789".getBytes(StandardCharsets.UTF_8));
            Path local = Files.createDirectories(directory.resolve("local"));
            Files.writeString(local.resolve("big.bin.part"), "01234");
            SyncOptions options = SyncOptions.download().withDelete(true);
            SyncPlan plan = plan(server, local, options);
            assertFalse(plan.comparison().entries().containsKey("big.bin.part"), plan.actions().toString());
            assertEquals(List.of(SyncAction.DOWNLOAD), plan.actions().stream().map(PlannedAction::action).toList());

            queue.start();
            SyncResult result = new SyncRunner(queue, settings(server), null, SyncHistory.inMemory())
                    .run(plan, new CancelToken());
            assertTrue(result.complete(), result.toString());
            assertEquals("0123456789", Files.readString(local.resolve("big.bin")));
            assertFalse(Files.exists(local.resolve("big.bin.part")));
            assertTrue(server.commands().contains("REST 5"), "the queue tried to continue the part file (this fake server then sends it all): " + server.commands());
        }
    }
    /** A server file named like another's part file: downloading both mixed them; it is left alone, said why. */
    @Test
    void aServerFileNamedLikeAnotherOnesPartFileIsLeftAlone() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer(); TransferQueue queue = new TransferQueue(
                QueueSettings.DEFAULT.withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)), null, null)) {
            server.listing("/site", List.of("type=file;size=10; big.bin", "type=file;size=3; big.bin.part"))
                    .file("/site/big.bin", "0123456789".getBytes(StandardCharsets.UTF_8))
                    .file("/site/big.bin.part", "xyz".getBytes(StandardCharsets.UTF_8));
            Path local = Files.createDirectories(directory.resolve("local-clash"));
            SyncPlan plan = plan(server, local, SyncOptions.download());
            assertEquals(List.of(SyncAction.DOWNLOAD), plan.actions().stream().filter(a -> a.path().equals("big.bin"))
                    .map(PlannedAction::action).toList(), plan.actions().toString());
            assertTrue(plan.actions().stream().noneMatch(a -> a.path().equals("big.bin.part")
                    && a.action() == SyncAction.DOWNLOAD), plan.actions().toString());

            queue.start();
            SyncResult result = new SyncRunner(queue, settings(server), null, SyncHistory.inMemory())
                    .run(plan, new CancelToken());
            assertEquals("0123456789", Files.readString(local.resolve("big.bin")));
            assertFalse(Files.exists(local.resolve("big.bin.part")), result.toString());
        }
    }
    /** A site's session limit holds for a synchronization's transfers too, as for its tab's downloads. */
    @Test
    void aSitesSessionLimitHoldsForTheTransfers() throws Exception {
        try (dev.ferry.testing.MinaServer server = dev.ferry.testing.MinaServer.builder(directory.resolve("limited"))
                .start(); TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT.withConnections(4)
                .withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)), null, null)) {
            Path site = Files.createDirectories(server.home().resolve("site"));
            for (int i = 0; i < 8; i++) {
                dev.ferry.testing.TestFiles.random(site.resolve("f" + i + ".bin"), 300_000, i);
            }
            Path local = Files.createDirectories(directory.resolve("local-limited"));
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(dev.ferry.testing.MinaServer.USER).password(dev.ferry.testing.MinaServer.PASSWORD).build();
            SyncPlan plan;
            try (dev.ferry.ftp.FtpSession session = new dev.ferry.ftp.FtpSession(settings, "plan")) {
                session.connect();
                plan = Synchronizer.plan(Synchronizer.compare(session, "/site", local, SyncOptions.download(),
                        new CancelToken()), SyncOptions.download(), SyncHistory.inMemory());
            }
            queue.start();
            SyncResult result = new SyncRunner(queue, settings, "site-1", SyncHistory.inMemory()).sessions(1)
                    .run(plan, new CancelToken());
            assertTrue(result.complete(), result.toString());
            // The runner's own session (folders, deletions) and one worker.
            assertTrue(server.mostConcurrentLogins() <= 2, "sessions at once: " + server.mostConcurrentLogins());
        }
    }
}
