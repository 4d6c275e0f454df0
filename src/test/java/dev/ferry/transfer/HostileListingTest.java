package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.CliProcess;
import dev.ferry.testing.English;
import dev.ferry.testing.FakeFtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server whose listings try to make a recursive download write outside its target. Refused
 * entries are inert records: shown with their reason, never run, not by "retry" in the window,
 * not by {@code ferry queue --resume}.
 */
class HostileListingTest {

    @TempDir
    Path directory;

    private static final List<String> HOSTILE_MLSD = List.of(
            "type=file;size=5; good.txt",
            "type=file;size=5; ..",
            "type=dir; ..",
            "type=file;size=5; .",
            "type=file;size=5; ../../outside.txt",
            "type=file;size=5; /etc/passwd",
            "type=file;size=5; a/../../b",
            "type=file;size=5; a\\b",
            "type=file;size=5; x\rDELE victim.txt",
            "type=dir; sub");

    private static final List<String> HOSTILE_LIST = List.of(
            "-rw-r--r--   1 u g 5 Jan 01 2024 good.txt",
            "-rw-r--r--   1 u g 5 Jan 01 2024 ../../outside.txt",
            "-rw-r--r--   1 u g 5 Jan 01 2024 a\\b",
            "drwxr-xr-x   1 u g 0 Jan 01 2024 ..",
            "-rw-r--r--   1 u g 5 Jan 01 2024 x\rDELE victim.txt");

    private static final List<String> HOSTILE_NAMES = List.of("..", "outside", "passwd", "a\\b", "a/../", "DELE victim",
            "RETR .\r", "RETR /evil/.");

    private void download(FakeFtpServer server, Path target, int hostileNames) throws Exception {
        ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p").build();
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT.withConflictDefault(ConflictAction.OVERWRITE)
                .withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)), null, null)) {
            queue.addDownload(settings, null, "/evil", target, true, -1, null);
            queue.start();
            assertTrue(queue.awaitIdle(Duration.ofSeconds(30)));
            List<ItemSnapshot> refused = queue.snapshot().stream().filter(s -> s.state() == ItemState.REFUSED).toList();
            assertEquals(hostileNames, refused.size(), "each hostile name is refused with a reason: " + refused);
            assertTrue(refused.stream().allMatch(s -> s.lastError() != null
                    && s.lastError().key() == QueueText.NAME_REFUSED), refused.toString());
            assertTrue(refused.stream().anyMatch(s -> English.of(s.lastError()).contains("line break")), refused.toString());
            assertEquals(0, queue.snapshot().stream().filter(s -> s.state() == ItemState.FAILED).count(),
                    "nothing failed: " + queue.snapshot());

            // What the window's "Retry" does with each of them: nothing, they are records, not transfers.
            int commandsBefore = server.commands().size();
            refused.forEach(item -> queue.retry(item.id()));
            queue.start();
            assertTrue(queue.awaitIdle(Duration.ofSeconds(30)));
            assertTrue(queue.snapshot().stream().filter(s -> refused.stream().anyMatch(r -> r.id() == s.id()))
                    .allMatch(s -> s.state() == ItemState.REFUSED), "retry leaves refused items refused");
            assertEquals(List.of(), server.commands().subList(commandsBefore, server.commands().size()).stream()
                    .filter(c -> c.startsWith("RETR")).toList(), "retrying a refused entry sends nothing");
        }
    }

    private void assertNothingOutside(Path target) throws Exception {
        try (Stream<Path> all = Files.walk(directory)) {
            List<Path> outside = all.filter(p -> !p.startsWith(target) && !p.equals(directory)
                    && !p.startsWith(directory.resolve("cli"))).toList();
            assertEquals(List.of(), outside, "nothing may be written outside the target");
        }
        try (Stream<Path> inside = Files.walk(target)) {
            assertEquals(List.of(), inside.filter(p -> p.toString().endsWith(".part")).toList(), "no part file left");
        }
        assertEquals("hello", Files.readString(target.resolve("good.txt")));
    }

    private static void assertNoHostileNameSent(FakeFtpServer server) {
        List<String> sent = server.commands().stream().filter(c -> c.startsWith("RETR") || c.startsWith("DELE")
                || c.startsWith("SIZE") || c.startsWith("MDTM")).toList();
        for (String fragment : HOSTILE_NAMES) {
            assertFalse(sent.stream().anyMatch(c -> c.contains(fragment)), "hostile names are never sent (" + fragment
                    + "): " + sent);
        }
    }

    @Test
    void mlsdNamesThatClimbOutOrInjectCommandsAreRefused() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.listing("/evil", HOSTILE_MLSD).listing("/evil/sub", List.of("type=file;size=5; inner.txt"))
                    .file("/evil/good.txt", "hello".getBytes(StandardCharsets.UTF_8))
                    .file("/evil/sub/inner.txt", "inner".getBytes(StandardCharsets.UTF_8));
            Path target = directory.resolve("target");
            // All but the "type=dir; .." entry, which is the parent directory and simply ignored.
            download(server, target, 7);
            assertNothingOutside(target);
            assertEquals("inner", Files.readString(target.resolve("sub/inner.txt")));
            assertNoHostileNameSent(server);
        }
    }

    @Test
    void listNamesThatClimbOutOrInjectCommandsAreRefused() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.useMlsd(false).features(List.of("SIZE", "EPSV"))
                    .listing("/evil", HOSTILE_LIST).file("/evil/good.txt", "hello".getBytes(StandardCharsets.UTF_8));
            Path target = directory.resolve("target");
            download(server, target, 3);
            assertNothingOutside(target);
            assertNoHostileNameSent(server);
        }
    }

    @Test
    void theCommandLinesQueueResumeNeverRunsARefusedEntry() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.listing("/evil", HOSTILE_MLSD).listing("/evil/sub", List.of("type=file;size=5; inner.txt"))
                    .file("/evil/good.txt", "hello".getBytes(StandardCharsets.UTF_8))
                    .file("/evil/sub/inner.txt", "inner".getBytes(StandardCharsets.UTF_8));
            Path target = directory.resolve("target");
            Path cli = directory.resolve("cli");
            Map<String, String> password = Map.of("FERRY_PASSWORD", "p");
            CliProcess.Result mirror = CliProcess.run(cli, password, "mirror", "ftp://u@127.0.0.1:" + server.port()
                    + "//evil", target.toString());
            assertEquals(1, mirror.exitCode(), "the refused entries are reported as failures: " + mirror);
            assertTrue(mirror.stderr().contains("Refused the remote name"), "refused entries are explained: " + mirror);
            // Nothing failed that a retry could mend: --resume is not offered for what it never runs.
            assertFalse(mirror.stderr().contains("`ferry queue --resume` retries"), mirror.toString());
            assertTrue(mirror.stderr().contains("refused for good"), mirror.toString());
            CliProcess.Result listed = CliProcess.run(cli, password, "queue");
            assertTrue(listed.stdout().contains("REFUSED"), "the saved queue keeps the refused entries: " + listed);

            // What the CLI recommends: it finishes what can be finished and never sends a hostile name.
            CliProcess.Result resume = CliProcess.run(cli, password, "queue", "--resume");
            assertFalse(resume.stderr().contains("Is a directory"), resume.toString());
            assertTrue(resume.stderr().contains("Refused the remote name"), "refused entries are explained: " + resume);
            assertFalse(resume.stderr().contains("`ferry queue --resume` retries"), "refused entries are not offered again: " + resume);
            assertNothingOutside(target);
            assertNoHostileNameSent(server);
        }
    }

    /**
     * A saved queue whose files are all transferred but for names refused for good: resume ran it, printed
     * "Incomplete: downloaded 0 files, 7 skipped." and exited 1, every time, so a script that resumes until
     * success never ended. It has nothing to resume, and says so; the refusals are still listed with why.
     */
    @Test
    void queueResumeOfOnlyRefusedEntriesSaysThereIsNothingToResume() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.listing("/evil", HOSTILE_MLSD).listing("/evil/sub", List.of("type=file;size=5; inner.txt"))
                    .file("/evil/good.txt", "hello".getBytes(StandardCharsets.UTF_8))
                    .file("/evil/sub/inner.txt", "inner".getBytes(StandardCharsets.UTF_8));
            Path cli = directory.resolve("cli");
            Map<String, String> password = Map.of("FERRY_PASSWORD", "p");
            CliProcess.Result mirror = CliProcess.run(cli, password, "mirror", "ftp://u@127.0.0.1:" + server.port()
                    + "//evil", directory.resolve("target").toString());
            assertEquals(1, mirror.exitCode(), mirror::toString);
            int retrievalsBefore = (int) server.commands().stream().filter(c -> c.startsWith("RETR")).count();

            CliProcess.Result resume = CliProcess.run(cli, password, "queue", "--resume");

            assertEquals(0, resume.exitCode(), resume::toString);
            assertTrue(resume.stdout().startsWith("Nothing to resume: "), resume::toString);
            assertFalse(resume.stdout().contains("downloaded"), resume::toString);
            assertTrue(resume.stderr().contains("refused: /evil/") && resume.stderr().contains("Refused the remote name"),
                    resume::toString);
            assertTrue(resume.stderr().contains("`ferry queue --clear` drops them"), resume::toString);
            assertEquals(retrievalsBefore, server.commands().stream().filter(c -> c.startsWith("RETR")).count(),
                    "nothing was run");
        }
    }
}
