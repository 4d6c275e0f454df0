package dev.ferry.interop;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.TransferListener;
import dev.ferry.ftp.listing.Listing;
import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.testing.CliProcess;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.Interop;
import dev.ferry.testing.TestFiles;
import dev.ferry.transfer.FileTransfers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same everyday scenarios against any real server. */
final class RealServerScenarios {

    private RealServerScenarios() {
    }

    /** Engine API: mkdir, upload, list, size, download, resume, rename, delete. */
    static void everyday(ConnectionSettings settings, Path serverRoot, Path work) throws Exception {
        CollectingLog log = new CollectingLog();
        String tag = settings.dataConnectionMode().name().toLowerCase();
        try (FtpSession session = new FtpSession(settings, "interop")) {
            session.addListener(log);
            session.connect();
            String home = session.initialDirectory();
            String dir = RemotePaths.join(home, "dir " + tag);
            session.mkd(dir);
            byte[] content = TestFiles.bytes(2_500_000, 7);
            Path local = Files.write(work.resolve("up-" + tag + ".bin"), content);
            FileTransfers.upload(session, local, RemotePaths.join(dir, "file.bin"), 0, TransferListener.NONE);
            assertArrayEquals(content, Files.readAllBytes(serverRoot.resolve("dir " + tag).resolve("file.bin")));
            assertEquals(content.length, session.size(RemotePaths.join(dir, "file.bin")).orElseThrow());

            Listing listing = session.list(dir);
            Map<String, RemoteEntry> entries = listing.entries().stream()
                    .collect(Collectors.toMap(RemoteEntry::name, Function.identity()));
            assertEquals(content.length, entries.get("file.bin").size(), listing.toString());
            assertEquals(0, listing.unparsedLines().size(), listing.unparsedLines().toString());

            Path back = work.resolve("back-" + tag + ".bin");
            FileTransfers.download(session, RemotePaths.join(dir, "file.bin"), back, content.length, false, null,
                    TransferListener.NONE);
            assertArrayEquals(content, Files.readAllBytes(back));

            // A part file from an interrupted attempt is continued with REST, not restarted.
            Path resumed = work.resolve("resumed-" + tag + ".bin");
            Files.write(FileTransfers.partFile(resumed), Arrays.copyOf(content, 1_000_000));
            long received = FileTransfers.download(session, RemotePaths.join(dir, "file.bin"), resumed, content.length,
                    true, null, TransferListener.NONE);
            assertEquals(content.length - 1_000_000, received);
            assertArrayEquals(content, Files.readAllBytes(resumed));

            // Relative paths keep meaning "from the login directory" after a listing changed directory.
            String relativeDir = "dir " + tag;
            session.mkd(relativeDir + "/sub");
            assertTrue(session.list(relativeDir).entries().stream().anyMatch(e -> e.name().equals("sub")));
            assertTrue(session.list(relativeDir + "/sub").entries().isEmpty());
            assertEquals(content.length, session.size(relativeDir + "/file.bin").orElseThrow());
            session.rmd(relativeDir + "/sub");

            session.rename(RemotePaths.join(dir, "file.bin"), RemotePaths.join(dir, "renamed.bin"));
            session.delete(RemotePaths.join(dir, "renamed.bin"));
            session.rmd(dir);
            assertFalse(Files.exists(serverRoot.resolve("dir " + tag)));
            session.quit();
        }
        ServerSmoke.assertSentBehindEpsv(log);
        assertTrue(log.contains("PASS ****"), log.text());
        assertFalse(log.text().contains(Interop.PASSWORD));
    }

    /** The command line in a child process: put, ls, get, with --log. */
    static void commandLine(String baseUrl, String modeFlag, Path serverRoot, Path work) throws Exception {
        byte[] content = TestFiles.bytes(700_000, 11);
        Path local = Files.write(work.resolve("cli-up.bin"), content);
        String url = "ftp://" + Interop.USER + ":" + Interop.PASSWORD + "@" + baseUrl;

        CliProcess.Result put = CliProcess.run(work, "put", modeFlag, "--log", local.toString(), url + "/");
        assertEquals(0, put.exitCode(), put.toString());
        assertTrue(put.stderr().contains("PASS ****"), put.stderr());
        assertFalse(put.stderr().contains(Interop.PASSWORD), "the password is masked in --log output");
        assertArrayEquals(content, Files.readAllBytes(serverRoot.resolve("cli-up.bin")));

        // A URL naming an existing folder without the closing slash: into it, as cp and scp do,
        // rather than a STOR onto the folder that the server refuses.
        Path into = Files.createDirectory(serverRoot.resolve("cli-into"));
        Files.setPosixFilePermissions(into, PosixFilePermissions.fromString("rwxrwxrwx"));
        CliProcess.Result putInto = CliProcess.run(work, "put", modeFlag, local.toString(), url + "/cli-into");
        assertEquals(0, putInto.exitCode(), putInto.toString());
        assertArrayEquals(content, Files.readAllBytes(into.resolve("cli-up.bin")));

        // Into a folder that holds a folder of the file's name: said before a byte is sent.
        Path taken = Files.write(work.resolve("cli-taken.bin"), content);
        Files.createDirectory(serverRoot.resolve("cli-taken.bin"));
        CliProcess.Result onFolder = CliProcess.run(work, "put", modeFlag, "--log", taken.toString(), url + "/");
        assertEquals(1, onFolder.exitCode(), onFolder.toString());
        assertTrue(onFolder.stderr().contains("ferry: A folder of that name exists on the server: ")
                && onFolder.stderr().contains("cli-taken.bin. An upload never replaces a folder."), onFolder.stderr());
        assertFalse(onFolder.stderr().contains("> STOR"), "nothing sent: " + onFolder.stderr());
        assertTrue(Files.isDirectory(serverRoot.resolve("cli-taken.bin")), "the server's folder is left as it was");

        // A file named in a folder that is not there: the server refuses (vsftpd and busybox with 553), and the
        // words name that among the causes rather than blaming the file's name.
        CliProcess.Result nowhere = CliProcess.run(work, "put", modeFlag, local.toString(),
                url + "/no-such-folder/cli-up.bin");
        assertEquals(1, nowhere.exitCode(), nowhere.toString());
        assertTrue(nowhere.stderr().startsWith("ferry: ") && nowhere.stderr().contains("the folder may not exist"),
                nowhere.stderr());
        // A URL ending in "/" names a folder: made where it is not there, as get makes a local one (T9).
        CliProcess.Result made = CliProcess.run(work, "put", modeFlag, local.toString(), url + "/made-for-it/");
        assertEquals(0, made.exitCode(), made.toString());
        assertArrayEquals(content, Files.readAllBytes(serverRoot.resolve("made-for-it").resolve("cli-up.bin")));

        // Several LOCALs into a folder URL (put *.txt URL/), then a pattern in get's URL (lftp's mget): the matching
        // files of that folder, not the folder that matches too.
        Path oneLog = Files.writeString(work.resolve("one.log"), "one");
        Path twoLog = Files.writeString(work.resolve("two.log"), "two");
        CliProcess.Result several = CliProcess.run(work, "put", modeFlag, oneLog.toString(), twoLog.toString(),
                local.toString(), url + "/made-for-it/");
        assertEquals(0, several.exitCode(), several.toString());
        assertEquals("two", Files.readString(serverRoot.resolve("made-for-it/two.log")), several.toString());
        Files.createDirectory(serverRoot.resolve("made-for-it/old.log"));
        Path matched = work.resolve("cli-matched");
        CliProcess.Result pattern = CliProcess.run(work, "get", modeFlag, url + "/made-for-it/*.log", matched + "/");
        assertEquals(0, pattern.exitCode(), pattern.toString());
        try (var got = Files.list(matched)) {
            assertEquals(List.of("one.log", "two.log"), got.map(p -> p.getFileName().toString()).sorted().toList(),
                    pattern.toString());
        }
        assertTrue(pattern.stdout().contains("Done: downloaded 2 files"), pattern.toString());

        // A folder, as get and cp -r take one: into a URL ending in "/" or naming an existing folder by its name;
        // a path that is not there becomes its copy. It was poured into the URL's folder, next to what was there.
        Path site = Files.createDirectories(work.resolve("cli-site").resolve("sub"));
        Files.writeString(site.getParent().resolve("index.txt"), "index");
        Files.writeString(site.resolve("a.txt"), "a");
        CliProcess.Result siteInto = CliProcess.run(work, "put", modeFlag, site.getParent().toString(), url + "/");
        assertEquals(0, siteInto.exitCode(), siteInto.toString());
        assertEquals("a", Files.readString(serverRoot.resolve("cli-site/sub/a.txt")), siteInto.toString());
        assertFalse(Files.exists(serverRoot.resolve("index.txt")), "not poured into the folder itself: " + siteInto);
        CliProcess.Result siteNamed = CliProcess.run(work, "put", modeFlag, site.getParent().toString(), url + "/cli-into");
        assertEquals(0, siteNamed.exitCode(), siteNamed.toString());
        assertEquals("index", Files.readString(into.resolve("cli-site/index.txt")), siteNamed.toString());
        assertArrayEquals(content, Files.readAllBytes(into.resolve("cli-up.bin")), "what was there stays");
        CliProcess.Result siteCopy = CliProcess.run(work, "put", modeFlag, site.getParent().toString(), url + "/cli-copy");
        assertEquals(0, siteCopy.exitCode(), siteCopy.toString());
        assertEquals("a", Files.readString(serverRoot.resolve("cli-copy/sub/a.txt")), siteCopy.toString());
        assertFalse(Files.exists(serverRoot.resolve("cli-copy/cli-site")), siteCopy.toString());

        // -c continues the server's copy where an earlier upload stopped (REST+STOR, or APPE).
        Path partial = Files.write(serverRoot.resolve("cli-resumed.bin"), Arrays.copyOf(content, 300_000));
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-rw-rw-"));
        CliProcess.Result resumed = CliProcess.run(work, "put", modeFlag, "-c", "--log", local.toString(), url + "/cli-resumed.bin");
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertTrue(resumed.stderr().contains("REST 300000") || resumed.stderr().contains("APPE "), resumed.stderr());
        assertArrayEquals(content, Files.readAllBytes(partial));

        // The server's file is not the start of ours (another upload's, an older version): continued,
        // it made a file that is neither, and the command said it had succeeded.
        byte[] other = Arrays.copyOf(content, 300_000);
        other[299_000] ^= 0x5a;
        Path foreign = Files.write(serverRoot.resolve("cli-not-ours.bin"), other);
        Files.setPosixFilePermissions(foreign, PosixFilePermissions.fromString("rw-rw-rw-"));
        CliProcess.Result replaced = CliProcess.run(work, "put", modeFlag, "-c", local.toString(), url + "/cli-not-ours.bin");
        assertEquals(0, replaced.exitCode(), replaced.toString());
        assertArrayEquals(content, Files.readAllBytes(foreign), "the whole file was sent: " + replaced);
        assertTrue(replaced.stderr().contains("not the start of this file"), replaced.stderr());

        CliProcess.Result ls = CliProcess.run(work, "ls", modeFlag, url + "/");
        assertEquals(0, ls.exitCode(), ls.toString());
        assertTrue(ls.stdout().lines().anyMatch(l -> l.startsWith("-") && l.contains(" 700000 ") && l.endsWith(" cli-up.bin")),
                ls.stdout());
        CliProcess.Result lsFile = CliProcess.run(work, "ls", modeFlag, url + "/cli-up.bin");
        assertEquals(0, lsFile.exitCode(), lsFile.toString());
        assertEquals(1, lsFile.stdout().lines().count(), "ls of a file shows that file: " + lsFile);
        assertTrue(lsFile.stdout().startsWith("-") && lsFile.stdout().strip().endsWith(" cli-up.bin"), lsFile.toString());

        Path back = work.resolve("cli-back.bin");
        CliProcess.Result get = CliProcess.run(work, "get", modeFlag, url + "/cli-up.bin", back.toString());
        assertEquals(0, get.exitCode(), get.toString());
        assertArrayEquals(content, Files.readAllBytes(back));

        CliProcess.Result missing = CliProcess.run(work, "get", modeFlag, url + "/no-such-file", work.resolve("x").toString());
        assertEquals(1, missing.exitCode(), missing.toString());
        assertTrue(missing.stderr().startsWith("ferry: "), missing.stderr());
        assertEquals(1, missing.stderr().lines().count(), "one line of error: " + missing.stderr());
        assertFalse(Files.exists(work.resolve("x")), "a failed download leaves nothing under the real name");
    }

    static ConnectionSettings.Builder settings(int port, DataConnectionMode mode) {
        return ConnectionSettings.builder("127.0.0.1").port(port).user(Interop.USER).password(Interop.PASSWORD)
                .dataConnectionMode(mode);
    }
}
