package dev.ferry.interop;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.TransferListener;
import dev.ferry.ftp.listing.Listing;
import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.Interop;
import dev.ferry.testing.ServerProcess;
import dev.ferry.testing.TestFiles;
import dev.ferry.transfer.FileTransfers;
import org.opentest4j.AssertionFailedError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short check every server harness gets: log in with Ferry's engine, download a file the
 * server already had, upload one, and find it in a listing with its size. Failures carry Ferry's
 * dialogue and the server's logs.
 */
final class ServerSmoke {

    private ServerSmoke() {
    }

    static ConnectionSettings.Builder settings(ServerProcess server, DataConnectionMode mode) {
        return settings(server.port(), mode);
    }

    static ConnectionSettings.Builder settings(int port, DataConnectionMode mode) {
        return ConnectionSettings.builder("127.0.0.1").port(port).user(Interop.USER)
                .password(Interop.PASSWORD).dataConnectionMode(mode);
    }

    /** Download, upload and list with {@code settings} against a server whose login folder is {@code serverRoot}. */
    static CollectingLog run(ConnectionSettings settings, Path serverRoot, Path work, Supplier<String> serverLog)
            throws Exception {
        return run(settings, serverRoot, null, work, "served.bin", "uploaded.bin", true, serverLog);
    }

    /** The same against a harness, in the folder it names ({@link ServerProcess#remoteRoot()}). */
    static CollectingLog run(ConnectionSettings settings, ServerProcess server, Path work) throws Exception {
        return run(settings, server.root(), server.remoteRoot(), work, "served.bin", "uploaded.bin", true, server::log);
    }

    /**
     * @param remoteRoot the server's name for {@code serverRoot}; null when it is the login folder
     * @param list       whether to list too (false for servers whose listing Ferry cannot read yet)
     */
    static CollectingLog run(ConnectionSettings settings, Path serverRoot, String remoteRoot, Path work,
                             String servedName, String uploadName, boolean list, Supplier<String> serverLog)
            throws Exception {
        String tag = settings.dataConnectionMode().name().toLowerCase();
        byte[] served = TestFiles.bytes(300_000, 5);
        Path servedFile = Files.write(serverRoot.resolve(servedName), served);
        Interop.chownToUser(servedFile);
        byte[] upload = TestFiles.bytes(200_000, 6);
        Path local = Files.write(Files.createDirectories(work).resolve("upload-" + tag + ".bin"), upload);
        CollectingLog log = new CollectingLog();
        try (FtpSession session = new FtpSession(settings, "smoke")) {
            session.addListener(log);
            session.connect();
            String home = remoteRoot != null ? remoteRoot : session.initialDirectory();

            Path back = work.resolve("back-" + tag + ".bin");
            FileTransfers.download(session, RemotePaths.join(home, servedName), back, served.length, false, null,
                    TransferListener.NONE);
            assertArrayEquals(served, Files.readAllBytes(back), "downloaded " + servedName);

            FileTransfers.upload(session, local, RemotePaths.join(home, uploadName), 0, TransferListener.NONE);
            assertArrayEquals(upload, Files.readAllBytes(serverRoot.resolve(uploadName)), "uploaded " + uploadName);

            if (list) {
                Listing listing = session.list(home);
                Optional<RemoteEntry> entry = listing.entries().stream().filter(e -> e.name().equals(uploadName)).findFirst();
                assertTrue(entry.isPresent(), "the listing names " + uploadName + ": " + listing);
                assertEquals(upload.length, entry.get().size(), listing.toString());
            }
            session.quit();
            assertSentBehindEpsv(log);
        } catch (Exception | AssertionFailedError e) {
            throw new AssertionFailedError(e + "\n--- Ferry's dialogue\n" + log.text() + "\n" + serverLog.get(), e);
        }
        return log;
    }

    /**
     * Once EPSV worked on the connection, a later transfer command went in the same write as its
     * EPSV, and the server answered it (a server that loses such commands would be learned and
     * talked to one command at a time: slower, and news to us).
     */
    static void assertSentBehindEpsv(CollectingLog log) {
        assertFalse(log.has(FtpText.PIPELINING_LOST) || log.has(FtpText.PIPELINING_REFUSED), log.text());
        List<String> words = log.entries().stream().map(CollectingLog::words).toList();
        if (words.stream().anyMatch(w -> w.startsWith("229 "))) {
            assertTrue(IntStream.range(1, words.size()).anyMatch(i -> words.get(i - 1).equals("EPSV")
                    && words.get(i).matches("(RETR|STOR|LIST|MLSD)\\b.*")), "no transfer command behind EPSV: " + log.text());
        }
    }
}
