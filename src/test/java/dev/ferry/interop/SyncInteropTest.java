package dev.ferry.interop;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.sync.SyncHistory;
import dev.ferry.testing.CliProcess;
import dev.ferry.testing.Interop;
import dev.ferry.testing.TestFiles;
import dev.ferry.testing.Vsftpd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferry sync} against vsftpd running in Tokyo ({@code use_localtime=YES}, TZ=Asia/Tokyo):
 * its listings are nine hours ahead of UTC, to the minute, or to the day for old files, and its
 * MDTM is in Tokyo time too, so only the probe file can tell. Both directions, a re-run that does
 * nothing, conflicts, --delete, --force, --dry-run.
 */
class SyncInteropTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @TempDir
    Path directory;

    private Vsftpd server;
    private Path local;

    private Vsftpd tokyo() throws IOException {
        server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.NONE, List.of("use_localtime=YES"),
                Map.of("TZ", "Asia/Tokyo"));
        local = directory.resolve("local");
        return server;
    }

    private String url(String path) {
        return "ftp://" + Interop.USER + "@127.0.0.1:" + server.port() + "/" + path;
    }

    /** {@code ferry sync ARGS URL LOCAL}, with this test's config folder unless {@code home} says otherwise. */
    private CliProcess.Result sync(Path home, String remote, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sync"));
        command.addAll(List.of(args));
        command.add(url(remote));
        command.add(local.toString());
        return CliProcess.run(home, Map.of("FERRY_PASSWORD", Interop.PASSWORD), command.toArray(String[]::new));
    }

    private CliProcess.Result sync(String... args) throws Exception {
        return sync(directory, "site", args);
    }

    private static Path write(Path file, String text, Instant modified) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    /** Every file and folder under a root: content digest and modification time, for "nothing changed". */
    private static TreeMap<String, String> state(Path root) throws IOException {
        TreeMap<String, String> state = new TreeMap<>();
        if (!Files.exists(root)) {
            return state;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String key = root.relativize(p).toString();
                state.put(key, Files.isDirectory(p) ? "folder"
                        : TestFiles.sha256(p) + " " + Files.getLastModifiedTime(p).toInstant());
            }
        }
        return state;
    }

    /** Files and folders by content only: what a synchronization must make equal. */
    private static TreeMap<String, String> contents(Path root) throws IOException {
        TreeMap<String, String> contents = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> !p.equals(root)).toList()) {
                contents.put(root.relativize(p).toString(), Files.isDirectory(p) ? "folder" : TestFiles.sha256(p));
            }
        }
        return contents;
    }

    private static boolean sent(CliProcess.Result result, String verb) {
        // The clock probe uploads and deletes a file of its own on every real run; anything else counts.
        return result.stderr().lines().anyMatch(l -> l.contains("> " + verb + " ") && !l.contains("ferry-clock-probe"));
    }

    private Instant recently() {
        return Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void downloadMeasuresTheServersTimeZoneAndARerunTransfersNothing() throws Exception {
        tokyo();
        Path site = server.root().resolve("site");
        Instant aTime = recently();
        write(site.resolve("a.txt"), "alpha\n", aTime);
        write(site.resolve("docs/b.txt"), "bravo\n", Instant.parse("2024-01-15T10:00:00Z"));
        Files.setLastModifiedTime(TestFiles.random(site.resolve("docs/deep/c.bin"), 200_000, 7),
                FileTime.from(aTime.minus(Duration.ofDays(1))));
        Files.createDirectories(site.resolve("empty"));
        Interop.chownToUser(site);

        // The premise: this server's listing says 9 hours later than the truth.
        ConnectionSettings settings = ServerSmoke.settings(server.port(), DataConnectionMode.PASSIVE).build();
        try (FtpSession session = new FtpSession(settings, "premise")) {
            session.connect();
            RemoteEntry a = session.list(RemotePaths.join(session.initialDirectory(), "site")).entries().stream()
                    .filter(e -> e.name().equals("a.txt")).findFirst().orElseThrow();
            assertEquals(aTime.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofHours(9)), a.modified(), server.log());
            session.quit();
        }

        CliProcess.Result first = sync();
        assertEquals(0, first.exitCode(), first + server.log());
        assertTrue(first.stdout().contains("+09:00 from UTC (measured with a probe file)"), first.stdout());
        assertTrue(first.stdout().contains("Download: 3 files, 3 folders"), first.stdout());
        assertEquals(contents(site), contents(local));
        assertEquals(aTime.truncatedTo(ChronoUnit.MINUTES), Files.getLastModifiedTime(local.resolve("a.txt")).toInstant(),
                "the copy has the original's time, not the listing's 9 hours later");
        assertEquals(LocalDate.of(2024, 1, 15).atStartOfDay(TOKYO).toInstant(),
                Files.getLastModifiedTime(local.resolve("docs/b.txt")).toInstant(), "an old file is listed by its date in Tokyo");
        assertTrue(Files.readString(directory.resolve("config/learned-servers.json")).contains("\"minutes\" : 540"),
                "the offset is remembered for the server");
        try (Stream<Path> files = Files.list(site)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("ferry-clock-probe")), "the probe is gone");
        }

        CliProcess.Result again = sync("--log");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.stdout().contains("Nothing to do: both sides agree."), again.stdout());
        assertFalse(sent(again, "RETR"), again.stderr());

        // Without the history of the last run, the corrected times alone say the same; no probe this time.
        Files.delete(directory.resolve("config").resolve(SyncHistory.FILE_NAME));
        CliProcess.Result byTimes = sync("--log", "--no-clock-probe");
        assertEquals(0, byTimes.exitCode(), byTimes.toString());
        assertTrue(byTimes.stdout().contains("+09:00 from UTC (measured on "), byTimes.stdout());
        assertTrue(byTimes.stdout().contains("Nothing to do"), byTimes.stdout());
        assertFalse(byTimes.stderr().contains("> STOR"), "no probe: " + byTimes.stderr());
        assertFalse(sent(byTimes, "RETR"), byTimes.stderr());
    }

    /**
     * The session that compared the two sides also makes the folders, then moves the files as the
     * queue's worker: a download needs no other login (its last listings are local).
     */
    @Test
    void aSynchronizationLogsInOncePerSession() throws Exception {
        tokyo();
        Path site = server.root().resolve("site");
        write(site.resolve("a.txt"), "alpha\n", recently());
        write(site.resolve("docs/b.txt"), "bravo\n", recently());
        Interop.chownToUser(site);

        CliProcess.Result result = sync("--log", "--parallel", "1", "--no-clock-probe");

        assertEquals(0, result.exitCode(), result + server.log());
        assertEquals(contents(site), contents(local));
        List<String> logins = result.stderr().lines().filter(l -> l.contains("> USER ")).toList();
        assertEquals(1, logins.size(), "one login to compare, make the folders and download: " + logins);
    }

    /**
     * A download with --delete deletes local files only: it needs no second login for that. It logged
     * in again to delete them (on a server that takes one session per client, after waiting for the
     * queue's session to idle out, and failing the sync when it could not).
     */
    @Test
    void aDownloadThatDeletesLocalFilesLogsInOnce() throws Exception {
        tokyo();
        Path site = server.root().resolve("site");
        write(site.resolve("a.txt"), "alpha\n", recently());
        Interop.chownToUser(site);
        write(local.resolve("stale.txt"), "gone from the server\n", recently());

        CliProcess.Result result = sync("--log", "--delete", "--parallel", "1", "--no-clock-probe");

        assertEquals(0, result.exitCode(), result + server.log());
        assertEquals(contents(site), contents(local));
        List<String> logins = result.stderr().lines().filter(l -> l.contains("> USER ")).toList();
        assertEquals(1, logins.size(), "one login to compare, download and delete local files: " + logins);
    }

    @Test
    void theDryRunPrintsThePlanAndTouchesNothing() throws Exception {
        tokyo();
        Path site = server.root().resolve("site");
        write(site.resolve("a.txt"), "alpha\n", recently());
        write(site.resolve("docs/b.txt"), "bravo\n", recently());
        Files.setLastModifiedTime(TestFiles.random(site.resolve("docs/deep/c.bin"), 50_000, 3), FileTime.from(recently()));
        Interop.chownToUser(site);

        CliProcess.Result before = sync("--dry-run", "--log");
        assertEquals(0, before.exitCode(), before.toString());
        assertTrue(before.stdout().contains("could not be measured"), "a dry run writes no probe: " + before.stdout());
        assertTrue(before.stdout().contains("Download: 3 files, 2 folders"), before.stdout());
        assertTrue(before.stdout().contains("Dry run: nothing was changed."), before.stdout());
        assertFalse(Files.exists(local), "no local folder made");
        for (String verb : List.of("STOR", "DELE", "MKD", "RMD", "RETR")) {
            assertFalse(before.stderr().contains("> " + verb), verb + ": " + before.stderr());
        }

        assertEquals(0, sync().exitCode());
        write(site.resolve("a.txt"), "alpha, second edition\n", Instant.now());
        Files.delete(site.resolve("docs/deep/c.bin"));
        Interop.chownToUser(site);
        write(local.resolve("docs/b.txt"), "bravo, edited here\n", Instant.now());
        write(local.resolve("extra.txt"), "only here\n", Instant.now());
        TreeMap<String, String> remoteBefore = state(site);
        TreeMap<String, String> localBefore = state(local);

        CliProcess.Result plan = sync("--dry-run", "--delete", "--log");
        assertEquals(1, plan.exitCode(), "a conflict: " + plan);
        String out = plan.stdout();
        assertTrue(out.contains("Download: 1 file"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("  a.txt") && l.contains("changed on the server since the last")), out);
        assertTrue(out.contains("Conflict: 1 file"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("  docs/b.txt") && l.contains("changed here since the last")), out);
        assertTrue(out.contains("Delete here: 2 files"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("  extra.txt")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("  docs/deep/c.bin")), out);
        assertTrue(out.contains("Dry run: nothing was changed."), out);
        assertEquals(remoteBefore, state(site), "the server's files are untouched");
        assertEquals(localBefore, state(local), "the local files are untouched");
        for (String verb : List.of("STOR", "DELE", "MKD", "RMD", "RETR")) {
            assertFalse(plan.stderr().contains("> " + verb), verb + ": " + plan.stderr());
        }
    }

    @Test
    void changesOnEachSideAreCopiedConflictsReportedAndNothingDeletedWithoutTheFlag() throws Exception {
        tokyo();
        Path site = server.root().resolve("site");
        for (String name : List.of("remote-edit.txt", "local-edit.txt", "both.txt", "gone.txt", "calm.txt")) {
            write(site.resolve(name), name + "\n", recently());
        }
        Interop.chownToUser(site);
        assertEquals(0, sync().exitCode());

        write(site.resolve("remote-edit.txt"), "edited on the server\n", Instant.now());
        write(site.resolve("both.txt"), "edited on the server\n", Instant.now());
        Files.delete(site.resolve("gone.txt"));
        Interop.chownToUser(site);
        write(local.resolve("local-edit.txt"), "edited here, keep me\n", Instant.now());
        write(local.resolve("both.txt"), "edited here too\n", Instant.now());
        write(local.resolve("extra.txt"), "only here\n", Instant.now());

        CliProcess.Result run = sync();
        assertEquals(1, run.exitCode(), "conflicts are not resolved silently: " + run);
        assertTrue(run.stderr().contains("2 paths in conflict or refused: left alone"), run.stderr());
        assertEquals("edited on the server\n", Files.readString(local.resolve("remote-edit.txt")));
        assertEquals("edited here, keep me\n", Files.readString(local.resolve("local-edit.txt")));
        assertEquals("edited here too\n", Files.readString(local.resolve("both.txt")));
        assertTrue(run.stdout().lines().anyMatch(l -> l.startsWith("  both.txt") && l.contains("changed on both sides")),
                run.stdout());
        assertTrue(Files.exists(local.resolve("gone.txt")) && Files.exists(local.resolve("extra.txt")),
                "nothing is deleted without --delete");

        CliProcess.Result deleting = sync("--delete");
        assertEquals(1, deleting.exitCode(), deleting.toString());
        assertFalse(Files.exists(local.resolve("gone.txt")), deleting.toString());
        assertFalse(Files.exists(local.resolve("extra.txt")), deleting.toString());
        assertEquals("edited here, keep me\n", Files.readString(local.resolve("local-edit.txt")));

        CliProcess.Result forced = sync("--force");
        assertEquals(0, forced.exitCode(), forced.toString());
        assertEquals(contents(site), contents(local));
        assertEquals("local-edit.txt\n", Files.readString(local.resolve("local-edit.txt")), "the server's copy won");

        CliProcess.Result again = sync("--delete", "--log");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.stdout().contains("Nothing to do"), again.stdout());
        assertFalse(sent(again, "RETR"), again.stderr());
    }

    @Test
    void reverseMakesTheServerLikeTheFolderAndARerunTransfersNothing() throws Exception {
        tokyo();
        Instant daysAgo = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        write(local.resolve("a.txt"), "alpha\n", daysAgo);
        Files.setLastModifiedTime(TestFiles.random(local.resolve("sub/b.bin"), 100_000, 5), FileTime.from(daysAgo));
        write(local.resolve("sub/deeper/c.txt"), "charlie\n", daysAgo);
        Files.createDirectories(local.resolve("empty"));
        Path copy = server.root().resolve("copy/inner");

        CliProcess.Result up = sync(directory, "copy/inner", "--reverse");
        assertEquals(0, up.exitCode(), up + server.log());
        assertTrue(up.stdout().contains("Upload: 3 files, 3 folders"), up.stdout());
        assertEquals(contents(local), contents(copy));

        // vsftpd has no MFMT: its copies carry the upload's time, newer than ours; the history knows why.
        CliProcess.Result again = sync(directory, "copy/inner", "--reverse", "--log");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.stdout().contains("Nothing to do"), again.stdout());
        assertFalse(sent(again, "STOR"), again.stderr());

        write(local.resolve("a.txt"), "alpha, second edition\n", Instant.now());
        Files.delete(local.resolve("sub/b.bin"));
        write(local.resolve("new.txt"), "new\n", Instant.now());
        write(copy.resolve("stale.txt"), "only on the server\n", daysAgo);
        Interop.chownToUser(server.root().resolve("copy"));

        CliProcess.Result kept = sync(directory, "copy/inner", "--reverse");
        assertEquals(0, kept.exitCode(), kept.toString());
        assertTrue(Files.exists(copy.resolve("stale.txt")) && Files.exists(copy.resolve("sub/b.bin")),
                "nothing deleted without --delete");
        assertEquals("alpha, second edition\n", Files.readString(copy.resolve("a.txt")));

        CliProcess.Result mirrored = sync(directory, "copy/inner", "--reverse", "--delete");
        assertEquals(0, mirrored.exitCode(), mirrored.toString());
        assertEquals(contents(local), contents(copy));

        CliProcess.Result last = sync(directory, "copy/inner", "--reverse", "--delete", "--log");
        assertEquals(0, last.exitCode(), last.toString());
        assertTrue(last.stdout().contains("Nothing to do"), last.stdout());
        assertFalse(sent(last, "STOR") || sent(last, "DELE") || sent(last, "RMD"), last.stderr());
    }

    /**
     * ProFTPD with "MaxClientsPerHost 1" (hosting plans, NAS boxes): the session that compared the
     * two sides stayed logged in, idle, while the queue's workers waited for the server's one place,
     * so the sync retried "530 Sorry, the maximum number of clients (1) from your host are already
     * connected" until it gave up; mirror, which hands its first session to the queue, worked.
     */
    @Test
    void aServerThatTakesOneSessionPerHostIsSynchronizedBothWays() throws Exception {
        try (dev.ferry.testing.Proftpd one = dev.ferry.testing.Proftpd.start(directory.resolve("proftpd"),
                dev.ferry.testing.Proftpd.Tls.NONE, List.of("MaxClientsPerHost 1"))) {
            Path tree = one.root().resolve("tree");
            Files.createDirectories(tree.resolve("sub"));
            byte[] big = TestFiles.bytes(1_500_000, 5);
            Files.write(tree.resolve("big.bin"), big);
            Files.writeString(tree.resolve("sub/small.txt"), "small\n");
            Files.writeString(tree.resolve("gone.txt"), "deleted by the reverse sync\n");
            Interop.chownToUser(one.root().resolve("tree"));
            Path copy = directory.resolve("copy");
            String url = "ftp://" + Interop.USER + "@127.0.0.1:" + one.port() + "/tree";
            Map<String, String> password = Map.of("FERRY_PASSWORD", Interop.PASSWORD);

            CliProcess.Result down = CliProcess.run(directory, password, "sync", "--parallel", "2", url, copy.toString());
            assertEquals(0, down.exitCode(), down + one.log());
            assertTrue(java.util.Arrays.equals(big, Files.readAllBytes(copy.resolve("big.bin"))), down.toString());
            assertEquals("small\n", Files.readString(copy.resolve("sub/small.txt")));

            Files.delete(copy.resolve("gone.txt"));
            Files.writeString(copy.resolve("sub/new.txt"), "new\n");
            CliProcess.Result up = CliProcess.run(directory, password, "sync", "--reverse", "--delete", "--parallel", "2",
                    "--log", url, copy.toString());
            assertEquals(0, up.exitCode(), up + one.log());
            assertEquals("new\n", Files.readString(tree.resolve("sub/new.txt")));
            assertFalse(Files.exists(tree.resolve("gone.txt")), up.toString());
            // The sync's deletions and last listings take the queue's idle session back instead of knocking
            // until it idles out; the second worker's one refusal is how the pool learns the server's limit.
            long refusedLogins = up.stderr().lines().filter(line -> line.contains("< 530")).count();
            assertTrue(refusedLogins <= 1, refusedLogins + " refused logins:\n" + up.stderr());
        }
    }

    /**
     * vsftpd in New York ({@code use_localtime=YES}) answers MDTM in New York time, hours behind UTC. A
     * part file of an old version, and the server's file replaced an hour after it was written: MDTM
     * made the new version look hours older than the part, so {@code get -c} continued the old bytes
     * with the new ones, and stamped the download hours early. Once a sync has measured the listing's
     * clock and seen MDTM agree with it, MDTM is read back to UTC.
     */
    @Test
    void mdtmInLocalTimeWestOfUtcIsReadAsUtcOnceMeasured() throws Exception {
        Duration west = newYork();
        CliProcess.Result measured = sync();
        assertEquals(0, measured.exitCode(), measured + server.log());
        assertTrue(measured.stdout().contains(dev.ferry.sync.ListingClock.describe(west) + " from UTC (measured with a probe file)"),
                measured.stdout());
        aPartOfTheOldVersionIsNotContinued();
    }

    /** Without a sync: the first upload to the server reads its MDTM clock from the file it just wrote. */
    @Test
    void mdtmInLocalTimeWestOfUtcIsLearnedFromAnUpload() throws Exception {
        newYork();
        Path up = Files.writeString(directory.resolve("up.txt"), "up\n");
        CliProcess.Result put = CliProcess.run(directory, Map.of("FERRY_PASSWORD", Interop.PASSWORD), "put",
                up.toString(), url("site/up.txt"));
        assertEquals(0, put.exitCode(), put + server.log());
        aPartOfTheOldVersionIsNotContinued();
    }

    /** vsftpd in New York with site/big.bin replaced an hour ago; how far New York is from UTC then. */
    private Duration newYork() throws IOException {
        server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.NONE, List.of("use_localtime=YES"),
                Map.of("TZ", "America/New_York"));
        local = directory.resolve("local");
        Path site = server.root().resolve("site");
        write(site.resolve("a.txt"), "alpha\n", recently());
        Path big = TestFiles.random(site.resolve("big.bin"), 300_000, 11);
        replaced = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Files.setLastModifiedTime(big, FileTime.from(replaced));
        Interop.chownToUser(site);
        Duration west = Duration.ofSeconds(ZoneId.of("America/New_York").getRules().getOffset(replaced).getTotalSeconds());

        // The premise: a session that has measured nothing reads MDTM hours before the truth.
        try (FtpSession session = new FtpSession(ServerSmoke.settings(server.port(), DataConnectionMode.PASSIVE).build(),
                "premise")) {
            session.connect();
            assertEquals(replaced.plus(west), session.modificationTime(
                    RemotePaths.join(session.initialDirectory(), "site/big.bin")).orElseThrow(), server.log());
            session.quit();
        }
        return west;
    }

    private Instant replaced;

    /** An old version's start, written an hour before the server's file was replaced, and {@code get -c}. */
    private void aPartOfTheOldVersionIsNotContinued() throws Exception {
        Path got = Files.createDirectories(directory.resolve("got"));
        Path part = got.resolve("big.bin.part");
        byte[] oldStart = new byte[100_000];
        java.util.Arrays.fill(oldStart, (byte) 'o');
        Files.write(part, oldStart);
        Files.setLastModifiedTime(part, FileTime.from(replaced.minus(Duration.ofHours(1))));

        CliProcess.Result get = CliProcess.run(directory, Map.of("FERRY_PASSWORD", Interop.PASSWORD), "get", "-c",
                url("site/big.bin"), got + "/");
        assertEquals(0, get.exitCode(), get + server.log());
        assertEquals(TestFiles.sha256(server.root().resolve("site/big.bin")), TestFiles.sha256(got.resolve("big.bin")),
                "the old version's start was not continued with the new version's end: " + get);
        assertEquals(replaced, Files.getLastModifiedTime(got.resolve("big.bin")).toInstant(),
                "the download has the server file's time, not hours before it");
    }

    @org.junit.jupiter.api.AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }
}
