package dev.ferry.cli;

import dev.ferry.testing.CliProcess;
import dev.ferry.testing.MinaServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `ferry sync` with a source that is not there: said, and nothing deleted on the other side. */
class SyncCliTest {

    @TempDir
    Path directory;

    /**
     * A mistyped remote folder: MINA lists a missing folder as an empty one, so the plan would have
     * deleted every local file with --delete.
     */
    @Test
    void aMissingRemoteFolderIsSaidAndNothingLocalIsDeleted() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path local = Files.createDirectories(directory.resolve("local"));
            Files.writeString(local.resolve("keep.txt"), "mine");
            CliProcess.Result sync = CliProcess.run(directory.resolve("cli"), "sync", "--delete",
                    GetCliTest.url(server.port(), "/no such folder/"), local.toString());
            assertEquals(1, sync.exitCode(), sync::toString);
            assertTrue(sync.stderr().contains("/no such folder does not exist"), sync::toString);
            assertEquals("mine", Files.readString(local.resolve("keep.txt")), "nothing deleted: " + sync);

            // A file's URL where a folder was meant: named as such, as mirror does.
            Files.writeString(server.home().resolve("notes.txt"), "a file");
            CliProcess.Result file = CliProcess.run(directory.resolve("cli"), "sync", "--delete",
                    GetCliTest.url(server.port(), "/notes.txt"), local.toString());
            assertEquals(1, file.exitCode(), file::toString);
            assertTrue(file.stderr().contains("/notes.txt is a file, not a folder"), file::toString);
            assertEquals("mine", Files.readString(local.resolve("keep.txt")), "nothing deleted: " + file);
        }
    }

    /** Files only here, kept without --delete: "both sides agree" was said while they plainly did not. */
    @Test
    void filesLeftAloneAreNotCalledAnAgreement() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.writeString(Files.createDirectories(server.home().resolve("site")).resolve("same.txt"), "same");
            Path local = Files.createDirectories(directory.resolve("mine"));
            CliProcess.Result first = CliProcess.run(directory.resolve("cli"), "sync",
                    GetCliTest.url(server.port(), "/site/"), local.toString());
            assertEquals(0, first.exitCode(), first::toString);
            Files.writeString(local.resolve("only-here.txt"), "mine");
            CliProcess.Result again = CliProcess.run(directory.resolve("cli"), "sync",
                    GetCliTest.url(server.port(), "/site/"), local.toString());
            assertEquals(0, again.exitCode(), again::toString);
            assertFalse(again.stdout().contains("both sides agree"), again::toString);
            assertTrue(again.stdout().contains("Nothing to transfer or delete; what is left alone is listed above (--delete"),
                    again::toString);
        }
    }

    /** A mistyped local folder, uploading: said, and the server's files left alone. */
    @Test
    void aMissingLocalFolderIsSaidAndNothingRemoteIsDeleted() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.writeString(Files.createDirectories(server.home().resolve("site")).resolve("keep.txt"), "theirs");
            Path missing = directory.resolve("no such local folder");
            CliProcess.Result sync = CliProcess.run(directory.resolve("cli"), "sync", "-R", "--delete",
                    GetCliTest.url(server.port(), "/site/"), missing.toString());
            assertEquals(1, sync.exitCode(), sync::toString);
            assertTrue(sync.stderr().contains(missing.toString()), sync::toString);
            assertEquals("theirs", Files.readString(server.home().resolve("site/keep.txt")), "nothing deleted: " + sync);
        }
    }
}
