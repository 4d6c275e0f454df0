package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.site.SettingsStore;
import dev.ferry.testing.Await;
import dev.ferry.testing.MinaServer;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A download whose name is taken here by a folder: the question says a folder is there (a user
 * read "4 KiB" and a date, the folder's own size on disk, as if it were a file) and offers only
 * what leaves the folder as it is.
 */
@ExtendWith(ApplicationExtension.class)
class FolderInTheWayDialogTest extends GuiTest {

    @TempDir
    static Path directory;
    MinaServer server;
    Path local;
    AppContext app;
    MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        Files.writeString(server.home().resolve("x"), "the server's file");
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        Files.writeString(Files.createDirectories(local.resolve("x")).resolve("inside.txt"), "keep me");
        app = new AppContext(SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json")), () -> stage);
        window = new MainWindow(app, stage, UiState.defaults().withLastLocalDirectory("*", local.toString()));
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
    void theQuestionSaysAFolderIsThereAndOffersAFreeNameOrSkipping() throws Exception {
        String folderSize = Formats.size(Files.size(local.resolve("x")));
        ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                .user(MinaServer.USER).password(MinaServer.PASSWORD).build();
        app.queue().addDownload(settings, null, "/x", local.resolve("x"), false, -1, null);

        waitUntil("the file-exists question", () -> lookup("#file-exists-dialog").tryQuery().isPresent());
        DialogPane dialog = lookup("#file-exists-dialog").queryAs(DialogPane.class);
        assertEquals(I18n.t("dialog.exists.folderHeader"), onFx(dialog::getHeaderText));
        List<String> texts = onFx(() -> dialog.lookupAll(".label").stream()
                .filter(Label.class::isInstance).map(node -> ((Label) node).getText()).toList());
        assertTrue(texts.contains(I18n.t("dialog.exists.folder")), "the target is called a folder: " + texts);
        assertFalse(texts.contains(folderSize), "no size for the folder: " + texts);
        for (String replacing : List.of("OVERWRITE", "OVERWRITE_IF_NEWER", "OVERWRITE_IF_SIZE_DIFFERS", "RESUME")) {
            assertTrue(lookup("#exists-" + replacing).tryQuery().isEmpty(), replacing + " is not offered");
        }

        // Which name, said before it is chosen (U3: "Rename" made "a (1).txt" without a word).
        String rename = onFx(() -> lookup("#exists-RENAME").queryAs(javafx.scene.control.RadioButton.class).getText());
        assertTrue(rename.contains("\"x (1)\""), rename);
        clickOn("#exists-RENAME");
        clickOn("#exists-apply");
        Await.until("the download under a free name", () -> app.queue().totals().done() == 1,
                Await.DEFAULT, () -> app.queue().snapshot().toString());
        assertEquals("the server's file", Files.readString(local.resolve("x (1)")));
        assertEquals("keep me", Files.readString(local.resolve("x/inside.txt")));
    }
}
