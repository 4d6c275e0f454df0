package dev.ferry.cli;

import dev.ferry.testing.CliProcess;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LsCliTest {

    @TempDir
    Path directory;

    @Test
    void lsOfAFileShowsThatFileAsLsDoes() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.createDirectories(server.home().resolve("docs"));
            TestFiles.random(server.home().resolve("docs/report.pdf"), 12_345, 1);
            TestFiles.random(server.home().resolve("docs/other.txt"), 10, 2);
            String base = "ftp://" + MinaServer.USER + ":" + MinaServer.PASSWORD + "@127.0.0.1:" + server.port();
            CliProcess.Result file = CliProcess.run(directory.resolve("cli"), "ls", base + "/docs/report.pdf");
            assertEquals(0, file.exitCode(), file.toString());
            List<String> lines = file.stdout().lines().toList();
            assertEquals(1, lines.size(), file.toString());
            assertTrue(lines.getFirst().startsWith("-") && lines.getFirst().contains(" 12345 ")
                    && lines.getFirst().endsWith(" report.pdf"), file.toString());

            CliProcess.Result missing = CliProcess.run(directory.resolve("cli"), "ls", base + "/docs/nothing-here");
            assertEquals(1, missing.exitCode(), missing.toString());
            assertTrue(missing.stdout().isEmpty(), missing.toString());
        }
    }

    /** No password anywhere and no terminal to ask on: said so; an empty one was sent and "refused" was reported. */
    @Test
    void aMissingPasswordWithoutATerminalIsSaidNotSentEmpty() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            CliProcess.Result listed = CliProcess.runWithInput(directory.resolve("cli"), java.util.Map.of(), "", "ls",
                    "ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port() + "/");
            assertEquals(1, listed.exitCode(), listed.toString());
            assertTrue(listed.stderr().contains("no password for " + MinaServer.USER + "@127.0.0.1")
                    && listed.stderr().contains("FERRY_PASSWORD"), listed.toString());
        }
    }

    /** In the order the window shows them: numbers by value, letters without case. */
    @Test
    void namesComeInTheOrderPeopleRead() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            for (String name : List.of("f10.txt", "F2.txt", "f1.txt", "a.txt", "f100.txt")) {
                Files.writeString(server.home().resolve(name), name);
            }
            String base = "ftp://" + MinaServer.USER + ":" + MinaServer.PASSWORD + "@127.0.0.1:" + server.port();
            CliProcess.Result listed = CliProcess.run(directory.resolve("cli"), "ls", base + "/");
            assertEquals(0, listed.exitCode(), listed.toString());
            List<String> names = listed.stdout().lines().map(line -> line.substring(line.lastIndexOf(' ') + 1)).toList();
            assertEquals(List.of("a.txt", "f1.txt", "F2.txt", "f10.txt", "f100.txt"), names, listed.toString());
        }
    }

    /** A server without TLS under --tls auto: one warning, not the same one twice in other words. */
    @Test
    void fallingBackToPlainWarnsOnce() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            String base = "ftp://" + MinaServer.USER + ":" + MinaServer.PASSWORD + "@127.0.0.1:" + server.port();
            CliProcess.Result result = CliProcess.run(directory.resolve("cli"), "ls", "--tls", "auto", base + "/");
            assertEquals(0, result.exitCode(), result.toString());
            List<String> warnings = result.stderr().lines().filter(line -> line.contains("warning")).toList();
            assertEquals(1, warnings.size(), result.toString());
            assertTrue(warnings.getFirst().contains("WITHOUT ENCRYPTION"), result.toString());
        }
    }

    @Test
    void aBadPercentEscapeIsExplained() throws Exception {
        CliProcess.Result bad = CliProcess.run(directory.resolve("cli"), "ls", "ftp://127.0.0.1:9/%zz");
        assertEquals(1, bad.exitCode(), bad.toString());
        assertTrue(bad.stderr().contains("two hexadecimal digits"), bad.toString());
    }

    /**
     * An option of other commands given to ls: picocli took its value for the URL and then named the
     * real URL as the unknown one, which sent the user looking at a URL that was right.
     */
    @Test
    void anOptionLsDoesNotHaveIsNamedNotTheUrl() throws Exception {
        String url = "ftp://" + MinaServer.USER + "@127.0.0.1:1/";
        CliProcess.Result listed = CliProcess.run(directory.resolve("cli"), "ls", "--parallel", "2", url);
        assertEquals(2, listed.exitCode(), listed.toString());
        String firstLine = listed.stderr().lines().findFirst().orElse("");
        assertTrue(firstLine.contains("--parallel") && !firstLine.contains(url), listed.toString());
        assertTrue(firstLine.contains("ls has no option --parallel") && firstLine.contains("mirror"), listed.toString());
    }

    /**
     * A value that starts with "--" (a password, say) is the value of its option, not an option the
     * command lacks: named as one, the password was printed on the terminal, and the real mistake
     * (an argument too many) went unsaid.
     */
    @Test
    void anOptionsValueIsNotNamedAsAnUnknownOption() throws Exception {
        String url = "ftp://" + MinaServer.USER + "@127.0.0.1:1/";
        CliProcess.Result listed = CliProcess.run(directory.resolve("cli"), "ls", "--password", "--S3cr3t", url, "extra");
        assertEquals(2, listed.exitCode(), listed.toString());
        assertTrue(!listed.stderr().contains("S3cr3t") && !listed.stdout().contains("S3cr3t"), listed.toString());
        assertTrue(listed.stderr().contains("extra"), listed.toString());
    }

    /**
     * A server listing in UTC+8 (no MLSD, no MDTM) whose offset a sync measured before: ls said the
     * listing's local time under a column its help calls UTC, eight hours off.
     */
    @Test
    void theTimeColumnIsUtcWithTheOffsetLearntForTheServer() throws Exception {
        java.time.Instant changed = java.time.Instant.now().minus(java.time.Duration.ofDays(3))
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        java.time.format.DateTimeFormatter listed = java.time.format.DateTimeFormatter
                .ofPattern("MMM dd HH:mm", java.util.Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC);
        try (dev.ferry.testing.FakeFtpServer server = new dev.ferry.testing.FakeFtpServer()) {
            server.useMlsd(false).features(List.of("SIZE", "REST STREAM", "UTF8", "EPSV")).listing("/d", List.of(
                    "-rw-r--r--   1 u g 5 " + listed.format(changed.plus(java.time.Duration.ofHours(8))) + " a.txt"));
            dev.ferry.site.LearnedServers.open(directory.resolve("cli/config").resolve(dev.ferry.site.LearnedServers.FILE_NAME))
                    .forServer("127.0.0.1", server.port()).learnListingOffset(java.time.Duration.ofHours(8));
            CliProcess.Result listing = CliProcess.run(directory.resolve("cli"), java.util.Map.of("FERRY_PASSWORD", "p"),
                    "ls", "ftp://u@127.0.0.1:" + server.port() + "//d");
            assertEquals(0, listing.exitCode(), listing.toString());
            String utc = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", java.util.Locale.ROOT)
                    .withZone(java.time.ZoneOffset.UTC).format(changed);
            assertTrue(listing.stdout().contains(" " + utc + " ") && listing.stdout().contains("a.txt"), listing.toString());
        }
    }
}
