package dev.ferry.ui;

import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.testing.FakeFtpServer;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * T7: Enter (or a double click) on a link row guessed from the link's text whether it leads to a folder: a text
 * with a dot in it ("..", "/var/www/example.com") was taken for a file and downloaded, which now that links to
 * folders are followed copied the whole folder instead of opening it. The server is asked, as FileZilla does.
 */
@ExtendWith(ApplicationExtension.class)
class RemoteLinkRowTest extends GuiTest {

    @TempDir
    static Path directory;
    FakeFtpServer server;
    Path local;
    AppContext app;

    private static String link(String name, String target) {
        return "lrwxrwxrwx   1 u g 4 Jan  5  2020 " + name + " -> " + target;
    }

    @Start
    void start(Stage stage) throws Exception {
        forgetSavedQueue();
        server = new FakeFtpServer();
        server.useMlsd(false)
                .listing("/", List.of(link("www", "/srv/www.example.com"), link("readme.txt", "docs/readme.txt"),
                        link("big", "/srv/big")))
                .listing("/big", List.of("-rw-r--r--   1 u g 5 Jan  5  2020 huge.bin")).answerCwd("/big", "450 try later")
                .listing("/www", List.of("-rw-r--r--   1 u g 5 Jan  5  2020 index.html"))
                .file("/readme.txt", "read me".getBytes(StandardCharsets.UTF_8));
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        SettingsStore settings = SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json"));
        app = new AppContext(settings, () -> stage);
        new MainWindow(app, stage, UiState.defaults().withLastLocalDirectory("*", local.toString()));
        app.queue().start();
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        server.close();
    }

    @Test
    void aLinkRowOpensTheFolderItLeadsToAndDownloadsTheFileItLeadsTo() throws Exception {
        quickConnect(TlsMode.NONE, server.port());
        waitUntil("the remote listing", () -> shows(table("remote"), "www"));
        select("remote", "www");
        type(KeyCode.ENTER);
        waitUntil("the folder behind www opened", () -> shows(table("remote"), "index.html"));
        assertFalse(Files.exists(local.resolve("www")), "nothing downloaded for a link to a folder");

        clickOn(row("remote", ".."));
        type(KeyCode.ENTER);
        waitUntil("back in the login folder", () -> shows(table("remote"), "readme.txt"));
        select("remote", "readme.txt");
        type(KeyCode.ENTER);
        waitUntil("the file behind readme.txt downloaded", () -> Files.exists(local.resolve("readme.txt"))
                && Files.readString(local.resolve("readme.txt")).equals("read me"));
    }

    /** R32: a link whose server could not tell (a 4xx to CWD, a lost connection) was downloaded: a big folder whole. */
    @Test
    void aLinkRowTheServerCannotAnswerForIsSaidNotDownloaded() throws Exception {
        quickConnect(TlsMode.NONE, server.port());
        waitUntil("the remote listing", () -> shows(table("remote"), "big"));
        select("remote", "big");
        type(KeyCode.ENTER);
        waitUntil("the server's answer said", () -> lookup(".dialog-pane").match((javafx.scene.control.DialogPane pane) ->
                pane.getContentText() != null && pane.getContentText().contains("450 try later")).tryQuery().isPresent());
        type(KeyCode.ESCAPE);
        assertTrue(app.queue().snapshot().isEmpty(), "nothing queued: " + app.queue().snapshot());
        assertFalse(Files.exists(local.resolve("big")), "nothing downloaded");
    }
}
