package dev.ferry.cli;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.testing.CliProcess;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.QueueStore;
import dev.ferry.transfer.TransferQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A saved site's "limit sessions to" on the command line: with --site, and for a saved queue resumed
 * later, the site's server gets no more sessions than the site allows, however many --parallel asks for
 * (a server that allows one login per user refuses the others, or bans the client).
 */
class SiteSessionLimitCliTest {

    private static final int FILES = 8;

    @TempDir
    Path directory;

    private String saveLimitedSite(MinaServer server) throws java.io.IOException {
        SiteStore store = SiteStore.open(directory.resolve("config").resolve(SiteStore.FILE_NAME),
                dev.ferry.site.Keyring.unavailable(dev.ferry.message.Message.of(dev.ferry.site.SiteText.KEYRING_NO_SESSION_BUS)));
        String id = SiteStore.newId();
        store.save(SiteProfile.builder(id, "One login", "127.0.0.1").port(server.port()).protocol(TlsMode.NONE)
                .user(MinaServer.USER).maxConnections(1).build());
        return id;
    }

    private static void serve(MinaServer server) throws Exception {
        Path tree = Files.createDirectories(server.home().resolve("tree"));
        for (int i = 0; i < FILES; i++) {
            TestFiles.random(tree.resolve("f" + i + ".bin"), 300_000, i);
        }
    }

    @Test
    void mirrorWithASiteLimitedToOneSessionLogsInOnceAtATime() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            serve(server);
            saveLimitedSite(server);
            Path into = directory.resolve("into");
            CliProcess.Result mirror = CliProcess.run(directory, Map.of("FERRY_PASSWORD", MinaServer.PASSWORD),
                    "mirror", "--parallel", "4", "--site", "One login", "/tree", into.toString());
            assertEquals(0, mirror.exitCode(), mirror.toString());
            for (int i = 0; i < FILES; i++) {
                assertEquals(300_000, Files.size(into.resolve("f" + i + ".bin")));
            }
            assertEquals(1, server.mostConcurrentLogins(), "sessions logged in at once; " + mirror);
        }
    }

    @Test
    void syncWithASiteLimitedToOneSessionKeepsToIt() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            serve(server);
            saveLimitedSite(server);
            Path into = Files.createDirectories(directory.resolve("into"));
            CliProcess.Result sync = CliProcess.run(directory, Map.of("FERRY_PASSWORD", MinaServer.PASSWORD),
                    "sync", "--parallel", "4", "--no-clock-probe", "--site", "One login", "/tree", into.toString());
            assertEquals(0, sync.exitCode(), sync.toString());
            for (int i = 0; i < FILES; i++) {
                assertEquals(300_000, Files.size(into.resolve("f" + i + ".bin")));
            }
            // The comparing session is handed to the synchronization, which may keep it for folders and deletions.
            assertTrue(server.mostConcurrentLogins() <= 2, "sessions logged in at once: "
                    + server.mostConcurrentLogins() + "; " + sync);
        }
    }

    /** A queue saved with the site's items (a run interrupted), resumed: the site's limit still holds. */
    @Test
    void aResumedQueueKeepsToItsSitesLimit() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            serve(server);
            String id = saveLimitedSite(server);
            Path into = Files.createDirectories(directory.resolve("into"));
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(MinaServer.USER).build();
            // Left waiting in the command line's saved queue, never started: what `queue --resume` finds.
            try (TransferQueue saved = new TransferQueue(QueueSettings.DEFAULT, null,
                    new QueueStore(directory.resolve("config").resolve(QueueRun.FILE_NAME)))) {
                saved.restore();
                for (int i = 0; i < FILES; i++) {
                    saved.addDownload(settings, id, "/tree/f" + i + ".bin", into.resolve("f" + i + ".bin"), false,
                            300_000, null);
                }
            }
            CliProcess.Result resume = CliProcess.run(directory, Map.of("FERRY_PASSWORD", MinaServer.PASSWORD),
                    "queue", "--resume", "--parallel", "4");
            assertEquals(0, resume.exitCode(), resume.toString());
            for (int i = 0; i < FILES; i++) {
                assertEquals(300_000, Files.size(into.resolve("f" + i + ".bin")));
            }
            assertEquals(1, server.mostConcurrentLogins(), "sessions logged in at once; " + resume);
        }
    }
}
