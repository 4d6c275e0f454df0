package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.site.SiteProfile;
import dev.ferry.testing.Interop;
import dev.ferry.testing.Pyftpdlib;
import dev.ferry.ui.connection.ConnectionTab;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server whose names are GBK (pyftpdlib speaking GBK, no UTF8 in FEAT): the remote pane says the
 * charset was guessed, and "Save GB18030 to this site" writes it into the site. A server that speaks
 * UTF-8 shows no marker.
 */
@ExtendWith(ApplicationExtension.class)
class CharsetMarkerTest extends GuiTest {

    @TempDir
    static Path directory;
    MainWindow window;
    AppContext app;

    @Start
    void start(Stage stage) {
        app = new AppContext(SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json")), () -> stage);
        window = new MainWindow(app, stage, UiState.defaults());
        stage.show();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private ConnectionTab tab() {
        return window.currentTab();
    }

    private boolean markerShown() {
        return lookup("#charset-marker").tryQuery().map(Node::isVisible).orElse(false);
    }

    private void connect(Pyftpdlib server, String siteId) {
        ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port()).user(Interop.USER)
                .password(Interop.PASSWORD).tlsMode(TlsMode.NONE).build();
        interact(() -> tab().connect(settings, siteId, "pyftpdlib", server.remoteRoot()));
    }

    @Test
    void aGuessedCharsetIsMarkedAndCanBeSavedToTheSite() throws Exception {
        try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("gbk-" + System.nanoTime()), Pyftpdlib.Options.plain()
                .wireCharset(Charset.forName("GBK")))) {
            Files.writeString(server.root().resolve("中文报告.txt"), "报告");
            Interop.chownToUser(server.root().resolve("中文报告.txt"));
            SiteProfile site = app.sites().save(SiteProfile.builder(dev.ferry.site.SiteStore.newId(), "GBK server",
                    "127.0.0.1").port(server.port()).protocol(TlsMode.NONE).user(Interop.USER).build());
            connect(server, site.id());
            waitUntil("the GBK name", () -> tab().remotePane().rows().stream().anyMatch(r -> r.name().equals("中文报告.txt")));
            waitUntil("the marker", this::markerShown);
            assertEquals("Names read as GB18030 (guessed)", lookup("#charset-marker-text").queryAs(Label.class).getText());
            assertEquals("Save GB18030 to this site", lookup("#charset-save").queryButton().getText());
            clickOn("#charset-save");
            waitUntil("the charset in the site", () -> "GB18030".equals(app.sites().find(site.id()).orElseThrow().charset()));
            waitUntil("the marker gone", () -> !markerShown());
        }
    }

    @Test
    void namesInUtf8ShowNoMarker() throws Exception {
        try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("utf8-" + System.nanoTime()), Pyftpdlib.Options.plain())) {
            Files.writeString(server.root().resolve("中文报告.txt"), "报告");
            Interop.chownToUser(server.root().resolve("中文报告.txt"));
            connect(server, null);
            waitUntil("the UTF-8 name", () -> tab().remotePane().rows().stream().anyMatch(r -> r.name().equals("中文报告.txt")));
            assertFalse(markerShown());
            assertTrue(lookup("#charset-marker").tryQuery().isPresent(), "the marker exists, hidden");
        }
    }
}
