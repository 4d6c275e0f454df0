package dev.ferry.interop;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.TransferListener;
import dev.ferry.testing.BusyboxFtpd;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.Interop;
import dev.ferry.testing.Proftpd;
import dev.ferry.testing.PureFtpd;
import dev.ferry.testing.Pyftpdlib;
import dev.ferry.testing.TestFiles;
import dev.ferry.testing.Vsftpd;
import dev.ferry.ftp.TlsMode;
import dev.ferry.tls.TlsPolicy;
import dev.ferry.tls.TlsVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FtpSession#retrieveRange}: a segment of a file is read and the rest of the server's
 * transfer aborted (ABOR, resynchronised with PWD), several times in a row on one session, against
 * real servers that answer ABOR in their own ways (vsftpd: 426 then 225; ProFTPD and pyftpdlib:
 * 426 then 226; busybox ftpd, which reads no command during a transfer: the failed write's reply,
 * then ABOR's). The session must stay usable: the next range, a SIZE, a whole download.
 */
class RangeDownloadInteropTest {

    /** Large enough that the server is still sending (socket buffers are a few MiB) when a range ends. */
    static final int SIZE = 24 << 20;

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void vsftpd(DataConnectionMode mode) throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.NONE, List.of())) {
            ranges(ServerSmoke.settings(server.port(), mode).build(), server.root(), server::log);
        }
    }

    @Test
    void vsftpdWithSpeedLimit() throws Exception {
        // Sessions limited per connection are what segments are for: the server is still sending slowly.
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.NONE,
                List.of("local_max_rate=20000000"))) {
            ranges(ServerSmoke.settings(server.port(), DataConnectionMode.PASSIVE).build(), server.root(), server::log);
        }
    }

    @Test
    void vsftpdOverTls() throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.EXPLICIT, List.of())) {
            ranges(ServerSmoke.settings(server.port(), DataConnectionMode.PASSIVE).tlsMode(TlsMode.EXPLICIT)
                    .certificateTrust(server.certificate().trustedByFingerprint()).build(), server.root(), server::log);
        }
    }

    @Test
    void proftpdOverTls() throws Exception {
        try (Proftpd server = Proftpd.start(directory.resolve("server"), Proftpd.Tls.EXPLICIT, List.of())) {
            ranges(ServerSmoke.settings(server, DataConnectionMode.PASSIVE).tlsMode(TlsMode.EXPLICIT)
                    .certificateTrust(server.certificate().trustedByFingerprint())
                    .tlsPolicy(TlsPolicy.DEFAULT.withMaxVersion(TlsVersion.TLS_1_2)).build(), server.root(), server::log);
        }
    }


    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void proftpd(DataConnectionMode mode) throws Exception {
        try (Proftpd server = Proftpd.start(directory.resolve("server"), Proftpd.Tls.NONE, List.of())) {
            ranges(ServerSmoke.settings(server, mode).build(), server.root(), server::log);
        }
    }

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void pyftpdlib(DataConnectionMode mode) throws Exception {
        try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("server"), Pyftpdlib.Options.plain())) {
            ranges(ServerSmoke.settings(server, mode).build(), server.root(), server::log);
        }
    }

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void pureFtpd(DataConnectionMode mode) throws Exception {
        try (PureFtpd server = PureFtpd.start(directory.resolve("server"), PureFtpd.Tls.NONE, List.of())) {
            ranges(ServerSmoke.settings(server, mode).build(), server.root(), server::log);
        }
    }

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void pureFtpdWithSpeedLimit(DataConnectionMode mode) throws Exception {
        // Still sending when the range ends: Pure-FTPd then reads ABOR inside its transfer loop, and
        // drops whatever came with it in the same packet.
        try (PureFtpd server = PureFtpd.start(directory.resolve("server"), PureFtpd.Tls.NONE,
                List.of("--userbandwidth", "20000"))) {
            ranges(ServerSmoke.settings(server, mode).build(), server.root(), server::log);
        }
    }

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void busybox(DataConnectionMode mode) throws Exception {
        try (BusyboxFtpd server = BusyboxFtpd.start(directory.resolve("server"))) {
            ranges(ServerSmoke.settings(server.port(), mode).build(), server.root(), () -> "(busybox: no log)");
        }
    }

    private void ranges(ConnectionSettings settings, Path serverRoot, Supplier<String> serverLog) throws Exception {
        byte[] content = TestFiles.bytes(SIZE, 41);
        Path served = Files.write(serverRoot.resolve("big.bin"), content);
        Interop.chownToUser(served);
        Path local = directory.resolve("local.part");
        CollectingLog log = new CollectingLog();
        try (FtpSession session = new FtpSession(settings, "ranges")) {
            session.addListener(log);
            session.connect();
            String remote = RemotePaths.join(session.initialDirectory(), "big.bin");
            try (FileChannel file = FileChannel.open(local, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ)) {
                file.truncate(0);
                file.position(0);
                // Out of order, as segments finish: middle, start, a small one near the end, the last
                // bytes (the server has finished and said 226 before the ABOR comes).
                long[][] plan = {{8 << 20, 3 << 20}, {0, 1 << 20}, {20 << 20, 64 << 10}, {1 << 20, 7 << 20},
                        {SIZE - (64 << 10), 64 << 10}};
                for (long[] range : plan) {
                    long got = session.retrieveRange(remote, range[0], range[1],
                            at -> positioned(local, at), TransferListener.NONE, new CancelToken());
                    String context = "range " + range[0] + "+" + range[1] + "\n" + log.text() + "\n" + serverLog.get();
                    assertEquals(range[1], got, context);
                    assertTrue(session.isConnected(), "the session survives the abort of " + context);
                    assertEquals(SIZE, session.size(remote).orElse(-1), "the next command gets its own reply: "
                            + context);
                }
                byte[] back = Files.readAllBytes(local);
                for (long[] range : plan) {
                    int from = (int) range[0];
                    int to = (int) (range[0] + range[1]);
                    assertArrayEquals(Arrays.copyOfRange(content, from, to), Arrays.copyOfRange(back, from, to),
                            "bytes of range " + from + "-" + to);
                }
            }
            assertFalse(log.has(FtpText.ABORT_UNSETTLED), "every abort settled on the same connection:\n" + log.text());
            Path whole = directory.resolve("whole.bin");
            long got = session.retrieve(remote, 0, SIZE, at -> positioned(whole, at), TransferListener.NONE,
                    new CancelToken());
            assertEquals(SIZE, got, log.text());
            assertArrayEquals(content, Files.readAllBytes(whole), "a whole download after the ranges");
        }
    }

    private static FileChannel positioned(Path file, long offset) throws java.io.IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.position(offset);
        return channel;
    }
}
