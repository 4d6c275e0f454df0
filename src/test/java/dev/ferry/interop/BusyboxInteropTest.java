package dev.ferry.interop;

import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.testing.BusyboxFtpd;
import dev.ferry.testing.CliProcess;
import dev.ferry.testing.Interop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * busybox built without Unicode support (routers, NAS boxes) lists every byte outside ASCII as
     * "?", so the listed name is not the file's name and RETR of it is refused with "550 Error".
     * lftp sees the same. A mirror said "The file does not exist or may not be read" about a file
     * the user could see in the listing; the words now say why it cannot be fetched.
     */
    @Test
    void aNameTheServerListsWithQuestionMarksIsSaidToBeUnreadableByItsListing() throws Exception {
        try (BusyboxFtpd server = BusyboxFtpd.start(directory.resolve("server"))) {
            Path tree = Files.createDirectories(server.root().resolve("tree"));
            Files.writeString(tree.resolve("plain.txt"), "ascii\n");
            Files.writeString(tree.resolve("caf\u00e9.txt"), "non-ascii\n");
            Interop.chownToUser(tree);
            Path local = directory.resolve("down");
            CliProcess.Result mirror = CliProcess.run(directory.resolve("cli"), "mirror",
                    "ftp://" + Interop.USER + ":" + Interop.PASSWORD + "@127.0.0.1:" + server.port() + "/tree",
                    local.toString());
            assertEquals(1, mirror.exitCode(), mirror.toString());
            assertEquals("ascii\n", Files.readString(local.resolve("plain.txt")));
            assertTrue(mirror.stderr().contains("caf??.txt: The server lists this name with ? in place of characters"),
                    mirror.toString());
            assertFalse(mirror.stderr().contains("does not exist"), mirror.toString());
        }
    }
}
