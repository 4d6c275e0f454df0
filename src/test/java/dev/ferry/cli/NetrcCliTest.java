package dev.ferry.cli;

import dev.ferry.testing.CliProcess;
import dev.ferry.testing.MinaServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line reads a password (and a login) from a netrc file when none is given, as curl -n,
 * lftp, wget and ftp(1) do: {@code $NETRC}, else {@code ~/.netrc}.
 */
class NetrcCliTest {

    @TempDir
    Path directory;

    private Path netrc(String text, String permissions) throws Exception {
        Path file = directory.resolve("netrc");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private CliProcess.Result ls(Path netrc, String url, String... more) throws Exception {
        return ls(Map.of("NETRC", netrc.toString()), url, more);
    }

    private CliProcess.Result ls(Map<String, String> environment, String url, String... more) throws Exception {
        String[] args = new String[more.length + 2];
        args[0] = "ls";
        System.arraycopy(more, 0, args, 1, more.length);
        args[args.length - 1] = url;
        // Standard input empty and no terminal: what asks today fails, saying so.
        return CliProcess.runWithInput(directory.resolve("cli"), environment, "", args);
    }

    @Test
    void thePasswordOnlyInTheNetrcFileLogsIn() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.writeString(server.home().resolve("here.txt"), "x");
            Path file = netrc("machine 127.0.0.1 login " + MinaServer.USER + " password " + MinaServer.PASSWORD + "\n",
                    "rw-------");
            CliProcess.Result listed = ls(file, "ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port() + "/", "--log");
            assertEquals(0, listed.exitCode(), listed.toString());
            assertTrue(listed.stdout().contains("here.txt"), listed.toString());
            // Masked in the dialogue like any other password.
            assertFalse(listed.stderr().contains(MinaServer.PASSWORD) || listed.stdout().contains(MinaServer.PASSWORD),
                    listed.toString());
        }
    }

    @Test
    void theLoginComesFromTheNetrcFileWhenTheUrlNamesNone() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.writeString(server.home().resolve("here.txt"), "x");
            Path file = netrc("""
                    # curl accepts comments
                    machine example.org login someone password other
                    machine 127.0.0.1
                        login %s
                        password "%s"
                    """.formatted(MinaServer.USER, MinaServer.PASSWORD), "rw-------");
            CliProcess.Result listed = ls(file, "ftp://127.0.0.1:" + server.port() + "/", "--log");
            assertEquals(0, listed.exitCode(), listed.toString());
            assertTrue(listed.stdout().contains("here.txt"), listed.toString());
            assertTrue(listed.stderr().contains("USER " + MinaServer.USER), listed.toString());
        }
    }

    @Test
    void theDefaultEntryIsTheFallback() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path file = netrc("machine example.org login someone password other\ndefault login " + MinaServer.USER
                    + " password " + MinaServer.PASSWORD + "\n", "rw-------");
            CliProcess.Result listed = ls(file, "ftp://127.0.0.1:" + server.port() + "/");
            assertEquals(0, listed.exitCode(), listed.toString());
        }
    }

    /** An entry for another host, or for another login on this host, is not this one's: as before, said. */
    @Test
    void noMatchingEntryLeavesTheOldBehaviour() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path file = netrc("machine example.org login " + MinaServer.USER + " password " + MinaServer.PASSWORD + "\n"
                    + "machine 127.0.0.1 login somebody-else password " + MinaServer.PASSWORD + "\n", "rw-------");
            CliProcess.Result listed = ls(file, "ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port() + "/");
            assertEquals(1, listed.exitCode(), listed.toString());
            assertTrue(listed.stderr().contains("no password for " + MinaServer.USER + "@127.0.0.1"), listed.toString());
        }
    }

    /** FERRY_PASSWORD (and --password) come before the netrc file; --no-netrc leaves it unread. */
    @Test
    void givenPasswordsComeFirstAndNoNetrcSwitchesItOff() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path file = netrc("machine 127.0.0.1 login " + MinaServer.USER + " password wrong\n", "rw-------");
            String url = "ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port() + "/";
            CliProcess.Result listed = ls(Map.of("NETRC", file.toString(), "FERRY_PASSWORD", MinaServer.PASSWORD), url);
            assertEquals(0, listed.exitCode(), listed.toString());
            CliProcess.Result option = ls(file, url, "--password", MinaServer.PASSWORD);
            assertEquals(0, option.exitCode(), option.toString());

            Path good = netrc("machine 127.0.0.1 login " + MinaServer.USER + " password " + MinaServer.PASSWORD + "\n",
                    "rw-------");
            CliProcess.Result off = ls(good, url, "--no-netrc");
            assertEquals(1, off.exitCode(), off.toString());
            assertTrue(off.stderr().contains("no password for " + MinaServer.USER + "@127.0.0.1"), off.toString());
        }
    }

    /** As ftp(1): a password in a file others can read is not used, and the user is told how to fix it. */
    @Test
    void aFileOthersCanReadIsRefused() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path file = netrc("machine 127.0.0.1 login " + MinaServer.USER + " password " + MinaServer.PASSWORD + "\n",
                    "rw-r-----");
            CliProcess.Result listed = ls(file, "ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port() + "/");
            assertEquals(1, listed.exitCode(), listed.toString());
            assertTrue(listed.stderr().contains(file.toString()) && listed.stderr().contains("chmod 600"),
                    listed.toString());
            assertEquals(0, server.logins(), listed.toString());
        }
    }

    @Test
    void aMalformedFileIsACleanErrorNamingTheFileAndLine() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path file = netrc("machine example.org login a password b\nmachine 127.0.0.1 login " + MinaServer.USER
                    + " password \"unterminated\n", "rw-------");
            CliProcess.Result listed = ls(file, "ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port() + "/");
            assertEquals(1, listed.exitCode(), listed.toString());
            assertTrue(listed.stderr().contains(file + ", line 2"), listed.toString());
            assertFalse(listed.stderr().contains("Exception"), listed.toString());
            assertEquals(1, listed.stderr().strip().lines().count(), listed.toString());
        }
    }

    /**
     * The saved queue keeps no password, not even one from the netrc file; queue --resume reads the file
     * again, as the command that filled the queue did.
     */
    @Test
    void queueResumeTakesThePasswordFromTheNetrcFileAndTheQueueKeepsNone() throws Exception {
        SavedQueueCliTest.Refuser refuser = new SavedQueueCliTest.Refuser();
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(refuser).start()) {
            Path first = Files.createDirectories(server.home().resolve("first"));
            byte[] broken = new byte[70_000];
            new java.util.Random(1).nextBytes(broken);
            Files.write(first.resolve("broken.bin"), broken);
            Files.writeString(first.resolve("good.txt"), "good");
            Path file = netrc("machine 127.0.0.1 login " + MinaServer.USER + " password " + MinaServer.PASSWORD + "\n",
                    "rw-------");
            Map<String, String> environment = Map.of("NETRC", file.toString());
            Path work = directory.resolve("cli");
            Path down = directory.resolve("down");
            CliProcess.Result failing = CliProcess.run(work, environment, "get",
                    "ftp://127.0.0.1:" + server.port() + "/first", down.toString());
            assertEquals(1, failing.exitCode(), failing.toString());
            assertTrue(Files.exists(down.resolve("good.txt")), failing.toString());
            try (var saved = Files.walk(work.resolve("config"))) {
                for (Path kept : saved.filter(Files::isRegularFile).toList()) {
                    assertFalse(Files.readString(kept, java.nio.charset.StandardCharsets.ISO_8859_1)
                            .contains(MinaServer.PASSWORD), "no password on disk: " + kept);
                }
            }
            refuser.refusing = false;
            CliProcess.Result resumed = CliProcess.run(work, environment, "queue", "--resume");
            assertEquals(0, resumed.exitCode(), resumed.toString());
            assertTrue(java.util.Arrays.equals(broken, Files.readAllBytes(down.resolve("broken.bin"))), resumed.toString());
        }
    }
}
