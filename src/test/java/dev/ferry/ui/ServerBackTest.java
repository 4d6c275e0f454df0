package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.message.Message;
import dev.ferry.site.SettingsStore;
import dev.ferry.testing.MinaServer;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueText;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * While a server cannot be reached the queue tries it again with growing pauses. The window said
 * nothing of it, and nothing once the server was back and the transfers went on.
 */
@ExtendWith(ApplicationExtension.class)
class ServerBackTest extends GuiTest {

    @TempDir
    static Path directory;
    AppContext app;
    MinaServer server;

    @Start
    void start(Stage stage) throws Exception {
        forgetSavedQueue();
        app = new AppContext(SettingsStore.open(config.resolve("settings-" + System.nanoTime() + ".json")), () -> stage);
        new MainWindow(app, stage, UiState.defaults());
        stage.show();
    }

    @AfterEach
    void stop() {
        app.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theWindowSaysWhenTheServerCanBeReachedAgain() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(port).user(MinaServer.USER)
                .password(MinaServer.PASSWORD).build();
        Path local = Files.createDirectories(directory.resolve("local-" + System.nanoTime()));
        app.queue().addDownload(settings, null, "/back.txt", local.resolve("back.txt"), false, 4, null);
        app.queue().start();
        String server = MinaServer.USER + "@127.0.0.1:" + port;
        waitUntil("the window saying the server cannot be reached",
                () -> notice(words -> words.startsWith(server + ": ") && !words.equals(reachable(server))));

        Path root = directory.resolve("server-" + System.nanoTime());
        // The server's files are in its folder's "home", there before it answers.
        Files.writeString(Files.createDirectories(root.resolve("home")).resolve("back.txt"), "back");
        this.server = MinaServer.builder(root).port(port).start();
        waitUntil("the window saying the server can be reached again", () -> notice(reachable(server)::equals));
        waitUntil("the download's end", () -> app.queue().snapshot().stream().allMatch(i -> i.state().isFinished()));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(ItemState.DONE),
                app.queue().snapshot().stream().map(dev.ferry.transfer.ItemSnapshot::state).toList(),
                () -> app.queue().snapshot().toString());
    }

    private static String reachable(String server) {
        return I18n.words(Message.of(QueueText.SERVER_REACHABLE_AGAIN, server));
    }

    /** Whether a notice of the window shows words that pass {@code test}. */
    private static boolean notice(Predicate<String> test) {
        return Window.getWindows().stream().filter(w -> w.getScene() != null)
                .flatMap(w -> w.getScene().getRoot().lookupAll("#window-notice").stream())
                .map(Node.class::cast)
                .anyMatch(n -> n instanceof Label label && label.getText() != null && test.test(label.getText()));
    }
}
