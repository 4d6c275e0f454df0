package dev.ferry.ui.connection;

import dev.ferry.ftp.ConnectionSettings;
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
import dev.ferry.ui.QuickConnectBar;
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
 * A quick connection's tab restored after a restart is not connected (its password was not kept)
 * while the restored queue goes on downloading from its server: the tab said only "Not connected:
 * Server > Reconnect connects again", and its log stayed empty, as if nothing were happening there.
 */
@ExtendWith(ApplicationExtension.class)
class UnconnectedTabTransfersTest extends GuiTest {

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
    void aRestoredTabSaysItsServersTransfersRunAndLogsThem() throws Exception {
        quickConnect(TlsMode.NONE, proxy.port());
        waitUntil("the remote listing", () -> shows(table("remote"), "big.bin"));
        // Slow enough that the download is still running whatever the machine's load: 8 MiB take minutes.
        proxy.nextDataConnections(10, FaultProxy.Fault.trickle(32 * 1024));
        clickOn(row("remote", "big.bin"));
        type(KeyCode.ENTER);
        waitUntil("the download under way", () -> running() != null && running().bytesDone() > 0);

        // The tab as a restart leaves it: no connection, the server's address without its password.
        ConnectionTab tab = onFx(() -> window.currentTab());
        interact(() -> {
            ConnectionSettings restored = tab.lastSettings().toBuilder().password("").build();
            tab.disconnect();
            tab.restoreUnconnected(restored, QuickConnectBar.title(restored), "/");
        });
        String display = MinaServer.USER + "@127.0.0.1:" + proxy.port();
        waitUntil("the tab to say its server's transfers run",
                () -> I18n.t("status.transfersRunUnconnected", display).equals(tab.statusProperty().get()));
        int before = onFx(() -> tab.log().entries().size());
        app.queue().snapshot().forEach(item -> app.queue().pause(item.id()));
        waitUntil("the worker's lines in the tab's log", () -> onFx(() -> tab.log().entries().stream().skip(before)
                .anyMatch(entry -> AppContext.belongsTo(entry, display))));

        waitUntil("the tab's own words again once nothing of its server runs",
                () -> I18n.t("status.restoredUnconnected").equals(tab.statusProperty().get()));
        assertEquals(null, running(), "nothing runs any more");
    }

    /**
     * After a restart the restored queue asked for the quick connection's password; Reconnect on
     * the tab then asked for the same password again.
     */
    @Test
    void reconnectUsesThePasswordTheQueueWasGiven() throws Exception {
        quickConnect(TlsMode.NONE, proxy.port());
        waitUntil("the remote listing", () -> shows(table("remote"), "big.bin"));
        ConnectionTab tab = onFx(() -> window.currentTab());
        interact(() -> {
            ConnectionSettings restored = tab.lastSettings().toBuilder().password("").build();
            tab.disconnect();
            tab.restoreUnconnected(restored, QuickConnectBar.title(restored), "/");
        });
        waitUntil("the remote pane emptied", () -> !shows(table("remote"), "big.bin"));

        // The password typed at the queue's question (this run's passwords, as a restart's queue leaves them).
        javafx.application.Platform.runLater(tab::reconnect);
        waitUntil("the tab connected again without a question", () -> shows(table("remote"), "big.bin"));
        assertEquals(1L, onFx(() -> javafx.stage.Window.getWindows().stream().filter(javafx.stage.Window::isShowing).count()),
                "no password question open");
    }

    private ItemSnapshot running() {
        return app.queue().snapshot().stream().filter(item -> item.state() == ItemState.ACTIVE).findFirst().orElse(null);
    }
}
