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

    /** The child's names and output in UTF-8, whatever this machine's locale. */
    private static final java.util.Map<String, String> UTF8_OUTPUT = java.util.Map.of("JAVA_TOOL_OPTIONS",
            "-Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8 -Dsun.jnu.encoding=UTF-8 -Dfile.encoding=UTF-8");

    @TempDir
    Path directory;

    /** As mirror's: a sync that continued a part file said the whole file's size as downloaded. */
    @Test
    void aSyncThatContinuedAPartFileCountsOnlyTheBytesItFetched() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path site = Files.createDirectories(server.home().resolve("site"));
            byte[] a = dev.ferry.testing.TestFiles.bytes(4096, 1);
            Files.write(site.resolve("a.bin"), a);
            Path local = Files.createDirectories(directory.resolve("local"));
            Files.write(local.resolve("a.bin.part"), java.util.Arrays.copyOf(a, 3072));

            CliProcess.Result sync = CliProcess.run(directory.resolve("cli"), "sync", "--no-clock-probe",
                    GetCliTest.url(server.port(), "/site/"), local.toString());
            assertEquals(0, sync.exitCode(), sync::toString);
            org.junit.jupiter.api.Assertions.assertArrayEquals(a, Files.readAllBytes(local.resolve("a.bin")));
            assertTrue(sync.stdout().contains("Done: downloaded 1 file (1.0 KiB, 3.0 KiB more continued from an "
                    + "earlier part), created 0 folders"), sync::toString);
        }
    }

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

    /** One conflict was "1 path(s) in conflict or refused", in the words of a form, not of a sentence. */
    @Test
    void oneConflictIsCountedInTheSingular() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path remote = Files.writeString(Files.createDirectories(server.home().resolve("site")).resolve("a.txt"), "theirs");
            Files.setLastModifiedTime(remote, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(86_400)));
            Path local = Files.createDirectories(directory.resolve("mine"));
            // Newer here, and no sync since: the download would overwrite an edit.
            Files.writeString(local.resolve("a.txt"), "edited here");
            CliProcess.Result plan = CliProcess.run(directory.resolve("cli"), "sync", "--dry-run",
                    GetCliTest.url(server.port(), "/site/"), local.toString());
            assertEquals(1, plan.exitCode(), plan::toString);
            assertTrue(plan.stderr().contains("ferry: 1 path in conflict or refused: left alone; --force"), plan::toString);
        }
    }

    /**
     * The plan's columns were padded by characters: a Chinese character takes two columns on a
     * terminal, so the sizes after a Chinese name stood further right than the others.
     */
    @Test
    void thePlansColumnsAlignAfterChineseNames() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path site = Files.createDirectories(server.home().resolve("site"));
            Files.writeString(site.resolve("年度报告.txt"), "report");
            Files.writeString(site.resolve("notes-2024.txt"), "notes");
            CliProcess.Result plan = CliProcess.run(directory.resolve("cli"), UTF8_OUTPUT, "sync", "--dry-run",
                    GetCliTest.url(server.port(), "/site/"), directory.resolve("mine").toString());
            assertEquals(0, plan.exitCode(), plan::toString);
            java.util.List<String> rows = plan.stdout().lines()
                    .filter(line -> line.startsWith("  年度报告.txt") || line.startsWith("  notes-2024.txt")).toList();
            assertEquals(2, rows.size(), plan::toString);
            // Each of the four Chinese characters takes a second column.
            java.util.List<Integer> columns = rows.stream().map(line -> line.indexOf("server ")
                    + (int) line.codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count())
                    .toList();
            assertEquals(columns.get(0), columns.get(1), "where the sizes start:\n" + String.join("\n", rows));
        }
    }

    /**
     * Found by helper N: a name's own spaces at either end read as the plan's padding, so "a", " a"
     * and "a " looked alike in a plan that deleted one of them.
     */
    @Test
    void aNameWithSpacesAtItsEndsIsQuotedInThePlan() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path site = Files.createDirectories(server.home().resolve("site"));
            Files.writeString(site.resolve("a"), "plain");
            Files.writeString(site.resolve(" a"), "leading");
            Files.writeString(site.resolve("a "), "trailing");
            Files.writeString(site.resolve("b\u00A0"), "a no-break space (R7)");
            Files.writeString(site.resolve("\" c\""), "quotes of its own (R7)");
            CliProcess.Result plan = CliProcess.run(directory.resolve("cli"), UTF8_OUTPUT, "sync", "--dry-run",
                    GetCliTest.url(server.port(), "/site/"), directory.resolve("mine").toString());
            assertEquals(0, plan.exitCode(), plan::toString);
            assertTrue(plan.stdout().lines().anyMatch(line -> line.startsWith("  \" a\" ")), plan::toString);
            assertTrue(plan.stdout().lines().anyMatch(line -> line.startsWith("  \"a \" ")), plan::toString);
            assertTrue(plan.stdout().lines().anyMatch(line -> line.startsWith("  a ")), "a plain name stays unquoted:\n" + plan);
            assertTrue(plan.stdout().lines().anyMatch(line -> line.startsWith("  \"b\u00A0\" ")), plan::toString);
            assertTrue(plan.stdout().lines().anyMatch(line -> line.startsWith("  \"\\\" c\\\"\" ")), plan::toString);
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

    /**
     * A listing that names a file (and a folder) twice, the second time with another size: one file,
     * as mirror takes it (the first listed), downloaded once; the plan and the summary give the bytes
     * that came. The last was taken, its size expected, the right file retried as cut short, and the
     * summary counted bytes that never came; the folder was listed twice.
     */
    @Test
    void aNameListedTwiceIsOneEntryTheFirstListed() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.useMlsd(false).listing("/d", java.util.List.of(
                            "-rw-r--r--   1 u g 5 Jan  5  2020 a.txt",
                            "drwxr-xr-x   2 u g 0 Jan  5  2020 sub",
                            "-rw-r--r--   1 u g 3 Jan  5  2020 b.txt",
                            "-rw-r--r--   1 u g 7 Jan  5  2020 a.txt",
                            "drwxr-xr-x   2 u g 0 Jan  5  2020 sub"))
                    .listing("/d/sub", java.util.List.of("-rw-r--r--   1 u g 2 Jan  5  2020 c.txt"))
                    .file("/d/a.txt", "aaaaa".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .file("/d/b.txt", "bbb".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .file("/d/sub/c.txt", "cc".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Path into = directory.resolve("into");
            CliProcess.Result sync = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                    "sync", "--no-clock-probe", "ftp://u@127.0.0.1:" + server.port() + "//d", into.toString());
            assertEquals(0, sync.exitCode(), sync::toString);
            assertEquals("aaaaa", Files.readString(into.resolve("a.txt")));
            assertEquals("cc", Files.readString(into.resolve("sub/c.txt")));
            assertEquals(1, server.commands().stream().filter(command -> command.equals("RETR /d/a.txt")).count(),
                    "downloads of a.txt: " + server.commands() + "\n" + sync);
            // LIST -a after a CWD: one for /d, one for /d/sub.
            assertEquals(2, server.commands().stream().filter(command -> command.startsWith("LIST")).count(),
                    "listings: " + server.commands() + "\n" + sync);
            assertTrue(sync.stdout().contains("Download: 3 files, 1 folder (10 B)")
                    && sync.stdout().contains("Done: downloaded 3 files (10 B)"), sync::toString);
            assertFalse(sync.stderr().contains("trying again"), sync::toString);
        }
    }

    /**
     * A server that lists with LIST only and has MDTM: its files listed with a day (older than half a year)
     * leave nothing to compare MDTM with, and sync said the server had no MDTM, which sends the user
     * looking at the wrong thing.
     */
    @Test
    void aServerWithMdtmIsNotSaidToHaveNone() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.useMlsd(false).features(java.util.List.of("SIZE", "MDTM", "REST STREAM", "UTF8", "EPSV"))
                    .listing("/d", java.util.List.of("-rw-r--r--   1 u g 5 Jan  5  2020 a.txt"))
                    .file("/d/a.txt", "aaaaa".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            CliProcess.Result sync = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                    "sync", "--dry-run", "ftp://u@127.0.0.1:" + server.port() + "//d", directory.resolve("into").toString());
            assertEquals(0, sync.exitCode(), sync::toString);
            assertTrue(sync.stdout().contains("could not be measured"), sync::toString);
            assertFalse(sync.stdout().contains("no MDTM"), sync::toString);
            assertTrue(sync.stdout().contains("no file is listed to the minute"), sync::toString);
        }
    }

    /**
     * A server whose MDTM answers no time (550) for files listed to the minute: sync said "no file is
     * listed to the minute to compare with MDTM", where the file was listed to the minute and MDTM was asked.
     */
    @Test
    void mdtmThatAnswersNoTimeIsSaidAsSuch() throws Exception {
        String recent = java.time.LocalDateTime.now().minusDays(3)
                .format(java.time.format.DateTimeFormatter.ofPattern("MMM dd HH:mm", java.util.Locale.ENGLISH));
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            // No file behind the line: the server's MDTM answers "550 no such file".
            server.useMlsd(false).features(java.util.List.of("SIZE", "MDTM", "REST STREAM", "UTF8", "EPSV"))
                    .listing("/d", java.util.List.of("-rw-r--r--   1 u g 5 " + recent + " a.txt"));
            CliProcess.Result sync = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                    "sync", "--dry-run", "ftp://u@127.0.0.1:" + server.port() + "//d", directory.resolve("into").toString());
            assertEquals(0, sync.exitCode(), sync::toString);
            assertTrue(server.commands().stream().anyMatch(c -> c.startsWith("MDTM")), server.commands()::toString);
            assertFalse(sync.stdout().contains("no file is listed to the minute"), sync::toString);
            assertTrue(sync.stdout().contains("MDTM gave no time for the files listed to the minute (1 asked)"), sync::toString);
        }
    }

    /**
     * An upload into a folder the server does not have yet (pyftpdlib says so; MINA lists it as empty):
     * the plan said "3 folders" and the summary "created 4 folders", the target folder itself counted
     * in one and not the other. A download into a missing local folder counted it in neither.
     */
    @Test
    void anUploadsPlanAndSummaryCountTheSameFolders() throws Exception {
        try (dev.ferry.testing.Pyftpdlib server = dev.ferry.testing.Pyftpdlib.start(directory.resolve("server"),
                dev.ferry.testing.Pyftpdlib.Options.plain())) {
            Path local = Files.createDirectories(directory.resolve("local/x/y"));
            Files.writeString(local.resolve("g.txt"), "g");
            Files.createDirectories(directory.resolve("local/empty"));
            CliProcess.Result sync = CliProcess.run(directory.resolve("cli"), "sync", "-R", "--no-clock-probe",
                    "ftp://" + dev.ferry.testing.Interop.USER + ":" + dev.ferry.testing.Interop.PASSWORD + "@127.0.0.1:"
                            + server.port() + "/new", directory.resolve("local").toString());
            assertEquals(0, sync.exitCode(), sync::toString);
            assertTrue(Files.isDirectory(server.root().resolve("new/empty")), sync::toString);
            assertEquals("g", Files.readString(server.root().resolve("new/x/y/g.txt")));
            assertTrue(sync.stdout().contains("Upload: 1 file, 3 folders (1 B)"), sync::toString);
            assertTrue(sync.stdout().contains("Done: uploaded 1 file (1 B), created 3 folders"), sync::toString);
        }
    }

    /**
     * The same upload to a server that lists a missing folder as an empty one (MINA): the folder was
     * taken as there, never made, and every folder and file in it failed.
     */
    @Test
    void anUploadIntoAFolderAServerListsAsEmptyMakesIt() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path local = Files.createDirectories(directory.resolve("local/x/y"));
            Files.writeString(local.resolve("g.txt"), "g");
            CliProcess.Result sync = CliProcess.run(directory.resolve("cli"), "sync", "-R", "--no-clock-probe",
                    "ftp://" + MinaServer.USER + ":" + MinaServer.PASSWORD + "@127.0.0.1:" + server.port() + "/new",
                    directory.resolve("local").toString());
            assertEquals(0, sync.exitCode(), sync::toString);
            assertEquals("g", Files.readString(server.home().resolve("new/x/y/g.txt")));
            assertTrue(sync.stdout().contains("Done: uploaded 1 file (1 B), created 2 folders"), sync::toString);
        }
    }
}
