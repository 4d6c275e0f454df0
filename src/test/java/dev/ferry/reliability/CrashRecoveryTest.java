package dev.ferry.reliability;

import dev.ferry.testing.CliProcess;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.SecretsAudit;
import dev.ferry.testing.TestFiles;
import dev.ferry.transfer.QueueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Case 3: the command line's queue killed with SIGKILL at random moments of a mirror, then
 * {@code ferry queue --resume}. After every kill, no file under its final name is incomplete;
 * after the resume, every file is there and equal. Three kill points in the normal suite, twenty
 * in the stress profile.
 */
class CrashRecoveryTest {

    static final int FILES = 24;

    @TempDir
    Path directory;

    final SecretsAudit audit = new SecretsAudit(MinaServer.PASSWORD);

    @AfterEach
    void noPasswordInQueueFilesOutputOrDownloads() throws IOException {
        audit.verify();
    }

    /** Sizes from 40 KiB to 1.5 MiB, so kills land in small and large files alike. */
    static TreeMap<String, String> makeSource(Path root) throws IOException {
        SplittableRandom random = new SplittableRandom(77);
        TreeMap<String, String> digests = new TreeMap<>();
        for (int i = 0; i < FILES; i++) {
            Path file = TestFiles.random(root.resolve((i % 3 == 0 ? "sub/" : "") + "file-" + i + ".bin"),
                    40_000 + random.nextInt(1_500_000), i);
            digests.put(root.relativize(file).toString(), TestFiles.sha256(file));
        }
        return digests;
    }

    @Test
    void threeRandomKillsOfADownloadLoseNothing() throws Exception {
        killAndResume(3, 1);
    }

    @Test
    @Tag("stress")
    void twentyRandomKillsOfADownloadLoseNothing() throws Exception {
        killAndResume(20, 2);
    }

    private void killAndResume(int runs, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> report = new ArrayList<>();
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            TreeMap<String, String> expected = makeSource(server.home().resolve("source"));
            String url = "ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port() + "/source";
            Map<String, String> password = Map.of("FERRY_PASSWORD", MinaServer.PASSWORD);
            for (int run = 0; run < runs; run++) {
                Path work = directory.resolve("run-" + run);
                Path local = work.resolve("local");
                audit.directory(work);
                // The JVM takes about half a second to start; 4 MB/s spreads the mirror over ~5 s.
                long killAfter = 300 + random.nextLong(4_000);
                Process mirror = CliProcess.start(work.resolve("config"), password, Files.createDirectories(work)
                        .resolve("out.txt"), work.resolve("err.txt"), "mirror", "--parallel", "2", "--limit-rate", "4M",
                        url, local.toString());
                Thread.sleep(killAfter);
                mirror.destroyForcibly();
                assertTrue(mirror.waitFor(10, TimeUnit.SECONDS));
                int complete = assertNoFinalFileIsIncomplete(local, expected);
                report.add("kill at " + killAfter + " ms: " + complete + " files complete");

                Path queueFile = work.resolve("config/cli-queue.json");
                String savedQueue = Files.exists(queueFile) ? Files.readString(queueFile) : "(no queue file)";
                CliProcess.Result resume;
                if (queuedSomething(queueFile)) {
                    resume = CliProcess.run(work, password, "queue", "--resume");
                } else {
                    // Killed before the mirror's first item was saved, which happens before any byte moves
                    // (the command saves the queue it loaded, empty here, as it starts): nothing was started,
                    // `queue --resume` says so, and the user simply runs the mirror again.
                    assertEquals(new TreeMap<>(), describe(local), "files appeared before the queue held an item");
                    resume = CliProcess.run(work, password, "mirror", url, local.toString());
                }
                audit.text("resume output " + run, resume::toString);
                assertEquals(0, resume.exitCode(), "after " + report.getLast() + ": " + resume);
                assertEquals(expected, describe(local), "after " + report.getLast() + "; the saved queue was:\n"
                        + savedQueue + "\nthe resume said: " + resume);
            }
        }
        System.out.println("crash recovery: " + String.join("; ", report));
    }

    static boolean queuedSomething(Path queueFile) {
        return Files.exists(queueFile) && !new QueueStore(queueFile).load().document().items().isEmpty();
    }

    /** Every file without .part must have its full content; returns how many there are. */
    static int assertNoFinalFileIsIncomplete(Path local, TreeMap<String, String> expected) throws IOException {
        if (!Files.exists(local)) {
            return 0;
        }
        int complete = 0;
        try (Stream<Path> walk = Files.walk(local)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String relative = local.relativize(file).toString();
                if (relative.endsWith(".part")) {
                    continue;
                }
                String digest = expected.get(relative);
                if (digest == null) {
                    fail("an unexpected file appeared: " + relative);
                }
                assertEquals(digest, TestFiles.sha256(file), relative + " is under its final name but incomplete");
                complete++;
            }
        }
        return complete;
    }

    static TreeMap<String, String> describe(Path root) throws IOException {
        TreeMap<String, String> digests = new TreeMap<>();
        if (!Files.exists(root)) {
            return digests;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                digests.put(root.relativize(file).toString(), TestFiles.sha256(file));
            }
        }
        return digests;
    }
}
