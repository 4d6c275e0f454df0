package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.FakeFtpServer;
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

/**
 * A link to a folder, on a server that lists it as a folder, makes a recursive download a graph: a link back
 * to a folder above is a loop, walked for ever (to the depth limit, copying the tree again at each level),
 * while a folder reached twice by different ways is no loop and is copied both times, as cp -rL does (T4).
 */
class FolderLoopTest {

    private static final String FILE = "type=file;size=1;modify=20260101120000; ";

    @TempDir
    Path directory;

    private static ConnectionSettings settings(FakeFtpServer server) {
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p").build();
    }

    private static byte[] one() {
        return "x".getBytes(StandardCharsets.UTF_8);
    }

    private static List<ItemSnapshot> download(FakeFtpServer server, String remote, Path local) throws Exception {
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT.withConflictDefault(ConflictAction.OVERWRITE)
                .withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)), null, null)) {
            queue.addDownload(settings(server), null, remote, local, true, -1, null);
            queue.start();
            assertTrue(queue.awaitIdle(Duration.ofMinutes(1)), queue.snapshot()::toString);
            return queue.snapshot();
        }
    }

    /** A link downloaded by itself, as a row of the window is: how its item ended. */
    private static ItemSnapshot downloadLink(FakeFtpServer server, String remote, Path local) throws Exception {
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT.withConflictDefault(ConflictAction.OVERWRITE)
                .withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)), null, null)) {
            queue.batch().addLinkDownload(settings(server), null, remote, local, null);
            queue.start();
            assertTrue(queue.awaitIdle(Duration.ofMinutes(1)), queue.snapshot()::toString);
            return item(queue.snapshot(), remote);
        }
    }

    private static ItemSnapshot item(List<ItemSnapshot> items, String remotePath) {
        return items.stream().filter(s -> s.remotePath().equals(remotePath)).findFirst()
                .orElseThrow(() -> new AssertionError("no item for " + remotePath + ": " + items));
    }

    /** The folder at {@code loop} skipped as a loop, and nothing below it queued. */
    private static void assertSkippedAsALoop(List<ItemSnapshot> items, String loop) {
        ItemSnapshot skipped = item(items, loop);
        assertEquals(ItemState.SKIPPED, skipped.state(), skipped::toString);
        assertEquals(QueueText.SYMLINK_LOOP, skipped.lastError().key(), skipped::toString);
        assertFalse(items.stream().anyMatch(s -> s.remotePath().startsWith(loop + "/")), "nothing below the loop: " + items);
    }

    /**
     * Every folder seen was remembered for the whole queue (the window's lives as long as the app): the same
     * folder downloaded a second time had each of its subfolders refused as "a symbolic link loop".
     */
    @Test
    void aFolderDownloadedASecondTimeIsNoLoop() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.listing("/tree", List.of("type=dir;unique=801U2;modify=20260101120000; sub"))
                    .listing("/tree/sub", List.of(FILE + "a.txt")).file("/tree/sub/a.txt", one());
            try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT.withConflictDefault(ConflictAction.OVERWRITE)
                    .withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)), null, null)) {
                queue.addDownload(settings(server), null, "/tree", directory.resolve("first"), true, -1, null);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofMinutes(1)), queue.snapshot()::toString);
                queue.addDownload(settings(server), null, "/tree", directory.resolve("second"), true, -1, null);
                assertTrue(queue.awaitIdle(Duration.ofMinutes(1)), queue.snapshot()::toString);
                assertEquals(List.of(), queue.snapshot().stream().filter(s -> s.state() != ItemState.DONE).toList());
            }
            assertTrue(Files.exists(directory.resolve("second/sub/a.txt")), "the second copy's subfolder");
        }
    }

    /** pyftpdlib lists a link to a folder as a folder, with the folder's own unique fact: the real one was refused. */
    @Test
    void aLinkToAFolderBesideItRefusesNeither() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.listing("/tree", List.of("type=dir;unique=801U7;modify=20260101120000; a-link",
                            "type=dir;unique=801U7;modify=20260101120000; real"))
                    .listing("/tree/a-link", List.of(FILE + "x.txt")).file("/tree/a-link/x.txt", one())
                    .listing("/tree/real", List.of(FILE + "x.txt")).file("/tree/real/x.txt", one());
            List<ItemSnapshot> items = download(server, "/tree", directory.resolve("copy"));
            assertEquals(List.of(), items.stream().filter(s -> s.state() != ItemState.DONE).toList());
            assertTrue(Files.exists(directory.resolve("copy/real/x.txt")), "the real folder: " + items);
            assertTrue(Files.exists(directory.resolve("copy/a-link/x.txt")), "the link, as cp -rL copies it: " + items);
        }
    }

    /** The folder being downloaded was not among those seen: a link back to it was walked once more. */
    @Test
    void aLinkBackToTheFolderBeingDownloadedIsKnownAtOnce() throws Exception {
        List<String> tree = List.of("type=cdir;unique=801U1;modify=20260101120000; .",
                "type=dir;unique=801U1;modify=20260101120000; back", FILE + "f.txt");
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.listing("/tree", tree).file("/tree/f.txt", one())
                    .listing("/tree/back", tree).file("/tree/back/f.txt", one());
            List<ItemSnapshot> items = download(server, "/tree", directory.resolve("copy"));
            ItemSnapshot back = item(items, "/tree/back");
            assertEquals(ItemState.SKIPPED, back.state(), "nothing is missing: " + back);
            assertEquals(QueueText.SYMLINK_LOOP, back.lastError().key(), back::toString);
            assertFalse(Files.exists(directory.resolve("copy/back/f.txt")), "nothing of the loop copied: " + items);
            assertTrue(Files.exists(directory.resolve("copy/f.txt")));
        }
    }

    /** pyftpdlib names every folder but the one listed (no type=cdir line): a link back to it is known by its listing. */
    @Test
    void aLinkBackToATopThatTheServerDoesNotNameIsKnownByItsListing() throws Exception {
        List<String> tree = List.of("type=dir;unique=801U5;modify=20260101120000; a", FILE + "f.txt");
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.file("/tree/f.txt", one());
            // A loop has no bottom: /tree/a/up/a/up/… lists on alike, as deep as anyone looks.
            String path = "/tree";
            for (int level = 0; level <= FolderExpansion.MAX_DEPTH; level++) {
                server.listing(path, tree).listing(path + "/a", List.of("type=dir;unique=801U1;modify=20260101120000; up"));
                path += "/a/up";
            }
            List<ItemSnapshot> items = download(server, "/tree", directory.resolve("copy"));
            assertSkippedAsALoop(items, "/tree/a/up");
        }
    }

    /**
     * Twisted and aioftp give no unique fact: a loop was followed to the depth limit of 32 (T4: 17 times the
     * tree's data). A folder listed exactly as one above it is that folder again.
     */
    @Test
    void aLoopOnAServerThatNamesNoFolderEndsWhereItRepeats() throws Exception {
        List<String> tree = List.of("drwxr-xr-x 2 u g 4096 Jan 01 12:00 back", "-rw-r--r-- 1 u g 1 Jan 01 12:00 f.txt");
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.useMlsd(false).file("/tree/f.txt", one());
            String path = "/tree";
            for (int level = 0; level <= FolderExpansion.MAX_DEPTH + 1; level++) {
                server.listing(path, tree);
                path += "/back";
            }
            List<ItemSnapshot> items = download(server, "/tree", directory.resolve("copy"));
            assertSkippedAsALoop(items, "/tree/back");
            assertTrue(Files.exists(directory.resolve("copy/f.txt")));
        }
    }

    /**
     * R29: folders made within one minute list alike on a LIST server ("data" holding "data"), and on pyftpdlib
     * a subfolder may list like the top it is not (the top has no unique fact): taken for loops, their files were
     * skipped, silently. A nest of alike folders ends; only a loop goes on.
     */
    @Test
    void foldersThatListAlikeButEndAreNoLoop() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.useMlsd(false).listing("/top", List.of("drwxr-xr-x 2 u g 4096 Jan 01 12:00 data"))
                    .listing("/top/data", List.of("drwxr-xr-x 2 u g 4096 Jan 01 12:00 data"))
                    .listing("/top/data/data", List.of("drwxr-xr-x 2 u g 4096 Jan 01 12:00 data"))
                    .listing("/top/data/data/data", List.of("-rw-r--r-- 1 u g 1 Jan 01 12:00 f.txt"))
                    .file("/top/data/data/data/f.txt", one());
            List<ItemSnapshot> items = download(server, "/top", directory.resolve("list"));
            assertEquals(List.of(), items.stream().filter(s -> s.state() != ItemState.DONE).toList());
            assertTrue(Files.exists(directory.resolve("list/data/data/data/f.txt")), items.toString());
        }
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.listing("/top", List.of("type=dir;unique=801U2;modify=20260101120000; data"))
                    .listing("/top/data", List.of("type=dir;unique=801U3;modify=20260101120000; data"))
                    .listing("/top/data/data", List.of(FILE + "f.txt")).file("/top/data/data/f.txt", one());
            List<ItemSnapshot> items = download(server, "/top", directory.resolve("mlsd"));
            assertEquals(List.of(), items.stream().filter(s -> s.state() != ItemState.DONE).toList());
            assertTrue(Files.exists(directory.resolve("mlsd/data/data/f.txt")), items.toString());
        }
    }

    /** A tree deeper than the limit, each level its own (no loop): the walk still stops there, and says so. */
    @Test
    void aTreeDeeperThanTheLimitStopsThere() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.useMlsd(false);
            String path = "/deep";
            for (int level = 1; level <= FolderExpansion.MAX_DEPTH + 2; level++) {
                server.listing(path, List.of("drwxr-xr-x 2 u g 4096 Jan 01 12:00 level" + level));
                path += "/level" + level;
            }
            server.listing(path, List.of());
            List<ItemSnapshot> items = download(server, "/deep", directory.resolve("copy"));
            List<ItemSnapshot> refused = items.stream().filter(s -> s.state() == ItemState.REFUSED).toList();
            assertEquals(1, refused.size(), items.toString());
            assertEquals(QueueText.TOO_DEEP, refused.getFirst().lastError().key(), refused::toString);
        }
    }

    /** Two folders with the same files, one inside the other but not listed alike (the inner has no "back"): both copied. */
    @Test
    void aFolderLikeTheOneAboveButNotListedAlikeIsCopied() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.useMlsd(false).listing("/tree", List.of("drwxr-xr-x 2 u g 4096 Jan 01 12:00 copy-of-tree",
                            "-rw-r--r-- 1 u g 1 Jan 01 12:00 f.txt")).file("/tree/f.txt", one())
                    .listing("/tree/copy-of-tree", List.of("-rw-r--r-- 1 u g 1 Jan 01 12:00 f.txt"))
                    .file("/tree/copy-of-tree/f.txt", one());
            List<ItemSnapshot> items = download(server, "/tree", directory.resolve("copy"));
            assertEquals(List.of(), items.stream().filter(s -> s.state() != ItemState.DONE).toList());
            assertTrue(Files.exists(directory.resolve("copy/copy-of-tree/f.txt")));
        }
    }

    private static String link(String name, String target) {
        return "lrwxrwxrwx   1 u g 4 Jan  5  2020 " + name + " -> " + target;
    }

    private static String file(String name) {
        return "-rw-r--r--   1 u g 1 Jan  5  2020 " + name;
    }

    private static String folder(String name) {
        return "drwxr-xr-x   2 u g 4096 Jan  5  2020 " + name;
    }

    /**
     * R31: a server whose PWD answers "/" wherever the session is made the place every link led the same as the
     * folder holding it: each link to a folder was skipped as a loop, its files never copied.
     */
    @Test
    void aPwdThatAnswersTheSameEverywhereIsNotBelieved() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.useMlsd(false).pwdAnswers(entered -> "/")
                    .listing("/", List.of(folder("top"), folder("elsewhere")))
                    .listing("/top", List.of(file("f.txt"), link("L", "/elsewhere"), link("self", ".")))
                    .listing("/top/L", List.of(file("g.txt"))).file("/top/f.txt", one()).file("/top/L/g.txt", one())
                    .listing("/top/self", List.of(file("f.txt"), link("L", "/elsewhere"), link("self", ".")));
            List<ItemSnapshot> items = download(server, "/top", directory.resolve("top"));
            assertTrue(Files.exists(directory.resolve("top/L/g.txt")), "the folder behind L is copied: " + items);
            assertSkippedAsALoop(items, "/top/self");
        }
    }

    /**
     * R31: where PWD says the path as entered, a link is read by its text; a -> b, b -> .. copied the folders above
     * the tree through a, whose text names a link beside it, not a folder.
     */
    @Test
    void aChainOfLinksInOneFolderIsFollowedByItsTexts() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            List<String> top = List.of(folder("t"), folder("secret"));
            server.useMlsd(false)
                    .listing("/top", top).listing("/top/secret", List.of(file("private.txt")))
                    .listing("/top/t", List.of(file("f.txt"), link("a", "b"), link("b", "..")))
                    .listing("/top/t/a", top).listing("/top/t/b", top)
                    .file("/top/t/f.txt", one()).file("/top/secret/private.txt", one());
            List<ItemSnapshot> items = download(server, "/top/t", directory.resolve("t"));
            assertTrue(Files.exists(directory.resolve("t/f.txt")), items::toString);
            for (String above : List.of("/top/t/a", "/top/t/b")) {
                ItemSnapshot link = item(items, above);
                assertEquals(ItemState.SKIPPED, link.state(), link::toString);
                assertEquals(QueueText.LINK_ABOVE_THE_TREE, link.lastError().key(), link::toString);
                assertEquals(List.of("/top"), link.lastError().arguments(), link::toString);
            }
            assertFalse(items.stream().anyMatch(s -> s.remotePath().contains("secret")), "nothing above the tree: " + items);
        }
    }

    /**
     * R32: a link to a folder the server will not open, on a server whose PWD answers "/" everywhere, had its
     * text read from "/" and was called one that points nowhere (skipped) instead of failing as that folder does.
     */
    @Test
    void aLinkToAFolderThatWillNotOpenFailsWhateverPwdSays() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.useMlsd(false).pwdAnswers(entered -> "/")
                    .listing("/top", List.of(folder("sub"), folder("x"))).listing("/top/sub", List.of(link("L", "../x")));
            ItemSnapshot after = downloadLink(server, "/top/sub/L", directory.resolve("L"));
            assertEquals(ItemState.FAILED, after.state(), "as the folder it leads to would: " + after);
        }
    }

    /** R31: a link to a link to a folder the server will not open was called one that points nowhere (skipped). */
    @Test
    void aLinkToALinkToAFolderThatWillNotOpenFails() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.useMlsd(false)
                    .listing("/top", List.of(folder("sub"), folder("x"), link("l2", "x")))
                    .listing("/top/sub", List.of(link("L", "../l2")));
            ItemSnapshot after = downloadLink(server, "/top/sub/L", directory.resolve("L"));
            assertEquals(ItemState.FAILED, after.state(), "as the folder it leads to would: " + after);
        }
    }
}
