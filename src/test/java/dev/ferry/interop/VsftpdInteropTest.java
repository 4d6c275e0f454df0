package dev.ferry.interop;

import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.testing.Interop;
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

    /**
     * vsftpd offers no MFMT, and uploads took the moment of the upload as their time (U2); it sets a
     * time with "MDTM time path" (mdtm_write, on by default). With mdtm_write off, the upload still
     * works and the file has the time of its upload, as before.
     */
    @Test
    void anUploadKeepsTheFilesTimeWithoutMfmt() throws Exception {
        java.time.Instant then = java.time.Instant.parse("2019-03-04T05:06:07Z");
        Path local = java.nio.file.Files.writeString(directory.resolve("dated.txt"), "dated");
        java.nio.file.Files.setLastModifiedTime(local, java.nio.file.attribute.FileTime.from(then));
        for (boolean mdtmWrite : List.of(true, false)) {
            try (Vsftpd server = Vsftpd.start(directory.resolve("server-" + mdtmWrite), Vsftpd.Tls.NONE,
                    mdtmWrite ? List.of() : List.of("mdtm_write=NO"))) {
                String url = "ftp://" + Interop.USER + ":" + Interop.PASSWORD + "@127.0.0.1:" + server.port() + "/";
                dev.ferry.testing.CliProcess.Result put = dev.ferry.testing.CliProcess.run(directory, "put", "--log",
                        local.toString(), url + "first.txt");
                org.junit.jupiter.api.Assertions.assertEquals(0, put.exitCode(), put.toString());
                dev.ferry.testing.CliProcess.Result again = dev.ferry.testing.CliProcess.run(directory, "put", "--log",
                        local.toString(), url + "second.txt");
                org.junit.jupiter.api.Assertions.assertEquals(0, again.exitCode(), again.toString());
                for (String name : List.of("first.txt", "second.txt")) {
                    java.time.Instant stored = java.nio.file.Files.getLastModifiedTime(server.root().resolve(name)).toInstant();
                    if (mdtmWrite) {
                        org.junit.jupiter.api.Assertions.assertEquals(then, stored, name + " kept its time: " + put.stderr());
                    } else {
                        org.junit.jupiter.api.Assertions.assertNotEquals(then, stored, name + " with mdtm_write=NO");
                        org.junit.jupiter.api.Assertions.assertEquals("dated",
                                java.nio.file.Files.readString(server.root().resolve(name)));
                    }
                }
            }
        }
    }

    /**
     * T8: the first uploads to a server, several at once, measure its MDTM clock once; the others set no time
     * while that measure went on ("not measured": nothing sent), and kept the moment of their upload.
     */
    @Test
    void uploadsStartedTogetherAllKeepTheirTimes() throws Exception {
        java.time.Instant then = java.time.Instant.parse("2019-03-04T05:06:07Z");
        Path tree = java.nio.file.Files.createDirectories(directory.resolve("tree"));
        for (int i = 0; i < 12; i++) {
            Path file = java.nio.file.Files.writeString(tree.resolve("f" + i + ".txt"), "dated " + i);
            java.nio.file.Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(then));
        }
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.NONE, List.of())) {
            String url = "ftp://" + Interop.USER + ":" + Interop.PASSWORD + "@127.0.0.1:" + server.port() + "/up/";
            dev.ferry.testing.CliProcess.Result put = dev.ferry.testing.CliProcess.run(directory, "put", "-r",
                    "--parallel=4", tree.toString(), url);
            org.junit.jupiter.api.Assertions.assertEquals(0, put.exitCode(), put.toString());
            for (int i = 0; i < 12; i++) {
                // A URL ending in "/": the folder goes into it by its name, as with cp -r.
                Path stored = server.root().resolve("up/tree/f" + i + ".txt");
                org.junit.jupiter.api.Assertions.assertEquals(then, java.nio.file.Files.getLastModifiedTime(stored).toInstant(),
                        stored + " kept its time: " + put);
            }
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
