package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.English;
import dev.ferry.testing.FakeFtpServer;
import dev.ferry.testing.TestFiles;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After an upload the server refused part way, SIZE is asked whether it kept what it received. Every
 * answer but a size was read as "nothing there", and the failure no longer told the user of the partial
 * file that a server not understanding SIZE (or busy for a moment) still keeps under the name.
 */
class RefusedUploadTest {

    @TempDir
    Path directory;

    private static TransferQueue oneSessionWithRetries() {
        return new TransferQueue(QueueSettings.DEFAULT.withConnections(1)
                .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(10)), null, null);
    }

    private static ConnectionSettings settings(FakeFtpServer server) {
        return ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p").build();
    }

    private String failureAfterRefusedUpload(String sizeAnswer) throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.uploadsFillTheDiskAfter(3_000, "552 Disk full").answerSize(sizeAnswer);
            Path local = Files.write(directory.resolve("upload.bin"), TestFiles.bytes(10_000, 7));
            try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT.withRetries(0, Duration.ofMillis(10),
                    Duration.ofMillis(10)), null, null)) {
                queue.addUpload(ConnectionSettings.builder("127.0.0.1").port(server.port()).user("u").password("p").build(),
                        null, local, "/upload.bin", false);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)), "the upload to end");
                ItemSnapshot item = queue.snapshot().getFirst();
                assertEquals(ItemState.FAILED, item.state(), item.toString());
                assertTrue(server.commands().stream().anyMatch(c -> c.startsWith("SIZE")), "the premise: SIZE was asked");
                return English.of(item.lastError());
            }
        }
    }

    /**
     * A server without room (452, "transient") refused every upload of a queue one after the other, each tried
     * again after its pause: only someone freeing room changes that. The uploads that wait are held instead.
     * A 552 does not hold them: ProFTPD answers it for one file over its size limit (R29).
     */
    @org.junit.jupiter.api.Test
    void aServerWithoutRoomHoldsTheUploadsThatWait() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.uploadsFillTheDiskAfter(3_000, "452 Insufficient storage space in system.");
            try (TransferQueue queue = oneSessionWithRetries()) {
                ConnectionSettings settings = settings(server);
                for (String name : java.util.List.of("a", "b", "c")) {
                    Path local = Files.write(directory.resolve(name + ".bin"), TestFiles.bytes(10_000, name.charAt(0)));
                    queue.addUpload(settings, null, local, "/" + name + ".bin", false);
                }
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)), "the uploads to end");
                java.util.List<ItemSnapshot> items = queue.snapshot();
                assertEquals(ItemState.FAILED, items.getFirst().state(), items::toString);
                assertEquals(1, server.commands().stream().filter(c -> c.equals("STOR /a.bin")).count(),
                        "no retry of a server without room: " + server.commands());
                for (ItemSnapshot held : items.subList(1, 3)) {
                    assertEquals(ItemState.PAUSED, held.state(), held::toString);
                    assertEquals(QueueText.WAITS_FOR_SERVER_SPACE, held.lastError().key(), held::toString);
                }
                assertFalse(server.commands().stream().anyMatch(c -> c.startsWith("STOR /b") || c.startsWith("STOR /c")),
                        server.commands().toString());
            }
        }
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.uploadsFillTheDiskAfter(3_000, "552 File too large.");
            try (TransferQueue queue = oneSessionWithRetries()) {
                ConnectionSettings settings = settings(server);
                queue.addUpload(settings, null, Files.write(directory.resolve("big.bin"), TestFiles.bytes(10_000, 1)),
                        "/big.bin", false);
                queue.addUpload(settings, null, Files.write(directory.resolve("small.bin"), TestFiles.bytes(100, 2)),
                        "/small.bin", false);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)), "the uploads to end");
                assertEquals(java.util.List.of(ItemState.FAILED, ItemState.DONE),
                        queue.snapshot().stream().map(ItemSnapshot::state).toList(), "one file too large holds no other");
            }
        }
    }

    /**
     * As for a full local disk (T7): Resume on the uploads held for a server without room left behind, failed,
     * the one that met the refusal; and with two connections the other upload running then failed too, where
     * one failure says why and the rest wait (T6). Many rounds: the hold of the first refusal, decided before the
     * second one and put in place after it, came after the queue was idle and the user's Resume, and held again
     * what had been resumed (ci82: one round in six here).
     */
    @org.junit.jupiter.api.Test
    void resumeOnceTheServerHasRoomContinuesEveryUploadThatFoundItFull() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            for (int round = 0; round < 60; round++) {
                server.uploadsFillTheDiskAfter(3_000, "452 Insufficient storage space in system.");
                try (TransferQueue queue = new TransferQueue(QueueSettings.DEFAULT.withConnections(2)
                        .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(10)), null, null)) {
                    ConnectionSettings settings = settings(server);
                    java.util.Map<String, byte[]> sent = addUploads(queue, settings, round + "a", round + "b",
                            round + "c", round + "d");
                    queue.start();
                    assertTrue(queue.awaitIdle(Duration.ofSeconds(60)), "the uploads to end");
                    java.util.List<ItemSnapshot> items = queue.snapshot();
                    assertEquals(1, items.stream().filter(item -> item.state() == ItemState.FAILED).count(),
                            "one failure says why, the others wait: " + items);

                    server.uploadsFillTheDiskAfter(-1, null);
                    resumeTheHeldAndCheck(queue, items, server, sent);
                }
            }
        }
    }

    private java.util.Map<String, byte[]> addUploads(TransferQueue queue, ConnectionSettings settings, String... names)
            throws java.io.IOException {
        java.util.Map<String, byte[]> sent = new java.util.LinkedHashMap<>();
        for (String name : names) {
            byte[] content = TestFiles.bytes(10_000, name.charAt(name.length() - 1));
            sent.put("/" + name + ".bin", content);
            queue.addUpload(settings, null, Files.write(directory.resolve(name + ".bin"), content), "/" + name + ".bin", false);
        }
        return sent;
    }

    /** Resume on the uploads that wait for room: every one of them ends on the server as sent, the failed ones too. */
    private static void resumeTheHeldAndCheck(TransferQueue queue, java.util.List<ItemSnapshot> items, FakeFtpServer server,
                                              java.util.Map<String, byte[]> sent) throws InterruptedException {
        items.stream().filter(ItemSnapshot::waitsForRoom).forEach(item -> queue.resume(item.id()));
        assertTrue(queue.awaitIdle(Duration.ofSeconds(60)), "the uploads resumed to end");
        for (ItemSnapshot item : queue.snapshot()) {
            assertEquals(ItemState.DONE, item.state(), item::toString);
            assertTrue(java.util.Arrays.equals(sent.get(item.remotePath()), server.stored(item.remotePath())),
                    "what the server holds of " + item.remotePath());
        }
    }

    /**
     * busybox ftpd on a full flash answers every upload "451 Error", after taking its data: nothing says room, and
     * each file of a queue was sent four times (three retries) and failed on its own. A second file refused the same
     * way holds the rest, the first waiting for its retry too; resumed, all of them go, the one that failed too.
     */
    @org.junit.jupiter.api.Test
    void aSecondUploadRefusedTheSameWayHoldsTheRest() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.uploadsFillTheDiskAfter(3_000, "451 Error");
            try (TransferQueue queue = oneSessionWithRetries()) {
                ConnectionSettings settings = settings(server);
                java.util.Map<String, byte[]> sent = addUploads(queue, settings, "a", "b", "c", "d", "e");
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)), "the uploads to end");
                java.util.List<ItemSnapshot> items = queue.snapshot();
                assertEquals(java.util.List.of(ItemState.PAUSED, ItemState.FAILED, ItemState.PAUSED, ItemState.PAUSED,
                        ItemState.PAUSED), items.stream().map(ItemSnapshot::state).toList(), items::toString);
                for (ItemSnapshot held : java.util.List.of(items.get(0), items.get(2), items.get(3), items.get(4))) {
                    assertTrue(held.waitsForRoom(), held::toString);
                    String words = English.of(held.lastError());
                    assertTrue(words.contains("refused two uploads in a row") && words.contains("451 Error"), words);
                }
                assertEquals(2, server.commands().stream().filter(c -> c.startsWith("STOR ")).count(),
                        "the two refused, no other: " + server.commands());

                server.uploadsFillTheDiskAfter(-1, null);
                resumeTheHeldAndCheck(queue, items, server, sent);
            }
        }
    }

    /** One file refused again and again is tried again as before (its own refusals are not two files'), the next goes on. */
    @org.junit.jupiter.api.Test
    void oneUploadRefusedIsTriedAgainAndTheRestGoOn() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.uploadsFillTheDiskAfter(3_000, "451 Error");
            try (TransferQueue queue = oneSessionWithRetries()) {
                ConnectionSettings settings = settings(server);
                queue.addUpload(settings, null, Files.write(directory.resolve("a.bin"), TestFiles.bytes(10_000, 1)),
                        "/a.bin", false);
                queue.addUpload(settings, null, Files.write(directory.resolve("b.bin"), TestFiles.bytes(100, 2)),
                        "/b.bin", false);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)), "the uploads to end");
                java.util.List<ItemSnapshot> items = queue.snapshot();
                assertEquals(java.util.List.of(ItemState.FAILED, ItemState.DONE),
                        items.stream().map(ItemSnapshot::state).toList(), items::toString);
                assertEquals(4, items.getFirst().attempts(), items.getFirst()::toString);
                assertEquals(4, server.commands().stream().filter(c -> c.equals("STOR /a.bin")).count(), server.commands()::toString);
            }
        }
    }

    /** A data connection the network cut (426) on two files in a row is the network's doing: each is tried again. */
    @org.junit.jupiter.api.Test
    void uploadsCutOneAfterTheOtherAreEachTriedAgain() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            server.uploadsFillTheDiskAfter(3_000, "426 Connection closed; transfer aborted.");
            try (TransferQueue queue = oneSessionWithRetries()) {
                ConnectionSettings settings = settings(server);
                for (String name : java.util.List.of("a", "b")) {
                    queue.addUpload(settings, null, Files.write(directory.resolve(name + ".bin"), TestFiles.bytes(10_000, 1)),
                            "/" + name + ".bin", false);
                }
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofSeconds(60)), "the uploads to end");
                assertEquals(java.util.List.of(ItemState.FAILED, ItemState.FAILED),
                        queue.snapshot().stream().map(ItemSnapshot::state).toList(), queue.snapshot()::toString);
                assertEquals(8, server.commands().stream().filter(c -> c.startsWith("STOR ")).count(), server.commands()::toString);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"500 SIZE not understood", "502 Command not implemented", "450 Try again later",
            "213 a lot", "550 Permission denied.", "550 /upload.bin: Permission denied", "550 Access is denied."})
    void anAnswerThatCannotTellStillSaysThePartMayStay(String sizeAnswer) throws Exception {
        String words = failureAfterRefusedUpload(sizeAnswer);
        assertTrue(words.contains("552") && words.contains("may stay on the server as /upload.bin"), words);
    }

    @ParameterizedTest
    @ValueSource(strings = {"550 Could not get file size.", "550 /upload.bin: No such file or directory",
            "550 Can't check for file existence"})
    void aServerThatSaysNoFileIsThereIsBelieved(String sizeAnswer) throws Exception {
        String words = failureAfterRefusedUpload(sizeAnswer);
        assertTrue(words.contains("552"), words);
        assertFalse(words.contains("may stay on the server"), words);
    }
}
