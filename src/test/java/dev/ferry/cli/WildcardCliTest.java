package dev.ferry.cli;

import dev.ferry.testing.CliProcess;
import dev.ferry.testing.FakeFtpServer;
import dev.ferry.testing.MinaServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `get 'URL/*.log' DIR/` (lftp's mget) and `put A B C URL/` (what the shell makes of `put *.txt URL/`). */
class WildcardCliTest {

    @TempDir
    Path directory;

    private static List<String> names(Path folder) throws java.io.IOException {
        try (var listed = Files.list(folder)) {
            return listed.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aStarInTheLastSegmentDownloadsTheMatchingFiles() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path logs = Files.createDirectories(server.home().resolve("logs"));
            Files.writeString(logs.resolve("a.log"), "a");
            Files.writeString(logs.resolve("b.log"), "bb");
            Files.writeString(logs.resolve("c.txt"), "c");
            Files.writeString(logs.resolve("d.log.gz"), "d");
            Files.createDirectories(logs.resolve("old.log"));
            Path into = directory.resolve("into");
            CliProcess.Result get = CliProcess.run(directory.resolve("cli"), "get",
                    GetCliTest.url(server.port(), "/logs/*.log"), into + "/");
            assertEquals(0, get.exitCode(), get::toString);
            assertEquals(List.of("a.log", "b.log"), names(into), get.toString());
            assertEquals("bb", Files.readString(into.resolve("b.log")));
            assertTrue(get.stdout().contains("Done: downloaded 2 files"), get::toString);
            assertTrue(get.stderr().contains("old.log"), "the folder that matched is said to be skipped: " + get);
        }
    }

    @Test
    void questionMarksAndBracketsMatchOneCharacter() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path logs = Files.createDirectories(server.home().resolve("logs"));
            for (String name : List.of("a1.log", "a2.log", "a10.log", "b1.log", "c1.log")) {
                Files.writeString(logs.resolve(name), name);
            }
            Path one = Files.createDirectories(directory.resolve("one"));
            CliProcess.Result question = CliProcess.run(directory.resolve("cli"), "get",
                    GetCliTest.url(server.port(), "/logs/a?.log"), one.toString());
            assertEquals(0, question.exitCode(), question::toString);
            assertEquals(List.of("a1.log", "a2.log"), names(one), question.toString());

            Path two = directory.resolve("two");
            CliProcess.Result brackets = CliProcess.run(directory.resolve("cli"), "get",
                    GetCliTest.url(server.port(), "/logs/[ab]1.log"), two + "/");
            assertEquals(0, brackets.exitCode(), brackets::toString);
            assertEquals(List.of("a1.log", "b1.log"), names(two), brackets.toString());

            Path three = directory.resolve("three");
            CliProcess.Result negated = CliProcess.run(directory.resolve("cli"), "get",
                    GetCliTest.url(server.port(), "/logs/[!a-b]?.log"), three + "/");
            assertEquals(0, negated.exitCode(), negated::toString);
            assertEquals(List.of("c1.log"), names(three), negated.toString());
        }
    }

    @Test
    void noMatchIsAnErrorAndWritesNothing() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path logs = Files.createDirectories(server.home().resolve("logs"));
            Files.writeString(logs.resolve("a.txt"), "a");
            Path into = directory.resolve("into");
            CliProcess.Result get = CliProcess.run(directory.resolve("cli"), "get",
                    GetCliTest.url(server.port(), "/logs/*.log"), into + "/");
            assertNotEquals(0, get.exitCode(), get::toString);
            assertTrue(get.stderr().contains("*.log") && get.stderr().contains("No file"), get::toString);
            assertFalse(Files.exists(into), "no folder made for nothing: " + get);

            // Several files cannot become one local file.
            Files.writeString(logs.resolve("b.txt"), "b");
            Path file = Files.writeString(directory.resolve("file.txt"), "mine");
            CliProcess.Result ontoFile = CliProcess.run(directory.resolve("cli"), "get",
                    GetCliTest.url(server.port(), "/logs/*.txt"), file.toString());
            assertNotEquals(0, ontoFile.exitCode(), ontoFile::toString);
            assertEquals("mine", Files.readString(file));
            assertTrue(ontoFile.stderr().contains("folder"), ontoFile::toString);
        }
    }

    @Test
    void hostileNamesThatMatchAreRefusedAndNothingLeavesTheFolder() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.listing("/d", List.of(
                            "type=file;size=4;modify=20240101000000; good.log",
                            "type=file;size=4;modify=20240101000000; x/../../evil.log",
                            "type=file;size=4;modify=20240101000000; ../evil2.log",
                            "type=file;size=4;modify=20240101000000; cr\rlf.log"))
                    .file("/d/good.log", "good".getBytes(StandardCharsets.UTF_8))
                    .file("/d/x/../../evil.log", "evil".getBytes(StandardCharsets.UTF_8))
                    .file("/d/../evil2.log", "evil".getBytes(StandardCharsets.UTF_8));
            Path base = Files.createDirectories(directory.resolve("base"));
            Path into = base.resolve("in");
            CliProcess.Result get = CliProcess.run(directory.resolve("cli"), Map.of("FERRY_PASSWORD", "p"), "get",
                    "ftp://u@127.0.0.1:" + server.port() + "//d/*.log", into + "/");
            assertEquals(List.of("in"), names(base), get.toString());
            assertEquals(List.of("good.log"), names(into), get.toString());
            assertFalse(Files.exists(directory.resolve("evil.log")) || Files.exists(directory.resolve("evil2.log")),
                    get::toString);
            assertTrue(get.stderr().contains("evil.log"), "the refused name is said: " + get);
            assertFalse((get.stdout() + get.stderr()).contains("\r"), get::toString);
        }
    }

    @Test
    void anEscapedStarIsTheCharacterItself() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.listing("/d", List.of("type=file;size=4;modify=20240101000000; a*b",
                            "type=file;size=5;modify=20240101000000; axxb"))
                    .file("/d/a*b", "star".getBytes(StandardCharsets.UTF_8))
                    .file("/d/axxb", "other".getBytes(StandardCharsets.UTF_8));
            Path into = Files.createDirectories(directory.resolve("into"));
            CliProcess.Result get = CliProcess.run(directory.resolve("cli"), Map.of("FERRY_PASSWORD", "p"), "get",
                    "ftp://u@127.0.0.1:" + server.port() + "//d/a%2Ab", into + "/");
            assertEquals(0, get.exitCode(), get::toString);
            assertEquals(List.of("a*b"), names(into), get.toString());
            assertEquals("star", Files.readString(into.resolve("a*b")));
        }
    }

    @Test
    void severalLocalOperandsGoIntoTheUrlsFolder() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path a = Files.writeString(directory.resolve("a.txt"), "a");
            Path b = Files.writeString(directory.resolve("b.txt"), "bb");
            Path c = Files.createDirectories(directory.resolve("c"));
            Files.writeString(c.resolve("inside.txt"), "in");
            CliProcess.Result put = CliProcess.run(directory.resolve("cli"), "put", a.toString(), b.toString(),
                    c + "/", GetCliTest.url(server.port(), "/dir/"));
            assertEquals(0, put.exitCode(), put::toString);
            Path dir = server.home().resolve("dir");
            assertEquals(List.of("a.txt", "b.txt", "c"), names(dir), put.toString());
            assertEquals("bb", Files.readString(dir.resolve("b.txt")));
            assertEquals("in", Files.readString(dir.resolve("c/inside.txt")));
        }
    }

    @Test
    void severalLocalOperandsToANonFolderUrlAreRefused() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.writeString(server.home().resolve("one.txt"), "there");
            Path a = Files.writeString(directory.resolve("a.txt"), "a");
            Path b = Files.writeString(directory.resolve("b.txt"), "b");
            for (String path : List.of("/one.txt", "/missing")) {
                CliProcess.Result put = CliProcess.run(directory.resolve("cli"), "put", a.toString(), b.toString(),
                        GetCliTest.url(server.port(), path));
                assertNotEquals(0, put.exitCode(), put::toString);
                assertTrue(put.stderr().contains("the URL must name a folder"), put::toString);
            }
            assertEquals("there", Files.readString(server.home().resolve("one.txt")));
            assertEquals(List.of("one.txt"), names(server.home()));
            CliProcess.Result stdin = CliProcess.run(directory.resolve("cli"), "put", "-", a.toString(),
                    GetCliTest.url(server.port(), "/"));
            assertNotEquals(0, stdin.exitCode(), stdin::toString);
            assertTrue(stdin.stderr().contains("standard input is the only LOCAL"), stdin::toString);
        }
    }
}
