package dev.ferry.ui.connection;

import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.MinaServer;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.ui.AppContext;
import dev.ferry.ui.GuiTest;
import dev.ferry.ui.I18n;
import dev.ferry.ui.MainWindow;
import dev.ferry.ui.UiState;
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

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The tab's browsing connection dropped (the server idled it out) while the queue's workers for
 * that server went on downloading: the status bar said "Disconnected" over running transfers.
 */
@ExtendWith(ApplicationExtension.class)
class BrowsingDroppedWhileTransferringTest extends GuiTest {

    @TempDir
    static Path directory;
    MinaServer server;
    FaultProxy proxy;
    Path local;
    MainWindow window;
    AppContext app;

    @Start
    void start(Stage stage) throws Exception {
        forgetSavedQueue();
        server = MinaServer.builder(directory.resolve("server-" + System.nanoTime())).start();
        Files.write(server.home().resolve("big.bin"), new byte[8 << 20]);
        proxy = new FaultProxy(server.port());
        local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        SettingsStore settings = SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json"));
        app = new AppContext(settings, () -> stage);
        window = new MainWindow(app, stage, UiState.defaults().withLastLocalDirectory("*", local.toString()));
        app.queue().start();
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        proxy.close();
        server.close();
    }

    @Test
    void theStatusDoesNotSayDisconnectedWhileTheTabsTransfersRun() throws Exception {
        quickConnect(TlsMode.NONE, proxy.port());
        waitUntil("the remote listing", () -> shows(table("remote"), "big.bin"));
        // Slow enough that the download is still running whatever the machine's load: 8 MiB take minutes.
        proxy.nextDataConnections(10, FaultProxy.Fault.trickle(32 * 1024));
        clickOn(row("remote", "big.bin"));
        type(KeyCode.ENTER);
        waitUntil("the download under way", () -> running() != null && running().bytesDone() > 0);

        // The tab's connection was opened first; the worker's came with the download.
        proxy.cutControlConnection(0);
        ConnectionTab tab = onFx(() -> window.currentTab());
        waitUntil("the tab to notice its connection is gone",
                () -> tab.stateProperty().get() == RemoteConnection.State.DISCONNECTED);
        // The tab learns which items run from the queue's notifier (every 100 ms), not from the snapshot
        // this test read: the idle look can find the cut before the tab has heard of the download, and
        // the status is put right once it does.
        String transfersRun = I18n.t("status.transfersRunWithoutBrowsing", MinaServer.USER + "@127.0.0.1:" + proxy.port());
        waitUntil("the status to say the tab's transfers run", () -> transfersRun.equals(tab.statusProperty().get()));
        assertEquals(ItemState.ACTIVE, running() == null ? null : running().state(), "the download still runs");

        // Once nothing of the tab's runs any more, "Disconnected" is true again.
        app.queue().snapshot().forEach(item -> app.queue().cancel(item.id()));
        waitUntil("the tab to say it is disconnected once its transfers ended",
                () -> I18n.t("status.disconnected").equals(tab.statusProperty().get()));
    }

    private ItemSnapshot running() {
        return app.queue().snapshot().stream().filter(item -> item.state() == ItemState.ACTIVE).findFirst().orElse(null);
    }
}
