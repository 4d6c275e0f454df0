package dev.ferry.interop;

import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.testing.BusyboxFtpd;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

/** Plain FTP against busybox ftpd (embedded boxes), passive and active. */
class BusyboxInteropTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void everyday(DataConnectionMode mode) throws Exception {
        try (BusyboxFtpd server = BusyboxFtpd.start(directory.resolve("server"))) {
            RealServerScenarios.everyday(RealServerScenarios.settings(server.port(), mode).build(), server.root(),
                    directory);
        }
    }

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void commandLine(DataConnectionMode mode) throws Exception {
        try (BusyboxFtpd server = BusyboxFtpd.start(directory.resolve("server"))) {
            RealServerScenarios.commandLine("127.0.0.1:" + server.port(),
                    mode == DataConnectionMode.ACTIVE ? "--active" : "--passive", server.root(), directory);
        }
    }
}
