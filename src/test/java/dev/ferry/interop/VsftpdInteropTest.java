package dev.ferry.interop;

import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.testing.Vsftpd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

/** Plain FTP against a real vsftpd (Debian package), passive and active. */
class VsftpdInteropTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void everyday(DataConnectionMode mode) throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.NONE, List.of())) {
            RealServerScenarios.everyday(RealServerScenarios.settings(server.port(), mode).build(), server.root(),
                    directory);
        }
    }

    @ParameterizedTest
    @EnumSource(DataConnectionMode.class)
    void commandLine(DataConnectionMode mode) throws Exception {
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.NONE, List.of())) {
            // vsftpd logs us into local_root; the URL's path is relative to it.
            RealServerScenarios.commandLine("127.0.0.1:" + server.port(),
                    mode == DataConnectionMode.ACTIVE ? "--active" : "--passive", server.root(), directory);
        }
    }
}
