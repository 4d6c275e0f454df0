package dev.ferry.interop;

import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.testing.TwistedFtpd;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

/** Twisted's FTP server (Debian's python3-twisted), plain FTP. */
class TwistedFtpdInteropTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void plain(DataConnectionMode mode) throws Exception {
        try (TwistedFtpd server = TwistedFtpd.start(directory.resolve("server"))) {
            ServerSmoke.run(ServerSmoke.settings(server, mode).build(), server, directory);
        }
    }
}
