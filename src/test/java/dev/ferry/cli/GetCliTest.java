package dev.ferry.cli;

import dev.ferry.testing.CliProcess;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where `ferry get` puts a file. */
class GetCliTest {

    @TempDir
    Path directory;

    /** The test server's {@code path} on {@code port}, with its user and password. */
    static String url(int port, String path) {
        return "ftp://" + MinaServer.USER + ":" + MinaServer.PASSWORD + "@127.0.0.1:" + port + path;
    }

    /**
     * A name that ends in a space is a legal name on a server; the space, typed raw inside the quotes
     * or as %20, is part of it. The URL was trimmed, and the file without the space came instead.
     */
    @Test
    void aNameEndingInASpaceIsTheFileOfThatName() throws Exception {
        // Not Apache FtpServer: it trims the argument of RETR itself.
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.file("/name ", "with the space".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .file("/name", "without it".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (String typed : List.of("//name ", "//name%20")) {
                Path into = Files.createDirectories(directory.resolve("into" + typed.length()));
                CliProcess.Result get = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                        "get", "ftp://u@127.0.0.1:" + server.port() + typed, into + "/");
                assertEquals(0, get.exitCode(), get::toString);
                assertEquals("with the space", Files.readString(into.resolve("name ")), typed + ": " + get);
                assertFalse(Files.exists(into.resolve("name")), typed + ": " + get);
            }
        }
    }

    /** 253 bytes fit the file system, 253 + ".part" do not: the download failed with "File name too long". */
    @Test
    void aNameThatOnlyJustFitsIsDownloaded() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            String name = "L".repeat(249) + ".txt";
            Path original = TestFiles.random(server.home().resolve(name), 70_000, 9);
            Path into = Files.createDirectories(directory.resolve("into"));
            CliProcess.Result get = CliProcess.run(directory.resolve("cli"), "get", url(server.port(), "/" + name),
                    into + "/");
            assertEquals(0, get.exitCode(), get::toString);
            assertEquals(TestFiles.sha256(original), TestFiles.sha256(into.resolve(name)));
            try (var left = Files.list(into)) {
                assertEquals(List.of(name), left.map(p -> p.getFileName().toString()).toList(), "no part file left");
            }

            // A file where the folder should be: named, where "FileSystemException: …: Not a directory" was said.
            Path inTheWay = into.resolve(name);
            CliProcess.Result under = CliProcess.run(directory.resolve("cli"), "get", url(server.port(), "/" + name),
                    inTheWay.resolve("copy.txt").toString());
            assertEquals(1, under.exitCode(), under::toString);
            assertTrue(under.stderr().contains(inTheWay + " is a file, not a folder"), under::toString);
            CliProcess.Result folder = CliProcess.run(directory.resolve("cli"), "get", url(server.port(), "/"),
                    inTheWay + "/");
            assertEquals(1, folder.exitCode(), folder::toString);
            assertTrue(folder.stderr().contains("Could not create the folder " + inTheWay + ": " + inTheWay
                    + " is a file, not a folder"), folder::toString);
        }
    }

    /** A name a tree's download refuses (a separator in it) is refused by get too: get wrote "back\slash.txt". */
    @Test
    void aNameMirrorRefusesIsRefusedByGet() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path here = Files.createDirectories(directory.resolve("here"));
            CliProcess.Result get = CliProcess.runIn(here, directory.resolve("cli"), "get",
                    url(server.port(), "/back%5Cslash.txt"));
            assertEquals(1, get.exitCode(), get::toString);
            assertTrue(get.stderr().contains("Refused the remote name") && get.stderr().contains("\\"), get::toString);
            try (var written = Files.list(here)) {
                assertEquals(List.of(), written.toList(), get.toString());
            }
        }
    }

    /** T3: `get` of a file that is here already asked its size and time twice, once to decide, once to run. */
    @Test
    void aFileThatIsHereIsAskedItsSizeAndTimeOnce() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            TestFiles.random(server.home().resolve("data.bin"), 30_000, 4);
            Path down = directory.resolve("here.bin");
            Files.write(down, new byte[10]);
            CliProcess.Result get = CliProcess.run(directory.resolve("cli"), "get", "--log", url(server.port(), "/data.bin"),
                    down.toString());
            assertEquals(0, get.exitCode(), get::toString);
            assertArrayEquals(Files.readAllBytes(server.home().resolve("data.bin")), Files.readAllBytes(down));
            for (String command : List.of("> SIZE ", "> MDTM ")) {
                assertEquals(1, get.stderr().lines().filter(line -> line.contains(command)).count(),
                        command.trim() + " sent once: " + get);
            }
        }
    }

    /**
     * --verify against a server that names no checksum command is refused before a byte moves: the
     * whole file was downloaded first, then failed and left as a part file.
     */
    @Test
    void verifyWithoutAChecksumCommandTransfersNothing() throws Exception {
        org.apache.ftpserver.ftplet.Ftplet noChecksums = MinaServer.answering("FEAT", 211, "Features:\n SIZE\n MDTM\n UTF8\nEnd");
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(noChecksums).start()) {
            TestFiles.random(server.home().resolve("data.bin"), 300_000, 3);
            Path down = directory.resolve("down.bin");
            CliProcess.Result get = CliProcess.run(directory.resolve("cli"), "get", "--verify", "--log",
                    url(server.port(), "/data.bin"), down.toString());
            assertEquals(1, get.exitCode(), get::toString);
            assertTrue(get.stderr().contains("no checksum command"), get::toString);
            assertFalse(get.stderr().contains("RETR"), "nothing downloaded: " + get);
            assertFalse(Files.exists(down) || Files.exists(directory.resolve("down.bin.part")), get.toString());

            CliProcess.Result toPipe = CliProcess.run(directory.resolve("cli"), "get", "--verify",
                    url(server.port(), "/data.bin"), "-");
            assertEquals(1, toPipe.exitCode(), toPipe::toString);
            assertTrue(toPipe.stderr().contains("--verify"), toPipe::toString);
            Path synced = directory.resolve("synced");
            CliProcess.Result sync = CliProcess.run(directory.resolve("cli"), "sync", "--verify", "--log",
                    url(server.port(), "/"), synced.toString());
            assertEquals(1, sync.exitCode(), sync::toString);
            assertTrue(sync.stderr().contains("no checksum command") && !sync.stderr().contains("RETR"), sync::toString);
        }
    }

    /**
     * A symbolic link lying where the part file goes is refused, never written through nor removed:
     * get -c appended the download to the file it led to, outside the folder, and mirror wrote it
     * there; later both deleted the link without a word, which may have been the user's own.
     */
    @Test
    void aLinkInThePartFilesPlaceIsRefusedNotFollowedNorRemoved() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            TestFiles.random(server.home().resolve("file.txt"), 40_000, 9);
            Path other = TestFiles.random(server.home().resolve("other.txt"), 20_000, 10);
            Path outside = Files.createDirectories(directory.resolve("outside"));
            Path victim = Files.writeString(outside.resolve("victim.txt"), "IMPORTANT DATA");
            Path into = Files.createDirectories(directory.resolve("into"));
            Path link = Files.createSymbolicLink(into.resolve("file.txt.part"), victim);
            for (String[] options : List.of(new String[]{"get", "-c"}, new String[]{"get"})) {
                List<String> arguments = new java.util.ArrayList<>(List.of(options));
                arguments.addAll(List.of(url(server.port(), "/file.txt"), into + "/"));
                CliProcess.Result get = CliProcess.run(directory.resolve("cli"), arguments.toArray(String[]::new));
                assertEquals(1, get.exitCode(), get::toString);
                assertTrue(get.stderr().contains(link.toString()) && get.stderr().contains("symbolic link"),
                        get::toString);
                assertEquals("IMPORTANT DATA", Files.readString(victim), "the link's target is untouched: " + get);
                assertTrue(Files.isSymbolicLink(link), "the link is left where it was: " + get);
                assertFalse(Files.exists(into.resolve("file.txt"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                        get.toString());
            }

            Path mirrored = Files.createDirectories(directory.resolve("mirrored"));
            Path mirroredLink = Files.createSymbolicLink(mirrored.resolve("file.txt.part"), victim);
            CliProcess.Result mirror = CliProcess.run(directory.resolve("cli"), "mirror", url(server.port(), "/"),
                    mirrored.toString());
            assertEquals(1, mirror.exitCode(), mirror::toString);
            assertTrue(mirror.stderr().contains(mirroredLink.toString()) && mirror.stderr().contains("symbolic link"),
                    mirror::toString);
            assertEquals("IMPORTANT DATA", Files.readString(victim), "the link's target is untouched: " + mirror);
            assertTrue(Files.isSymbolicLink(mirroredLink), "the link is left where it was: " + mirror);
            assertFalse(Files.exists(mirrored.resolve("file.txt"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                    mirror.toString());
            // Only that file is refused: the folder's others are mirrored.
            assertEquals(TestFiles.sha256(other), TestFiles.sha256(mirrored.resolve("other.txt")));
        }
    }

    /** A named pipe where the part file goes: opening it to write waited for a reader, for ever. */
    @Test
    void aPipeInThePartFilesPlaceIsRefused() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            TestFiles.random(server.home().resolve("file.txt"), 40_000, 9);
            Path into = Files.createDirectories(directory.resolve("into"));
            Path pipe = into.resolve("file.txt.part");
            Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start();
            assertEquals(0, mkfifo.waitFor(), "mkfifo");
            CliProcess.Result get = CliProcess.run(directory.resolve("cli"), "get", "-c",
                    url(server.port(), "/file.txt"), into + "/");
            assertEquals(1, get.exitCode(), get::toString);
            assertTrue(get.stderr().contains(pipe.toString()) && get.stderr().contains("not a regular file"),
                    get::toString);
            assertTrue(Files.exists(pipe, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the pipe is left: " + get);
        }
    }

    /**
     * A server without SIZE that ends a download early and still says 226: the listing's size shows
     * the file is short. get took what came for the whole file and exited 0.
     */
    @Test
    void aShortDownloadIsCaughtByTheListedSizeWhenTheServerHasNoSize() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.useMlsd(false).features(List.of("MDTM", "EPSV"))
                    .listing("/", List.of("-rw-r--r--   1 u g 1000 Jan  5  2020 t.bin"))
                    .file("/t.bin", new byte[400]);
            Path into = Files.createDirectories(directory.resolve("into"));
            CliProcess.Result get = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                    "get", "--retries", "0", "ftp://u@127.0.0.1:" + server.port() + "//t.bin", into + "/");
            assertEquals(1, get.exitCode(), get::toString);
            assertTrue(get.stderr().contains("400") && get.stderr().contains("1,000"), get::toString);
            assertFalse(Files.exists(into.resolve("t.bin")), "no short file under the final name: " + get);
        }
    }

    /**
     * A server that ends every download at the same byte and calls it complete: each retry was
     * tried (five, over half a minute), each said "the connection was cut". A retry that brings no
     * new byte, whether it continued the part file or started over, ends the download with words
     * that say where the server stops; the part file stays for a later -c.
     */
    @Test
    void aServerThatAlwaysStopsAtTheSameByteIsNotRetriedInVain() throws Exception {
        for (boolean rest : new boolean[] {true, false}) {
            try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
                server.useMlsd(false).endDownloadsAt(400).file("/t.bin", TestFiles.bytes(1000, 7));
                if (rest) {
                    server.acceptRest();
                }
                Path into = Files.createDirectories(directory.resolve("into-" + rest));
                CliProcess.Result get = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                        "get", "ftp://u@127.0.0.1:" + server.port() + "//t.bin", into + "/");
                assertEquals(1, get.exitCode(), get::toString);
                long downloads = server.commands().stream().filter(c -> c.startsWith("RETR")).count();
                assertEquals(2, downloads, "one retry shows the server stops there again: " + get + server.commands());
                assertTrue(get.stderr().contains("keeps stopping the download of /t.bin at byte 400 of 1,000"),
                        get::toString);
                assertFalse(Files.exists(into.resolve("t.bin")), "no short file under the final name: " + get);
                assertEquals(400, Files.size(into.resolve("t.bin.part")), "the part file stays for -c: " + get);
            }
        }
    }

    /**
     * A server that cuts every transfer after 400 bytes (and says 226) but continues with REST, and a new
     * version of the file between the first two tries: the second try drops the old version's part and
     * starts over, ending at byte 400 again, which was taken for "stops at the same byte every time" and
     * failed the download, where each further try gets 400 bytes more.
     */
    @Test
    void aRetryThatStartsOverOnANewVersionIsNotTakenForAServerThatStopsThere() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            byte[] newVersion = TestFiles.bytes(1200, 8);
            server.useMlsd(false).acceptRest().downloadsSendAtMost(400).file("/t.bin", TestFiles.bytes(1000, 7))
                    .changeAfterDownload("/t.bin", newVersion);
            Path into = Files.createDirectories(directory.resolve("into"));
            CliProcess.Result get = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                    "get", "--retries", "5", "ftp://u@127.0.0.1:" + server.port() + "//t.bin", into + "/");
            assertEquals(0, get.exitCode(), get + "\n" + server.commands());
            assertArrayEquals(newVersion, Files.readAllBytes(into.resolve("t.bin")), get::toString);
        }
    }

    /**
     * Ferry ends a stalled download itself (its data timeout resets the connection); the server
     * then says 426, and its words won: "aborted on the server's side", of an end that was Ferry's.
     */
    @Test
    void aTransferFerryEndsIsNotCalledAbortedByTheServer() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.useMlsd(false).stallDownloadsAfter(100).file("/t.bin", TestFiles.bytes(1000, 9));
            Path into = Files.createDirectories(directory.resolve("into"));
            CliProcess.Result get = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                    "get", "--timeout", "2", "--retries", "0", "ftp://u@127.0.0.1:" + server.port() + "//t.bin",
                    into + "/");
            assertEquals(1, get.exitCode(), get::toString);
            dev.ferry.testing.Await.until("Ferry reset the data connection", () -> !server.dataEndings().isEmpty(),
                    java.time.Duration.ofSeconds(30), () -> server.dataEndings().toString());
            assertFalse(get.stderr().contains("server's side"), get::toString);
            assertTrue(get.stderr().contains("Ferry ended the data connection"), get::toString);
        }
    }

    /** A server that stops early but further each time: retried as long as a retry brings new bytes. */
    @Test
    void aServerThatStopsEarlyButFurtherEachTimeIsRetriedToTheEnd() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            byte[] content = TestFiles.bytes(1000, 8);
            server.useMlsd(false).acceptRest().downloadsSendAtMost(300).file("/t.bin", content);
            Path into = Files.createDirectories(directory.resolve("into"));
            CliProcess.Result get = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                    "get", "ftp://u@127.0.0.1:" + server.port() + "//t.bin", into + "/");
            assertEquals(0, get.exitCode(), get::toString);
            assertEquals(java.util.Arrays.toString(content), java.util.Arrays.toString(Files.readAllBytes(into.resolve("t.bin"))));
        }
    }

    /**
     * {@code get ftp://u@…//t.bin -} against a FakeFtpServer, to its end: its exit code; what it wrote is in
     * {@code work}'s stdout.bin and stderr.txt.
     */
    private static int fileToStandardOutput(Path work, int port) throws Exception {
        Process process = CliProcess.start(work.resolve("config"), java.util.Map.of("FERRY_PASSWORD", "p"),
                work.resolve("stdout.bin"), work.resolve("stderr.txt"), "get", "ftp://u@127.0.0.1:" + port + "//t.bin", "-");
        assertTrue(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "awaited the end of get URL -");
        return process.exitValue();
    }

    /**
     * {@code get URL -} was never continued: a cut after bytes went out ended it, where the bytes on
     * standard output are the file's start and REST can fetch the rest after them. Cut after every
     * 30,000 bytes, a 100,000-byte file comes whole, each byte once.
     */
    @Test
    void aDashContinuesACutDownloadAfterTheBytesAlreadyOut() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            byte[] content = TestFiles.bytes(100_000, 9);
            server.useMlsd(false).features(List.of("SIZE", "REST STREAM")).acceptRest().downloadsSendAtMost(30_000)
                    .file("/t.bin", content);
            Path work = Files.createDirectories(directory.resolve("cli-cut"));
            Path stdout = work.resolve("stdout.bin");
            Path stderr = work.resolve("stderr.txt");
            assertEquals(0, fileToStandardOutput(work, server.port()), () -> readQuietly(stderr));
            assertEquals(java.util.Arrays.toString(content), java.util.Arrays.toString(Files.readAllBytes(stdout)),
                    "the file's bytes, each once");
            assertTrue(readQuietly(stderr).contains("continuing at byte 30,000"), () -> readQuietly(stderr));
        }
    }

    /**
     * T9: {@code get URL -} cut by a server restarting gave up when its new connection was refused, where a file's
     * download waits for the server and goes on. It waits as the queue does, and continues after the bytes out.
     */
    @Test
    void aDashWaitsForAServerThatRestartsAndContinues() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            byte[] content = TestFiles.bytes(100_000, 12);
            server.useMlsd(false).features(List.of("SIZE", "REST STREAM")).acceptRest()
                    .hangUpDuringDownload(1, 30_000).goneAfterHangingUp().file("/t.bin", content);
            Path work = Files.createDirectories(directory.resolve("cli-restart"));
            Path stdout = work.resolve("stdout.bin");
            Path stderr = work.resolve("stderr.txt");
            Process process = CliProcess.start(work.resolve("config"), java.util.Map.of("FERRY_PASSWORD", "p"),
                    stdout, stderr, "get", "ftp://u@127.0.0.1:" + server.port() + "//t.bin", "-");
            try {
                dev.ferry.testing.Await.until("the command saying the server cannot be reached, or its end",
                        () -> readQuietly(stderr).contains("cannot be reached") || !process.isAlive(),
                        java.time.Duration.ofMinutes(2), () -> readQuietly(stderr));
                assertTrue(process.isAlive(), () -> "gave up: " + readQuietly(stderr));
                server.back();
                assertTrue(process.waitFor(3, java.util.concurrent.TimeUnit.MINUTES), "awaited the end of get URL -");
                assertEquals(0, process.exitValue(), () -> readQuietly(stderr));
                assertEquals(java.util.Arrays.toString(content), java.util.Arrays.toString(Files.readAllBytes(stdout)),
                        "the file's bytes, each once");
            } finally {
                process.destroyForcibly();
            }
        }
    }

    /** A file of another size when the cut download is continued: its rest would follow the old start. */
    @Test
    void aDashIsNotContinuedIntoAnotherVersion() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.useMlsd(false).features(List.of("SIZE", "REST STREAM")).acceptRest().downloadsSendAtMost(30_000)
                    .file("/t.bin", TestFiles.bytes(100_000, 11))
                    .changeAfterDownload("/t.bin", TestFiles.bytes(120_000, 12));
            Path work = Files.createDirectories(directory.resolve("cli-changed"));
            Path stdout = work.resolve("stdout.bin");
            Path stderr = work.resolve("stderr.txt");
            assertEquals(1, fileToStandardOutput(work, server.port()), () -> readQuietly(stderr));
            assertEquals(30_000, Files.size(stdout), "nothing after the first try's bytes");
            assertTrue(readQuietly(stderr).contains("changed on the server (100,000 bytes, now 120,000)"),
                    () -> readQuietly(stderr));
        }
    }

    /** A file replaced while it went out: more bytes than it had, said as a change, not as a short download. */
    @Test
    void aDashThatGrewWhileItWentOutIsSaidToHaveChanged() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.useMlsd(false).features(List.of("SIZE", "REST STREAM")).acceptRest()
                    .file("/t.bin", TestFiles.bytes(100_000, 13))
                    .changeDuringDownload("/t.bin", TestFiles.bytes(120_000, 14), 10_000);
            Path work = Files.createDirectories(directory.resolve("cli-grew"));
            Path stderr = work.resolve("stderr.txt");
            assertEquals(1, fileToStandardOutput(work, server.port()), () -> readQuietly(stderr));
            assertTrue(readQuietly(stderr).contains("changed on the server during the download"), () -> readQuietly(stderr));
        }
    }

    /** Without REST, bytes already out cannot be followed by the rest: said, not repeated. */
    @Test
    void aDashIsNotRepeatedWhereTheServerCannotContinue() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            byte[] content = TestFiles.bytes(100_000, 10);
            server.useMlsd(false).features(List.of("SIZE")).downloadsSendAtMost(30_000).file("/t.bin", content);
            Path work = Files.createDirectories(directory.resolve("cli-norest"));
            Path stdout = work.resolve("stdout.bin");
            Path stderr = work.resolve("stderr.txt");
            assertEquals(1, fileToStandardOutput(work, server.port()), () -> readQuietly(stderr));
            assertEquals(30_000, Files.size(stdout), "the bytes that came, once");
        }
    }

    /**
     * A name with terminal controls (ESC) or a right-to-left override is shown, never acted on: the
     * failure line printed it raw, and ls printed the override, so "bidi[RLO]txt.exe" read reversed.
     */
    @Test
    void controlCharactersInNamesAreShownNotActedOn() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.useMlsd(false).listing("/d", List.of("-rw-r--r--   1 u g 5 Jan  5  2020 gone\u001b[2K.txt",
                    "-rw-r--r--   1 u g 5 Jan  5  2020 bidi\u202etxt.exe"));
            java.util.Map<String, String> password = java.util.Map.of("FERRY_PASSWORD", "p");
            String base = "ftp://u@127.0.0.1:" + server.port() + "//d";
            CliProcess.Result mirror = CliProcess.run(directory.resolve("cli"), password, "mirror", "--retries", "0",
                    base, directory.resolve("into").toString());
            assertEquals(1, mirror.exitCode(), mirror::toString);
            assertTrue(mirror.stderr().contains("gone?[2K.txt"), mirror::toString);
            CliProcess.Result ls = CliProcess.run(directory.resolve("cli"), password, "ls", base);
            assertEquals(0, ls.exitCode(), ls::toString);
            for (CliProcess.Result result : List.of(mirror, ls)) {
                String all = result.stdout() + result.stderr();
                assertFalse(all.contains("\u001b") || all.contains("\u202e"), "no control reaches the terminal: " + result);
            }
            assertTrue(ls.stdout().contains("bidi?txt.exe"), ls::toString);
            CliProcess.Result queue = CliProcess.run(directory.resolve("cli"), "queue");
            CliProcess.Result plan = CliProcess.run(directory.resolve("cli"), password, "sync", "-n", base,
                    directory.resolve("planned").toString());
            for (CliProcess.Result result : List.of(queue, plan)) {
                String all = result.stdout() + result.stderr();
                assertFalse(all.contains("\u001b") || all.contains("\u202e"), "no control reaches the terminal: " + result);
            }
            assertTrue(queue.stdout().contains("gone?[2K.txt") && plan.stdout().contains("gone?[2K.txt"), queue + "\n" + plan);
        }
    }

    /** {@code get URL -} writes the file to standard output, as curl does: it wrote a file named "-". */
    @Test
    void aDashWritesTheFileToStandardOutput() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path original = TestFiles.random(server.home().resolve("data.bin"), 700_000, 5);
            Path work = Files.createDirectories(directory.resolve("cli"));
            Path stdout = work.resolve("stdout.bin");
            Path stderr = work.resolve("stderr.txt");
            Process process = CliProcess.start(work.resolve("config"), java.util.Map.of(), stdout, stderr,
                    "get", url(server.port(), "/data.bin"), "-");
            assertTrue(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "awaited the end of get URL -");
            assertEquals(0, process.exitValue(), () -> readQuietly(stderr));
            assertEquals(TestFiles.sha256(original), TestFiles.sha256(stdout), "the file's bytes on standard output");

            // Standard output on a full disk: said as that, not as a closed pipe.
            Process full = CliProcess.start(work.resolve("config"), java.util.Map.of(), Path.of("/dev/full"), stderr,
                    "get", url(server.port(), "/data.bin"), "-");
            assertTrue(full.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "awaited the end of get URL - > /dev/full");
            assertEquals(1, full.exitValue(), () -> readQuietly(stderr));
            assertTrue(readQuietly(stderr).contains("no space left on the disk it writes to"), () -> readQuietly(stderr));

            Files.createDirectories(server.home().resolve("folder"));
            CliProcess.Result folder = CliProcess.run(work, "get", url(server.port(), "/folder"), "-");
            assertEquals(1, folder.exitCode(), folder.toString());
            assertTrue(folder.stderr().contains("standard output"), folder.toString());
        }
    }

    /**
     * {@code get URL - --limit-rate} went at full speed: the limit was the queue's, and standard
     * output does not go through the queue. 600,000 bytes at 100 KiB/s take 5.6 s at the least.
     */
    @Test
    void aDashKeepsToTheSpeedLimit() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path original = TestFiles.random(server.home().resolve("data.bin"), 600_000, 6);
            Path work = Files.createDirectories(directory.resolve("cli"));
            Path stdout = work.resolve("stdout.bin");
            Path stderr = work.resolve("stderr.txt");
            long started = System.nanoTime();
            Process process = CliProcess.start(work.resolve("config"), java.util.Map.of(), stdout, stderr,
                    "get", "--limit-rate", "100k", url(server.port(), "/data.bin"), "-");
            assertTrue(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "awaited the end of get URL -");
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(0, process.exitValue(), () -> readQuietly(stderr));
            assertEquals(TestFiles.sha256(original), TestFiles.sha256(stdout), "the file's bytes on standard output");
            assertTrue(seconds >= 5.0, "600,000 bytes at 100 KiB/s came in " + seconds + " s");
        }
    }

    /** An upload the server's full disk ended left part of the file there, under its name, and nothing said so. */
    @Test
    void anUploadEndedByAFullServerDiskSaysWhatStaysThere() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.uploadsFillTheDiskAfter(3_000, "552 Disk full");
            Path file = directory.resolve("upload.bin");
            Files.write(file, TestFiles.bytes(10_000, 7));
            CliProcess.Result put = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                    "put", file.toString(), "ftp://u@127.0.0.1:" + server.port() + "//upload.bin");
            assertEquals(1, put.exitCode(), put::toString);
            assertEquals(3_000, server.stored("/upload.bin").length);
            assertTrue(put.stderr().contains("part of it may stay on the server as /upload.bin"), put::toString);
        }
    }

    /** A file named "-dash.txt" was read as options, and the words did not say how to give such a name. */
    @Test
    void aNameStartingWithADashIsExplained() throws Exception {
        CliProcess.Result put = CliProcess.run(directory.resolve("cli"), "put", "-dash.txt", "ftp://127.0.0.1:1/");
        assertEquals(2, put.exitCode(), put::toString);
        assertTrue(put.stderr().contains("-dash.txt starts with '-' and was read as an option; if it is a file name, "
                + "give it after --"), put::toString);
        CliProcess.Result get = CliProcess.run(directory.resolve("cli"), "get", "ftp://127.0.0.1:1/x", "-out.txt");
        assertTrue(get.stderr().contains("-out.txt starts with '-'"), get::toString);
    }

    /** {@code put - URL} uploads standard input, as curl -T - does: it said "no such file: -". */
    @Test
    void aDashUploadsStandardInput() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            String text = "line one\nline two\n".repeat(20_000);
            CliProcess.Result put = CliProcess.runWithInput(directory.resolve("cli"), java.util.Map.of(), text,
                    "put", "-", url(server.port(), "/piped.txt"));
            assertEquals(0, put.exitCode(), put::toString);
            assertEquals(text, Files.readString(server.home().resolve("piped.txt")));

            // A few bytes: refused before reading, the command leaves the rest unread.
            CliProcess.Result folder = CliProcess.runWithInput(directory.resolve("cli"), java.util.Map.of(), "x",
                    "put", "-", url(server.port(), "/"));
            assertEquals(1, folder.exitCode(), folder.toString());
            assertTrue(folder.stderr().contains("must name the file"), folder.toString());
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** A transient refusal is retried: said when it happens, where the command sat silent for up to a minute. */
    @Test
    void aRetryIsSaid() throws Exception {
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
        org.apache.ftpserver.ftplet.Ftplet fullOnce = new org.apache.ftpserver.ftplet.DefaultFtplet() {
            @Override
            public org.apache.ftpserver.ftplet.FtpletResult beforeCommand(org.apache.ftpserver.ftplet.FtpSession session,
                    org.apache.ftpserver.ftplet.FtpRequest request) throws org.apache.ftpserver.ftplet.FtpException, java.io.IOException {
                if ("STOR".equals(request.getCommand()) && refusals.getAndIncrement() == 0) {
                    session.write(new org.apache.ftpserver.ftplet.DefaultFtpReply(451, "Local error in processing"));
                    return org.apache.ftpserver.ftplet.FtpletResult.SKIP;
                }
                return super.beforeCommand(session, request);
            }
        };
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(fullOnce).start()) {
            Path upload = TestFiles.random(directory.resolve("report.bin"), 5_000, 12);
            CliProcess.Result put = CliProcess.run(directory.resolve("cli"), "put", upload.toString(),
                    url(server.port(), "/report.bin"));
            assertEquals(0, put.exitCode(), put::toString);
            assertTrue(put.stderr().contains("report.bin") && put.stderr().contains("451")
                    && put.stderr().contains("trying again"), put::toString);
            assertEquals(TestFiles.sha256(upload), TestFiles.sha256(server.home().resolve("report.bin")));
        }
    }

    /**
     * "get URL new/folder/" makes the folder for the download; a download that fails (no such file, a
     * folder it cannot read) leaves none of it behind, as U2 found it did. A folder that was there stays.
     */
    @Test
    void aFailedGetLeavesNoFolderItMadeBehind() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.writeString(server.home().resolve("there.txt"), "there");
            Path work = Files.createDirectories(directory.resolve("work"));
            CliProcess.Result missing = CliProcess.runIn(work, directory.resolve("cli"), "get",
                    url(server.port(), "/missing.txt"), "new/deeper/");
            assertEquals(1, missing.exitCode(), missing::toString);
            assertFalse(Files.exists(work.resolve("new")), "the folder made for a failed get: " + missing);

            Path kept = Files.createDirectories(work.resolve("kept"));
            CliProcess.Result intoExisting = CliProcess.runIn(work, directory.resolve("cli"), "get",
                    url(server.port(), "/missing.txt"), "kept/inside/");
            assertEquals(1, intoExisting.exitCode(), intoExisting::toString);
            assertTrue(Files.isDirectory(kept), intoExisting.toString());
            assertFalse(Files.exists(kept.resolve("inside")), "the folder made for a failed get: " + intoExisting);

            // Through "..": the empty folder the user had stays, and the one this made goes.
            Path existing = Files.createDirectories(work.resolve("existing"));
            CliProcess.Result dotted = CliProcess.runIn(work, directory.resolve("cli"), "get",
                    url(server.port(), "/missing.txt"), "x/../existing/sub/");
            assertEquals(1, dotted.exitCode(), dotted::toString);
            assertTrue(Files.isDirectory(existing), "the user's empty folder taken away: " + dotted);
            assertFalse(Files.exists(existing.resolve("sub")), dotted.toString());
            assertFalse(Files.exists(work.resolve("x")), "the folder made on the way: " + dotted);

            CliProcess.Result works = CliProcess.runIn(work, directory.resolve("cli"), "get",
                    url(server.port(), "/there.txt"), "new/deeper/");
            assertEquals(0, works.exitCode(), works::toString);
            assertEquals("there", Files.readString(work.resolve("new/deeper/there.txt")), works.toString());
        }
    }

    /** A URL ending in ".." names the folder above, not a local ".." to write into: it wrote into the parent. */
    @Test
    void aUrlEndingInDotDotDownloadsIntoTheCurrentFolderNotItsParent() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.createDirectories(server.home().resolve("evdir"));
            Files.writeString(server.home().resolve("top.txt"), "top");
            Path here = Files.createDirectories(directory.resolve("a/b"));
            CliProcess.Result get = CliProcess.runIn(here, directory.resolve("cli"), "get", url(server.port(), "/evdir/.."));
            assertEquals(0, get.exitCode(), get::toString);
            assertFalse(Files.exists(directory.resolve("a/top.txt")), "nothing above the current folder: " + get);
            assertEquals("top", Files.readString(here.resolve("top.txt")), get.toString());
        }
    }

    /**
     * A folder fetched into a folder goes inside it by its own name, as cp -r and scp -r do, and as a file
     * fetched into "o2/" does: its files were put straight into o2/, among whatever was there. A local name
     * that is no folder yet (and does not end in /) is the copy itself, as in cp -r.
     */
    @Test
    void aFolderFetchedIntoAFolderGoesInsideItByItsName() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.createDirectories(server.home().resolve("folder/sub"));
            Files.writeString(server.home().resolve("folder/a.txt"), "a");
            Files.writeString(server.home().resolve("folder/sub/b.txt"), "b");
            Path o2 = Files.createDirectories(directory.resolve("o2"));
            CliProcess.Result into = CliProcess.run(directory.resolve("cli"), "get", url(server.port(), "/folder/"), o2 + "/");
            assertEquals(0, into.exitCode(), into::toString);
            assertEquals("a", Files.readString(o2.resolve("folder/a.txt")), into.toString());
            assertEquals("b", Files.readString(o2.resolve("folder/sub/b.txt")), into.toString());
            assertFalse(Files.exists(o2.resolve("a.txt")), "not among o2's own files: " + into);

            Path existing = Files.createDirectories(directory.resolve("existing"));
            CliProcess.Result noSlash = CliProcess.run(directory.resolve("cli"), "get", url(server.port(), "/folder"),
                    existing.toString());
            assertEquals(0, noSlash.exitCode(), noSlash::toString);
            assertEquals("a", Files.readString(existing.resolve("folder/a.txt")), noSlash.toString());

            Path copy = directory.resolve("copy");
            CliProcess.Result named = CliProcess.run(directory.resolve("cli"), "get", url(server.port(), "/folder/"),
                    copy.toString());
            assertEquals(0, named.exitCode(), named::toString);
            assertEquals("b", Files.readString(copy.resolve("sub/b.txt")), "a new name is the copy itself: " + named);
        }
    }

    /**
     * T3: users of scp and cp type `get -r` for a folder, and it was refused as an unknown option; `put -r` too.
     * A folder is always copied whole: -r, -R and --recursive are taken as they mean.
     */
    @Test
    void dashRIsTakenAsScpAndCpTakeIt() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.createDirectories(server.home().resolve("folder/sub"));
            Files.writeString(server.home().resolve("folder/sub/b.txt"), "b");
            Path into = Files.createDirectories(directory.resolve("into"));
            CliProcess.Result get = CliProcess.run(directory.resolve("cli"), "get", "-r", url(server.port(), "/folder/"),
                    into + "/");
            assertEquals(0, get.exitCode(), get::toString);
            assertEquals("b", Files.readString(into.resolve("folder/sub/b.txt")), get.toString());

            Path outgoing = Files.createDirectories(directory.resolve("outgoing/deeper"));
            Files.writeString(outgoing.resolve("c.txt"), "c");
            CliProcess.Result put = CliProcess.run(directory.resolve("cli"), "put", "--recursive",
                    directory.resolve("outgoing").toString(), url(server.port(), "/up/"));
            assertEquals(0, put.exitCode(), put::toString);
            // Into the URL's folder by its name, as the get above and cp -r.
            assertEquals("c", Files.readString(server.home().resolve("up/outgoing/deeper/c.txt")), put.toString());
        }
    }

    /**
     * A link to a folder in a tree is copied as the folder it leads to, as FileZilla and WinSCP do (it was
     * skipped); --skip-folder-links leaves each out, said. sync, which never follows links, refuses the option.
     */
    @Test
    void linksToFoldersAreFollowedUnlessTheUserSaysToSkipThem() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path shared = Files.createDirectories(directory.resolve("shared"));
            Files.writeString(shared.resolve("logo.txt"), "logo");
            Path site = Files.createDirectories(directory.resolve("site"));
            Files.writeString(site.resolve("index.txt"), "index");
            Files.createSymbolicLink(site.resolve("images"), shared);
            CliProcess.Result put = CliProcess.run(directory.resolve("cli"), "put", "-r", site.toString(),
                    url(server.port(), "/followed/"));
            assertEquals(0, put.exitCode(), put::toString);
            assertEquals("logo", Files.readString(server.home().resolve("followed/site/images/logo.txt")), put.toString());

            CliProcess.Result skipping = CliProcess.run(directory.resolve("cli"), "put", "-r", "--skip-folder-links",
                    site.toString(), url(server.port(), "/skipped/"));
            assertEquals(0, skipping.exitCode(), skipping::toString);
            assertEquals("index", Files.readString(server.home().resolve("skipped/site/index.txt")), skipping.toString());
            assertFalse(Files.exists(server.home().resolve("skipped/site/images")), skipping.toString());
            assertTrue(skipping.stderr().contains("images") && skipping.stderr().contains("A symbolic link to a folder: not followed"),
                    "the skipped link is said: " + skipping);

            CliProcess.Result sync = CliProcess.run(directory.resolve("cli"), "sync", "--skip-folder-links",
                    url(server.port(), "/followed/"), directory.resolve("synced").toString());
            assertEquals(1, sync.exitCode(), sync::toString);
            assertTrue(sync.stderr().contains("--skip-folder-links is for get, put and mirror"), sync.toString());
            assertFalse(Files.exists(directory.resolve("synced")), "nothing done: " + sync);
        }
    }

    /**
     * A folder fetched as a new local name is the copy; continued with -c, that name now exists as a
     * folder, and the rest went into copy/folder/ (fetching everything again there) instead of the
     * copy the first run started.
     */
    @Test
    void aFolderContinuedWithDashCGoesOnInTheCopyTheFirstRunStarted() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.useMlsd(false).listing("/folder", List.of("-rw-r--r--   1 u g 1 Jan  5  2020 a.txt",
                    "-rw-r--r--   1 u g 1 Jan  5  2020 b.txt"))
                    .file("/folder/a.txt", "a".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String url = "ftp://u@127.0.0.1:" + server.port() + "//folder";
            Path copy = directory.resolve("copy");
            java.util.Map<String, String> password = java.util.Map.of("FERRY_PASSWORD", "p");
            // b.txt is listed but not there yet: the first run ends with it failed, and keeps it to continue.
            CliProcess.Result first = CliProcess.run(directory.resolve("cli"), password, "get", url, copy.toString());
            assertEquals(1, first.exitCode(), first::toString);
            assertEquals("a", Files.readString(copy.resolve("a.txt")), first.toString());

            server.file("/folder/b.txt", "b".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            CliProcess.Result again = CliProcess.run(directory.resolve("cli"), password, "get", "-c", url, copy.toString());
            assertEquals(0, again.exitCode(), again::toString);
            assertEquals("b", Files.readString(copy.resolve("b.txt")), again.toString());
            assertFalse(Files.exists(copy.resolve("folder")), "not a second copy inside the first: " + again);
        }
    }

    /** "new/" names a folder, as in cp and curl --create-dirs: it wrote a file called "new". */
    @Test
    void aLocalNameEndingInASlashIsAFolderMadeForTheFile() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path original = TestFiles.random(server.home().resolve("b.bin"), 5_000, 3);
            String url = url(server.port(), "/b.bin");
            Path folder = directory.resolve("new folder");
            CliProcess.Result get = CliProcess.run(directory.resolve("cli"), "get", url, folder + "/");
            assertEquals(0, get.exitCode(), get::toString);
            assertTrue(Files.isDirectory(folder), "a folder, not a file: " + get);
            assertEquals(TestFiles.sha256(original), TestFiles.sha256(folder.resolve("b.bin")));
        }
        // A server that cannot be reached leaves no empty folder behind.
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            int nobody = closed.getLocalPort();
            closed.close();
            Path notMade = directory.resolve("not made");
            CliProcess.Result refused = CliProcess.run(directory.resolve("cli"), "get",
                    "ftp://u:p@127.0.0.1:" + nobody + "/b.bin", notMade + "/");
            assertEquals(1, refused.exitCode(), refused::toString);
            assertTrue(!Files.exists(notMade), "no folder made for a download that never started: " + refused);
        }
    }

    /**
     * Stopped (Ctrl+C, kill), a download says what was kept and how to continue it: it ended
     * without a word, its progress line left open.
     */
    @Test
    void aStoppedDownloadSaysHowToContinueIt() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start();
             dev.ferry.testing.FaultProxy slow = new dev.ferry.testing.FaultProxy(server.port())) {
            TestFiles.random(server.home().resolve("slow.bin"), 4_000_000, 9);
            slow.nextDataConnections(1, dev.ferry.testing.FaultProxy.Fault.trickle(100_000));
            String url = url(slow.port(), "/slow.bin");
            Path down = directory.resolve("slow.bin");
            Path work = Files.createDirectories(directory.resolve("stopped"));
            Process get = CliProcess.start(work.resolve("config"), java.util.Map.of(), work.resolve("out"), work.resolve("err"),
                    "get", url, down.toString());
            try {
                dev.ferry.testing.Await.until("the part file growing", () -> {
                    try {
                        return Files.exists(dev.ferry.transfer.FileTransfers.partFile(down))
                                && Files.size(dev.ferry.transfer.FileTransfers.partFile(down)) > 0;
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
            } finally {
                get.destroy();
            }
            assertTrue(get.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the command ended when stopped");
            String said = Files.readString(work.resolve("err"));
            assertTrue(said.contains("stopped") && said.contains("-c"), "what was kept and how to continue: " + said);
            assertTrue(Files.exists(dev.ferry.transfer.FileTransfers.partFile(down)), "the part file kept");
        }
    }

    /**
     * Without -c, a part file left by an earlier run is replaced, and the command says so and how to
     * continue it instead: it went without a word (a user who pressed Ctrl+C saw it shrink).
     */
    @Test
    void replacingAnEarlierRunsPartFileIsSaid() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path original = TestFiles.random(server.home().resolve("p.bin"), 200_000, 4);
            String url = url(server.port(), "/p.bin");
            Path down = directory.resolve("p.bin");
            Files.write(dev.ferry.transfer.FileTransfers.partFile(down), java.util.Arrays.copyOf(Files.readAllBytes(original), 50_000));
            CliProcess.Result get = CliProcess.run(directory.resolve("cli"), "get", url, down.toString());
            assertEquals(0, get.exitCode(), get::toString);
            assertEquals(TestFiles.sha256(original), TestFiles.sha256(down));
            assertTrue(get.stderr().contains("p.bin.part") && get.stderr().contains("-c"),
                    "the replaced part file named, with -c: " + get);
        }
    }

    /**
     * A single file gets what a tree gets from the options both take: a cut connection is retried
     * and the transfer resumed, and --verify has the server's checksum compared. Both were ignored
     * for one file: a cut failed at once, and nothing was checked.
     */
    @Test
    void oneFileIsRetriedAndVerifiedLikeATree() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start();
             dev.ferry.testing.FaultProxy proxy = new dev.ferry.testing.FaultProxy(server.port())) {
            Path original = TestFiles.random(server.home().resolve("cut.bin"), 3_000_000, 8);
            String base = url(proxy.port(), "");

            proxy.nextDataConnections(1, dev.ferry.testing.FaultProxy.Fault.cutAfter(1_000_000));
            Path down = directory.resolve("down.bin");
            CliProcess.Result get = CliProcess.run(directory.resolve("cli"), "get", base + "/cut.bin", down.toString());
            assertEquals(0, get.exitCode(), get::toString);
            assertEquals(TestFiles.sha256(original), TestFiles.sha256(down));

            proxy.nextDataConnections(1, dev.ferry.testing.FaultProxy.Fault.cutAfter(1_000_000));
            CliProcess.Result put = CliProcess.run(directory.resolve("cli"), "put", down.toString(), base + "/up.bin");
            assertEquals(0, put.exitCode(), put::toString);
            assertEquals(TestFiles.sha256(original), TestFiles.sha256(server.home().resolve("up.bin")));

            CliProcess.Result verified = CliProcess.run(directory.resolve("cli"), "get", "--verify", "--log",
                    base + "/cut.bin", directory.resolve("verified.bin").toString());
            assertEquals(0, verified.exitCode(), verified::toString);
            assertTrue(verified.stderr().lines().anyMatch(l -> l.contains("MD5 /cut.bin")),
                    "the server was asked for the file's checksum (MINA offers MD5): " + verified);
        }
    }

    /**
     * T4: Twisted answers SIZE of a folder ("213 4096"), and `ferry get URL/folder` took the folder for a file:
     * "failed: /sub: The file does not exist or may not be read (… RETR with "550 sub: is a directory")". A
     * path the server can enter is a folder, whatever SIZE says.
     */
    @Test
    void aFolderTheServerGivesASizeIsStillAFolder() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer().answerSize("213 4096")
                .listing("/sub", List.of("type=file;size=5;modify=20240101000000; inside.txt"))
                .file("/sub/inside.txt", "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            Path local = directory.resolve("got");
            CliProcess.Result get = CliProcess.run(directory.resolve("cli-sized-folder"), "get",
                    "ftp://u:p@127.0.0.1:" + server.port() + "/sub", local.toString() + "/");
            assertEquals(0, get.exitCode(), get.toString());
            assertEquals("hello", Files.readString(local.resolve("sub").resolve("inside.txt")), get.toString());
        }
    }
}
