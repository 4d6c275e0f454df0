package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.site.SettingsStore;
import dev.ferry.testing.MinaServer;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A queue item's "file exists" question stayed open after the user removed or stopped the item:
 * a question about a transfer no longer there, whose answer did nothing.
 */
@ExtendWith(ApplicationExtension.class)
class WithdrawnQuestionTest extends GuiTest {

    @TempDir
    static Path directory;
    MinaServer server;
    Path local;
    AppContext app;

    @Start
    void start(Stage stage) throws Exception {
        forgetSavedQueue();
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        Files.writeString(server.home().resolve("x.txt"), "the server's file");
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        Files.writeString(local.resolve("x.txt"), "mine");
        app = new AppContext(SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json")), () -> stage);
        new MainWindow(app, stage, UiState.defaults().withLastLocalDirectory("*", local.toString()));
        app.queue().start();
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        server.close();
        // The config folder is shared by the window tests of this JVM: nothing left for a later restore.
        forgetSavedQueue();
    }

    @Test
    void theQuestionOfARemovedItemCloses() throws Exception {
        ItemSnapshot item = questionAsked();
        app.queue().remove(item.id());
        waitUntil("the question closed once its item was removed", () -> lookup("#file-exists-dialog").tryQuery().isEmpty());
        assertEquals("mine", Files.readString(local.resolve("x.txt")), "the file here untouched");
    }

    @Test
    void theQuestionOfAStoppedItemCloses() throws Exception {
        ItemSnapshot item = questionAsked();
        app.queue().cancel(item.id());
        waitUntil("the question closed once its item was stopped", () -> lookup("#file-exists-dialog").tryQuery().isEmpty());
        waitUntil("the item cancelled", () -> app.queue().snapshot().stream().anyMatch(i -> i.id() == item.id() && i.state() == ItemState.CANCELLED));
        assertEquals("mine", Files.readString(local.resolve("x.txt")), "the file here untouched");
    }

    private ItemSnapshot questionAsked() {
        ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                .user(MinaServer.USER).password(MinaServer.PASSWORD).build();
        ItemSnapshot item = app.queue().addDownload(settings, null, "/x.txt", local.resolve("x.txt"), false, -1, null);
        waitUntil("the file-exists question", () -> lookup("#file-exists-dialog").tryQuery().isPresent());
        return item;
    }
}
