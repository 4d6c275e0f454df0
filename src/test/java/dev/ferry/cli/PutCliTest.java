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
}
