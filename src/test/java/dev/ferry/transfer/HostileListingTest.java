package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.FakeFtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A server whose listings try to make a recursive download write outside its target. */
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

    private void download(FakeFtpServer server, Path target, int hostileNames) throws Exception {
        ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p").build();
        try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT.withConflictDefault(ConflictAction.OVERWRITE)
                .withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)), null, null)) {
            queue.addDownload(settings, null, "/evil", target, true, -1, null);
            queue.start();
            assertTrue(queue.awaitIdle(Duration.ofSeconds(30)));
            List<ItemSnapshot> failed = queue.snapshot().stream().filter(s -> s.state() == ItemState.FAILED).toList();
            assertEquals(hostileNames, failed.size(), "each hostile name fails with a reason: " + failed);
            assertTrue(failed.stream().allMatch(s -> s.lastError() != null && !s.lastError().isBlank()));
            assertTrue(failed.stream().anyMatch(s -> s.lastError().contains("line break")), failed.toString());
        }
    }

    private void assertNothingOutside(Path target) throws Exception {
        try (Stream<Path> all = Files.walk(directory)) {
            List<Path> outside = all.filter(p -> !p.startsWith(target) && !p.equals(directory)).toList();
            assertEquals(List.of(), outside, "nothing may be written outside the target");
        }
        assertEquals("hello", Files.readString(target.resolve("good.txt")));
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
            assertFalse(server.commands().stream().anyMatch(c -> c.startsWith("DELE")), server.commands().toString());
            assertFalse(server.commands().stream().anyMatch(c -> c.contains("outside") || c.contains("passwd")),
                    "hostile names are not even sent: " + server.commands());
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
            assertFalse(server.commands().stream().anyMatch(c -> c.startsWith("DELE")), server.commands().toString());
        }
    }
}
