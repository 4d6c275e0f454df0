package dev.ferry.ftp;

import dev.ferry.testing.MinaServer;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a session is left with when neither data connection mode works. */
class DataModeFallbackTest {

    @TempDir
    Path directory;

    /**
     * Active refused, then a passive connection that cannot be made, whose control connection is
     * given up so that the server's late reply about it cannot answer a later command: the session
     * is connected again afterwards, as after any other failed transfer, not left disconnected.
     */
    @Test
    void aSessionWhoseModesBothFailStaysConnected() throws Exception {
        int nobodyListens;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobodyListens = closed.getLocalPort();
        }
        DefaultFtplet neitherMode = new DefaultFtplet() {
            @Override
            public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException, IOException {
                String command = request.getCommand();
                if (Set.of("EPRT", "PORT").contains(command)) {
                    session.write(new DefaultFtpReply(500, "Not here."));
                    return FtpletResult.SKIP;
                }
                if (Set.of("EPSV", "PASV").contains(command)) {
                    session.write(new DefaultFtpReply(229, "Entering extended passive mode (|||" + nobodyListens + "|)"));
                    session.write(new DefaultFtpReply(421, "Passive data channel timed out."));
                    return FtpletResult.SKIP;
                }
                return super.beforeCommand(session, request);
            }
        };
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).ftplet(neitherMode).start();
             dev.ferry.ftp.FtpSession session = new dev.ferry.ftp.FtpSession(ConnectionSettings.builder("127.0.0.1")
                     .port(server.port()).user(MinaServer.USER).password(MinaServer.PASSWORD)
                     .dataConnectionMode(DataConnectionMode.ACTIVE).dataModeExplicit(true).build(), "test")) {
            dev.ferry.testing.CollectingLog log = new dev.ferry.testing.CollectingLog();
            session.addListener(log);
            session.connect();
            assertThrows(dev.ferry.ftp.FtpException.class, () -> session.list("/"));
            // The error explains the mode chosen; that the other was tried too is said (N: it read as never tried).
            assertTrue(log.has(FtpText.OTHER_MODE_FAILED_TOO), log.text());
            assertTrue(log.text().contains("The passive mode was tried too"), log.text());
            assertTrue(session.isConnected(), "connected after the failed listing");
            assertEquals("/", session.pwd());
        }
    }
}
