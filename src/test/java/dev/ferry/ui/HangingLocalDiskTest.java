package dev.ferry.ui;

import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.testing.HangingDisk;
import dev.ferry.testing.MinaServer;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A local folder on a network share whose server went away: even "is it a folder?" waits there. The window asked
 * that on the FX thread when it opened a saved site or a new tab, and froze until the share answered (code review).
 */
@ExtendWith(ApplicationExtension.class)
class HangingLocalDiskTest extends GuiTest {

    @TempDir
    static Path directory;
    MinaServer server;
    Path local;
    AppContext app;
    MainWindow window;
    HangingDisk share;

    @Start
    void start(Stage stage) throws Exception {
        forgetSavedQueue();
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        Files.createDirectories(server.home().resolve("docs"));
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        app = new AppContext(SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json")), () -> stage);
        window = new MainWindow(app, stage, UiState.defaults().withLastLocalDirectory("*", local.toString()));
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        // First: a window held by the share would hold everything after it too.
        if (share != null) {
            share.close();
        }
        app.close();
        server.close();
    }

    @Test
    void aSiteWhoseLocalFolderDoesNotAnswerConnectsAndTheWindowAnswers() throws Exception {
        share = HangingDisk.mount(directory.resolve("share-" + System.nanoTime()));
        SiteProfile site = app.sites().save(SiteProfile.builder(SiteStore.newId(), "On a share " + System.nanoTime(),
                "127.0.0.1").port(server.port()).protocol(TlsMode.NONE).user(MinaServer.USER)
                .localDirectory(share.folder().toString()).build());
        share.hold();
        Platform.runLater(() -> window.connectSite(site));
        waitUntil("the password question", () -> lookup("#password-field").tryQuery().isPresent());
        clickOn("#password-field").write(MinaServer.PASSWORD);
        clickOn("OK");
        waitUntil("the site's listing while its local folder does not answer", () -> window.currentTab().remotePane()
                .rows().stream().anyMatch(row -> row.name().equals("docs")));
        fxAnswers("while the site's local folder does not answer");

        share.release();
        waitUntil("the site's local folder shown once the share answers",
                () -> share.folder().toString().equals(window.currentTab().localPane().location()));
    }

    @Test
    void aNewTabBesideAFolderThatDoesNotAnswerOpensAndTheWindowAnswers() throws Exception {
        share = HangingDisk.mount(directory.resolve("share-" + System.nanoTime()));
        interact(() -> window.currentTab().localPane().navigate(share.folder().toString()));
        waitUntil("the share's folder shown", () -> share.folder().toString().equals(window.currentTab().localPane().location()));
        share.hold();
        Platform.runLater(window::newTab);
        waitUntil("a second tab while the folder shown does not answer", () -> window.tabs().getTabs().size() == 2);
        fxAnswers("while the folder a new tab starts in does not answer");

        share.release();
        waitUntil("the new tab in that folder once the share answers",
                () -> share.folder().toString().equals(window.currentTab().localPane().location()));
    }

    /** The FX thread runs a task: waited for with a deadline, never assumed. */
    private static void fxAnswers(String when) throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        Platform.runLater(ran::countDown);
        assertTrue(ran.await(60, TimeUnit.SECONDS), "the FX thread ran nothing for 60 s " + when);
    }
}
