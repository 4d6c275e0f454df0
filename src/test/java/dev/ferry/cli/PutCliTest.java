package dev.ferry.cli;

import dev.ferry.testing.CliProcess;
import dev.ferry.testing.MinaServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What `ferry put` learns of a server along the way. */
class PutCliTest {

    @TempDir
    Path directory;

    /**
     * An upload measures the server's MDTM clock from the file it just wrote. `put -c` of a file the
     * server already holds whole writes nothing, and the file's MDTM is its old time: three hours
     * old, it was taken for a server answering in local time three hours west, kept for good, and
     * every later MDTM read three hours off (a part file of a replaced version continued).
     */
    @Test
    void aContinuedUploadThatSentNothingDoesNotMeasureTheServersClock() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path remote = Files.writeString(server.home().resolve("same.txt"), "same content\n");
            Files.setLastModifiedTime(remote, FileTime.from(Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS)));
            Path local = Files.writeString(directory.resolve("same.txt"), "same content\n");
            CliProcess.Result put = CliProcess.run(directory.resolve("cli"), "put", "-c", local.toString(),
                    GetCliTest.url(server.port(), "/same.txt"));
            assertEquals(0, put.exitCode(), put::toString);
            Path learned = directory.resolve("cli/config/learned-servers.json");
            String saved = Files.exists(learned) ? Files.readString(learned) : "";
            assertFalse(saved.contains("\"minutes\" : -180"), "an MDTM offset learned from an old file: " + saved);
        }
    }

    /**
     * A local name with a "\\" was uploaded as it was (N), while a download refuses it: the server
     * here (MINA, as a Windows server would) put it in another folder. Refused before a byte is sent.
     */
    @Test
    void aFileWhoseNameTheServerCouldTakeForAPathIsNotUploaded() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.createDirectories(server.home().resolve("in"));
            Path local = Files.writeString(directory.resolve("a\\b.txt"), "would land in /in/a/b.txt");
            CliProcess.Result put = CliProcess.run(directory.resolve("cli"), "put", local.toString(),
                    GetCliTest.url(server.port(), "/in/"));
            assertNotEquals(0, put.exitCode(), put::toString);
            assertTrue(put.stderr().contains("a\\b.txt") && put.stderr().contains("not sent to a server"), put::toString);
            try (java.util.stream.Stream<Path> all = Files.walk(server.home())) {
                assertEquals(List.of(server.home(), server.home().resolve("in")), all.toList(), "nothing uploaded");
            }
        }
    }

    /**
     * T9: `put FILE URL/newdir/` failed with the server's 550 and no word of the folder, where `get URL dir/` makes
     * the local folder a name ending in "/" names. The folders are made, and the file goes into the last.
     */
    @Test
    void aFolderNamedByASlashThatIsNotThereIsMadeForTheFile() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.createDirectories(server.home().resolve("in"));
            Path local = Files.writeString(directory.resolve("report.txt"), "into a new folder\n");
            CliProcess.Result put = CliProcess.run(directory.resolve("cli"), "put", local.toString(),
                    GetCliTest.url(server.port(), "/in/new/deeper/"));
            assertEquals(0, put.exitCode(), put::toString);
            assertEquals("into a new folder\n", Files.readString(server.home().resolve("in/new/deeper/report.txt")));
        }
    }

    /** A server without room: the refusal, the uploads not started, and the way on. */
    @Test
    void aServerWithoutRoomIsSaidOnceForTheUploadsThatWait() throws Exception {
        org.apache.ftpserver.ftplet.Ftplet noRoom = MinaServer.answering("STOR", 452, "Insufficient storage space in system.");
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(noRoom).start()) {
            Path folder = Files.createDirectories(directory.resolve("site"));
            for (String name : List.of("a.txt", "b.txt", "c.txt")) {
                Files.writeString(folder.resolve(name), name);
            }
            CliProcess.Result put = CliProcess.run(directory.resolve("cli"), "put", "--parallel", "1", folder.toString(),
                    GetCliTest.url(server.port(), "/in/"));
            System.out.println("put, no room on the server:\n" + put);
            assertEquals(1, put.exitCode(), put::toString);
            assertTrue(put.stderr().contains("a.txt: The server has no room for the file"), put::toString);
            assertTrue(put.stderr().contains("2 items wait for room: ") && put.stderr().contains(
                    " has no room for another file. Once there is room, `ferry queue --resume` continues them"), put::toString);
        }
    }

    /**
     * T3: an upload the server refused was said with its local path only ("failed: /tmp/x.txt: The server
     * could not create the file…"): which file on the server could not be made was only in --log.
     */
    @Test
    void aRefusedUploadNamesWhereItWasToGo() throws Exception {
        org.apache.ftpserver.ftplet.Ftplet refuseStore = MinaServer.answering("STOR", 553, "Could not create file.");
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(refuseStore).start()) {
            Files.createDirectories(server.home().resolve("in"));
            Path local = Files.writeString(directory.resolve("report.txt"), "refused");
            CliProcess.Result put = CliProcess.run(directory.resolve("cli"), "put", local.toString(),
                    GetCliTest.url(server.port(), "/in/renamed.txt"));
            assertNotEquals(0, put.exitCode(), put::toString);
            String failure = put.stderr().lines().filter(line -> line.contains("failed: ")).findFirst().orElse(put.stderr());
            assertTrue(failure.contains(local.toString()) && failure.contains("/in/renamed.txt"), put::toString);
        }
    }

    /**
     * `ferry put 报告.txt ftp://host/dir/` as the first thing ever done with a server whose names are GBK and that says
     * nothing of UTF-8 (FileZilla users on such servers meet it): the name went out in UTF-8, stored under mojibake
     * beside the GBK names other clients wrote. It goes out in GBK, the charset the folder's names are in.
     */
    @Test
    void aChineseNamePutFirstThingIntoAFolderOfGbkNamesGoesOutInGbk() throws Exception {
        java.nio.charset.Charset gbk = java.nio.charset.Charset.forName("GBK");
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.useMlsd(false).features(List.of("SIZE", "MDTM", "REST STREAM", "EPSV"))
                    .listing("/dir", List.of("-rw-r--r-- 1 u g 1 Jan 01 2024 项目计划书.xlsx",
                            "drwxr-xr-x 1 u g 0 Jan 01 2024 中文目录"), gbk);
            Path local = Files.writeString(directory.resolve("报告.txt"), "月度报告\n");
            CliProcess.Result put = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                    "put", local.toString(), "ftp://u@127.0.0.1:" + server.port() + "/dir/");
            assertEquals(0, put.exitCode(), put::toString);
            String stored = server.commandBytes().stream().map(bytes -> new String(bytes, gbk))
                    .filter(line -> line.startsWith("STOR ")).reduce((first, second) -> second).orElse(server.commands().toString());
            assertEquals("STOR /dir/报告.txt", stored, "the name's bytes on the wire, read as GBK");
        }
    }

    /**
     * `put DIR URL/` poured DIR's files into URL itself, next to what was there, where `get URL/dir/ LOCAL/` puts the
     * folder into LOCAL by its name, as cp -r and scp -r do. Now the same rule both ways: a URL ending in "/" or
     * naming an existing folder takes the folder by its name; a path that is not there becomes its copy.
     */
    @Test
    void aFolderGoesIntoAnExistingFolderByItsNameAndANewPathBecomesItsCopy() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path www = Files.createDirectories(server.home().resolve("www"));
            Files.writeString(www.resolve("old.txt"), "old");
            Files.createDirectories(server.home().resolve("existing"));
            Path site = Files.createDirectories(directory.resolve("site"));
            Files.writeString(site.resolve("index.txt"), "index");
            Files.writeString(Files.createDirectories(site.resolve("sub")).resolve("a.txt"), "a");

            CliProcess.Result slash = CliProcess.run(directory.resolve("cli"), "put", site.toString(),
                    GetCliTest.url(server.port(), "/www/"));
            assertEquals(0, slash.exitCode(), slash::toString);
            assertEquals("index", Files.readString(www.resolve("site/index.txt")), slash.toString());
            assertEquals("a", Files.readString(www.resolve("site/sub/a.txt")), slash.toString());
            assertFalse(Files.exists(www.resolve("index.txt")), "not poured into www itself: " + slash);
            assertEquals("old", Files.readString(www.resolve("old.txt")));

            CliProcess.Result existing = CliProcess.run(directory.resolve("cli"), "put", "-r", site.toString(),
                    GetCliTest.url(server.port(), "/existing"));
            assertEquals(0, existing.exitCode(), existing::toString);
            assertEquals("a", Files.readString(server.home().resolve("existing/site/sub/a.txt")), existing.toString());
            assertFalse(Files.exists(server.home().resolve("existing/index.txt")), existing.toString());

            CliProcess.Result copy = CliProcess.run(directory.resolve("cli"), "put", site.toString(),
                    GetCliTest.url(server.port(), "/copy"));
            assertEquals(0, copy.exitCode(), copy::toString);
            assertEquals("a", Files.readString(server.home().resolve("copy/sub/a.txt")), copy.toString());
            assertFalse(Files.exists(server.home().resolve("copy/site")), copy.toString());

            // A URL ending in "/" that is not there: made, its parents too, and the folder goes in by its name.
            CliProcess.Result made = CliProcess.run(directory.resolve("cli"), "put", site.toString(),
                    GetCliTest.url(server.port(), "/new/deeper/"));
            assertEquals(0, made.exitCode(), made::toString);
            assertEquals("index", Files.readString(server.home().resolve("new/deeper/site/index.txt")), made.toString());
        }
    }

    /** --segments splits downloads only: put's help offered it as "Split each download …". */
    @Test
    void putsHelpDoesNotOfferSegments() throws Exception {
        CliProcess.Result put = CliProcess.run(directory.resolve("cli"), "put", "--help");
        assertEquals(0, put.exitCode(), put::toString);
        assertTrue(put.stdout().contains("--parallel"), put::toString);
        assertFalse(put.stdout().contains("--segments") || put.stdout().contains("download"), put::toString);
        CliProcess.Result get = CliProcess.run(directory.resolve("cli"), "get", "--help");
        assertTrue(get.stdout().contains("--segments"), get::toString);
    }

    /**
     * A folder's upload that ended with failures advised `ferry queue --resume` for every one, also for a file the
     * server refused for good (550 permission denied), which a resume only fails again. The advice to resume is for
     * what a resume can finish; a refusal is said as one, to retry once its cause is fixed.
     */
    @Test
    void onlyWhatAResumeCanFinishIsOfferedToIt() throws Exception {
        org.apache.ftpserver.ftplet.Ftplet refusing = new org.apache.ftpserver.ftplet.DefaultFtplet() {
            @Override
            public org.apache.ftpserver.ftplet.FtpletResult beforeCommand(org.apache.ftpserver.ftplet.FtpSession session,
                    org.apache.ftpserver.ftplet.FtpRequest request) throws org.apache.ftpserver.ftplet.FtpException, java.io.IOException {
                if ("STOR".equals(request.getCommand()) && request.getArgument().endsWith("denied.txt")) {
                    session.write(new org.apache.ftpserver.ftplet.DefaultFtpReply(550, "denied.txt: Permission denied"));
                    return org.apache.ftpserver.ftplet.FtpletResult.SKIP;
                }
                if ("STOR".equals(request.getCommand()) && request.getArgument().endsWith("busy.txt")) {
                    session.write(new org.apache.ftpserver.ftplet.DefaultFtpReply(450, "busy.txt: Try again later"));
                    return org.apache.ftpserver.ftplet.FtpletResult.SKIP;
                }
                return super.beforeCommand(session, request);
            }
        };
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(refusing).start()) {
            Path both = Files.createDirectories(directory.resolve("both"));
            for (String name : List.of("denied.txt", "busy.txt", "fine.txt")) {
                Files.writeString(both.resolve(name), name);
            }
            CliProcess.Result mixed = CliProcess.run(directory.resolve("cli"), "put", "--retries", "0", "--parallel", "1",
                    both.toString(), GetCliTest.url(server.port(), "/in/"));
            System.out.println("put, one refused, one cut:\n" + mixed);
            assertEquals(1, mixed.exitCode(), mixed::toString);
            assertTrue(mixed.stderr().contains("items failed; `ferry queue --resume` retries it,"), mixed::toString);
            assertTrue(mixed.stderr().contains("1 item failed for a cause a retry does not change")
                    && mixed.stderr().contains("after fixing it, `ferry queue --resume` retries it"), mixed::toString);

            Path denied = Files.createDirectories(directory.resolve("denied"));
            Files.writeString(denied.resolve("denied.txt"), "denied");
            Files.writeString(denied.resolve("fine.txt"), "fine");
            CliProcess.Result refused = CliProcess.run(directory.resolve("cli-2"), "put", denied.toString(),
                    GetCliTest.url(server.port(), "/in/"));
            System.out.println("put, one refused:\n" + refused);
            assertEquals(1, refused.exitCode(), refused::toString);
            assertTrue(refused.stderr().contains("denied.txt") && refused.stderr().contains("Permission denied"),
                    refused::toString);
            assertFalse(refused.stderr().contains("failed; `ferry queue --resume`"), "no resume offered: " + refused);
            assertTrue(refused.stderr().contains("1 item failed for a cause a retry does not change"), refused::toString);
        }
    }
}
