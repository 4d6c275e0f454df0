package dev.ferry.interop;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.testing.Interop;
import dev.ferry.testing.TestFiles;
import dev.ferry.testing.Vsftpd;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.TransferQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On-demand measurement, not part of the suite (run with {@code -Dtest=SegmentSpeedProbe}): one
 * file downloaded through the queue from vsftpd on loopback as 1 and as 4 segments, without a
 * limit and with a per-connection limit ({@code local_max_rate}). Prints times and ratios; asserts
 * only that every download completed with the right size. {@code -Dferry.probe.mib=1024} sets the
 * size, {@code -Dferry.probe.rate=20000000} the limit in bytes per second.
 */
class SegmentSpeedProbe {

    @TempDir
    Path directory;

    @Test
    void oneVersusFourSegments() throws Exception {
        long size = Long.getLong("ferry.probe.mib", 1024) << 20;
        int rate = Integer.getInteger("ferry.probe.rate", 20_000_000);
        int rounds = Integer.getInteger("ferry.probe.rounds", 2);
        List<String> report = new ArrayList<>();
        report.add(String.format(Locale.ROOT, "file %d MiB, loopback, vsftpd 3.0.3, load average before: %.2f",
                size >> 20, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        for (int limit : new int[]{0, rate}) {
            Path serverDirectory = directory.resolve("server-" + limit);
            try (Vsftpd server = Vsftpd.start(serverDirectory, Vsftpd.Tls.NONE,
                    limit == 0 ? List.of() : List.of("local_max_rate=" + limit))) {
                Path served = TestFiles.random(server.root().resolve("large.bin"), size, 3);
                Interop.chownToUser(served);
                ConnectionSettings connection = ServerSmoke.settings(server.port(), DataConnectionMode.PASSIVE).build();
                for (int round = 0; round < rounds; round++) {
                    double one = seconds(connection, served.toString(), size, 1);
                    double four = seconds(connection, served.toString(), size, 4);
                    report.add(String.format(Locale.ROOT,
                            "%s round %d: 1 segment %.1f s (%.0f MB/s), 4 segments %.1f s (%.0f MB/s), ratio %.2f",
                            limit == 0 ? "no limit" : "limit " + limit / 1_000_000 + " MB/s per connection", round + 1,
                            one, size / one / 1e6, four, size / four / 1e6, one / four));
                }
            }
        }
        System.out.println("segment speed probe:\n  " + String.join("\n  ", report));
    }

    private double seconds(ConnectionSettings connection, String remote, long size, int segments) throws Exception {
        Path local = directory.resolve("local-" + segments + "/large.bin");
        Files.deleteIfExists(local);
        QueueSettings settings = QueueSettings.DEFAULT.withConnections(Math.max(1, segments))
                .withConflictDefault(ConflictAction.OVERWRITE).withSegments(segments, 1 << 20);
        long start;
        try (TransferQueue queue = new TransferQueue(settings, null, null)) {
            queue.addDownload(connection, null, remote, local, false, size, null);
            start = System.nanoTime();
            queue.start();
            assertTrue(queue.awaitIdle(Duration.ofMinutes(10)), "finished");
            assertEquals(ItemState.DONE, queue.snapshot().getFirst().state(), String.valueOf(queue.snapshot()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(size, Files.size(local));
        Files.delete(local);
        return seconds;
    }
}
