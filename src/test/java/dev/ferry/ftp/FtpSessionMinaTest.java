package dev.ferry.ftp;

import dev.ferry.ftp.listing.Listing;
import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.English;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import dev.ferry.testing.Transfers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine against Apache MINA FtpServer in this JVM, plain FTP, passive and active. */
class FtpSessionMinaTest {

    @TempDir
    static Path directory;
    static MinaServer server;

    @BeforeAll
    static void start() throws Exception {
        server = MinaServer.builder(directory).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static ConnectionSettings.Builder settings(DataConnectionMode mode) {
        return ConnectionSettings.builder("127.0.0.1").port(server.port())
                .user(MinaServer.USER).password(MinaServer.PASSWORD).dataConnectionMode(mode);
    }

    private static byte[] download(FtpSession session, String path, long offset) throws Exception {
        return Transfers.download(session, path, offset);
    }

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void everydayOperations(DataConnectionMode mode) throws Exception {
        String dir = "/everyday-" + mode;
        CollectingLog log = new CollectingLog();
        try (FtpSession session = new FtpSession(settings(mode).build(), "test")) {
            session.addListener(log);
            session.connect();
            assertEquals("/", session.pwd());
            assertEquals(dir, session.mkd(dir));

            byte[] content = TestFiles.bytes(300_000, 1);
            Path local = Files.write(directory.resolve("up-" + mode), content);
            assertEquals(content.length, Transfers.store(session, dir + "/file one.bin", local,
                    FtpSession.StoreMode.REPLACE, 0, TransferListener.NONE));
            assertArrayEquals(content, Files.readAllBytes(server.home().resolve(dir.substring(1)).resolve("file one.bin")));
            assertEquals(content.length, session.size(dir + "/file one.bin").orElseThrow());
            assertTrue(session.modificationTime(dir + "/file one.bin").isPresent());

            Listing listing = session.list(dir);
            Map<String, RemoteEntry> entries = listing.entries().stream()
                    .collect(Collectors.toMap(RemoteEntry::name, Function.identity()));
            assertEquals(content.length, entries.get("file one.bin").size());
            assertEquals("MLSD", listing.format());

            assertArrayEquals(content, download(session, dir + "/file one.bin", 0));
            assertArrayEquals(Arrays.copyOfRange(content, 123_456, content.length),
                    download(session, dir + "/file one.bin", 123_456), "REST resumes from the middle");

            session.rename(dir + "/file one.bin", dir + "/renamed.bin");
            assertTrue(session.size(dir + "/file one.bin").isEmpty());
            session.delete(dir + "/renamed.bin");
            session.rmd(dir);
            assertFalse(Files.exists(server.home().resolve(dir.substring(1))));
            session.quit();
        }
        assertTrue(log.contains("PASS ****"));
        assertFalse(log.text().contains(MinaServer.PASSWORD), "the password never reaches the log");
        assertTrue(log.contains(mode == DataConnectionMode.PASSIVE ? "EPSV" : "EPRT"), log.text());
    }

    /** STOR before opening the local file would have replaced the server's copy with nothing. */
    @Test
    void anUnreadableLocalFileLeavesTheServersCopyAlone() throws Exception {
        Path serverCopy = Files.writeString(server.home().resolve("keep-theirs.txt"), "the server's content");
        try (FtpSession session = new FtpSession(settings(DataConnectionMode.PASSIVE).build(), "test")) {
            session.connect();
            LocalFileException refused = assertThrows(LocalFileException.class, () -> session.store("/keep-theirs.txt",
                    offset -> {
                        throw new java.nio.file.AccessDeniedException("/home/me/keep-theirs.txt");
                    }, FtpSession.StoreMode.REPLACE, 0, TransferListener.NONE, new CancelToken()));
            assertEquals("the server's content", Files.readString(serverCopy), "nothing sent: " + refused);
            // The session goes on: the next upload works.
            Transfers.store(session, "/after.bin", new byte[] {1, 2, 3}, FtpSession.StoreMode.REPLACE, 0, TransferListener.NONE);
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(server.home().resolve("after.bin")));
        }
    }

    @Test
    void resumedUploadContinuesTheServerFile() throws Exception {
        byte[] content = TestFiles.bytes(200_000, 2);
        Path local = Files.write(directory.resolve("resume-up"), content);
        try (FtpSession session = new FtpSession(settings(DataConnectionMode.PASSIVE).build(), "test")) {
            session.connect();
            Transfers.store(session, "/resume.bin", Arrays.copyOf(content, 80_000), FtpSession.StoreMode.REPLACE, 0,
                    TransferListener.NONE);
            Transfers.store(session, "/resume.bin", local, FtpSession.StoreMode.RESUME, 80_000, TransferListener.NONE);
            assertArrayEquals(content, Files.readAllBytes(server.home().resolve("resume.bin")));
            Transfers.store(session, "/resume.bin", local, FtpSession.StoreMode.APPEND, 150_000, TransferListener.NONE);
            assertEquals(250_000, Files.size(server.home().resolve("resume.bin")));
        }
    }

    @Test
    void hundredMegabyteRoundTripKeepsItsChecksum() throws Exception {
        Path original = TestFiles.random(directory.resolve("big.bin"), 100L << 20, 3);
        Path back = directory.resolve("big.back");
        try (FtpSession session = new FtpSession(settings(DataConnectionMode.PASSIVE).build(), "test")) {
            session.connect();
            Transfers.store(session, "/big.bin", original, FtpSession.StoreMode.REPLACE, 0, TransferListener.NONE);
            AtomicLong progress = new AtomicLong();
            assertEquals(100L << 20, Transfers.retrieve(session, "/big.bin", back, progress::addAndGet));
            assertEquals(100L << 20, progress.get());
        }
        assertEquals(TestFiles.sha256(original), TestFiles.sha256(back));
    }

    @Test
    void wrongPasswordIsALoginFailureWithoutThePassword() {
        CollectingLog log = new CollectingLog();
        FtpSession session = new FtpSession(settings(DataConnectionMode.PASSIVE).password("wrong-one").build(), "test");
        session.addListener(log);
        FtpLoginException e = assertThrows(FtpLoginException.class, session::connect);
        assertFalse(e.isTransient());
        assertFalse(e.isConnectionLimit());
        assertEquals(FtpText.LOGIN_REJECTED, e.reason());
        assertTrue(English.of(e).startsWith("Login failed"), English.of(e));
        assertFalse(e.getMessage().contains("wrong-one"));
        assertFalse(log.text().contains("wrong-one"));
        assertEquals(FtpSession.State.DISCONNECTED, session.state());
    }

    @Test
    void cancellingADownloadKeepsTheSessionUsable() throws Exception {
        TestFiles.random(server.home().resolve("cancel.bin"), 50L << 20, 4);
        try (FtpSession session = new FtpSession(settings(DataConnectionMode.PASSIVE).build(), "test")) {
            session.connect();
            AtomicLong received = new AtomicLong();
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            CancelToken token = new CancelToken();
            assertThrows(FtpCancelledException.class, () -> session.retrieve("/cancel.bin", 0, -1,
                    at -> Channels.newChannel(sink), bytes -> {
                        if (received.addAndGet(bytes) > 1_000_000) {
                            token.cancel();
                        }
                    }, token));
            assertTrue(session.isConnected());
            session.noop();
            assertEquals("/", session.pwd());
            assertTrue(session.list("/").entries().stream().anyMatch(e -> e.name().equals("cancel.bin")));
        }
    }

    @Test
    void missingFileIsAPermanentFailureInWords() throws Exception {
        try (FtpSession session = new FtpSession(settings(DataConnectionMode.PASSIVE).build(), "test")) {
            session.connect();
            FtpReplyException e = assertThrows(FtpReplyException.class,
                    () -> download(session, "/does-not-exist", 0));
            assertEquals(550, e.replyCode());
            assertFalse(e.isTransient());
            assertEquals(FtpText.FILE_MISSING_OR_UNREADABLE, e.reason());
            assertTrue(English.of(e).contains("does not exist"), English.of(e));
            session.noop();
        }
    }

    @Test
    void commandInjectionThroughANameIsRefused() throws Exception {
        try (FtpSession session = new FtpSession(settings(DataConnectionMode.PASSIVE).build(), "test")) {
            CollectingLog log = new CollectingLog();
            session.addListener(log);
            session.connect();
            Files.writeString(server.home().resolve("victim.txt"), "keep me");
            assertThrows(UnsafeNameException.class, () -> session.delete("x\r\nDELE victim.txt"));
            assertThrows(UnsafeNameException.class, () -> session.mkd("a\nb"));
            assertTrue(Files.exists(server.home().resolve("victim.txt")));
            assertFalse(log.entries().stream().anyMatch(e -> e.kind() == DialogueEntry.Kind.COMMAND
                    && e.text().contains("victim")));
            session.noop();
        }
    }
}
