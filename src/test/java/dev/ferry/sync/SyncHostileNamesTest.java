package dev.ferry.sync;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpSession;
import dev.ferry.testing.English;
import dev.ferry.testing.FakeFtpServer;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.QueueText;
import dev.ferry.transfer.TransferQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names that could leave a folder or smuggle an FTP command, from a hostile server or found on
 * the local disk, are refused by a synchronization as the queue refuses them: shown with the
 * reason, never transferred, never deleted, never sent. The rest of the tree still syncs.
 */
class SyncHostileNamesTest {

    @TempDir
    Path directory;

    private static final List<String> HOSTILE_MLSD = List.of(
            "type=file;size=5; good.txt",
            "type=file;size=5; ..",
            "type=file;size=5; ../../outside.txt",
            "type=file;size=5; /etc/passwd",
            "type=file;size=5; a\\b",
            "type=file;size=5; x\rDELE victim.txt",
            "type=dir; sub");

    private static ConnectionSettings settings(FakeFtpServer server) {
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p").build();
    }

    private static TransferQueue queue() {
        return new TransferQueue(QueueSettings.DEFAULT.withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)),
                null, null);
    }

    private static Map<String, SyncAction> actions(SyncPlan plan) {
        Map<String, SyncAction> actions = new TreeMap<>();
        plan.actions().forEach(a -> actions.put(a.path(), a.action()));
        return actions;
    }

    @Test
    void hostileServerNamesAreRefusedAndTheRestOfTheTreeSyncs() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer(); TransferQueue queue = queue()) {
            server.listing("/evil", HOSTILE_MLSD).listing("/evil/sub", List.of("type=file;size=5; inner.txt"))
                    .file("/evil/good.txt", "hello".getBytes(StandardCharsets.UTF_8))
                    .file("/evil/sub/inner.txt", "inner".getBytes(StandardCharsets.UTF_8));
            Path target = Files.createDirectories(directory.resolve("target"));
            Files.writeString(target.resolve("keep-me-not.txt"), "only here");
            SyncOptions options = SyncOptions.download().withDelete(true);
            SyncPlan plan;
            try (FtpSession session = new FtpSession(settings(server), "hostile")) {
                session.connect();
                plan = Synchronizer.plan(Synchronizer.compare(session, "/evil", target, options, new CancelToken()),
                        options, SyncHistory.inMemory());
            }
            Map<String, SyncAction> actions = actions(plan);
            assertEquals(SyncAction.DOWNLOAD, actions.get("good.txt"), actions.toString());
            assertEquals(SyncAction.DOWNLOAD, actions.get("sub/inner.txt"), actions.toString());
            assertEquals(SyncAction.DELETE_LOCAL, actions.get("keep-me-not.txt"), actions.toString());
            List<PlannedAction> refused = plan.actions(SyncAction.REFUSED);
            assertEquals(5, refused.size(), "\"..\", ../../outside.txt, /etc/passwd, a\\b, the line break: " + refused);
            assertTrue(refused.stream().allMatch(r -> !r.path().contains("/")), "each one entry of the root: " + refused);
            assertTrue(refused.stream().allMatch(r -> r.reason().key() == QueueText.NAME_REFUSED), refused.toString());
            assertTrue(refused.stream().anyMatch(r -> English.of(r.reason()).contains("line break")), refused.toString());

            queue.start();
            SyncResult result = new SyncRunner(queue, settings(server), null, SyncHistory.inMemory())
                    .run(plan, new CancelToken());
            assertEquals(2, result.transferred(), result.toString());
            assertEquals(List.of(), result.failures());
            assertEquals(5, result.unresolved());
            assertFalse(result.complete(), "refused names leave the synchronization incomplete");
            assertEquals("hello", Files.readString(target.resolve("good.txt")));
            assertEquals("inner", Files.readString(target.resolve("sub/inner.txt")));
            assertFalse(Files.exists(target.resolve("keep-me-not.txt")), "--delete applies to the rest");
            try (Stream<Path> all = Files.walk(directory)) {
                assertEquals(List.of(), all.filter(p -> !p.startsWith(target) && !p.equals(directory)).toList(),
                        "nothing is written outside the target");
            }
            List<String> sent = server.commands().stream().filter(c -> !c.startsWith("MLSD")).toList();
            for (String fragment : List.of("outside", "passwd", "a\\b", "victim")) {
                assertFalse(sent.stream().anyMatch(c -> c.contains(fragment)), fragment + " was sent: " + sent);
            }
        }
    }

    /**
     * A link back to a folder above it is walked once only, and said as skipped, not refused: nothing is missing,
     * and a synchronization that ends incomplete failed every cron run of a tree with a loop (T5).
     */
    @Test
    void aFolderLoopIsSkippedAndTheSynchronizationCompletes() throws Exception {
        try (FakeFtpServer server = loopingServer(); TransferQueue queue = queue()) {
            Path target = Files.createDirectories(directory.resolve("target"));
            SyncOptions options = SyncOptions.download();
            SyncPlan plan;
            try (FtpSession session = new FtpSession(settings(server), "loop")) {
                session.connect();
                plan = Synchronizer.plan(Synchronizer.compare(session, "/tree", target, options, new CancelToken()),
                        options, SyncHistory.inMemory());
            }
            Map<String, SyncAction> actions = actions(plan);
            assertEquals(SyncAction.SKIP, actions.get("back"), actions.toString());
            assertFalse(actions.keySet().stream().anyMatch(path -> path.startsWith("back/")), actions.toString());
            queue.start();
            SyncResult result = new SyncRunner(queue, settings(server), null, SyncHistory.inMemory())
                    .run(plan, new CancelToken());
            assertEquals(List.of(), result.failures());
            assertTrue(result.complete(), result.toString());
            assertEquals("hello", Files.readString(target.resolve("f.txt")));
        }
    }

    /** /tree/back leads back to /tree: listed alike as deep as anyone looks. */
    private static FakeFtpServer loopingServer() throws java.io.IOException {
        List<String> tree = List.of("drwxr-xr-x 2 u g 4096 Jan 01 12:00 back", "-rw-r--r-- 1 u g 5 Jan 01 12:00 f.txt");
        FakeFtpServer server = new FakeFtpServer().useMlsd(false);
        server.file("/tree/f.txt", "hello".getBytes(StandardCharsets.UTF_8));
        String path = "/tree";
        for (int level = 0; level <= 34; level++) {
            server.listing(path, tree);
            path += "/back";
        }
        return server;
    }

    /** R29: a skipped loop let an upload write into it, that is into the folder it leads back to (f.txt over /tree/f.txt). */
    @Test
    void anUploadSendsNothingThroughALoop() throws Exception {
        try (FakeFtpServer server = loopingServer()) {
            Path source = Files.createDirectories(directory.resolve("source/back"));
            Files.writeString(directory.resolve("source/f.txt"), "hello");
            Files.writeString(source.resolve("f.txt"), "OTHER CONTENT");
            Files.writeString(source.resolve("new.txt"), "new");
            SyncOptions options = SyncOptions.upload().withDelete(true);
            SyncPlan plan;
            try (FtpSession session = new FtpSession(settings(server), "loop")) {
                session.connect();
                plan = Synchronizer.plan(Synchronizer.compare(session, "/tree", directory.resolve("source"), options,
                        new CancelToken()), options, SyncHistory.inMemory());
            }
            Map<String, SyncAction> actions = actions(plan);
            assertEquals(SyncAction.SKIP, actions.get("back"), actions.toString());
            assertFalse(actions.entrySet().stream().anyMatch(e -> e.getKey().startsWith("back/")
                    && (e.getValue() == SyncAction.UPLOAD || e.getValue().name().startsWith("DELETE"))), actions.toString());
        }
    }

    @Test
    void aLocalNameThatWouldInjectACommandIsNeverUploaded() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer(); TransferQueue queue = queue()) {
            server.listing("/up", List.of());
            Path source = Files.createDirectories(directory.resolve("source"));
            Files.writeString(source.resolve("ok.txt"), "fine");
            Files.writeString(source.resolve("x\r\nDELE victim.txt"), "sneaky");
            SyncOptions options = SyncOptions.upload();
            SyncPlan plan;
            try (FtpSession session = new FtpSession(settings(server), "hostile")) {
                session.connect();
                plan = Synchronizer.plan(Synchronizer.compare(session, "/up", source, options, new CancelToken()),
                        options, SyncHistory.inMemory());
            }
            assertEquals(Map.of("ok.txt", SyncAction.UPLOAD, "x\\r\\nDELE victim.txt", SyncAction.REFUSED), actions(plan));
            PlannedAction refused = plan.actions(SyncAction.REFUSED).getFirst();
            assertEquals(SyncText.LOCAL_NAME_REFUSED, refused.reason().key());

            queue.start();
            SyncResult result = new SyncRunner(queue, settings(server), null, SyncHistory.inMemory())
                    .run(plan, new CancelToken());
            assertEquals(1, result.transferred(), result.toString());
            assertArrayEquals("fine".getBytes(StandardCharsets.UTF_8), server.stored("/up/ok.txt"));
            assertFalse(server.commands().stream().anyMatch(c -> c.contains("victim")), server.commands().toString());
        }
    }

    /**
     * A folder whose listing Ferry could not read whole (a line it does not understand, a listing
     * cut short) keeps every file that is only here: the unread line may be that file. They were
     * deleted with --delete; a folder whose listing was whole still gets its deletions.
     */
    @Test
    void deleteSparesWhatAnUnreadableListingLineMayHold() throws Exception {
        SyncPlan plan = planWithDelete(List.of("-rw-r--r--   1 u g 5 Jan  5  2020 a.txt",
                "drwxr-xr-x   1 u g 0 Jan  5  2020 sub", "garbage line the parser cannot read"), "b.txt");
        Map<String, SyncAction> actions = actions(plan);
        assertEquals(SyncAction.SKIP, actions.get("b.txt"), actions.toString());
        assertEquals(SyncAction.SKIP, actions.get("sub/d.txt"), actions.toString());
        assertTrue(plan.actions().stream().filter(a -> a.path().equals("b.txt"))
                .allMatch(a -> a.reason().key() == SyncText.NOT_DELETED_LISTING_INCOMPLETE), plan.actions().toString());
    }

    /** The same, one level down only: the top folder, listed whole, still gets its deletions. */
    @Test
    void aWholeListingKeepsItsDeletionsBesideAnIncompleteOne() throws Exception {
        Map<String, SyncAction> actions = actions(planWithDelete(List.of("-rw-r--r--   1 u g 5 Jan  5  2020 a.txt",
                "drwxr-xr-x   1 u g 0 Jan  5  2020 sub"), "extra.txt"));
        assertEquals(SyncAction.DELETE_LOCAL, actions.get("extra.txt"), actions.toString());
        assertEquals(SyncAction.SKIP, actions.get("sub/d.txt"), actions.toString());
    }

    /**
     * The plan of a download with --delete from /t (its LIST lines {@code top}; /t/sub cut mid-line)
     * into a folder holding {@code onlyHere} and sub/d.txt, which the server does not list.
     */
    private SyncPlan planWithDelete(List<String> top, String onlyHere) throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.useMlsd(false).features(List.of("SIZE", "EPSV"))
                    .listing("/t", top)
                    .listing("/t/sub", List.of("-rw-r--r--   1 u g 5 Jan  5  2020 c.txt", "-rw-"))
                    .file("/t/a.txt", "aaaaa".getBytes(StandardCharsets.UTF_8))
                    .file("/t/sub/c.txt", "ccccc".getBytes(StandardCharsets.UTF_8));
            Path target = Files.createDirectories(directory.resolve("target/sub"));
            Files.writeString(target.resolveSibling(onlyHere), "only here");
            Files.writeString(target.resolve("d.txt"), "ddddd");
            SyncOptions options = SyncOptions.download().withDelete(true);
            try (FtpSession session = new FtpSession(settings(server), "incomplete")) {
                session.connect();
                return Synchronizer.plan(Synchronizer.compare(session, "/t", target.getParent(), options,
                        new CancelToken()), options, SyncHistory.inMemory());
            }
        }
    }
}
