package dev.ferry.interop;

import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.Interop;
import dev.ferry.testing.Proftpd;
import dev.ferry.testing.TestFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Checksums computed by a real server: ProFTPD's mod_digest answers HASH (and XSHA256, XMD5...)
 * in two lines, "213-Computing SHA-256 digest" before the one that holds the digest, and a large
 * file's digest is what a segmented download is verified with.
 */
class ChecksumInteropTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @CsvSource({"SHA-256, SHA-256", "SHA-1, SHA-1", "MD5, MD5", "CRC32, CRC32"})
    void proftpdModDigest(String algorithm, String javaName) throws Exception {
        try (Proftpd server = Proftpd.start(directory.resolve("server"), Proftpd.Tls.NONE,
                List.of("LoadModule mod_digest.c", "DigestEngine on"))) {
            byte[] content = TestFiles.bytes(3 << 20, 8);
            Interop.chownToUser(Files.write(server.root().resolve("hashed.bin"), content));
            CollectingLog log = new CollectingLog();
            try (FtpSession session = new FtpSession(ServerSmoke.settings(server, DataConnectionMode.PASSIVE).build(),
                    "checksum")) {
                session.addListener(log);
                session.connect();
                String[] answer = session.checksum(RemotePaths.join(session.initialDirectory(), "hashed.bin"),
                        List.of(algorithm)).orElseThrow(() -> new AssertionError("no checksum:\n" + log.text()));
                assertArrayEquals(new String[]{algorithm, expected(javaName, content)}, answer, log.text());
                assertEquals(algorithm, answer[0]);
            }
        }
    }

    private static String expected(String algorithm, byte[] content) throws Exception {
        if (algorithm.equals("CRC32")) {
            CRC32 crc = new CRC32();
            crc.update(content);
            return String.format(Locale.ROOT, "%08x", crc.getValue());
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    }
}
