package dev.ferry.ui;

import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.testing.MinaServer;
import dev.ferry.ui.explorer.FileRow;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A file downloaded from a row that was out of date (it changed on the server after the listing):
 * the download got the new bytes and time, and the remote pane went on showing the old size and time.
 */
@ExtendWith(ApplicationExtension.class)
class StaleRemoteRowAfterDownloadTest extends GuiTest {

    @TempDir
    static Path directory;
    static MinaServer server;
    static Path local;
    MainWindow window;
    AppContext app;

    @Start
    void start(Stage stage) throws Exception {
        forgetSavedQueue();
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        Path served = server.home().resolve("file.txt");
        Files.writeString(served, "old");
        Files.setLastModifiedTime(served, FileTime.from(Instant.now().minus(3, ChronoUnit.DAYS)));
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        SettingsStore settings = SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json"));
        app = new AppContext(settings, () -> stage);
        window = new MainWindow(app, stage, UiState.defaults().withLastLocalDirectory("*", local.toString()));
        app.queue().start();
        stage.show();
    }

    @AfterEach
    void stop() {
        app.close();
        server.close();
    }

    @Test
    void theRemoteRowShowsTheDownloadedFilesNewSizeAndTime() throws Exception {
        quickConnect(TlsMode.NONE, server.port());
        waitUntil("the remote listing", () -> shows(table("remote"), "file.txt"));
        String newContent = "new content, longer than the listed file";
        Instant changed = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Path served = server.home().resolve("file.txt");
        Files.writeString(served, newContent);
        Files.setLastModifiedTime(served, FileTime.from(changed));

        clickOn(row("remote", "file.txt"));
        type(KeyCode.ENTER);
        waitUntil("the download of the new bytes", () -> Files.exists(local.resolve("file.txt"))
                && Files.readString(local.resolve("file.txt")).equals(newContent));
        assertEquals(changed, Files.getLastModifiedTime(local.resolve("file.txt")).toInstant());
        try {
            waitUntil("the remote row with the new size", () -> remoteRow("file.txt").size() == newContent.length());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the row: " + onFx(() -> remoteRow("file.txt")), e);
        }
    }

    @Test
    void aFileListedInBlocksIsDownloadedWhole() throws Exception {
        byte[] content = new byte[1000];
        java.util.Arrays.fill(content, (byte) 'v');
        try (dev.ferry.testing.FakeFtpServer vms = new dev.ferry.testing.FakeFtpServer()) {
            // VMS lists 2 blocks of 512 bytes for these 1000 bytes, and this server has no SIZE to ask.
            vms.useMlsd(false).features(java.util.List.of("EPSV", "REST STREAM"))
                    .listing("/", java.util.List.of(
                            "README.TXT;1         2/4        5-MAR-2024 12:34:56  [GROUP,OWNER]  (RWED,RWED,RE,)"))
                    .file("/README.TXT", content);
            quickConnect(TlsMode.NONE, vms.port());
            waitUntil("the remote listing", () -> shows(table("remote"), "README.TXT"));
            clickOn(row("remote", "README.TXT"));
            type(KeyCode.ENTER);
            waitUntil("the download to end", () -> app.queue().totals().idle()
                    && (Files.exists(local.resolve("README.TXT")) || app.queue().totals().failed() > 0));
            assertEquals(0, app.queue().totals().failed(), () -> "failed: " + app.queue().snapshot());
            assertEquals(1000, Files.size(local.resolve("README.TXT")), "the bytes that arrived, not the 1,024 of the blocks");
        }
    }

    private FileRow remoteRow(String name) {
        return table("remote").getItems().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
