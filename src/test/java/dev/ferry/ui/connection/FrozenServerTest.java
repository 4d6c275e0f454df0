package dev.ferry.ui.connection;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DialogueListener;
import dev.ferry.ftp.FtpTimeoutException;
import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.MinaServer;
import dev.ferry.ui.GuiTest;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A server that stops answering while the tab is in use fails the action after one reply timeout.
 * The tab logged in again and waited as long once more for a greeting that never came, so a
 * refresh against a frozen server took twice the timeout (a minute with the defaults).
 */
@ExtendWith(ApplicationExtension.class)
class FrozenServerTest extends GuiTest {

    @TempDir
    Path home;

    @Start
    void start(Stage stage) {
        // The connection hands its results to the FX thread; no window is needed.
    }

    @Test
    void aServerThatStopsAnsweringFailsTheActionAfterOneTimeout() throws Exception {
        try (MinaServer server = MinaServer.builder(home).start(); FaultProxy proxy = new FaultProxy(server.port())) {
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(proxy.port())
                    .user(MinaServer.USER).password(MinaServer.PASSWORD)
                    // Short enough for one timeout to end the test soon, long enough that the listings before
                    // the freeze are not taken for a stalled server (and a second login) on a busy machine.
                    .connectTimeout(Duration.ofSeconds(10)).replyTimeout(Duration.ofSeconds(10)).build();
            RemoteConnection connection = new RemoteConnection(settings, null, "frozen", entry -> { }, 0);
            try {
                // Twice: the second listing's command goes behind its EPSV and is answered, so the
                // silence below is not taken for a server that loses such commands (PipeliningTest).
                for (int i = 0; i < 2; i++) {
                    CompletableFuture<Object> listed = new CompletableFuture<>();
                    connection.run(session -> session.list("/"), listed::complete, listed::completeExceptionally);
                    listed.get(60, TimeUnit.SECONDS);
                }

                proxy.freezeControlReplies(true);
                CompletableFuture<Object> refreshed = new CompletableFuture<>();
                connection.run(session -> session.list("/"), refreshed::complete, refreshed::completeExceptionally);
                Throwable failure = refreshed.handle((ok, thrown) -> thrown).get(120, TimeUnit.SECONDS);
                assertInstanceOf(FtpTimeoutException.class, failure, String.valueOf(failure));
                assertEquals(1, proxy.controlConnections(), "no second login against a server that stopped answering");
            } finally {
                proxy.freezeControlReplies(false);
                connection.close();
            }
        }
    }
}
