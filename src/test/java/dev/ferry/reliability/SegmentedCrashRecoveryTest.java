package dev.ferry.reliability;

import dev.ferry.testing.Await;
import dev.ferry.testing.CliProcess;
import dev.ferry.testing.Interop;
import dev.ferry.testing.SecretsAudit;
import dev.ferry.testing.TestFiles;
import dev.ferry.testing.Vsftpd;
import dev.ferry.transfer.FileTransfers;
import dev.ferry.transfer.QueueStore;
import dev.ferry.transfer.Segment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferry get --segments 4} killed with SIGKILL while its four segments run (each at a
 * real vsftpd's per-connection speed limit), then {@code ferry queue --resume}: the file ends
 * right, and every segment continues exactly where the queue file says its bytes were on disk,
 * none starts again from its beginning (the REST offsets of the resumed run's dialogue).
 */
class SegmentedCrashRecoveryTest {

    static final Duration LONG = Duration.ofSeconds(120);
    static final int SIZE = 48 << 20;
    static final Pattern COMMAND = Pattern.compile("^\\[([^]]+)] > (REST|RETR) (.*)$");

    @TempDir
    Path directory;

    final SecretsAudit audit = new SecretsAudit(Interop.PASSWORD);

    @AfterEach
    void noPasswordInQueueFilesOutputOrDownloads() throws IOException {
        audit.verify();
    }

    @Test
    void killedMidwayThenResumedEverySegmentContinues() throws Exception {
        killAndContinue("queue", "--resume", "--log");
    }

    /**
     * {@code get -c} (without --segments) over the part file the killed run left: it is full
     * length with ranges scattered in it, and one stream would take the gaps for data; the saved
     * queue continues it instead.
     */
    @Test
    void killedMidwayThenGetContinueFinishesEverySegment() throws Exception {
        killAndContinue("get", "-c", "--log", null, null);
    }

    /** {@code again} is the continuing command; nulls stand for the URL and the local file. */
    private void killAndContinue(String... again) throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.NONE,
                List.of("local_max_rate=2000000"))) {
            byte[] content = TestFiles.bytes(SIZE, 21);
            Interop.chownToUser(Files.write(server.root().resolve("large.bin"), content));
            Path work = Files.createDirectories(directory.resolve("work"));
            audit.directory(work);
            Path config = work.resolve("config");
            Path local = Files.createDirectories(work.resolve("local")).resolve("large.bin");
            String url = "ftp://" + Interop.USER + "@127.0.0.1:" + server.port() + "/large.bin";
            Map<String, String> password = Map.of("FERRY_PASSWORD", Interop.PASSWORD);
            Path getErr = work.resolve("get-err.txt");
            Process get = CliProcess.start(config, password, work.resolve("get-out.txt"), getErr, "get", "--segments",
                    "4", "--log", url, local.toString());
            QueueStore store = new QueueStore(config.resolve("cli-queue.json"));
            try {
                Await.until("all four segments saved with bytes on disk", () -> {
                    List<Segment> plan = savedPlan(store);
                    return plan.size() == 4 && plan.stream().allMatch(s -> s.done() > 0);
                }, LONG, () -> savedPlan(store) + "\n" + read(getErr));
            } finally {
                get.destroyForcibly();
                assertTrue(get.waitFor(10, TimeUnit.SECONDS), "the killed CLI ended");
            }
            List<Segment> atKill = savedPlan(store);
            audit.text("get's output", () -> read(getErr));
            assertTrue(atKill.stream().noneMatch(Segment::complete), "killed before any segment finished: " + atKill);
            assertFalse(Files.exists(local), "nothing under the real name after the kill");
            assertEquals(SIZE, Files.size(FileTransfers.partFile(local)), "one part file, at full length");

            String[] command = again.clone();
            if (command[command.length - 1] == null) {
                command[command.length - 2] = url;
                command[command.length - 1] = local.toString();
            }
            CliProcess.Result resume = CliProcess.run(work, password, command);
            audit.text("resume output", resume::toString);
            assertEquals(0, resume.exitCode(), resume.toString());
            assertArrayEquals(content, Files.readAllBytes(local), "the file after the resume");
            assertFalse(Files.exists(FileTransfers.partFile(local)), "no part file left");

            TreeSet<Long> continuedAt = new TreeSet<>();
            TreeSet<Long> starts = new TreeSet<>();
            for (Segment segment : atKill) {
                continuedAt.add(segment.start() + segment.done());
                starts.add(segment.start());
            }
            List<Long> offsets = retrOffsets(resume.stderr());
            assertEquals(continuedAt, new TreeSet<>(offsets), "each segment continued at its saved end: " + atKill
                    + "\n" + resume.stderr());
            assertEquals(4, offsets.size(), "one RETR per segment, none again from its start:\n" + resume.stderr());
            assertTrue(offsets.stream().noneMatch(starts::contains), "no segment restarted: " + offsets);
            System.out.println("segmented crash recovery (" + String.join(" ", command) + "): killed at " + atKill
                    + "; continued at " + offsets);
        }
    }

    private static List<Segment> savedPlan(QueueStore store) {
        for (QueueStore.StoredItem item : store.load().document().items()) {
            if (item.segmentPlan() != null) {
                return item.segmentPlan();
            }
        }
        return List.of();
    }

    /** The RETR offsets in a {@code --log} output (REST before it on the same session; 0 without one). */
    static List<Long> retrOffsets(String log) {
        Map<String, Long> rest = new HashMap<>();
        List<Long> offsets = new ArrayList<>();
        for (String line : log.lines().toList()) {
            Matcher m = COMMAND.matcher(line);
            if (!m.matches()) {
                continue;
            }
            if (m.group(2).equals("REST")) {
                rest.put(m.group(1), Long.parseLong(m.group(3).trim()));
            } else {
                Long offset = rest.remove(m.group(1));
                offsets.add(offset == null ? 0 : offset);
            }
        }
        return offsets;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }
}
