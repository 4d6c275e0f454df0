package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.testing.FakeFtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A downloaded folder's files are fetched in the order of their names, as the user sees them in
 * the pane, not in the order the server happened to list them (pyftpdlib's is a hash order): the
 * queue and the files arriving on disk jumped about the folder.
 */
class FolderOrderTest {

    @TempDir
    Path directory;

    @Test
    void aFoldersFilesAreFetchedInTheOrderOfTheirNames() throws Exception {
        try (FakeFtpServer server = new FakeFtpServer()) {
            List<String> listed = List.of("photo10.jpg", "Beta.txt", "photo2.jpg", "alpha.txt", "photo1.jpg");
            server.useMlsd(false).listing("/d", listed.stream()
                    .map(name -> "-rw-r--r--   1 u g 3 Jan  5  2020 " + name).toList());
            for (String name : listed) {
                server.file("/d/" + name, name.substring(0, 3).getBytes(StandardCharsets.UTF_8));
            }
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user("u").password("p").build();
            // One session: the files are fetched one after the other, in the queue's order.
            QueueSettings one = QueueSettings.DEFAULT.withConnections(1).withConflictDefault(ConflictAction.OVERWRITE);
            try (TransferQueue queue = new TransferQueue(one, null, null)) {
                queue.addDownload(settings, null, "/d", directory.resolve("d"), true, -1, null);
                queue.start();
                assertTrue(queue.awaitIdle(Duration.ofMinutes(2)), "the queue was still busy after 2 minutes");
            }
            List<String> fetched = server.commands().stream().filter(c -> c.startsWith("RETR "))
                    .map(c -> c.substring(c.lastIndexOf('/') + 1)).toList();
            assertEquals(List.of("alpha.txt", "Beta.txt", "photo1.jpg", "photo2.jpg", "photo10.jpg"), fetched);
            assertEquals("pho", Files.readString(directory.resolve("d/photo10.jpg")));
        }
    }
}
