package dev.ferry.interop;

import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.testing.InetutilsFtpd;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

/** GNU inetutils ftpd 2.4 (Debian's inetutils-ftpd, unpacked), run inetd-style, plain FTP. */
class InetutilsFtpdInteropTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void plain(DataConnectionMode mode) throws Exception {
        try (InetutilsFtpd server = InetutilsFtpd.start(directory.resolve("server"), List.of())) {
            ServerSmoke.run(ServerSmoke.settings(server, mode).build(), server, directory);
        }
    }
}
