package dev.ferry.transfer;

import dev.ferry.message.Message;
import dev.ferry.testing.CliProcess;
import dev.ferry.testing.English;
import dev.ferry.testing.MinaServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.ferry.transfer.TransferQueueTest.quick;
import static dev.ferry.transfer.TransferQueueTest.run;
import static dev.ferry.transfer.TransferQueueTest.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file whose target name is taken by a folder: the folder is never replaced, moved or
 * deleted. Asked, the question says a folder is there (not "a file of 4 KiB", a folder's own
 * size on disk) and offers what makes sense: a free name, or skipping.
 */
class FolderInTheWayTest {

    @TempDir
    Path directory;

    /** Every question is answered "under a free name", and kept for the assertions. */
    private static void renameWhenAsked(TransferQueue queue, List<Conflict> asked) {
        queue.setConflictResolver(conflict -> {
            asked.add(conflict);
            return new ConflictResolver.Decision(ConflictAction.RENAME, false);
        });
    }

    /** What can replace or continue a file, and ASK with no one to ask (the command line), which overwrites. */
    @ParameterizedTest
    @EnumSource(value = ConflictAction.class, names = {"OVERWRITE", "OVERWRITE_IF_NEWER", "OVERWRITE_IF_SIZE_DIFFERS",
            "OVERWRITE_IF_DIFFERENT", "RESUME", "ASK"})
    void aDownloadNeverReplacesALocalFolder(ConflictAction rule) throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.write(server.home().resolve("x"), new byte[10_000]);
            Path local = Files.createDirectories(directory.resolve("local"));
            Files.writeString(Files.createDirectories(local.resolve("x")).resolve("inside.txt"), "keep me");
            try (TransferQueue queue = new TransferQueue(quick(1).withConflictDefault(rule), null, null)) {
                queue.addDownload(settings(server.port()), null, "/x", local.resolve("x"), false, -1, null);
                run(queue);
                ItemSnapshot item = queue.snapshot().getFirst();
                assertEquals(ItemState.SKIPPED, item.state(), item.toString());
                assertEquals(QueueText.LOCAL_FOLDER_EXISTS, item.lastError().key(), item.toString());
            }
            assertTrue(Files.isDirectory(local.resolve("x")), "the folder is still there");
            assertEquals("keep me", Files.readString(local.resolve("x/inside.txt")));
            assertFalse(Files.exists(local.resolve("x.part")), "nothing downloaded for nothing, nothing moved aside");
        }
    }

    @Test
    void theQuestionSaysAFolderIsThereAndRenameDownloadsBesideIt() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.writeString(server.home().resolve("x"), "the server's file");
            Path local = Files.createDirectories(directory.resolve("local"));
            Files.writeString(Files.createDirectories(local.resolve("x")).resolve("inside.txt"), "keep me");
            List<Conflict> asked = new CopyOnWriteArrayList<>();
            try (TransferQueue queue = new TransferQueue(quick(1).withConflictDefault(ConflictAction.ASK), null, null)) {
                renameWhenAsked(queue, asked);
                queue.addDownload(settings(server.port()), null, "/x", local.resolve("x"), false, -1, null);
                run(queue);
                assertEquals(ItemState.DONE, queue.snapshot().getFirst().state(), queue.snapshot().toString());
            }
            assertEquals(1, asked.size());
            Conflict conflict = asked.getFirst();
            assertTrue(conflict.targetIsFolder(), conflict.toString());
            assertEquals(-1, conflict.targetSize(), "a folder has no size to compare: " + conflict);
            assertEquals(null, conflict.targetModified(), conflict.toString());
            assertEquals(17, conflict.sourceSize());
            assertEquals("the server's file", Files.readString(local.resolve("x (1)")));
            assertEquals("keep me", Files.readString(local.resolve("x/inside.txt")));
        }
    }

    @ParameterizedTest
    @EnumSource(value = ConflictAction.class, names = {"OVERWRITE", "RESUME"})
    void anUploadNeverReplacesAFolderOnTheServer(ConflictAction rule) throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.writeString(Files.createDirectories(server.home().resolve("up/x")).resolve("inside.txt"), "keep me");
            Path local = Files.createDirectories(directory.resolve("up"));
            Files.write(local.resolve("x"), new byte[10_000]);
            try (TransferQueue queue = new TransferQueue(quick(1).withConflictDefault(rule), null, null)) {
                queue.addUpload(settings(server.port()), null, local, "/up", true);
                run(queue);
                ItemSnapshot item = queue.snapshot().stream().filter(s -> !s.directory()).findFirst().orElseThrow();
                assertEquals(ItemState.SKIPPED, item.state(), queue.snapshot().toString());
                assertEquals(QueueText.REMOTE_FOLDER_EXISTS, item.lastError().key(), item.toString());
            }
            assertTrue(Files.isDirectory(server.home().resolve("up/x")));
            assertEquals("keep me", Files.readString(server.home().resolve("up/x/inside.txt")));
        }
    }

    @Test
    void anUploadAsksAboutAFolderOnTheServerAndRenameUploadsBesideIt() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.writeString(Files.createDirectories(server.home().resolve("up/x")).resolve("inside.txt"), "keep me");
            Path local = Files.createDirectories(directory.resolve("up"));
            Files.writeString(local.resolve("x"), "the local file");
            List<Conflict> asked = new CopyOnWriteArrayList<>();
            try (TransferQueue queue = new TransferQueue(quick(1).withConflictDefault(ConflictAction.ASK), null, null)) {
                renameWhenAsked(queue, asked);
                queue.addUpload(settings(server.port()), null, local, "/up", true);
                run(queue);
                assertEquals(List.of(), queue.snapshot().stream().filter(s -> s.state() != ItemState.DONE).toList());
            }
            assertEquals(1, asked.size());
            assertTrue(asked.getFirst().targetIsFolder(), asked.getFirst().toString());
            assertEquals(-1, asked.getFirst().targetSize(), asked.getFirst().toString());
            assertEquals("the local file", Files.readString(server.home().resolve("up/x (1)")));
            assertEquals("keep me", Files.readString(server.home().resolve("up/x/inside.txt")));
        }
    }

    /**
     * Found by helper U3: a folder uploaded where the server has a file of its name failed with "The
     * folder does not exist or may not be listed", which sent the user looking for a missing folder.
     */
    @Test
    void aFolderUploadWhereTheServerHasAFileOfItsNameSaysSo() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.writeString(Files.createDirectories(server.home().resolve("up")).resolve("nest"), "the server's file");
            Path local = Files.createDirectories(directory.resolve("nest"));
            Files.writeString(local.resolve("inside.txt"), "mine");
            try (TransferQueue queue = new TransferQueue(quick(1), null, null)) {
                queue.addUpload(settings(server.port()), null, local, "/up/nest", true);
                run(queue);
                ItemSnapshot folder = queue.snapshot().stream().filter(ItemSnapshot::directory).findFirst().orElseThrow();
                assertEquals(ItemState.FAILED, folder.state(), queue.snapshot().toString());
                assertEquals(QueueText.REMOTE_FILE_IN_THE_WAY, folder.lastError().key(), folder.toString());
            }
            assertEquals("the server's file", Files.readString(server.home().resolve("up/nest")));
        }
    }

    /** One file queued on its own: nothing listed the target, and SIZE cannot tell a folder from nothing. */
    @ParameterizedTest
    @EnumSource(value = ConflictAction.class, names = {"OVERWRITE", "RESUME"})
    void aSingleFileUploadNeverReplacesAFolderOnTheServer(ConflictAction rule) throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.writeString(Files.createDirectories(server.home().resolve("up/x")).resolve("inside.txt"), "keep me");
            Path local = Files.write(Files.createDirectories(directory.resolve("local")).resolve("x"), new byte[10_000]);
            try (TransferQueue queue = new TransferQueue(quick(1).withConflictDefault(rule), null, null)) {
                queue.addUpload(settings(server.port()), null, local, "/up/x", false);
                run(queue);
                ItemSnapshot item = queue.snapshot().getFirst();
                assertEquals(ItemState.SKIPPED, item.state(), item.toString());
                assertEquals(QueueText.REMOTE_FOLDER_EXISTS, item.lastError().key(), item.toString());
            }
            assertEquals("keep me", Files.readString(server.home().resolve("up/x/inside.txt")));
        }
    }

    @Test
    void aSingleFileUploadAsksAboutAFolderOnTheServerAndRenameUploadsBesideIt() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.writeString(Files.createDirectories(server.home().resolve("up/x")).resolve("inside.txt"), "keep me");
            // "x (1)" is taken by a folder too: the free name is the first that is neither file nor folder.
            Files.createDirectories(server.home().resolve("up/x (1)"));
            Path local = Files.writeString(Files.createDirectories(directory.resolve("local")).resolve("x"), "the local file");
            List<Conflict> asked = new CopyOnWriteArrayList<>();
            try (TransferQueue queue = new TransferQueue(quick(1).withConflictDefault(ConflictAction.ASK), null, null)) {
                renameWhenAsked(queue, asked);
                queue.addUpload(settings(server.port()), null, local, "/up/x", false);
                run(queue);
                assertEquals(ItemState.DONE, queue.snapshot().getFirst().state(), queue.snapshot().toString());
            }
            assertEquals(1, asked.size());
            assertTrue(asked.getFirst().targetIsFolder(), asked.getFirst().toString());
            assertEquals("the local file", Files.readString(server.home().resolve("up/x (2)")));
            assertTrue(Files.isDirectory(server.home().resolve("up/x (1)")), "the other folder is left as it was");
            assertEquals("keep me", Files.readString(server.home().resolve("up/x/inside.txt")));
        }
    }

    @Test
    void ferryGetSaysSoBeforeDownloadingAByte() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.write(server.home().resolve("x"), new byte[10_000]);
            Path local = Files.createDirectories(directory.resolve("local"));
            Files.writeString(Files.createDirectories(local.resolve("x")).resolve("inside.txt"), "keep me");
            String url = "ftp://" + MinaServer.USER + ":" + MinaServer.PASSWORD + "@127.0.0.1:" + server.port() + "/x";
            CliProcess.Result get = CliProcess.run(directory.resolve("cli"), "get", url, local.toString());
            assertEquals(1, get.exitCode(), get::toString);
            assertTrue(get.stderr().contains(English.of(Message.of(QueueText.LOCAL_FOLDER_EXISTS,
                    local.resolve("x").toString()))), get::toString);
            assertFalse(Files.exists(local.resolve("x.part")), "nothing downloaded: " + get);
            assertEquals("keep me", Files.readString(local.resolve("x/inside.txt")));
        }
    }

    /**
     * A mirror that could not bring a file because a folder holds its name did not do its job: it
     * says which file and why, and exits 1, in both directions (it said nothing and exited 0).
     */
    @Test
    void ferryMirrorNamesTheFileAFolderKeptOutAndFails() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.writeString(Files.createDirectories(server.home().resolve("site")).resolve("page.html"), "remote page");
            Files.writeString(server.home().resolve("site/other.txt"), "other");
            Path local = Files.createDirectories(directory.resolve("local"));
            Files.writeString(Files.createDirectories(local.resolve("page.html")).resolve("inside.txt"), "keep me");
            String url = "ftp://" + MinaServer.USER + ":" + MinaServer.PASSWORD + "@127.0.0.1:" + server.port() + "/site/";

            CliProcess.Result down = CliProcess.run(directory.resolve("cli"), "mirror", url, local.toString());
            assertEquals(1, down.exitCode(), down::toString);
            assertTrue(down.stderr().contains("/site/page.html") && down.stderr().contains(English.of(Message.of(
                    QueueText.LOCAL_FOLDER_EXISTS, local.resolve("page.html").toString()))), down::toString);
            assertEquals("other", Files.readString(local.resolve("other.txt")), "the rest arrived: " + down);
            assertEquals("keep me", Files.readString(local.resolve("page.html/inside.txt")));

            Path upload = Files.createDirectories(directory.resolve("upload"));
            Files.writeString(upload.resolve("other.txt"), "other, newer");
            Files.delete(server.home().resolve("site/other.txt"));
            Files.createDirectories(server.home().resolve("site/other.txt"));
            CliProcess.Result up = CliProcess.run(directory.resolve("cli"), "mirror", "-R", upload.toString(), url);
            assertEquals(1, up.exitCode(), up::toString);
            assertTrue(up.stderr().contains(upload.resolve("other.txt").toString()) && up.stderr().contains(English.of(
                    Message.of(QueueText.REMOTE_FOLDER_EXISTS, "/site/other.txt"))), up::toString);
            assertTrue(Files.isDirectory(server.home().resolve("site/other.txt")));
        }
    }
}
