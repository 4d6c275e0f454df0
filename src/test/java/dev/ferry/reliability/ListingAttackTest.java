package dev.ferry.reliability;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.listing.Listing;
import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.testing.FakeFtpServer;
import dev.ferry.testing.MinaServer;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.QueueText;
import dev.ferry.transfer.TransferQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 8 beyond hostile names (those are in {@code transfer.HostileListingTest} and
 * {@code ftp.FtpSessionMinaTest}): a listing of 100,000 entries, and a symbolic link loop that a
 * server presents as an endless tree of folders.
 */
class ListingAttackTest {

    @TempDir
    Path directory;

    @ParameterizedTest(name = "MLSD {0}")
    @ValueSource(booleans = {true, false})
    void aHundredThousandEntriesAreListedCompletelyAndQuickly(boolean mlsd) throws Exception {
        List<String> lines = new ArrayList<>(100_000);
        for (int i = 0; i < 100_000; i++) {
            lines.add(mlsd ? "type=file;size=" + i + ";modify=20240102030405; entry-" + i + ".txt"
                    : "-rw-r--r--   1 user group " + i + " Jan  2 03:04 entry-" + i + ".txt");
        }
        try (FakeFtpServer server = new FakeFtpServer().useMlsd(mlsd).listing("/huge", lines)) {
            if (!mlsd) {
                server.features(List.of("SIZE", "MDTM", "REST STREAM", "UTF8", "EPSV"));
            }
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u")
                    .password("p").build();
            Runtime runtime = Runtime.getRuntime();
            System.gc();
            long before = runtime.totalMemory() - runtime.freeMemory();
            long start = System.nanoTime();
            Listing listing = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                try (FtpSession session = new FtpSession(settings, "t")) {
                    session.connect();
                    return session.list("/huge");
                }
            });
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.gc();
            long after = runtime.totalMemory() - runtime.freeMemory();
            assertEquals(100_000, listing.entries().size());
            assertEquals(List.of(), listing.unparsedLines());
            HashSet<String> names = new HashSet<>();
            for (RemoteEntry entry : listing.entries()) {
                names.add(entry.name());
            }
            assertEquals(100_000, names.size());
            System.out.printf("100,000-entry %s listing: %d ms, about %d MiB of heap held%n", mlsd ? "MLSD" : "LIST",
                    millis, Math.max(0, after - before) >> 20);
        }
    }

    /**
     * MINA gives no MLSD unique fact: the loop was followed to the depth limit (32 levels of the tree again). A
     * folder listed exactly as one above it is that folder again, and the walk ends there (FolderLoopTest).
     */
    @Test
    void aSymbolicLinkLoopOnTheServerEndsWhereItRepeats() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path tree = Files.createDirectories(server.home().resolve("tree/sub"));
            Files.writeString(tree.resolve("file.txt"), "in the loop");
            // MINA follows links, so /tree/sub/loop looks like a folder holding sub/ again, forever.
            Files.createSymbolicLink(tree.resolve("loop"), tree.getParent());
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(MinaServer.USER).password(MinaServer.PASSWORD).build();
            Path local = directory.resolve("download");
            try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT.withConnections(2)
                    .withConflictDefault(ConflictAction.OVERWRITE), null, null)) {
                queue.addDownload(settings, null, "/tree", local, true, -1, null);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofMinutes(2)), "the walk ended: " + queue.totals());
                List<ItemSnapshot> items = queue.snapshot();
                List<ItemSnapshot> loops = items.stream().filter(s -> s.state() == ItemState.SKIPPED).toList();
                assertEquals(1, loops.size(), items.toString());
                assertEquals("/tree/sub/loop", loops.getFirst().remotePath(), loops.toString());
                assertEquals(QueueText.SYMLINK_LOOP, loops.getFirst().lastError().key(), loops.getFirst().lastError()::toString);
                System.out.println("symlink loop: " + items.size() + " items, stopped with: "
                        + dev.ferry.testing.English.of(loops.getFirst().lastError()));
            }
            assertEquals("in the loop", Files.readString(local.resolve("sub/file.txt")));
            try (Stream<Path> walk = Files.walk(local)) {
                long depth = walk.mapToLong(p -> local.relativize(p).getNameCount()).max().orElse(0);
                assertTrue(depth <= 2, "the local tree ends where the loop begins: depth " + depth);
            }
        }
    }
}
