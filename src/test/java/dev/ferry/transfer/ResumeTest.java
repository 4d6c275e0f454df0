package dev.ferry.transfer;

import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.TransferListener;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A part file continues only the remote file it came from: when the server's file changed after the
 * part's last byte was written, the download starts again instead of joining the old start to the
 * new end (a user's resumed download was a mix of two versions, reported as a success).
 */
class ResumeTest {

    @TempDir
    Path directory;

    static final int SIZE = 3 << 20;
    static final int PART = 1 << 20;

    /** The server's file, and a part file holding the first megabyte of an older version of it. */
    private byte[] prepare(MinaServer server, Path target, Instant partWritten, Instant remoteModified) throws Exception {
        byte[] older = Files.readAllBytes(TestFiles.random(directory.resolve("older.bin"), SIZE, 1));
        Path part = FileTransfers.partFile(target);
        Files.write(part, Arrays.copyOf(older, PART));
        Files.setLastModifiedTime(part, FileTime.from(partWritten));
        Path served = TestFiles.random(server.home().resolve("file.bin"), SIZE, 2);
        Files.setLastModifiedTime(served, FileTime.from(remoteModified));
        return Files.readAllBytes(served);
    }

    private long download(MinaServer server, Path target) throws Exception {
        try (FtpSession session = new FtpSession(TransferQueueTest.settings(server.port()), "resume")) {
            session.connect();
            return FileTransfers.download(session, "/file.bin", target, SIZE, true, null, TransferListener.NONE);
        }
    }

    @Test
    void aPartOfAFileThatChangedSinceIsDroppedAndTheFileDownloadedWhole() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path target = directory.resolve("file.bin");
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            byte[] current = prepare(server, target, now.minus(2, ChronoUnit.HOURS), now.minus(1, ChronoUnit.HOURS));
            long received = download(server, target);
            assertArrayEquals(current, Files.readAllBytes(target), "the server's current file, not a mix of two");
            assertEquals(SIZE, received, "downloaded from its first byte");
        }
    }

    /** Started over, a part longer than the file is emptied first: none of its old tail stays behind the new bytes. */
    @Test
    void aDownloadStartedOverLeavesNothingOfALongerPart() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path target = directory.resolve("file.bin");
            Files.write(FileTransfers.partFile(target), new byte[SIZE + PART]);
            byte[] served = Files.readAllBytes(TestFiles.random(server.home().resolve("file.bin"), SIZE, 3));
            try (FtpSession session = new FtpSession(TransferQueueTest.settings(server.port()), "resume")) {
                session.connect();
                long received = FileTransfers.download(session, "/file.bin", target, SIZE, false, null,
                        TransferListener.NONE);
                assertEquals(SIZE, received);
            }
            assertArrayEquals(served, Files.readAllBytes(target), "the server's file, without the part's tail");
        }
    }

    @Test
    void theQueueDropsAPartOfAFileThatChangedSince() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path target = directory.resolve("file.bin");
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            byte[] current = prepare(server, target, now.minus(2, ChronoUnit.HOURS), now.minus(1, ChronoUnit.HOURS));
            try (TransferQueue queue = new TransferQueue(TransferQueueTest.quick(1), null, null)) {
                queue.addDownload(TransferQueueTest.settings(server.port()), null, "/file.bin", target, false, -1, null);
                TransferQueueTest.run(queue);
                assertEquals(ItemState.DONE, queue.snapshot().getFirst().state(), queue.snapshot().toString());
            }
            assertArrayEquals(current, Files.readAllBytes(target), "the server's current file, not a mix of two");
        }
    }

    /**
     * A part holding the server's own first megabyte, written an hour ago, of a file whose time
     * is {@code remoteModifiedFromNow} from now: the download continues after the part.
     */
    private void assertContinued(java.time.Duration remoteModifiedFromNow) throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path target = directory.resolve("file.bin");
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant partWritten = now.minus(1, ChronoUnit.HOURS);
            byte[] current = prepare(server, target, partWritten, now.plus(remoteModifiedFromNow));
            // The part holds the current file's first megabyte, as an interrupted download leaves it.
            Path part = FileTransfers.partFile(target);
            Files.write(part, Arrays.copyOf(current, PART));
            Files.setLastModifiedTime(part, FileTime.from(partWritten));
            long received = download(server, target);
            assertArrayEquals(current, Files.readAllBytes(target));
            assertEquals(SIZE - PART, received, "continued after the part's megabyte");
        }
    }

    @Test
    void aPartOfAFileUnchangedSinceIsContinued() throws Exception {
        assertContinued(java.time.Duration.ofHours(-2));
    }

    @Test
    void aTimeAheadOfOurClockSaysNothingAndThePartIsContinued() throws Exception {
        // A server reporting local time east of UTC: its file looks modified in the future.
        assertContinued(java.time.Duration.ofHours(2));
    }

    /** Counts the MDTM commands the server receives. */
    static final class MdtmCounter extends org.apache.ftpserver.ftplet.DefaultFtplet {
        final java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public org.apache.ftpserver.ftplet.FtpletResult beforeCommand(org.apache.ftpserver.ftplet.FtpSession session,
                org.apache.ftpserver.ftplet.FtpRequest request) throws org.apache.ftpserver.ftplet.FtpException,
                java.io.IOException {
            if ("MDTM".equals(request.getCommand())) {
                asked.incrementAndGet();
            }
            return super.beforeCommand(session, request);
        }
    }

    @Test
    void theQueueContinuesAnUnchangedPartAskingTheServerItsTimeOnce() throws Exception {
        MdtmCounter mdtm = new MdtmCounter();
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(mdtm).start()) {
            Path target = directory.resolve("file.bin");
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant partWritten = now.minus(1, ChronoUnit.HOURS);
            byte[] current = prepare(server, target, partWritten, now.minus(2, ChronoUnit.HOURS));
            Path part = FileTransfers.partFile(target);
            Files.write(part, Arrays.copyOf(current, PART));
            Files.setLastModifiedTime(part, FileTime.from(partWritten));
            try (TransferQueue queue = new TransferQueue(TransferQueueTest.quick(1), null, null)) {
                queue.addDownload(TransferQueueTest.settings(server.port()), null, "/file.bin", target, false, SIZE, null);
                TransferQueueTest.run(queue);
                assertEquals(ItemState.DONE, queue.snapshot().getFirst().state(), queue.snapshot().toString());
            }
            assertArrayEquals(current, Files.readAllBytes(target));
            assertEquals(1, mdtm.asked.get(), "MDTM commands for one resumed file");
        }
    }

    /** More bytes than the size asked before: "the connection was probably cut" blamed the network. */
    @Test
    void aFileThatGrewDuringTheDownloadIsSaidToHaveChanged() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            TestFiles.random(server.home().resolve("file.bin"), 5_000, 3);
            Path target = directory.resolve("grown.bin");
            try (FtpSession session = new FtpSession(TransferQueueTest.settings(server.port()), "grown")) {
                session.connect();
                IncompleteTransferException e = org.junit.jupiter.api.Assertions.assertThrows(
                        IncompleteTransferException.class, () -> FileTransfers.download(session, "/file.bin", target,
                                4_000, false, null, TransferListener.NONE));
                String words = dev.ferry.testing.English.of(e);
                org.junit.jupiter.api.Assertions.assertTrue(words.contains("changed on the server during the download")
                        && !words.contains("probably cut"), words);
            }
            org.junit.jupiter.api.Assertions.assertFalse(Files.exists(target), "nothing looks complete");
        }
    }
}
