package dev.ferry.ui;

import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.testing.MinaServer;
import javafx.scene.control.Label;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new name typed with F2 that is not a name ("a/b.txt", ".", ".."): refused in both panes with
 * words about the new name. The local pane said "No such file or folder" of the file being renamed,
 * which exists; the remote pane moved the file into another folder of the server.
 */
@ExtendWith(ApplicationExtension.class)
class RenameToAnUnsafeNameTest extends GuiTest {

    @TempDir
    static Path directory;
    static MinaServer server;
    static Path local;
    MainWindow window;
    AppContext app;

    @Start
    void start(Stage stage) throws Exception {
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        Files.writeString(server.home().resolve("small_1.txt"), "on the server");
        Files.createDirectories(server.home().resolve("a"));
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        Files.writeString(local.resolve("small_1.txt"), "on this computer");
        SettingsStore settings = SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json"));
        app = new AppContext(settings, () -> stage);
        window = new MainWindow(app, stage, UiState.defaults().withLastLocalDirectory("*", local.toString()));
        stage.show();
    }

    @AfterEach
    void stop() {
        app.close();
        server.close();
    }

    @Test
    void aLocalNewNameWithASeparatorOrDotsIsRefusedNamingTheNewName() throws Exception {
        waitUntil("the local file", () -> shows(table("local"), "small_1.txt"));
        for (String newName : new String[] {"a/b.txt", "..", "."}) {
            renameTo("local", "small_1.txt", newName);
            String expected = I18n.t("error.renameRefused", "small_1.txt", newName,
                    I18n.words(dev.ferry.transfer.LocalPaths.problem(newName).orElseThrow()));
            assertEquals(expected, closeErrorDialog(), "the words for " + newName);
            assertEquals("on this computer", Files.readString(local.resolve("small_1.txt")));
            waitUntil("the row under its old name after refusing " + newName, () -> shows(table("local"), "small_1.txt"));
        }
    }

    @Test
    void aRemoteNewNameWithASeparatorIsRefusedRatherThanMovingTheFile() throws Exception {
        quickConnect(TlsMode.NONE, server.port());
        waitUntil("the remote listing", () -> shows(table("remote"), "small_1.txt"));
        for (String newName : new String[] {"a/b.txt", ".."}) {
            renameTo("remote", "small_1.txt", newName);
            String expected = I18n.t("error.renameRefused", "small_1.txt", newName,
                    I18n.words(dev.ferry.ftp.listing.NameSafety.problem(newName).orElseThrow()));
            assertEquals(expected, closeErrorDialog(), "the words for " + newName);
            assertEquals("on the server", Files.readString(server.home().resolve("small_1.txt")));
            assertTrue(Files.notExists(server.home().resolve("a/b.txt")), "not moved into the folder a");
            waitUntil("the row under its old name after refusing " + newName, () -> shows(table("remote"), "small_1.txt"));
        }
    }

    private void renameTo(String pane, String name, String newName) throws Exception {
        select(pane, name);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (onFx(() -> table(pane).getEditingCell() == null)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for the rename editor after F2 in " + pane);
            }
            interact(() -> {
                window.stage().requestFocus();
                table(pane).requestFocus();
            });
            type(KeyCode.F2);
            interact(() -> { });
        }
        push(KeyCode.CONTROL, KeyCode.A).write(newName).type(KeyCode.ENTER);
    }

    private String closeErrorDialog() throws Exception {
        waitUntil("the error dialog", () -> lookup("#error-dialog").tryQuery().isPresent());
        String words = onFx(() -> lookup("#error-dialog .content").queryAs(Label.class).getText());
        interact(() -> ((Stage) lookup("#error-dialog").query().getScene().getWindow()).close());
        waitUntil("the error dialog closed", () -> lookup("#error-dialog").tryQuery().isEmpty());
        return words;
    }
}
