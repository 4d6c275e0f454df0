package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.site.SettingsStore;
import dev.ferry.testing.Await;
import dev.ferry.testing.MinaServer;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quitting while files are moving asks first, by the window's close button and by File › Quit
 * alike; with nothing moving it asks nothing.
 */
@ExtendWith(ApplicationExtension.class)
class QuitWhileTransferringTest extends GuiTest {

    @TempDir
    static Path directory;
    MinaServer server;
    Path local;
    AppContext app;
    MainWindow window;
    Stage stage;
    /** The server answers the download's RETR only once this is counted down: the transfer stays active till then. */
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch retrieving = new CountDownLatch(1);

    @Start
    void start(Stage stage) throws Exception {
        // These tests close the window: the toolkit stays up for the tests after them.
        Platform.setImplicitExit(false);
        this.stage = stage;
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).ftplet(new DefaultFtplet() {
            @Override
            public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws IOException {
                if (request.getCommand().equalsIgnoreCase("RETR") || request.getCommand().equalsIgnoreCase("STOR")) {
                    retrieving.countDown();
                    try {
                        if (!release.await(5, TimeUnit.MINUTES)) {
                            throw new IOException("the test never let the download go");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
                return FtpletResult.DEFAULT;
            }
        }).start();
        Files.write(server.home().resolve("held.bin"), new byte[100_000]);
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        app = new AppContext(SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json")), () -> stage);
        window = new MainWindow(app, stage, UiState.defaults().withLastLocalDirectory("*", local.toString()));
        app.queue().start();
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        app.close();
        server.close();
        // The config folder is shared by the window tests of this JVM: nothing left for a later restore.
        forgetSavedQueue();
    }

    /** A download the server holds at RETR: active until the test ends. */
    private void startHeldDownload() throws Exception {
        ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                .user(MinaServer.USER).password(MinaServer.PASSWORD).build();
        app.queue().addDownload(settings, null, "/held.bin", local.resolve("held.bin"), false, -1, null);
        assertTrue(retrieving.await(60, TimeUnit.SECONDS), "the server was asked for the file: " + app.queue().snapshot());
        Await.until("the download to be active", () -> app.queue().totals().active() == 1,
                Await.DEFAULT, () -> app.queue().snapshot().toString());
    }

    /**
     * What the window manager sends for the close button or Alt+F4. Posted, not waited for: the
     * question it may show waits for an answer inside the event. The latch counts down once it is handled.
     */
    private CountDownLatch askToClose() {
        CountDownLatch handled = new CountDownLatch(1);
        Platform.runLater(() -> {
            stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST));
            handled.countDown();
        });
        return handled;
    }

    private DialogPane quitDialog() {
        waitUntil("the question whether to quit", () -> lookup("#quit-dialog").tryQuery().isPresent());
        return lookup("#quit-dialog").queryAs(DialogPane.class);
    }

    private void answer(DialogPane dialog, String buttonId) {
        Button button = (Button) dialog.lookup("#" + buttonId);
        clickOn(button);
        waitUntil("the question to close", () -> lookup("#quit-dialog").tryQuery().isEmpty());
    }

    @Test
    void closingTheWindowDuringATransferAsksAndCancelKeepsItOpen() throws Exception {
        startHeldDownload();

        CountDownLatch handled = askToClose();
        DialogPane dialog = quitDialog();
        assertEquals(I18n.t("quit.header"), onFx(dialog::getHeaderText));
        assertEquals(I18n.t("quit.detail", 1), onFx(dialog::getContentText));
        answer(dialog, "quit-cancel");
        assertTrue(handled.await(60, TimeUnit.SECONDS), "the close request was handled");
        assertTrue(onFx(stage::isShowing), "Cancel keeps the window open");
        assertEquals(1, app.queue().totals().active(), "and the transfer going: " + app.queue().snapshot());

        handled = askToClose();
        answer(quitDialog(), "quit-confirm");
        assertTrue(handled.await(60, TimeUnit.SECONDS), "the close request was handled");
        waitUntil("the window to close", () -> !stage.isShowing());
    }

    /**
     * T8: quitting during an upload left the file on the live site half written till the next start, and the
     * question did not say so.
     */
    @Test
    void theQuestionSaysAnUploadStoppedNowLeavesItsFileIncompleteOnTheServer() throws Exception {
        ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                .user(MinaServer.USER).password(MinaServer.PASSWORD).build();
        app.queue().addUpload(settings, null, Files.write(local.resolve("page.html"), new byte[100_000]), "/page.html", false);
        assertTrue(retrieving.await(60, TimeUnit.SECONDS), "the server was asked to store the file: " + app.queue().snapshot());
        Await.until("the upload to be active", () -> app.queue().totals().active() == 1,
                Await.DEFAULT, () -> app.queue().snapshot().toString());

        askToClose();
        DialogPane dialog = quitDialog();
        assertEquals(I18n.t("quit.detail", 1) + "\n\n" + I18n.t("quit.partialUploads", 1), onFx(dialog::getContentText));
        answer(dialog, "quit-cancel");
    }

    @Test
    void fileQuitAsksTheSameQuestion() throws Exception {
        startHeldDownload();
        MenuItem quit = onFx(() -> {
            Menu file = ((MenuBar) stage.getScene().lookup(".menu-bar")).getMenus().getFirst();
            return file.getItems().stream().filter(i -> I18n.t("menu.file.quit").equals(i.getText())).findFirst().orElseThrow();
        });
        Platform.runLater(quit::fire);
        DialogPane dialog = quitDialog();
        answer(dialog, "quit-cancel");
        assertTrue(onFx(stage::isShowing), "Cancel keeps the window open");

        Platform.runLater(quit::fire);
        answer(quitDialog(), "quit-confirm");
        waitUntil("the window to close", () -> !stage.isShowing());
    }

    /** Ctrl+Q quits, as in other desktop programs (it did nothing); with a transfer running it asks first. */
    @Test
    void ctrlQAsksTheSameQuestion() throws Exception {
        startHeldDownload();
        interact(() -> stage.requestFocus());
        press(javafx.scene.input.KeyCode.CONTROL).press(javafx.scene.input.KeyCode.Q)
                .release(javafx.scene.input.KeyCode.Q).release(javafx.scene.input.KeyCode.CONTROL);
        DialogPane dialog = quitDialog();
        answer(dialog, "quit-cancel");
        assertTrue(onFx(stage::isShowing), "Cancel keeps the window open");
    }

    /**
     * Return on the question keeps the window and the transfers: a user typing when the question
     * pops up must not stop their transfers by a slip. It was the Quit button's key.
     */
    @Test
    void returnOnTheQuestionKeepsTheTransfersRunning() throws Exception {
        startHeldDownload();
        CountDownLatch handled = askToClose();
        DialogPane dialog = quitDialog();
        assertTrue(onFx(() -> ((Button) dialog.lookup("#quit-cancel")).isDefaultButton()), "Cancel is the default button");
        assertFalse(onFx(() -> ((Button) dialog.lookup("#quit-confirm")).isDefaultButton()), "Quit is not the default button");
        waitUntil("Cancel focused", () -> dialog.getScene().getFocusOwner() == dialog.lookup("#quit-cancel"));
        interact(() -> dialog.getScene().getWindow().requestFocus());
        press(javafx.scene.input.KeyCode.ENTER).release(javafx.scene.input.KeyCode.ENTER);
        waitUntil("the question to close", () -> lookup("#quit-dialog").tryQuery().isEmpty());
        assertTrue(handled.await(60, TimeUnit.SECONDS), "the close request was handled");
        assertTrue(onFx(stage::isShowing), "Return keeps the window open");
        assertEquals(1, app.queue().totals().active(), "and the transfer going: " + app.queue().snapshot());
    }

    /**
     * R10: a move of files to another disk (or a large deletion) under way was cut short by a quit
     * without a word. The question counts it; once it is over, nothing is asked.
     */
    @Test
    void aQuitWhileFilesOnThisComputerAreMovedAsksFirst() throws Exception {
        CountDownLatch moveHeld = new CountDownLatch(1);
        CountDownLatch moved = new CountDownLatch(1);
        // What the local list's move runs, held as a long copy to another disk holds it.
        Platform.runLater(() -> Background.changeFiles(() -> moveHeld.await(5, TimeUnit.MINUTES),
                done -> moved.countDown(), failure -> moved.countDown()));
        // R10: nothing showed that a long move was running; the status bar says so while it does.
        waitUntil("the status bar saying files here are being changed", () -> lookup("#local-work").tryQuery()
                .filter(javafx.scene.Node::isVisible).isPresent());
        CountDownLatch handled = askToClose();
        DialogPane dialog = quitDialog();
        assertEquals(I18n.t("quit.localChangesHeader"), onFx(dialog::getHeaderText));
        assertEquals(I18n.t("quit.localChanges"), onFx(dialog::getContentText));
        answer(dialog, "quit-cancel");
        assertTrue(handled.await(60, TimeUnit.SECONDS), "the close request was handled");
        assertTrue(onFx(stage::isShowing), "Cancel keeps the window open");

        moveHeld.countDown();
        assertTrue(moved.await(60, TimeUnit.SECONDS), "the move ended");
        waitUntil("the status bar's word gone", () -> lookup("#local-work").tryQuery().filter(javafx.scene.Node::isVisible).isEmpty());
        handled = askToClose();
        waitUntil("the window to close, or a question", () -> !stage.isShowing() || lookup("#quit-dialog").tryQuery().isPresent());
        assertFalse(lookup("#quit-dialog").tryQuery().isPresent(), "no question once the move is over");
        assertTrue(handled.await(60, TimeUnit.SECONDS), "the close request was handled");
    }

    @Test
    void closingWithNothingTransferringAsksNothing() throws Exception {
        CountDownLatch handled = askToClose();
        waitUntil("the window to close, or a question", () -> !stage.isShowing() || lookup("#quit-dialog").tryQuery().isPresent());
        assertFalse(lookup("#quit-dialog").tryQuery().isPresent(), "no question with nothing transferring");
        assertTrue(handled.await(60, TimeUnit.SECONDS), "the close request was handled");
        assertFalse(onFx(stage::isShowing), "the window closed");
    }
}
