package dev.ferry.cli;

import dev.ferry.testing.CliProcess;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line's saved queue keeps what a command left for {@code ferry queue --resume}: a user's
 * failed download was no longer there to retry after the next command, whose queue replaced it.
 */
class SavedQueueCliTest {

    @TempDir
    Path directory;

    /**
     * Refuses to send files named broken.bin while {@code refusing}, as a server does with a file it
     * cannot read; holds the download of slow.bin until {@code release} opens.
     */
    static final class Refuser extends DefaultFtplet {
        volatile boolean refusing = true;
        final java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

        @Override
        public FtpletResult beforeCommand(FtpSession session, FtpRequest request)
                throws org.apache.ftpserver.ftplet.FtpException, java.io.IOException {
            if (refusing && "RETR".equals(request.getCommand()) && request.getArgument().endsWith("broken.bin")) {
                session.write(new DefaultFtpReply(550, "broken.bin: Permission denied"));
                return FtpletResult.SKIP;
            }
            if ("RETR".equals(request.getCommand()) && request.getArgument().endsWith("slow.bin")) {
                holding.countDown();
                try {
                    release.await(2, java.util.concurrent.TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.beforeCommand(session, request);
        }
    }

    @Test
    void aLaterCommandKeepsAnEarlierFailureForQueueResume() throws Exception {
        Refuser refuser = new Refuser();
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(refuser).start()) {
            Path first = Files.createDirectories(server.home().resolve("first"));
            byte[] broken = TestFiles.bytes(70_000, 1);
            Files.write(first.resolve("broken.bin"), broken);
            Files.write(first.resolve("good.bin"), TestFiles.bytes(50_000, 2));
            Files.write(Files.createDirectories(server.home().resolve("second")).resolve("other.bin"),
                    TestFiles.bytes(30_000, 3));
            String url = "ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port();
            Map<String, String> password = Map.of("FERRY_PASSWORD", MinaServer.PASSWORD);
            Path work = directory.resolve("work");
            Path down = directory.resolve("down");

            CliProcess.Result failing = CliProcess.run(work, password, "get", url + "/first", down.resolve("first").toString());
            assertEquals(1, failing.exitCode(), failing.toString());
            assertTrue(failing.stderr().contains("broken.bin"), failing.toString());

            CliProcess.Result later = CliProcess.run(work, password, "get", url + "/second", down.resolve("second").toString());
            assertEquals(0, later.exitCode(), "the later command's own work succeeded: " + later);
            assertTrue(Files.exists(down.resolve("second").resolve("other.bin")), later.toString());

            CliProcess.Result listed = CliProcess.run(work, password, "queue");
            assertTrue(listed.stdout().contains("/first/broken.bin"), "the earlier failure is still queued: " + listed);
            assertTrue(later.stderr().contains("1 item left by earlier commands waits"), "and the later command said so: " + later);

            refuser.refusing = false;
            // The saved queue keeps no password: without one (and no terminal to ask on), say so, not "530".
            // As a whole number: the server's random port may have 530 in it.
            CliProcess.Result withoutPassword = CliProcess.run(work, "queue", "--resume");
            assertEquals(1, withoutPassword.exitCode(), withoutPassword.toString());
            assertTrue(withoutPassword.stderr().contains("FERRY_PASSWORD") && !Pattern.compile("\\b530\\b").matcher(withoutPassword.stderr()).find(),
                    "how to give the password, not a refused login: " + withoutPassword);
            CliProcess.Result resumed = CliProcess.run(work, password, "queue", "--resume");
            assertEquals(0, resumed.exitCode(), resumed.toString());
            assertArrayEquals(broken, Files.readAllBytes(down.resolve("first").resolve("broken.bin")));
        }
    }

    /**
     * A command run with --tls auto against a server without TLS left an item: resumed without the
     * option nothing goes in clear (the queue file keeps no consent), and --tls none, which the
     * refusal advises, resumes it over plain FTP.
     */
    @Test
    void anItemLeftUnderTlsAutoIsResumedPlainOnlyWhenTheCommandLineSaysSo() throws Exception {
        Refuser refuser = new Refuser();
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(refuser).start()) {
            Path first = Files.createDirectories(server.home().resolve("first"));
            byte[] broken = TestFiles.bytes(70_000, 1);
            Files.write(first.resolve("broken.bin"), broken);
            String url = "ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port();
            Map<String, String> password = Map.of("FERRY_PASSWORD", MinaServer.PASSWORD);
            Path work = directory.resolve("work");
            Path down = directory.resolve("down");
            CliProcess.Result failing = CliProcess.run(work, password, "get", "--tls", "auto", url + "/first",
                    down.resolve("first").toString());
            assertEquals(1, failing.exitCode(), failing.toString());

            refuser.refusing = false;
            CliProcess.Result refused = CliProcess.run(work, password, "queue", "--resume", "--log");
            assertEquals(1, refused.exitCode(), refused.toString());
            assertTrue(refused.stderr().contains("does not offer TLS"), refused.toString());
            assertFalse(refused.stderr().contains("USER "), "nothing in clear: " + refused);
            CliProcess.Result resumed = CliProcess.run(work, password, "queue", "--resume", "--tls", "none");
            assertEquals(0, resumed.exitCode(), resumed.toString());
            assertArrayEquals(broken, Files.readAllBytes(down.resolve("first").resolve("broken.bin")));
        }
    }

    /**
     * The only file of a command failed: "1 of 1 items failed; ... retries them". A 550 is a refusal a resume alone
     * meets again: said as one, to retry once it is fixed, not offered to --resume as a cut would be.
     */
    @Test
    void oneFailedFileIsCountedInTheSingular() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(new Refuser()).start()) {
            Files.write(Files.createDirectories(server.home().resolve("first")).resolve("broken.bin"), TestFiles.bytes(1000, 1));
            CliProcess.Result failing = CliProcess.run(directory.resolve("work"), Map.of("FERRY_PASSWORD", MinaServer.PASSWORD),
                    "get", "ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port() + "/first",
                    directory.resolve("down").toString());
            assertEquals(1, failing.exitCode(), failing.toString());
            assertTrue(failing.stderr().contains("ferry: 1 item failed for a cause a retry does not change")
                    && failing.stderr().contains("after fixing it, `ferry queue --resume` retries it, "
                    + "`ferry queue --clear` drops it"), failing.toString());
            assertFalse(failing.stderr().contains("ferry: 1 item failed; `ferry queue --resume`"), failing.toString());
        }
    }

    /** Two servers' files of the same path were listed alike: nothing said which server each waits for. */
    @Test
    void theListingNamesEachItemsServer() throws Exception {
        try (MinaServer one = MinaServer.builder(directory.resolve("one")).ftplet(new Refuser()).start();
             MinaServer other = MinaServer.builder(directory.resolve("other")).ftplet(new Refuser()).start()) {
            Map<String, String> password = Map.of("FERRY_PASSWORD", MinaServer.PASSWORD);
            for (MinaServer server : java.util.List.of(one, other)) {
                Files.write(Files.createDirectories(server.home().resolve("first")).resolve("broken.bin"), TestFiles.bytes(1000, 1));
                CliProcess.Result failing = CliProcess.run(directory.resolve("work"), password, "get",
                        "ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port() + "/first",
                        directory.resolve("down-" + server.port()).toString());
                assertEquals(1, failing.exitCode(), failing.toString());
            }
            CliProcess.Result listed = CliProcess.run(directory.resolve("work"), "queue");
            assertEquals(0, listed.exitCode(), listed.toString());
            for (MinaServer server : java.util.List.of(one, other)) {
                String serverName = MinaServer.USER + "@127.0.0.1:" + server.port();
                assertTrue(listed.stdout().lines().anyMatch(line -> line.contains(serverName)
                                && line.contains("/first/broken.bin") && line.contains("down-" + server.port())),
                        serverName + "'s file with its server: " + listed);
            }
            // Under a Chinese locale its state and direction words are Chinese, and the columns still align.
            CliProcess.Result chinese = CliProcess.run(directory.resolve("work"), Map.of("JAVA_TOOL_OPTIONS",
                    "-Duser.language=zh -Duser.country=CN -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8"), "queue");
            java.util.List<String> rows = chinese.stdout().lines().toList();
            assertEquals(2, rows.size(), chinese.toString());
            for (String row : rows) {
                // 失败 and 下载 take two columns a character: "失败    下载     " as "FAILED  download ".
                assertTrue(row.startsWith("失败    下载             1000  ferry@"), chinese.toString());
            }
        }
    }

    /**
     * A failure a user gave up on was mentioned by every later command ("1 item left by earlier
     * commands waits") and listed by {@code ferry queue} for ever: nothing removed it but a
     * successful {@code queue --resume}. {@code queue --clear} removes what is saved, as the window's
     * Remove does.
     */
    @Test
    void queueClearRemovesWhatEarlierCommandsLeft() throws Exception {
        Refuser refuser = new Refuser();
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(refuser).start()) {
            Path first = Files.createDirectories(server.home().resolve("first"));
            Files.write(first.resolve("broken.bin"), TestFiles.bytes(70_000, 1));
            Files.write(Files.createDirectories(server.home().resolve("second")).resolve("other.bin"),
                    TestFiles.bytes(30_000, 3));
            String url = "ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port();
            Map<String, String> password = Map.of("FERRY_PASSWORD", MinaServer.PASSWORD);
            Path work = directory.resolve("work-clear");
            Path down = directory.resolve("down-clear");
            CliProcess.Result failing = CliProcess.run(work, password, "get", url + "/first", down.resolve("first").toString());
            assertEquals(1, failing.exitCode(), failing.toString());
            assertTrue(CliProcess.run(work, "queue").stdout().contains("/first/broken.bin"), "the failure is saved");
            assertTrue(failing.stderr().contains("`ferry queue --clear` drops it"), "the way out is said: " + failing);

            CliProcess.Result cleared = CliProcess.run(work, "queue", "--clear");
            assertEquals(0, cleared.exitCode(), cleared.toString());
            assertTrue(cleared.stdout().contains("1 file"), "says what it removed: " + cleared);

            CliProcess.Result listed = CliProcess.run(work, "queue");
            assertEquals("", listed.stdout(), "nothing saved any more: " + listed);
            CliProcess.Result later = CliProcess.run(work, password, "get", url + "/second", down.resolve("second").toString());
            assertEquals(0, later.exitCode(), later.toString());
            assertFalse(later.stderr().contains("left by earlier commands"), "no earlier item mentioned: " + later);
        }
    }

    /**
     * Queued with the password in the URL, which the saved queue rightly does not keep: resuming
     * said "give it ... in the URL", where queue --resume took no URL. It says how, and takes the URL.
     */
    @Test
    void aPasswordGivenInTheQueuedUrlIsAskedForOnResumeAndTakenFromAUrl() throws Exception {
        Refuser refuser = new Refuser();
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(refuser).start()) {
            Path first = Files.createDirectories(server.home().resolve("first"));
            byte[] broken = TestFiles.bytes(70_000, 1);
            Files.write(first.resolve("broken.bin"), broken);
            Files.write(first.resolve("also-broken.bin"), TestFiles.bytes(1000, 2));
            String server1 = "127.0.0.1:" + server.port();
            String withPassword = "ftp://" + MinaServer.USER + ":" + MinaServer.PASSWORD + "@" + server1;
            Path work = directory.resolve("work");
            Path down = directory.resolve("down");
            CliProcess.Result failing = CliProcess.run(work, "get", withPassword + "/first", down.toString());
            assertEquals(1, failing.exitCode(), failing.toString());
            try (var saved = Files.walk(work.resolve("config"))) {
                for (Path file : saved.filter(Files::isRegularFile).toList()) {
                    assertFalse(Files.readString(file).contains(MinaServer.PASSWORD), "no password on disk: " + file);
                }
            }

            refuser.refusing = false;
            // A TLS URL's password is not given to the plain server of the same host and port.
            CliProcess.Result tlsUrl = CliProcess.run(work, "queue", "--resume",
                    "ftpes://" + MinaServer.USER + ":" + MinaServer.PASSWORD + "@" + server1);
            assertEquals(1, tlsUrl.exitCode(), tlsUrl.toString());
            assertTrue(tlsUrl.stderr().contains("not even one given in a URL"), tlsUrl.toString());
            // Without --resume a URL is refused, not ignored with its password.
            CliProcess.Result listing = CliProcess.run(work, "queue", withPassword);
            assertTrue(listing.exitCode() != 0 && listing.stderr().contains("add --resume"), listing.toString());

            CliProcess.Result withoutPassword = CliProcess.run(work, "queue", "--resume");
            assertEquals(1, withoutPassword.exitCode(), withoutPassword.toString());
            assertTrue(withoutPassword.stderr().contains("not even one given in a URL")
                    && withoutPassword.stderr().contains("ferry queue --resume ftp://" + MinaServer.USER + ":PASSWORD@"
                    + server1) && withoutPassword.stderr().contains("FERRY_PASSWORD"),
                    "how to give the password again: " + withoutPassword);
            assertFalse(withoutPassword.stderr().contains("in the URL or"), withoutPassword.toString());
            assertEquals(1, withoutPassword.stderr().split("not even one given", -1).length - 1,
                    "said once for the server, not once per file: " + withoutPassword);

            CliProcess.Result resumed = CliProcess.run(work, "queue", "--resume", withPassword);
            assertEquals(0, resumed.exitCode(), resumed.toString());
            assertArrayEquals(broken, Files.readAllBytes(down.resolve("broken.bin")));
        }
    }

    @Test
    void aSecondCommandWhileOneRunsLeavesTheSavedQueueToIt() throws Exception {
        Refuser server = new Refuser();
        try (MinaServer mina = MinaServer.builder(directory.resolve("server")).ftplet(server).start()) {
            Path tree = Files.createDirectories(mina.home().resolve("tree"));
            byte[] slow = TestFiles.bytes(40_000, 4);
            Files.write(tree.resolve("slow.bin"), slow);
            Files.write(Files.createDirectories(mina.home().resolve("other")).resolve("other.bin"), TestFiles.bytes(20_000, 5));
            Files.write(mina.home().resolve("other").resolve("broken.bin"), TestFiles.bytes(10_000, 6));
            String url = "ftp://" + MinaServer.USER + "@127.0.0.1:" + mina.port();
            Map<String, String> password = Map.of("FERRY_PASSWORD", MinaServer.PASSWORD);
            Path work = directory.resolve("work");
            Path down = directory.resolve("down");
            Files.createDirectories(work);
            Process first = CliProcess.start(work.resolve("config"), password, work.resolve("first.out"),
                    work.resolve("first.err"), "get", url + "/tree", down.resolve("tree").toString());
            try {
                assertTrue(server.holding.await(2, java.util.concurrent.TimeUnit.MINUTES), "the first command downloading");
                CliProcess.Result second = CliProcess.run(work, password, "get", url + "/other", down.resolve("other").toString());
                System.out.println("second command while the first runs:\n" + second);
                assertEquals(1, second.exitCode(), "broken.bin refused: " + second);
                assertTrue(second.stderr().contains("Another Ferry"), "told that its queue is not saved: " + second);
                // T9: it went on to promise that `ferry queue --resume` would retry what it never saved.
                assertTrue(second.stderr().contains("broken.bin"), second.toString());
                assertFalse(second.stderr().contains("queue --resume` retries"), "a retry it cannot give: " + second);
                assertTrue(Files.exists(down.resolve("other").resolve("other.bin")), second.toString());
                // Resuming the saved queue it cannot have: said, and a failure, not "Done: 0 files" and 0.
                CliProcess.Result resume = CliProcess.run(work, password, "queue", "--resume");
                assertEquals(1, resume.exitCode(), resume.toString());
                assertTrue(resume.stderr().contains("ferry queue --resume") && resume.stderr().contains("once"),
                        "when to try again: " + resume);
            } finally {
                server.release.countDown();
            }
            assertTrue(first.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), "the first command ended");
            assertEquals(0, first.exitValue(), Files.readString(work.resolve("first.err")));
            assertArrayEquals(slow, Files.readAllBytes(down.resolve("tree").resolve("slow.bin")));
        }
    }
    /** After Ctrl+C or a crash, `ferry queue` listed the stopped files as ACTIVE: nothing was transferring them. */
    @Test
    void filesOfAStoppedCommandAreListedAsStoppedNotActive() throws Exception {
        Refuser server = new Refuser();
        try (MinaServer mina = MinaServer.builder(directory.resolve("server")).ftplet(server).start()) {
            Path tree = Files.createDirectories(mina.home().resolve("tree"));
            Files.write(tree.resolve("slow.bin"), TestFiles.bytes(40_000, 4));
            String url = "ftp://" + MinaServer.USER + "@127.0.0.1:" + mina.port();
            Map<String, String> password = Map.of("FERRY_PASSWORD", MinaServer.PASSWORD);
            Path work = Files.createDirectories(directory.resolve("work-stopped"));
            Process first = CliProcess.start(work.resolve("config"), password, work.resolve("first.out"),
                    work.resolve("first.err"), "get", url + "/tree", directory.resolve("down-stopped").toString());
            try {
                assertTrue(server.holding.await(2, java.util.concurrent.TimeUnit.MINUTES), "the command downloading");
                CliProcess.Result running = CliProcess.run(work, "queue");
                assertTrue(running.stdout().contains("ACTIVE") && running.stdout().contains("slow.bin"), running.toString());
                first.destroyForcibly();
                assertTrue(first.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), "the command killed");
                CliProcess.Result stopped = CliProcess.run(work, "queue");
                assertTrue(stopped.stdout().contains("STOPPED") && stopped.stdout().contains("slow.bin"), stopped.toString());
                assertFalse(stopped.stdout().contains("ACTIVE"), stopped.toString());
            } finally {
                server.release.countDown();
            }
        }
    }

    /**
     * T9: a `sync --delete` stopped during its transfers left its deletions undone (they come after every transfer
     * succeeded), and `queue --resume` finished the transfers and said nothing of them: the target still held what
     * the source no longer has. Resume says so, with the command that makes them, and does not delete by itself (the
     * folders may have changed since the comparison).
     */
    @Test
    void resumeAfterAStoppedSyncSaysItsDeletionsWereNotMade() throws Exception {
        Refuser server = new Refuser();
        try (MinaServer mina = MinaServer.builder(directory.resolve("server")).ftplet(server).start()) {
            Path tree = Files.createDirectories(mina.home().resolve("tree"));
            byte[] slow = TestFiles.bytes(40_000, 6);
            Files.write(tree.resolve("slow.bin"), slow);
            Path local = Files.createDirectories(directory.resolve("mirror"));
            Files.writeString(local.resolve("gone-from-server.txt"), "only here");
            String url = "ftp://" + MinaServer.USER + "@127.0.0.1:" + mina.port();
            Map<String, String> password = Map.of("FERRY_PASSWORD", MinaServer.PASSWORD);
            Path work = Files.createDirectories(directory.resolve("work-sync"));
            Process first = CliProcess.start(work.resolve("config"), password, work.resolve("first.out"),
                    work.resolve("first.err"), "sync", "--delete", "--no-clock-probe", url + "/tree", local.toString());
            try {
                assertTrue(server.holding.await(2, java.util.concurrent.TimeUnit.MINUTES), "the sync downloading");
                first.destroyForcibly();
                assertTrue(first.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), "the sync killed");
            } finally {
                server.release.countDown();
            }
            CliProcess.Result resumed = CliProcess.run(work, password, "queue", "--resume");
            assertArrayEquals(slow, Files.readAllBytes(local.resolve("slow.bin")), resumed.toString());
            assertTrue(Files.exists(local.resolve("gone-from-server.txt")), "nothing deleted without a comparison");
            assertTrue(resumed.stderr().contains("1 deletion") && resumed.stderr().contains("ferry sync --delete")
                    && resumed.stderr().contains(local.toString()), resumed.toString());
            assertEquals(1, resumed.exitCode(), "not all the sync asked for is done: " + resumed);

            CliProcess.Result again = CliProcess.run(work, password, "queue", "--resume");
            assertFalse(again.stderr().contains("deletion"), "said once: " + again);
        }
    }

    /** A sync stopped while it deleted had no transfer left for resume: its deletions not made are said all the same. */
    @Test
    void resumeWithNothingLeftStillSaysTheDeletionsOfAStoppedSync() throws Exception {
        Path work = Files.createDirectories(directory.resolve("work-deleting"));
        Path notes = Files.createDirectories(work.resolve("config").resolve(PendingSyncDeletions.FOLDER_NAME));
        Files.writeString(notes.resolve("stopped.json"),
                "{\"deletions\": 3, \"command\": \"ferry sync --delete ftp://u@host/site /tmp/copy\"}");
        CliProcess.Result resumed = CliProcess.run(work, "queue", "--resume");
        assertTrue(resumed.stdout().contains("Nothing to resume"), resumed.toString());
        assertTrue(resumed.stderr().contains("3 deletions") && resumed.stderr().contains("ferry sync --delete ftp://u@host/site /tmp/copy"),
                resumed.toString());
        assertEquals(1, resumed.exitCode(), resumed.toString());
    }

    /**
     * A saved queue restored in part (a damaged change: a transfer the user removed may be back) was run
     * by `queue --resume` at once, the warning scrolling past above the progress. As the window does, it
     * is left as restored, with the way on; the next --resume runs it (a script that resumes until it
     * succeeds goes on).
     */
    @Test
    void aQueueRestoredInPartIsNotResumedUntilAsked() throws Exception {
        Refuser refuser = new Refuser();
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(refuser).start()) {
            byte[] broken = TestFiles.bytes(20_000, 5);
            Files.write(Files.createDirectories(server.home().resolve("tree")).resolve("broken.bin"), broken);
            String url = "ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port();
            Map<String, String> password = Map.of("FERRY_PASSWORD", MinaServer.PASSWORD);
            Path work = directory.resolve("work-damaged");
            Path down = directory.resolve("down-damaged");
            CliProcess.Result failing = CliProcess.run(work, password, "get", url + "/tree", down.toString());
            assertEquals(1, failing.exitCode(), failing.toString());
            refuser.refusing = false;
            Files.writeString(work.resolve("config").resolve("cli-queue.journal"), "{damaged\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);

            CliProcess.Result held = CliProcess.run(work, password, "queue", "--resume");
            assertEquals(1, held.exitCode(), held.toString());
            assertTrue(held.stderr().contains("could not be read") && held.stderr().contains("ferry queue --resume"),
                    "what was left out, and the way on: " + held);
            assertFalse(Files.exists(down.resolve("broken.bin")), "nothing run before the user looked: " + held);
            // The copies kept aside, one name per line as in the window; the line break was shown as "\n".
            assertTrue(Pattern.compile("(?m)^cli-queue\\.unreadable-[-0-9]+\\.journal$").matcher(held.stderr()).find(),
                    "the kept copy's name on a line of its own: " + held);

            CliProcess.Result resumed = CliProcess.run(work, password, "queue", "--resume");
            assertEquals(0, resumed.exitCode(), resumed.toString());
            assertArrayEquals(broken, Files.readAllBytes(down.resolve("broken.bin")));
        }
    }

    /**
     * T4: `queue --clear` after Ctrl+C left the stopped downloads' part files, though it says it deletes them:
     * which part files a download made itself (and may delete) was not saved, so a new process never knew.
     */
    @Test
    void clearAfterAStoppedCommandDeletesThePartFilesItMade() throws Exception {
        try (MinaServer mina = MinaServer.builder(directory.resolve("server")).start()) {
            Path tree = Files.createDirectories(mina.home().resolve("tree"));
            Files.write(tree.resolve("slow.bin"), TestFiles.bytes(4_000_000, 6));
            String url = "ftp://" + MinaServer.USER + "@127.0.0.1:" + mina.port();
            Map<String, String> password = Map.of("FERRY_PASSWORD", MinaServer.PASSWORD);
            Path work = Files.createDirectories(directory.resolve("work-clear"));
            Path part = directory.resolve("down-clear").resolve("slow.bin.part");
            Process first = CliProcess.start(work.resolve("config"), password, work.resolve("first.out"),
                    work.resolve("first.err"), "get", "--limit-rate=100K", url + "/tree", directory.resolve("down-clear").toString());
            try {
                dev.ferry.testing.Await.until("the download under way", () -> part.toFile().length() > 0);
                // As Ctrl+C: the command saves its queue and ends.
                first.destroy();
                assertTrue(first.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), "the command stopped");
            } finally {
                first.destroyForcibly();
            }
            assertTrue(Files.exists(part), "the stopped download's part file, kept for --resume");
            CliProcess.Result cleared = CliProcess.run(work, "queue", "--clear");
            assertEquals(0, cleared.exitCode(), cleared.toString());
            assertFalse(Files.exists(part), "the part file the download made, after --clear: " + cleared);
        }
    }
}
