package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.FakeFtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A VMS server lists sizes in 512-byte blocks: a 1000-byte file shows as 2 blocks, 1024 bytes.
 * A recursive transfer must neither expect those 1024 bytes nor take them for the file's size.
 */
class ApproximateListingSizeTest {

    private static final List<String> VMS_LIST = List.of(
            "README.TXT;1         2/4        5-MAR-2024 12:34:56  [GROUP,OWNER]  (RWED,RWED,RE,)");

    @TempDir
    Path directory;

    private static byte[] bytes(int count) {
        byte[] content = new byte[count];
        Arrays.fill(content, (byte) 'v');
        return content;
    }

    private static TransferQueue queue(ConflictAction conflicts) {
        return new TransferQueue(QueueSettings.DEFAULT.withConflictDefault(conflicts)
                .withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)), null, null);
    }

    private static ConnectionSettings settings(FakeFtpServer server) {
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p").build();
    }

    private static void assertNothingFailed(TransferQueue queue) {
        assertEquals(List.of(), queue.snapshot().stream().filter(s -> s.state() == ItemState.FAILED).toList());
    }

    @Test
    void aDownloadWithoutSizeAcceptsWhatArrivesInsteadOfTheBlocks() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.useMlsd(false).features(List.of("EPSV", "REST STREAM"))
                    .listing("/vms", VMS_LIST).file("/vms/README.TXT", bytes(1000));
            Path target = directory.resolve("target");
            try (TransferQueue queue = queue(ConflictAction.OVERWRITE_IF_DIFFERENT)) {
                queue.addDownload(settings(server), null, "/vms", target, true, -1, null);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(30)));
                assertNothingFailed(queue);
            }
            assertEquals(1000, Files.size(target.resolve("README.TXT")));
            try (Stream<Path> all = Files.walk(target)) {
                assertEquals(List.of(), all.filter(p -> p.toString().endsWith(".part")).toList(), "no part file left");
            }
        }
    }

    @Test
    void aDownloadAsksSizeWhenTheServerHasIt() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.useMlsd(false).features(List.of("SIZE", "EPSV", "REST STREAM"))
                    .listing("/vms", VMS_LIST).file("/vms/README.TXT", bytes(1000));
            Path target = directory.resolve("target");
            try (TransferQueue queue = queue(ConflictAction.OVERWRITE_IF_DIFFERENT)) {
                queue.addDownload(settings(server), null, "/vms", target, true, -1, null);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(30)));
                assertNothingFailed(queue);
                assertTrue(queue.snapshot().stream().anyMatch(s -> !s.directory() && s.size() == 1000),
                        "the queue shows the size SIZE gave: " + queue.snapshot());
            }
            assertTrue(server.commands().contains("SIZE /vms/README.TXT"), server.commands().toString());
            assertEquals(1000, Files.size(target.resolve("README.TXT")));
        }
    }

    @Test
    void anUploadIsNotSkippedBecauseTheBlocksMatchItsSize() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.useMlsd(false).features(List.of("EPSV"))
                    .listing("/vms", VMS_LIST).file("/vms/README.TXT", bytes(1000));
            Path source = Files.createDirectories(directory.resolve("source"));
            Files.write(source.resolve("README.TXT"), bytes(1024));
            try (TransferQueue queue = queue(ConflictAction.OVERWRITE_IF_SIZE_DIFFERS)) {
                queue.addUpload(settings(server), null, source, "/vms", true);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(30)));
                assertNothingFailed(queue);
                assertEquals(List.of(), queue.snapshot().stream().filter(s -> s.state() == ItemState.SKIPPED).toList(),
                        "2 blocks are not 1024 bytes");
            }
            assertEquals(1024, server.stored("/vms/README.TXT").length);
        }
    }
}
