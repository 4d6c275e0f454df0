package dev.ferry.interop;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.FtpCancelledException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.TlsMode;
import dev.ferry.ftp.TransferListener;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.Interop;
import dev.ferry.testing.Proftpd;
import dev.ferry.testing.PureFtpd;
import dev.ferry.testing.TestFiles;
import dev.ferry.testing.Vsftpd;
import dev.ferry.tls.TlsPolicy;
import dev.ferry.tls.TlsVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A download cancelled while the server is still sending ends that transfer only: the session
 * answers its next command on the same connection. The cancel resets the data connection; a FIN
 * first made ProFTPD's TLS module meet "broken pipe" on its next write and hang up the session.
 */
class CancelInteropTest {

    /** Large enough that the server is still sending (socket buffers are a few MiB) when the cancel comes. */
    private static final int SIZE = 24 << 20;

    @TempDir
    Path directory;

    @Test
    void proftpdOverTls() throws Exception {
        try (Proftpd server = Proftpd.start(directory.resolve("server"), Proftpd.Tls.EXPLICIT, List.of())) {
            cancelThenGoOn(ServerSmoke.settings(server, DataConnectionMode.PASSIVE).tlsMode(TlsMode.EXPLICIT)
                    .certificateTrust(server.certificate().trustedByFingerprint())
                    .tlsPolicy(TlsPolicy.DEFAULT.withMaxVersion(TlsVersion.TLS_1_2)).build(), server.root(), server::log);
        }
    }

    @Test
    void vsftpdOverTls() throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.EXPLICIT, List.of())) {
            cancelThenGoOn(ServerSmoke.settings(server.port(), DataConnectionMode.PASSIVE).tlsMode(TlsMode.EXPLICIT)
                    .certificateTrust(server.certificate().trustedByFingerprint()).build(), server.root(), server::log);
        }
    }

    @Test
    void pureFtpd() throws Exception {
        try (PureFtpd server = PureFtpd.start(directory.resolve("server"), PureFtpd.Tls.NONE, List.of())) {
            cancelThenGoOn(ServerSmoke.settings(server, DataConnectionMode.PASSIVE).build(), server.root(), server::log);
        }
    }


    private void cancelThenGoOn(ConnectionSettings settings, Path serverRoot, Supplier<String> serverLog)
            throws Exception {
        Path served = Files.write(serverRoot.resolve("big.bin"), TestFiles.bytes(SIZE, 43));
        Interop.chownToUser(served);
        Path local = directory.resolve("big.bin");
        CollectingLog log = new CollectingLog();
        try (FtpSession session = new FtpSession(settings, "cancel")) {
            session.addListener(log);
            session.connect();
            String remote = RemotePaths.join(session.initialDirectory(), "big.bin");
            for (int attempt = 1; attempt <= 3; attempt++) {
                CancelToken token = new CancelToken();
                TransferListener cancelAfterAMebibyte = new TransferListener() {
                    private long received;

                    @Override
                    public void transferred(long bytes) {
                        received += bytes;
                        if (received >= 1 << 20) {
                            token.cancel();
                        }
                    }
                };
                assertThrows(FtpCancelledException.class, () -> session.retrieve(remote, 0, SIZE,
                        at -> FileChannel.open(local, StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                        cancelAfterAMebibyte, token));
                String context = "cancel " + attempt + "\n" + log.text() + "\n" + serverLog.get();
                assertTrue(session.isConnected(), "the session survives the cancel: " + context);
                assertEquals(SIZE, session.size(remote).orElse(-1), "the next command gets its own reply: " + context);
            }
            assertFalse(log.has(FtpText.ABORT_UNSETTLED), "every cancel settled on the same connection:\n" + log.text());
        }
    }
}
