package dev.ferry.interop;

import dev.ferry.testing.Await;
import dev.ferry.testing.CliProcess;
import dev.ferry.testing.Interop;
import dev.ferry.testing.TestFiles;
import dev.ferry.testing.Vsftpd;
import dev.ferry.tls.CertificateInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ferry mirror and ferry queue against vsftpd over FTPS, as a script would use them. */
class MirrorInteropTest {

    @TempDir
    Path directory;

    static TreeMap<String, String> tree(Path root) throws Exception {
        TreeMap<String, String> tree = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                tree.put(root.relativize(p).toString(), TestFiles.sha256(p));
            }
        }
        return tree;
    }

    @Test
    void mirrorDownAndUpThenARerunTransfersNothing() throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.EXPLICIT, List.of())) {
            Path source = server.root().resolve("site");
            for (int i = 0; i < 30; i++) {
                TestFiles.random(source.resolve("dir" + (i % 3)).resolve("f" + i + ".bin"), 10_000 + i * 1000L, i);
            }
            Files.createDirectories(source.resolve("empty"));
            Interop.chownToUser(source);
            String fingerprint = CertificateInfo.fingerprint(server.certificate().certificate());
            String url = "ftpes://" + Interop.USER + ":" + Interop.PASSWORD + "@127.0.0.1:" + server.port();

            Path local = directory.resolve("local");
            CliProcess.Result down = CliProcess.run(directory, "mirror", "--parallel", "3", "--trust-fingerprint",
                    fingerprint, url + "/site", local.toString());
            assertEquals(0, down.exitCode(), down.toString());
            assertEquals(tree(source), tree(local));
            assertTrue(Files.isDirectory(local.resolve("empty")), "empty folders are created");

            CliProcess.Result again = CliProcess.run(directory, "mirror", "--log", "--trust-fingerprint", fingerprint,
                    url + "/site", local.toString());
            assertEquals(0, again.exitCode(), again.toString());
            assertTrue(again.stderr().lines().noneMatch(l -> l.contains("> RETR")), "nothing changed, nothing fetched");

            CliProcess.Result up = CliProcess.run(directory, "mirror", "--reverse", "--parallel", "2",
                    "--trust-fingerprint", fingerprint, local.toString(), url + "/copy");
            assertEquals(0, up.exitCode(), up.toString());
            assertEquals(tree(source), tree(server.root().resolve("copy")));
        }
    }

    /**
     * The session that found the login folder goes on to do the transfers: a tree command logs in
     * once per session it uses, not once more before them (on a distant server over TLS, a whole
     * handshake and login for nothing).
     */
    @Test
    void aTreeCommandLogsInOncePerSession() throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.EXPLICIT, List.of())) {
            Path source = server.root().resolve("site");
            for (int i = 0; i < 6; i++) {
                TestFiles.random(source.resolve("dir" + (i % 2)).resolve("f" + i + ".bin"), 5_000 + i, i);
            }
            Interop.chownToUser(source);
            String fingerprint = CertificateInfo.fingerprint(server.certificate().certificate());
            String url = "ftpes://" + Interop.USER + ":" + Interop.PASSWORD + "@127.0.0.1:" + server.port();
            Path local = directory.resolve("local");

            CliProcess.Result down = CliProcess.run(directory, "mirror", "--log", "--parallel", "1",
                    "--trust-fingerprint", fingerprint, url + "/site", local.toString());

            assertEquals(0, down.exitCode(), down.toString());
            assertEquals(tree(source), tree(local));
            List<String> logins = down.stderr().lines().filter(l -> l.contains("> USER ")).toList();
            assertEquals(1, logins.size(), "one session, one login: " + logins + "\n" + down.stderr());
            List<String> handshakes = down.stderr().lines().filter(l -> l.contains("> AUTH TLS")).toList();
            assertEquals(1, handshakes.size(), "one session, one TLS handshake: " + handshakes);
        }
    }

    @Test
    void aMirrorKilledMidwayIsFinishedByQueueResume() throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.NONE, List.of())) {
            Path source = server.root().resolve("big");
            for (int i = 0; i < 4; i++) {
                TestFiles.random(source.resolve("f" + i + ".bin"), 3L << 20, 50 + i);
            }
            Interop.chownToUser(source);
            String url = "ftp://" + Interop.USER + "@127.0.0.1:" + server.port();
            Path local = directory.resolve("local");
            Map<String, String> password = Map.of("FERRY_PASSWORD", Interop.PASSWORD);
            Process mirror = CliProcess.start(directory.resolve("config"), password, directory.resolve("out.txt"),
                    directory.resolve("err.txt"), "mirror", "--limit-rate", "2M", url + "/big", local.toString());
            // Killed only once a file is half-way: a part file with bytes in it, not yet complete.
            Await.until("a part file with some bytes in " + local, () -> partFileInProgress(local),
                    Await.DEFAULT, () -> "mirror alive: " + mirror.isAlive());
            mirror.destroyForcibly();
            assertTrue(mirror.waitFor(10, TimeUnit.SECONDS));
            try (Stream<Path> files = Files.list(local)) {
                assertTrue(files.anyMatch(p -> p.toString().endsWith(".part")), "killed in the middle of a file");
            }
            CliProcess.Result list = CliProcess.run(directory, password, "queue");
            assertEquals(0, list.exitCode(), list.toString());
            assertTrue(list.stdout().contains("download"), list.stdout());

            CliProcess.Result resume = CliProcess.run(directory, password, "queue", "--resume");
            assertEquals(0, resume.exitCode(), resume.toString());
            assertEquals(tree(source), tree(local));
            try (Stream<Path> files = Files.list(local)) {
                assertTrue(files.noneMatch(p -> p.toString().endsWith(".part")));
            }
        }
    }

    private static boolean partFileInProgress(Path local) {
        if (!Files.isDirectory(local)) {
            return false;
        }
        try (Stream<Path> files = Files.list(local)) {
            return files.anyMatch(p -> {
                try {
                    return p.toString().endsWith(".part") && Files.size(p) > 0 && Files.size(p) < (3L << 20);
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }
}
