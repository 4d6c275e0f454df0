package dev.ferry.cli;

import dev.ferry.testing.CliProcess;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where `ferry get` puts a file. */
class GetCliTest {

    @TempDir
    Path directory;

    /** "new/" names a folder, as in cp and curl --create-dirs: it wrote a file called "new". */
    @Test
    void aLocalNameEndingInASlashIsAFolderMadeForTheFile() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Path original = TestFiles.random(server.home().resolve("b.bin"), 5_000, 3);
            String url = "ftp://" + MinaServer.USER + ":" + MinaServer.PASSWORD + "@127.0.0.1:" + server.port() + "/b.bin";
            Path folder = directory.resolve("new folder");
            CliProcess.Result get = CliProcess.run(directory.resolve("cli"), "get", url, folder + "/");
            assertEquals(0, get.exitCode(), get::toString);
            assertTrue(Files.isDirectory(folder), "a folder, not a file: " + get);
            assertEquals(TestFiles.sha256(original), TestFiles.sha256(folder.resolve("b.bin")));
        }
    }
}
