package dev.ferry.interop;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.DialogueEntry;
import dev.ferry.testing.Await;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.Interop;
import dev.ferry.testing.Proftpd;
import dev.ferry.testing.Pyftpdlib;
import dev.ferry.testing.TcpConnections;
import dev.ferry.testing.TestFiles;
import dev.ferry.testing.Vsftpd;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.Endpoint;
import dev.ferry.transfer.FileTransfers;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.QueueText;
import dev.ferry.transfer.Segment;
import dev.ferry.transfer.TransferQueue;
import dev.ferry.transfer.Verification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue downloading one large file as segments from real servers: N sessions each fetch a
 * range (REST + RETR, then ABOR) into one part file, at once; pause stops them all and resume
 * continues each where it stopped; a failed segment is retried alone; a checksum mismatch is
 * caught; a server without REST gets one stream.
 */
class SegmentedDownloadInteropTest {

    static final Duration LONG = Duration.ofSeconds(120);

    @TempDir
    Path directory;

    static QueueSettings settings(int segments) {
        return QueueSettings.DEFAULT.withConnections(segments).withConflictDefault(ConflictAction.OVERWRITE)
                .withRetries(3, Duration.ofMillis(200), Duration.ofSeconds(2)).withSegments(segments, 1 << 20);
    }

    /** A free range of passive ports below the ephemeral ones, so connections on them are the server's data connections. */
    static int[] passivePorts() throws IOException {
        SplittableRandom random = new SplittableRandom();
        for (int tries = 0; tries < 50; tries++) {
            int first = 20_000 + random.nextInt(10_000);
            if (allFree(first, first + 15)) {
                return new int[]{first, first + 15};
            }
        }
        throw new IOException("no 16 free ports in a row below 30000");
    }

    private static boolean allFree(int first, int last) {
        for (int port = first; port <= last; port++) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                probe.getLocalPort();
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    /** vsftpd sending at most {@code bytesPerSecond} per data connection, passive ports in {@code ports}. */
    private Vsftpd limitedVsftpd(int bytesPerSecond, int[] ports) throws IOException {
        return Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.NONE, List.of("local_max_rate=" + bytesPerSecond,
                "pasv_min_port=" + ports[0], "pasv_max_port=" + ports[1]));
    }

    private static byte[] serve(Path root, String name, int size, long seed) throws IOException {
        byte[] content = TestFiles.bytes(size, seed);
        Interop.chownToUser(Files.write(root.resolve(name), content));
        return content;
    }

    private static ConnectionSettings connection(int port) {
        return ServerSmoke.settings(port, DataConnectionMode.PASSIVE).build();
    }

    private static ItemSnapshot item(TransferQueue queue, long id) {
        return queue.snapshot().stream().filter(i -> i.id() == id).findFirst().orElse(null);
    }

    private static boolean everySegmentMoving(ItemSnapshot item, int segments) {
        return item != null && item.segments().size() == segments
                && item.segments().stream().allMatch(s -> s.done() > 0 && !s.complete());
    }

    /** The offsets of the RETRs in the dialogue (0 when no REST came before one), in order. */
    static List<Long> retrOffsets(List<DialogueEntry> entries) {
        List<Long> offsets = new ArrayList<>();
        java.util.Map<String, Long> rest = new java.util.HashMap<>();
        for (DialogueEntry entry : entries) {
            String words = CollectingLog.words(entry);
            if (entry.kind() != DialogueEntry.Kind.COMMAND) {
                continue;
            }
            if (words.startsWith("REST ")) {
                rest.put(entry.session(), Long.parseLong(words.substring(5).trim()));
            } else if (words.startsWith("RETR ")) {
                Long offset = rest.remove(entry.session());
                offsets.add(offset == null ? 0 : offset);
            }
        }
        return offsets;
    }

    private static void awaitIdle(TransferQueue queue) throws InterruptedException {
        assertTrue(queue.awaitIdle(LONG), "the queue did not finish: " + queue.snapshot());
    }

    @Test
    void fourSegmentsRunAtOnceOverFourSessions() throws Exception {
        int[] ports = passivePorts();
        try (Vsftpd server = limitedVsftpd(1_000_000, ports);
             TransferQueue queue = new TransferQueue(settings(4), null, null)) {
            byte[] content = serve(server.root(), "large.bin", 16 << 20, 1);
            Path local = directory.resolve("local/large.bin");
            CollectingLog dialogue = new CollectingLog();
            queue.addDialogueListener(dialogue);
            ConnectionSettings connection = connection(server.port());
            long id = queue.addDownload(connection, null, server.root().resolve("large.bin").toString(), local,
                    false, content.length, null).id();
            queue.start();
            // Counted on the server's side: its passive data sockets with a client on them.
            Await.until("four data connections open at once on vsftpd",
                    () -> TcpConnections.establishedOnLocalPorts(ports[0], ports[1]) >= 4, LONG,
                    () -> item(queue, id) + "\n" + dialogue.text());
            assertEquals(4, queue.connectedSessions(Endpoint.of(connection, null)), "sessions of the server");
            Await.until("every segment moving at once", () -> everySegmentMoving(item(queue, id), 4), LONG,
                    () -> String.valueOf(item(queue, id)));
            ItemSnapshot running = item(queue, id);
            assertEquals(running.bytesDone(), running.segments().stream().mapToLong(Segment::done).sum(),
                    "the segments' bytes add up to the item's");
            awaitIdle(queue);

            ItemSnapshot done = item(queue, id);
            assertEquals(ItemState.DONE, done.state(), String.valueOf(done));
            assertEquals(Verification.UNAVAILABLE, done.verification(), "vsftpd cannot hash: checked by size");
            assertTrue(java.util.Arrays.equals(content, Files.readAllBytes(local)), "the downloaded bytes");
            assertFalse(Files.exists(FileTransfers.partFile(local)), "no part file left");
            assertEquals(List.of(0L, 4L << 20, 8L << 20, 12L << 20),
                    retrOffsets(dialogue.entries()).stream().sorted().toList(), "one RETR per segment:\n" + dialogue.text());
        }
    }

    @Test
    void segmentsOverTlsEachResumeTheirOwnSession() throws Exception {
        // vsftpd with require_ssl_reuse: each segment's data connection must resume its own session's TLS.
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.EXPLICIT, List.of());
             TransferQueue queue = new TransferQueue(settings(3), null, null)) {
            byte[] content = serve(server.root(), "large.bin", 12 << 20, 8);
            Path local = directory.resolve("local/large.bin");
            CollectingLog dialogue = new CollectingLog();
            queue.addDialogueListener(dialogue);
            ConnectionSettings connection = ServerSmoke.settings(server.port(), DataConnectionMode.PASSIVE)
                    .tlsMode(dev.ferry.ftp.TlsMode.EXPLICIT)
                    .certificateTrust(dev.ferry.tls.CertificateTrust.nonInteractive(dev.ferry.tls.KnownHosts.inMemory(),
                            java.util.Set.of(dev.ferry.tls.CertificateInfo.fingerprint(
                                    server.certificate().certificate())))).build();
            long id = queue.addDownload(connection, null, server.root().resolve("large.bin").toString(), local,
                    false, content.length, null).id();
            queue.start();
            awaitIdle(queue);
            assertEquals(ItemState.DONE, item(queue, id).state(), item(queue, id) + "\n" + dialogue.text());
            assertTrue(java.util.Arrays.equals(content, Files.readAllBytes(local)), "the downloaded bytes");
            assertEquals(List.of(0L, 4L << 20, 8L << 20), retrOffsets(dialogue.entries()).stream().sorted().toList(),
                    "one RETR per segment:\n" + dialogue.text());
            assertTrue(dialogue.contains("session resumed"), dialogue.text());
        }
    }

    @Test
    void pauseStopsEverySegmentAndResumeContinuesEach() throws Exception {
        int[] ports = passivePorts();
        try (Vsftpd server = limitedVsftpd(1_000_000, ports);
             TransferQueue queue = new TransferQueue(settings(4), null, null)) {
            byte[] content = serve(server.root(), "large.bin", 16 << 20, 2);
            Path local = directory.resolve("local/large.bin");
            CollectingLog dialogue = new CollectingLog();
            queue.addDialogueListener(dialogue);
            long id = queue.addDownload(connection(server.port()), null, server.root().resolve("large.bin").toString(),
                    local, false, content.length, null).id();
            queue.start();
            Await.until("every segment moving", () -> everySegmentMoving(item(queue, id), 4), LONG,
                    () -> String.valueOf(item(queue, id)));

            queue.pause(id);
            Await.until("the item paused", () -> item(queue, id).state() == ItemState.PAUSED, LONG,
                    () -> String.valueOf(item(queue, id)));
            Await.until("no data connection left on the server",
                    () -> TcpConnections.establishedOnLocalPorts(ports[0], ports[1]) == 0, LONG);
            List<Segment> saved = item(queue, id).segments();
            assertEquals(4, saved.size(), "the plan stays with the paused item");
            assertTrue(saved.stream().allMatch(s -> s.done() > 0), "every segment had bytes: " + saved);
            assertEquals(content.length, Files.size(FileTransfers.partFile(local)), "one part file, full length");
            int before = dialogue.entries().size();

            queue.resume(id);
            awaitIdle(queue);
            assertEquals(ItemState.DONE, item(queue, id).state(), String.valueOf(item(queue, id)));
            assertTrue(java.util.Arrays.equals(content, Files.readAllBytes(local)), "the downloaded bytes");
            TreeSet<Long> expected = new TreeSet<>();
            for (Segment segment : saved) {
                if (!segment.complete()) {
                    expected.add(segment.start() + segment.done());
                }
            }
            List<DialogueEntry> after = dialogue.entries().subList(before, dialogue.entries().size());
            assertEquals(expected, new TreeSet<>(retrOffsets(after)),
                    "each segment continued where the pause saved it:\n" + dialogue.text());
        }
    }

    @Test
    void removingTheItemLeavesNoPartFile() throws Exception {
        int[] ports = passivePorts();
        try (Vsftpd server = limitedVsftpd(1_000_000, ports);
             TransferQueue queue = new TransferQueue(settings(3), null, null)) {
            byte[] content = serve(server.root(), "large.bin", 12 << 20, 3);
            Path local = directory.resolve("local/large.bin");
            long id = queue.addDownload(connection(server.port()), null, server.root().resolve("large.bin").toString(),
                    local, false, content.length, null).id();
            queue.start();
            Await.until("every segment moving", () -> everySegmentMoving(item(queue, id), 3), LONG,
                    () -> String.valueOf(item(queue, id)));
            queue.cancel(id);
            Await.until("the item cancelled", () -> item(queue, id).state() == ItemState.CANCELLED, LONG);
            assertTrue(Files.exists(FileTransfers.partFile(local)), "a cancelled item can be retried: its part stays");
            queue.remove(id);
            Await.until("the item gone", () -> item(queue, id) == null, LONG);
            assertFalse(Files.exists(FileTransfers.partFile(local)), "a removed item leaves no part file");
            assertFalse(Files.exists(local));

            long again = queue.addDownload(connection(server.port()), null,
                    server.root().resolve("large.bin").toString(), local, false, content.length, null).id();
            Await.until("every segment moving", () -> everySegmentMoving(item(queue, again), 3), LONG,
                    () -> String.valueOf(item(queue, again)));
            queue.remove(again);
            Await.until("the running item gone", () -> item(queue, again) == null, LONG);
            Await.until("its part file deleted", () -> !Files.exists(FileTransfers.partFile(local)), LONG);
            assertTrue(Files.list(local.getParent()).findAny().isEmpty(), "nothing left in the folder");
        }
    }

    @Test
    void aServerWithoutRestGetsOneStream() throws Exception {
        try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("server"), Pyftpdlib.Options.plain().withoutRest());
             TransferQueue queue = new TransferQueue(settings(4), null, null)) {
            byte[] content = serve(server.root(), "large.bin", 8 << 20, 4);
            Path local = directory.resolve("local/large.bin");
            CollectingLog dialogue = new CollectingLog();
            queue.addDialogueListener(dialogue);
            long id = queue.addDownload(connection(server.port()), null, "/large.bin", local, false, content.length,
                    null).id();
            queue.start();
            awaitIdle(queue);
            ItemSnapshot done = item(queue, id);
            assertEquals(ItemState.DONE, done.state(), done + "\n" + dialogue.text());
            assertTrue(done.segments().isEmpty(), "not split");
            assertEquals(List.of(0L), retrOffsets(dialogue.entries()), "one RETR:\n" + dialogue.text());
            assertFalse(dialogue.contains("REST"), "no REST sent");
            assertTrue(java.util.Arrays.equals(content, Files.readAllBytes(local)), "the downloaded bytes");
        }
    }

    @Test
    void aChecksumMismatchIsCaughtAndTheFileFetchedAgain() throws Exception {
        // ProFTPD hashes files (mod_digest: HASH, XSHA256...) and holds each data connection to 2 MB/s.
        try (Proftpd server = Proftpd.start(directory.resolve("server"), Proftpd.Tls.NONE,
                List.of("LoadModule mod_digest.c", "DigestEngine on", "TransferRate RETR 2000"));
             TransferQueue queue = new TransferQueue(settings(4), null, null)) {
            int size = 24 << 20;
            serve(server.root(), "large.bin", size, 5);
            byte[] replaced = TestFiles.bytes(size, 6);
            Path local = directory.resolve("local/large.bin");
            CollectingLog dialogue = new CollectingLog();
            queue.addDialogueListener(dialogue);
            long id = queue.addDownload(connection(server.port()), null, server.root().resolve("large.bin").toString(),
                    local, false, size, null).id();
            queue.start();
            Await.until("every segment moving", () -> everySegmentMoving(item(queue, id), 4), LONG,
                    () -> String.valueOf(item(queue, id)) + "\n" + dialogue.text());
            // Rewritten in place, same size, while the segments run: the part file gets the old bytes
            // before this point and the new ones after it, a mix no size check can see.
            try (RandomAccessFile file = new RandomAccessFile(server.root().resolve("large.bin").toFile(), "rw")) {
                file.write(replaced);
            }
            awaitIdle(queue);

            ItemSnapshot done = item(queue, id);
            assertEquals(ItemState.DONE, done.state(), done + "\n" + dialogue.text());
            assertEquals(Verification.VERIFIED, done.verification(), dialogue.text() + "\n" + server.log());
            assertEquals(QueueText.CHECKSUM_MISMATCH_RETRYING, Optional.ofNullable(done.lastError())
                    .map(m -> m.key()).orElse(null), "the mismatch was seen: " + done.lastError());
            assertEquals(2, dialogue.entries().stream().filter(e -> e.kind() == DialogueEntry.Kind.COMMAND
                    && CollectingLog.words(e).startsWith("HASH ")).count(), "checked twice:\n" + dialogue.text());
            assertTrue(java.util.Arrays.equals(replaced, Files.readAllBytes(local)), "the server's file as it is now");
        }
    }

    @Test
    void aFailedSegmentIsRetriedAloneFromWhereItStopped() throws Exception {
        int[] ports = passivePorts();
        try (Vsftpd server = limitedVsftpd(1_000_000, ports);
             TransferQueue queue = new TransferQueue(settings(4), null, null)) {
            byte[] content = serve(server.root(), "large.bin", 16 << 20, 7);
            Path local = directory.resolve("local/large.bin");
            CollectingLog dialogue = new CollectingLog();
            queue.addDialogueListener(dialogue);
            long id = queue.addDownload(connection(server.port()), null, server.root().resolve("large.bin").toString(),
                    local, false, content.length, null).id();
            queue.start();
            Await.until("every segment moving", () -> everySegmentMoving(item(queue, id), 4), LONG,
                    () -> String.valueOf(item(queue, id)));
            // vsftpd serves each session in two processes of its own. Both are frozen, then killed:
            // one segment's connections are cut, as by a crash or a network failure (killed one at a
            // time, the survivor would first say "500 OOPS", a refusal rather than a cut).
            ProcessHandle session = server.sessionProcesses().findFirst().orElseThrow();
            List<String> pids = new ArrayList<>(List.of(Long.toString(session.pid())));
            session.descendants().forEach(p -> pids.add(Long.toString(p.pid())));
            signal("-STOP", pids);
            signal("-KILL", pids);
            awaitIdle(queue);

            ItemSnapshot done = item(queue, id);
            assertEquals(ItemState.DONE, done.state(), done + "\n" + dialogue.text());
            assertTrue(java.util.Arrays.equals(content, Files.readAllBytes(local)), "the downloaded bytes");
            List<Long> offsets = retrOffsets(dialogue.entries());
            List<Long> starts = List.of(0L, 4L << 20, 8L << 20, 12L << 20);
            assertEquals(5, offsets.size(), "four segments and one retry:\n" + dialogue.text());
            assertTrue(offsets.containsAll(starts), "each segment started once: " + offsets);
            List<Long> retry = new ArrayList<>(offsets);
            starts.forEach(retry::remove);
            long continued = retry.getFirst();
            assertTrue(starts.stream().anyMatch(start -> continued > start && continued < start + (4L << 20)),
                    "the failed segment continued inside its range, not from its start: " + offsets);
            assertEquals(QueueText.SEGMENT_RETRYING, done.lastError().key(), String.valueOf(done.lastError()));
        }
    }

    private static void signal(String signal, List<String> pids) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        command.addAll(pids);
        Process kill = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, kill.waitFor(), String.join(" ", command));
    }
}
