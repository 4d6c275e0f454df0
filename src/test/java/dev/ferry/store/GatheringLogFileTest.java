package dev.ferry.store;

import dev.ferry.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatheringLogFileTest {

    @TempDir
    Path folder;
    private GatheringLogFile log;

    @AfterEach
    void close() {
        if (log != null) {
            log.close();
        }
    }

    private GatheringLogFile open(long limit) {
        log = new GatheringLogFile(folder.resolve("ferry.log"), limit);
        log.setLevel(Level.FINE);
        log.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                return record.getLevel() + " " + record.getMessage() + "\n";
            }
        });
        return log;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aWarningReachesTheFileWithoutAFlush() {
        open(1 << 20);
        log.publish(new LogRecord(Level.FINE, "dialogue line"));
        log.publish(new LogRecord(Level.WARNING, "something went wrong"));
        Await.until("the warning and the line before it in " + log.newestFile(),
                () -> lines(log.newestFile()).equals(List.of("FINE dialogue line", "WARNING something went wrong")),
                Await.DEFAULT, () -> "file holds " + lines(log.newestFile()));
    }

    /** Host names, user names and paths are in it: only its owner reads it, as every other file of ours. */
    @Test
    void theLogIsReadableByItsOwnerOnly() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                folder.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
        open(1 << 20);
        log.publish(new LogRecord(Level.WARNING, "USER someone at ftp.example.com"));
        log.flush();
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(log.newestFile())));
    }

    @Test
    void aFlushReturnsWithEveryLineOfEveryThreadInTheFileInEachThreadsOrder() throws InterruptedException {
        open(1 << 24);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 3000; i++) {
                    log.publish(new LogRecord(Level.FINE, thread + ":" + i));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        log.flush();
        List<String> lines = lines(log.newestFile());
        assertEquals(12000, lines.size(), "lines in the file right after flush()");
        int[] next = new int[4];
        for (String line : lines) {
            String[] parts = line.substring("FINE ".length()).split(":");
            int thread = Integer.parseInt(parts[0]);
            assertEquals(next[thread]++, Integer.parseInt(parts[1]), "order of thread " + thread + "'s lines");
        }
    }

    @Test
    void theFileTurnsOverAtItsLimitKeepingTheNewestTwoGenerations() throws IOException {
        open(2000);
        for (int batch = 0; batch < 10; batch++) {
            for (int i = 0; i < 10; i++) {
                log.publish(new LogRecord(Level.FINE, String.format("record %03d %s", batch * 10 + i, "x".repeat(40))));
            }
            log.flush();
        }
        Path previous = folder.resolve("ferry.log.1");
        assertTrue(Files.size(log.newestFile()) <= 2000, "newest generation within its limit");
        assertTrue(Files.size(previous) <= 2000, "previous generation within its limit");
        List<String> newest = lines(log.newestFile());
        assertTrue(newest.getLast().startsWith("FINE record 099"), "the last record is in the newest file: " + newest.getLast());
        List<String> older = lines(previous);
        int lastOlder = Integer.parseInt(older.getLast().substring(12, 15));
        int firstNewest = Integer.parseInt(newest.getFirst().substring(12, 15));
        assertEquals(lastOlder + 1, firstNewest, "the two generations follow each other");
        assertFalse(Files.exists(folder.resolve("ferry.log.2")), "no third generation");
    }

    @Test
    void aWarningOutlivesTheRoutineLinesThatTurnTheFileOverAgainAndAgain() {
        open(2000);
        log.publish(new LogRecord(Level.WARNING, "the first file failed"));
        log.flush();
        for (int batch = 0; batch < 20; batch++) {
            for (int i = 0; i < 10; i++) {
                log.publish(new LogRecord(Level.FINE, String.format("record %03d %s", batch * 10 + i, "x".repeat(40))));
            }
            log.flush();
        }
        List<String> both = new ArrayList<>(lines(folder.resolve("ferry.log.1")));
        both.addAll(lines(log.newestFile()));
        assertTrue(both.contains("WARNING the first file failed"), "the warning is still in the log: " + both);
        assertEquals(1, both.stream().filter(l -> l.equals("WARNING the first file failed")).count(),
                "once across the two generations: " + both);
        assertTrue(both.getLast().startsWith("FINE record 199"), "the newest line last: " + both.getLast());
    }

    @Test
    void closeWritesWhatIsPendingAndStopsTheWriter() throws InterruptedException {
        open(1 << 20);
        log.publish(new LogRecord(Level.FINE, "last words"));
        log.close();
        assertEquals(List.of("FINE last words"), lines(log.newestFile()), "pending line written by close()");
        assertTrue(log.writerStopped(Await.DEFAULT), "the writer thread stopped after close()");
        log.publish(new LogRecord(Level.WARNING, "after close"));
        assertEquals(List.of("FINE last words"), lines(log.newestFile()), "nothing taken after close()");
    }
}
