package dev.ferry.cli;

import dev.ferry.testing.CliProcess;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What `ferry mirror` tells a script or a cron job, which has no progress line to read. */
class MirrorCliTest {

    @TempDir
    Path directory;

    private static String url(int port, String path) {
        return GetCliTest.url(port, path);
    }

    /** Without a terminal it printed nothing at all, whether it fetched three files or none. */
    @Test
    void aMirrorSaysWhatItTransferredAndWhatWasUpToDate() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path tree = Files.createDirectories(server.home().resolve("site/sub"));
            TestFiles.random(server.home().resolve("site/a.bin"), 2048, 1);
            TestFiles.random(server.home().resolve("site/b.bin"), 2048, 2);
            TestFiles.random(tree.resolve("c.bin"), 1024, 3);
            Path local = directory.resolve("local");

            CliProcess.Result first = CliProcess.run(directory.resolve("cli"), "mirror", url(server.port(), "/site/"),
                    local.toString());
            assertEquals(0, first.exitCode(), first::toString);
            assertTrue(first.stdout().contains("Done: downloaded 3 files (5.0 KiB)"), first::toString);

            CliProcess.Result again = CliProcess.run(directory.resolve("cli"), "mirror", url(server.port(), "/site/"),
                    local.toString());
            assertEquals(0, again.exitCode(), again::toString);
            assertTrue(again.stdout().contains("Done: downloaded 0 files, 3 up to date"), again::toString);

            // One file in a folder is still a tree's transfer: said, where a single file's put stays silent.
            Path upload = Files.createDirectories(directory.resolve("upload"));
            TestFiles.random(upload.resolve("one.bin"), 2048, 4);
            CliProcess.Result up = CliProcess.run(directory.resolve("cli"), "put", upload.toString(),
                    url(server.port(), "/up/"));
            assertEquals(0, up.exitCode(), up::toString);
            assertTrue(up.stdout().contains("Done: uploaded 1 file (2.0 KiB)."), up::toString);
            assertTrue(Files.exists(server.home().resolve("up/upload/one.bin")), "into /up/ by its name: " + up);
        }
    }

    /** Users on Chinese systems read the command line's own sentences in Chinese, as they read the window. */
    @Test
    void aMirrorSaysItsSummaryInChineseUnderAChineseLocale() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            TestFiles.random(server.home().resolve("site/a.bin"), 2048, 1);
            TestFiles.random(server.home().resolve("site/b.bin"), 1024, 2);
            // The JVM takes its locale from LANG only when the system has that locale installed: said outright.
            java.util.Map<String, String> chinese = java.util.Map.of("JAVA_TOOL_OPTIONS",
                    "-Duser.language=zh -Duser.country=CN -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8");

            CliProcess.Result mirror = CliProcess.run(directory.resolve("cli"), chinese, "mirror",
                    url(server.port(), "/site/"), directory.resolve("local").toString());

            assertEquals(0, mirror.exitCode(), mirror::toString);
            assertTrue(mirror.stdout().contains("完成：已下载 2 个文件（3.0 KiB）。"), mirror::toString);
        }
    }

    /**
     * A mirror that continued a part file left by a cut run said the whole file's size as downloaded:
     * the line counts what came over the network, and says how much was there already.
     */
    @Test
    void aMirrorThatContinuedAPartFileCountsOnlyTheBytesItFetched() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path site = Files.createDirectories(server.home().resolve("site"));
            byte[] a = TestFiles.bytes(4096, 1);
            Files.write(site.resolve("a.bin"), a);
            TestFiles.random(site.resolve("b.bin"), 1024, 2);
            Path local = Files.createDirectories(directory.resolve("local"));
            Files.write(local.resolve("a.bin.part"), java.util.Arrays.copyOf(a, 3072));

            CliProcess.Result mirror = CliProcess.run(directory.resolve("cli"), "mirror", url(server.port(), "/site/"),
                    local.toString());
            assertEquals(0, mirror.exitCode(), mirror::toString);
            org.junit.jupiter.api.Assertions.assertArrayEquals(a, Files.readAllBytes(local.resolve("a.bin")));
            assertTrue(mirror.stdout().contains("Done: downloaded 2 files (2.0 KiB, 3.0 KiB more continued from "
                    + "an earlier part)."), mirror::toString);
        }
    }

    /**
     * An attempt cut halfway on a server that cannot continue (REST refused) starts the file over:
     * its first half was counted twice, and the line said 3.0 MiB for a 2.0 MiB file.
     */
    @Test
    void aMirrorThatStartedAFileOverCountsItsBytesOnce() throws Exception {
        org.apache.ftpserver.ftplet.DefaultFtplet noRest = new org.apache.ftpserver.ftplet.DefaultFtplet() {
            @Override
            public org.apache.ftpserver.ftplet.FtpletResult beforeCommand(org.apache.ftpserver.ftplet.FtpSession session,
                    org.apache.ftpserver.ftplet.FtpRequest request)
                    throws org.apache.ftpserver.ftplet.FtpException, java.io.IOException {
                if ("REST".equals(request.getCommand())) {
                    session.write(new org.apache.ftpserver.ftplet.DefaultFtpReply(502, "REST not implemented."));
                    return org.apache.ftpserver.ftplet.FtpletResult.SKIP;
                }
                return super.beforeCommand(session, request);
            }
        };
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(noRest).start();
             dev.ferry.testing.FaultProxy proxy = new dev.ferry.testing.FaultProxy(server.port())) {
            Path original = TestFiles.random(server.home().resolve("site/big.bin"), 2 * 1024 * 1024, 5);
            // The folder's listing, then the file's first attempt, cut halfway.
            proxy.nextDataConnections(2, dev.ferry.testing.FaultProxy.Fault.cutAfter(1024 * 1024));
            Path local = directory.resolve("local");

            CliProcess.Result mirror = CliProcess.run(directory.resolve("cli"), "mirror", "--log",
                    url(proxy.port(), "/site/"), local.toString());

            assertEquals(0, mirror.exitCode(), mirror::toString);
            assertEquals(TestFiles.sha256(original), TestFiles.sha256(local.resolve("big.bin")));
            assertTrue(mirror.stderr().contains("502 REST not implemented"), "started over: " + mirror);
            assertTrue(mirror.stdout().contains("Done: downloaded 1 file (2.0 MiB)."), mirror::toString);
        }
    }

    /**
     * A server killed in the middle of a mirror and started again later: the mirror waits for it
     * and finishes. It said every waiting file's refused connection as that file's warning, and
     * those refusals spent the retries of files that had never started.
     */
    @Test
    void aMirrorWaitsForAServerThatIsRestarted() throws Exception {
        Path home = directory.resolve("server");
        MinaServer server = MinaServer.builder(home).start();
        int port = server.port();
        Path work = Files.createDirectories(directory.resolve("outage"));
        Path local = directory.resolve("local");
        Process mirror = null;
        try {
            for (int i = 0; i < 6; i++) {
                TestFiles.random(server.home().resolve("site/f" + i + ".bin"), 1_000_000, i);
            }
            mirror = CliProcess.start(work.resolve("config"), java.util.Map.of(), work.resolve("out"), work.resolve("err"),
                    "mirror", "--parallel", "2", "--limit-rate", "1M", url(port, "/site/"), local.toString());
            dev.ferry.testing.Await.until("the mirror under way", () -> {
                try (var files = Files.list(local)) {
                    return files.findAny().isPresent();
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            server.close();
            dev.ferry.testing.Await.until("the server tried again twice", () -> said(work).lines()
                    .filter(line -> line.contains("trying the server again")).count() >= 2);
            server = MinaServer.builder(home).port(port).start();
            assertTrue(mirror.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), "the mirror ended: " + said(work));
            String said = said(work);
            assertEquals(0, mirror.exitValue(), said);
            assertFalse(said.lines().anyMatch(line -> line.matches(".*f\\d\\.bin: Could not connect.*")),
                    "the outage said once per try of the server, not once per file: " + said);
            // The window says both; a terminal that was told of the outage heard nothing of its end.
            assertTrue(said.contains("can be reached again: the waiting transfers go on"), said);
            for (int i = 0; i < 6; i++) {
                assertEquals(TestFiles.sha256(server.home().resolve("site/f" + i + ".bin")),
                        TestFiles.sha256(local.resolve("f" + i + ".bin")), "f" + i);
            }
        } finally {
            if (mirror != null) {
                mirror.destroy();
            }
            server.close();
        }
    }

    private static String said(Path work) {
        try {
            return Files.readString(work.resolve("err"));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /**
     * A local time with a fraction of a second: the server keeps whole seconds (MFMT sets no
     * fraction), so the fraction made every later mirror -R upload the file again.
     */
    @Test
    void aReverseMirrorOfUnchangedFilesUploadsNothingTheSecondTime() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path local = Files.createDirectories(directory.resolve("outgoing"));
            TestFiles.random(local.resolve("page.html"), 2048, 5);
            Files.setLastModifiedTime(local.resolve("page.html"),
                    FileTime.from(Instant.parse("2026-11-30T10:15:42.889Z")));
            CliProcess.Result first = CliProcess.run(directory.resolve("cli"), "mirror", "-R", local.toString(),
                    url(server.port(), "/www/"));
            assertEquals(0, first.exitCode(), first::toString);
            assertTrue(first.stdout().contains("Done: uploaded 1 file (2.0 KiB)"), first::toString);

            CliProcess.Result again = CliProcess.run(directory.resolve("cli"), "mirror", "-R", local.toString(),
                    url(server.port(), "/www/"));
            assertEquals(0, again.exitCode(), again::toString);
            assertTrue(again.stdout().contains("Done: uploaded 0 files, 1 up to date"), again::toString);
        }
    }

    /**
     * mirror -R takes the URL first too, as sync -R does (and the README's line reads): it said
     * "not an FTP URL" of the local folder. sync -R takes LOCALDIR first, as mirror -R does.
     */
    /**
     * T4: a reverse mirror into a folder the server will not make said the 550 of the CWD that looked for it
     * ("does not exist"), not the MKD's refusal: the user learned nothing of why it could not be made.
     */
    @Test
    void aReverseMirrorIntoAFolderTheServerWillNotMakeSaysTheRefusal() throws Exception {
        org.apache.ftpserver.ftplet.Ftplet refuseMkd = MinaServer.answering("MKD", 550, "Permission denied by policy.");
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(refuseMkd).start()) {
            Path local = Files.createDirectories(directory.resolve("outgoing/sub"));
            Files.writeString(local.resolve("a.txt"), "a");
            CliProcess.Result result = CliProcess.run(directory.resolve("cli"), "mirror", "-R",
                    directory.resolve("outgoing").toString(), url(server.port(), "/www/"));
            System.out.println("mirror -R, MKD refused:\n" + result);
            assertEquals(1, result.exitCode(), result::toString);
            assertTrue(result.stderr().contains("Permission denied by policy."), "the MKD's refusal said: " + result);
        }
    }

    @Test
    void reverseCommandsTakeTheirArgumentsInEitherOrder() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path local = Files.createDirectories(directory.resolve("outgoing"));
            Files.writeString(local.resolve("page.html"), "page");
            CliProcess.Result mirror = CliProcess.run(directory.resolve("cli"), "mirror", "-R",
                    url(server.port(), "/www/"), local.toString());
            assertEquals(0, mirror.exitCode(), mirror::toString);
            assertEquals("page", Files.readString(server.home().resolve("www/page.html")));

            Files.writeString(local.resolve("more.html"), "more");
            CliProcess.Result sync = CliProcess.run(directory.resolve("cli"), "sync", "-R", local.toString(),
                    url(server.port(), "/www/"));
            assertEquals(0, sync.exitCode(), sync::toString);
            assertEquals("more", Files.readString(server.home().resolve("www/more.html")));

            // Without -R the URL comes first: "sync here URL --delete" read as a download would have
            // deleted here what the server lacks, where an upload was likely meant.
            Files.writeString(local.resolve("only-here.html"), "mine");
            CliProcess.Result unordered = CliProcess.run(directory.resolve("cli"), "sync", "--delete",
                    local.toString(), url(server.port(), "/www/"));
            assertEquals(1, unordered.exitCode(), unordered::toString);
            assertTrue(Files.exists(local.resolve("only-here.html")), unordered.toString());

            // Two URLs: refused without repeating them (a URL may carry a password).
            String withPassword = "ftp://" + MinaServer.USER + ":s3cretpw@127.0.0.1:" + server.port() + "/www/";
            for (String command : List.of("mirror", "sync")) {
                CliProcess.Result twoUrls = CliProcess.run(directory.resolve("cli"), command, "-R", withPassword,
                        withPassword);
                assertEquals(1, twoUrls.exitCode(), twoUrls::toString);
                assertFalse(twoUrls.stderr().contains("s3cretpw"), "no password in the words: " + twoUrls);
            }
        }
    }

    /**
     * A folder the server does not have is said as such, before anything is queued: it was queued,
     * failed on the listing command's reply, and `queue --resume` was offered to retry it.
     */
    @Test
    void aMissingRemoteFolderIsSaidAndNotOfferedForResume() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path local = directory.resolve("local");
            CliProcess.Result missing = CliProcess.run(directory.resolve("cli"), "mirror",
                    url(server.port(), "/no such folder/"), local.toString());
            assertEquals(1, missing.exitCode(), missing::toString);
            assertTrue(missing.stderr().contains("/no such folder does not exist"), missing::toString);
            assertFalse(missing.stderr().contains("--resume"), missing::toString);
            assertFalse(Files.exists(local), "no local folder made for it: " + missing);

            // A file's URL is not called a missing folder: what it is, and what downloads it.
            TestFiles.random(server.home().resolve("one.bin"), 100, 5);
            CliProcess.Result file = CliProcess.run(directory.resolve("cli"), "mirror", url(server.port(), "/one.bin"),
                    local.toString());
            assertEquals(1, file.exitCode(), file::toString);
            assertTrue(file.stderr().contains("/one.bin is a file") && file.stderr().contains("ferry get"), file::toString);

            CliProcess.Result queue = CliProcess.run(directory.resolve("cli"), "queue");
            assertFalse(queue.stdout().contains("no such folder"), "nothing left in the saved queue: " + queue);
        }
    }

    /**
     * Devices, pipes and sockets in a listing are skipped and said, as cp -r and rsync do: they
     * failed the run (exit 1) and waited in the queue to fail again at every --resume.
     */
    @Test
    void specialFilesAreSkippedNotFailed() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.useMlsd(false).listing("/d", java.util.List.of(
                    "-rw-r--r--   1 u g 5 Jan  5  2020 a.txt",
                    "crw-rw-rw-   1 u g   1,   3 Jan  5  2020 nulldev",
                    "prw-r--r--   1 u g 0 Jan  5  2020 pipe"))
                    .file("/d/a.txt", "aaaaa".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Path into = directory.resolve("into");
            CliProcess.Result mirror = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                    "mirror", "ftp://u@127.0.0.1:" + server.port() + "//d", into.toString());
            assertEquals(0, mirror.exitCode(), mirror::toString);
            assertEquals("aaaaa", Files.readString(into.resolve("a.txt")));
            assertTrue(mirror.stderr().contains("skipped: /d/nulldev") && mirror.stderr().contains("skipped: /d/pipe"),
                    mirror::toString);
            CliProcess.Result queue = CliProcess.run(directory.resolve("cli"), "queue");
            assertFalse(queue.stdout().contains("nulldev"), "nothing waits to fail again: " + queue);
        }
    }

    private static String vmsLine(String name, int blocks, String time) {
        return String.format("%-24s %d/%d %s  [GROUP,OWNER]  (RWED,RWED,RE,)", name, blocks, blocks + 2, time);
    }

    /**
     * A VMS server lists sizes in 512-byte blocks, and this one has no SIZE: no listed size could
     * equal a local file's, so every mirror downloaded every file again. A file is up to date when
     * its local size fills as many blocks and its time is the listing's; a changed time, or another
     * block count, still brings it.
     */
    @Test
    void aMirrorFromVmsDoesNotDownloadUnchangedFilesAgain() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            byte[] readme = TestFiles.bytes(1000, 1);
            byte[] data = TestFiles.bytes(600, 2);
            server.system("VMS OpenVMS V8.4").useMlsd(false).features(List.of("EPSV", "REST STREAM"))
                    .listing("/vms", List.of(vmsLine("README.TXT;1", 2, "5-MAR-2024 12:34:56"),
                            vmsLine("DATA.BIN;3", 2, "6-MAR-2024 08:00:01")))
                    .file("/vms/README.TXT", readme).file("/vms/DATA.BIN", data);
            java.util.Map<String, String> password = java.util.Map.of("FERRY_PASSWORD", "p");
            String base = "ftp://u@127.0.0.1:" + server.port() + "//vms";
            Path local = directory.resolve("local");
            CliProcess.Result first = CliProcess.run(directory.resolve("cli"), password, "mirror", base, local.toString());
            assertEquals(0, first.exitCode(), first::toString);
            assertTrue(first.stdout().contains("Done: downloaded 2 files"), first::toString);

            CliProcess.Result again = CliProcess.run(directory.resolve("cli"), password, "mirror", base, local.toString());
            assertEquals(0, again.exitCode(), again::toString);
            assertTrue(again.stdout().contains("Done: downloaded 0 files, 2 up to date."), again::toString);
            assertEquals(2, server.commands().stream().filter(c -> c.startsWith("RETR")).count(), server.commands()::toString);

            // Changed on the server: a later time (same blocks), and more blocks (same time).
            byte[] newer = TestFiles.bytes(1000, 3);
            byte[] longer = TestFiles.bytes(1100, 4);
            server.listing("/vms", List.of(vmsLine("README.TXT;2", 2, "7-MAR-2024 09:00:00"),
                            vmsLine("DATA.BIN;3", 3, "6-MAR-2024 08:00:01")))
                    .file("/vms/README.TXT", newer).file("/vms/DATA.BIN", longer);
            CliProcess.Result changed = CliProcess.run(directory.resolve("cli"), password, "mirror", base, local.toString());
            assertEquals(0, changed.exitCode(), changed::toString);
            assertTrue(changed.stdout().contains("Done: downloaded 2 files"), changed::toString);
            assertEquals(java.util.Arrays.toString(newer), java.util.Arrays.toString(Files.readAllBytes(local.resolve("README.TXT"))));
            assertEquals(java.util.Arrays.toString(longer), java.util.Arrays.toString(Files.readAllBytes(local.resolve("DATA.BIN"))));
        }
    }

    /** A VMS server with SIZE: its byte count, asked per file, decides, whatever the blocks say. */
    @Test
    void aMirrorFromVmsWithSizeComparesTheSizeItAnswers() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.system("VMS OpenVMS V8.4").useMlsd(false).features(List.of("SIZE", "EPSV", "REST STREAM"))
                    .listing("/vms", List.of(vmsLine("README.TXT;1", 2, "5-MAR-2024 12:34:56")))
                    .file("/vms/README.TXT", TestFiles.bytes(1000, 1));
            java.util.Map<String, String> password = java.util.Map.of("FERRY_PASSWORD", "p");
            String base = "ftp://u@127.0.0.1:" + server.port() + "//vms";
            Path local = directory.resolve("local");
            CliProcess.Result first = CliProcess.run(directory.resolve("cli"), password, "mirror", base, local.toString());
            assertTrue(first.stdout().contains("Done: downloaded 1 file"), first::toString);
            CliProcess.Result again = CliProcess.run(directory.resolve("cli"), password, "mirror", base, local.toString());
            assertTrue(again.stdout().contains("Done: downloaded 0 files, 1 up to date."), again::toString);

            // Same blocks, same time, one byte more: SIZE tells it apart.
            server.file("/vms/README.TXT", TestFiles.bytes(1001, 1));
            CliProcess.Result grown = CliProcess.run(directory.resolve("cli"), password, "mirror", base, local.toString());
            assertTrue(grown.stdout().contains("Done: downloaded 1 file"), grown::toString);
            assertEquals(1001, Files.size(local.resolve("README.TXT")));
        }
    }

    /**
     * A server folder holding "a.bin" and "a.bin.part": the second's download took the first's part
     * file name. One run lost a file and mixed another's bytes, and said "Done".
     */
    @Test
    void aServerFileNamedLikeAnotherOnesPartFileIsSkippedNotMixedIn() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path pc = Files.createDirectories(server.home().resolve("pc"));
            byte[] a = new byte[300_000];
            new java.util.Random(1).nextBytes(a);
            byte[] aPart = new byte[100_000];
            new java.util.Random(2).nextBytes(aPart);
            Files.write(pc.resolve("a.bin"), a);
            Files.write(pc.resolve("a.bin.part"), aPart);
            Files.writeString(pc.resolve("notes.part"), "a part file of nothing here: an ordinary file");
            Path into = directory.resolve("pc-copy");
            CliProcess.Result mirror = CliProcess.run(directory.resolve("cli"), "mirror", "--parallel", "2",
                    url(server.port(), "/pc"), into.toString());
            assertEquals(0, mirror.exitCode(), mirror::toString);
            org.junit.jupiter.api.Assertions.assertArrayEquals(a, Files.readAllBytes(into.resolve("a.bin")));
            assertEquals("a part file of nothing here: an ordinary file", Files.readString(into.resolve("notes.part")));
            assertFalse(Files.exists(into.resolve("a.bin.part")), "nothing left under the part file's name");
            assertTrue(mirror.stderr().contains("skipped: /pc/a.bin.part") && mirror.stderr().contains("a.bin"),
                    mirror::toString);
            CliProcess.Result again = CliProcess.run(directory.resolve("cli"), "mirror", url(server.port(), "/pc"),
                    into.toString());
            assertEquals(0, again.exitCode(), again::toString);
            org.junit.jupiter.api.Assertions.assertArrayEquals(a, Files.readAllBytes(into.resolve("a.bin")),
                    "a second run does not continue a.bin from the other file either");
        }
    }

    /**
     * A file that failed ended a mirror and a sync with exit status 1 under a "Done:" line that read
     * like success: the line says the run is incomplete, and how many failed.
     */
    @Test
    void theClosingLineOfARunWithAFailureDoesNotSayDone() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.useMlsd(false).listing("/d", java.util.List.of(
                    "-rw-r--r--   1 u g 5 Jan  5  2020 a.txt",
                    "-rw-r--r--   1 u g 5 Jan  5  2020 gone.txt"))
                    .file("/d/a.txt", "aaaaa".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.util.Map<String, String> password = java.util.Map.of("FERRY_PASSWORD", "p");
            String base = "ftp://u@127.0.0.1:" + server.port() + "//d";
            CliProcess.Result mirror = CliProcess.run(directory.resolve("cli"), password, "mirror", "--retries", "0",
                    base, directory.resolve("into").toString());
            assertEquals(1, mirror.exitCode(), mirror::toString);
            assertFalse(mirror.stdout().contains("Done"), mirror::toString);
            assertTrue(mirror.stdout().contains("Incomplete: downloaded 1 file (5 B), 1 failed."), mirror::toString);

            CliProcess.Result sync = CliProcess.run(directory.resolve("cli"), password, "sync", "--retries", "0", base,
                    directory.resolve("synced").toString());
            assertEquals(1, sync.exitCode(), sync::toString);
            assertFalse(sync.stdout().contains("Done"), sync::toString);
            assertTrue(sync.stdout().contains("Incomplete: downloaded 1 file (5 B), created 0 folders, deleted 0, "
                    + "1 failed."), sync::toString);
        }
    }

    /**
     * The closing line counts what was left out, not only what moved: a special file and a refused
     * name made "Done: downloaded 1 file" with no word of the other two, and sync's line the same. The
     * refused name is a file asked for and not there (exit status 1): the line says the run is incomplete.
     */
    @Test
    void theDoneLineCountsSkippedFiles() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.useMlsd(false).listing("/d", java.util.List.of(
                    "-rw-r--r--   1 u g 5 Jan  5  2020 a.txt",
                    "prw-r--r--   1 u g 0 Jan  5  2020 pipe",
                    "-rw-r--r--   1 u g 5 Jan  5  2020 back\\slash.txt"))
                    .file("/d/a.txt", "aaaaa".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.util.Map<String, String> password = java.util.Map.of("FERRY_PASSWORD", "p");
            String base = "ftp://u@127.0.0.1:" + server.port() + "//d";
            CliProcess.Result mirror = CliProcess.run(directory.resolve("cli"), password, "mirror", "--retries", "0",
                    base, directory.resolve("into").toString());
            assertTrue(mirror.stdout().contains("Incomplete: downloaded 1 file (5 B), 2 skipped."), mirror::toString);
            CliProcess.Result again = CliProcess.run(directory.resolve("cli"), password, "mirror", "--retries", "0",
                    base, directory.resolve("into").toString());
            assertTrue(again.stdout().contains("Incomplete: downloaded 0 files, 1 up to date, 2 skipped."), again::toString);

            CliProcess.Result sync = CliProcess.run(directory.resolve("cli"), password, "sync", base,
                    directory.resolve("synced").toString());
            assertTrue(sync.stdout().contains("Incomplete: downloaded 1 file (5 B), created 0 folders, deleted 0, 2 skipped."),
                    sync::toString);
        }
    }

    /**
     * A server name longer than this file system takes is refused before its download: the whole
     * file came, then could not take its name, and a part file of 255 bytes' name stayed behind.
     */
    @Test
    void aNameTooLongForThisDiskIsRefusedBeforeItsDownload() throws Exception {
        String longName = "n".repeat(300) + ".txt";
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.useMlsd(false).listing("/d", java.util.List.of(
                    "-rw-r--r--   1 u g 5 Jan  5  2020 a.txt", "-rw-r--r--   1 u g 5 Jan  5  2020 " + longName))
                    .file("/d/a.txt", "aaaaa".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .file("/d/" + longName, "bbbbb".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Path into = directory.resolve("into");
            CliProcess.Result mirror = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                    "mirror", "ftp://u@127.0.0.1:" + server.port() + "//d", into.toString());
            assertEquals(1, mirror.exitCode(), mirror::toString);
            assertTrue(mirror.stderr().contains("304 bytes long"), mirror::toString);
            assertFalse(server.commands().stream().anyMatch(c -> c.startsWith("RETR") && c.contains(longName)),
                    "never fetched: " + server.commands());
            try (var left = Files.list(into)) {
                assertEquals(java.util.List.of(into.resolve("a.txt")), left.toList(), mirror.toString());
            }
        }
    }

    /**
     * A listing that names one file twice (some servers list a file again while it is being replaced):
     * it is one file here, downloaded once, and the summary counts what was done.
     */
    @Test
    void aNameListedTwiceIsOneFile() throws Exception {
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.useMlsd(false).listing("/d", List.of(
                    "-rw-r--r--   1 u g 5 Jan  5  2020 a.txt",
                    "-rw-r--r--   1 u g 3 Jan  5  2020 b.txt",
                    "-rw-r--r--   1 u g 5 Jan  5  2020 a.txt"))
                    .file("/d/a.txt", "aaaaa".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .file("/d/b.txt", "bbb".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Path into = directory.resolve("into");
            CliProcess.Result mirror = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                    "mirror", "ftp://u@127.0.0.1:" + server.port() + "//d", into.toString());
            assertEquals(0, mirror.exitCode(), mirror::toString);
            assertEquals("aaaaa", Files.readString(into.resolve("a.txt")));
            assertEquals("bbb", Files.readString(into.resolve("b.txt")));
            assertEquals(1, server.commands().stream().filter(command -> command.equals("RETR /d/a.txt")).count(),
                    "downloads of a.txt: " + server.commands() + "\n" + mirror);
            assertTrue(mirror.stdout().contains("Done: downloaded 2 files (8 B)."), mirror::toString);
        }
    }

    private static final java.time.format.DateTimeFormatter LISTED = java.time.format.DateTimeFormatter
            .ofPattern("MMM dd HH:mm", java.util.Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC);
    private static final java.time.format.DateTimeFormatter MDTM = java.time.format.DateTimeFormatter
            .ofPattern("yyyyMMddHHmmss", java.util.Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

    /** A LIST line of a 5-byte file changed at {@code changed}, written by a server whose clock reads {@code zone} ahead of UTC. */
    private static String listed(String name, Instant changed, java.time.Duration zone) {
        return "-rw-r--r--   1 u g 5 " + LISTED.format(changed.plus(zone)) + " " + name;
    }

    /**
     * A server listing in UTC-5 (no MLSD, no MDTM), whose offset a sync measured before (kept in
     * learned-servers.json): the mirror read its LIST times as UTC, took a file changed there an hour
     * after the local copy for four hours older, and left the local copy stale ("up to date").
     */
    @Test
    void aMirrorReadsListTimesWithTheOffsetLearntForTheServer() throws Exception {
        Instant localCopy = Instant.now().minus(java.time.Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Instant changedThere = localCopy.plus(java.time.Duration.ofHours(1));
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.useMlsd(false).features(List.of("SIZE", "REST STREAM", "UTF8", "EPSV"))
                    .listing("/d", List.of(listed("a.txt", changedThere, java.time.Duration.ofHours(-5))))
                    .file("/d/a.txt", "new-a".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            dev.ferry.site.LearnedServers.open(directory.resolve("cli/config").resolve(dev.ferry.site.LearnedServers.FILE_NAME))
                    .forServer("127.0.0.1", server.port()).learnListingOffset(java.time.Duration.ofHours(-5));
            Path into = Files.createDirectories(directory.resolve("into"));
            Files.writeString(into.resolve("a.txt"), "old-a");
            Files.setLastModifiedTime(into.resolve("a.txt"), FileTime.from(localCopy));

            CliProcess.Result mirror = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                    "mirror", "ftp://u@127.0.0.1:" + server.port() + "//d", into.toString());
            assertEquals(0, mirror.exitCode(), mirror::toString);
            assertEquals("new-a", Files.readString(into.resolve("a.txt")), mirror::toString);
            assertEquals(changedThere, Files.getLastModifiedTime(into.resolve("a.txt")).toInstant(), mirror::toString);
        }
    }

    /**
     * A server listing in UTC+8 whose MDTM answers in UTC, its offset not known yet: a file changed on the
     * server an hour after the local copy is downloaded, and a local copy changed an hour after the
     * server's is kept, as the mirror's rule says; read as UTC, the server's copy looked eight hours
     * newer, the local change was overwritten and both files took times eight hours ahead.
     */
    @Test
    void aMirrorMeasuresTheListingsOffsetByMdtmWhenNotKnown() throws Exception {
        Instant localCopy = Instant.now().minus(java.time.Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Instant changedThere = localCopy.plus(java.time.Duration.ofHours(1));
        java.time.Duration beijing = java.time.Duration.ofHours(8);
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.useMlsd(false).features(List.of("SIZE", "MDTM", "REST STREAM", "UTF8", "EPSV"))
                    .listing("/d", List.of(listed("a.txt", changedThere, beijing), listed("b.txt", changedThere, beijing)))
                    .file("/d/a.txt", "new-a".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .file("/d/b.txt", "serv!".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .mdtm("/d/a.txt", MDTM.format(changedThere.plusSeconds(17)))
                    .mdtm("/d/b.txt", MDTM.format(changedThere.plusSeconds(17)));
            Path into = Files.createDirectories(directory.resolve("into"));
            Files.writeString(into.resolve("a.txt"), "old-a");
            Files.setLastModifiedTime(into.resolve("a.txt"), FileTime.from(localCopy));
            Files.writeString(into.resolve("b.txt"), "mine!");
            Instant changedHere = changedThere.plus(java.time.Duration.ofHours(1));
            Files.setLastModifiedTime(into.resolve("b.txt"), FileTime.from(changedHere));

            CliProcess.Result mirror = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                    "mirror", "ftp://u@127.0.0.1:" + server.port() + "//d", into.toString());
            assertEquals(0, mirror.exitCode(), mirror::toString);
            assertEquals("new-a", Files.readString(into.resolve("a.txt")), mirror::toString);
            assertEquals(changedThere, Files.getLastModifiedTime(into.resolve("a.txt")).toInstant(), mirror::toString);
            assertEquals("mine!", Files.readString(into.resolve("b.txt")), "the local change is kept: " + mirror);
            assertTrue(mirror.stdout().contains("Done: downloaded 1 file (5 B), 1 up to date."), mirror::toString);

            // The next run finds both the same: the times the download gave are the server's in UTC.
            CliProcess.Result again = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                    "mirror", "ftp://u@127.0.0.1:" + server.port() + "//d", into.toString());
            assertTrue(again.stdout().contains("Done: downloaded 0 files, 2 up to date."), again::toString);
        }
    }

    /**
     * The other way, to a server listing in UTC+8 whose offset was learnt: a local file changed an hour
     * after the server's copy is uploaded; read as UTC, the server's copy looked seven hours newer and
     * the mirror -R said "up to date".
     */
    @Test
    void aReverseMirrorReadsTheTargetsListTimesWithTheOffsetLearnt() throws Exception {
        Instant changedThere = Instant.now().minus(java.time.Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.useMlsd(false).features(List.of("SIZE", "REST STREAM", "UTF8", "EPSV"))
                    .listing("/d", List.of(listed("a.txt", changedThere, java.time.Duration.ofHours(8))))
                    .file("/d/a.txt", "old-a".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            dev.ferry.site.LearnedServers.open(directory.resolve("cli/config").resolve(dev.ferry.site.LearnedServers.FILE_NAME))
                    .forServer("127.0.0.1", server.port()).learnListingOffset(java.time.Duration.ofHours(8));
            Path local = Files.createDirectories(directory.resolve("local"));
            Files.writeString(local.resolve("a.txt"), "new-a");
            Files.setLastModifiedTime(local.resolve("a.txt"), FileTime.from(changedThere.plus(java.time.Duration.ofHours(1))));

            CliProcess.Result mirror = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                    "mirror", "-R", local.toString(), "ftp://u@127.0.0.1:" + server.port() + "//d");
            assertEquals(0, mirror.exitCode(), mirror::toString);
            org.junit.jupiter.api.Assertions.assertArrayEquals("new-a".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    server.stored("/d/a.txt"), mirror + "\n" + server.commands());
        }
    }
}
