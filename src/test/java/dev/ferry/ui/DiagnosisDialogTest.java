package dev.ferry.ui;

import dev.ferry.diagnose.DiagnoseOptions;
import dev.ferry.diagnose.SettingsDelta;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.TlsMode;
import dev.ferry.message.Message;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.TransferMode;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.ScriptedServer;
import dev.ferry.ui.dialogs.DiagnosisDialog;
import dev.ferry.ui.dialogs.PlainFallbackDialog;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Diagnose window against real in-process servers, and the question before plain FTP. */
@ExtendWith(ApplicationExtension.class)
class DiagnosisDialogTest extends GuiTest {

    private static final DiagnoseOptions QUICK = new DiagnoseOptions(Duration.ofSeconds(2), Duration.ofSeconds(60));

    @TempDir
    static Path directory;
    Stage owner;

    @Start
    void start(Stage stage) {
        owner = stage;
        stage.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(), 200, 100));
        stage.show();
    }

    private Label label(String id) {
        return lookup("#" + id).queryAs(Label.class);
    }

    @Test
    void stepsTurnGreenOrRedAndTheSettingsThatWorkAreHandedToTheCaller() throws Exception {
        try (MinaServer server = MinaServer.builder(directory.resolve("nat-" + System.nanoTime()))
                .passiveExternalAddress("10.255.255.1").start()) {
            Files.writeString(server.home().resolve("a.txt"), "a\n");
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(MinaServer.USER).password(MinaServer.PASSWORD).tlsMode(TlsMode.NONE)
                    .trustPassiveAddress(true).build();
            List<SettingsDelta> saved = new CopyOnWriteArrayList<>();
            interact(() -> DiagnosisDialog.show(owner, settings, QUICK, saved::add));
            waitUntil("the verdict", () -> lookup("#diagnosis-summary").tryQuery().isPresent());
            assertEquals("✓", label("diagnosis-mark-LOGIN").getText());
            assertTrue(label("diagnosis-mark-LOGIN").getStyleClass().contains("step-ok"));
            assertEquals("!", label("diagnosis-mark-PASSIVE_PASV").getText());
            assertTrue(label("diagnosis-mark-PASSIVE_PASV").getStyleClass().contains("step-warning"));
            assertTrue(label("diagnosis-message-PASSIVE_PASV").getText().contains("10.255.255.1"),
                    label("diagnosis-message-PASSIVE_PASV").getText());
            assertEquals("✓", label("diagnosis-mark-LISTING").getText());
            assertEquals("Ferry can connect to this server with the settings below.", label("diagnosis-summary").getText());
            assertTrue(lookup("#diagnosis-advice").queryAs(javafx.scene.layout.VBox.class).getChildren().stream()
                    .map(n -> ((Label) n).getText()).anyMatch(t -> t.contains("private address (10.255.255.1)")));

            clickOn("#diagnosis-copy");
            String copied = WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get();
            assertTrue(copied.contains("! Passive mode (PASV): The server announces 10.255.255.1"), copied);
            assertTrue(copied.contains("Verdict: Ferry can connect to this server with the settings below."), copied);

            clickOn("#diagnosis-save");
            assertEquals(List.of(new SettingsDelta(null, null, null, null, false, null)), saved);
            assertTrue(lookup("#diagnosis-save").queryButton().isDisabled(), "saved once");

            SiteProfile site = SiteProfile.builder("id-1", "NAT", "127.0.0.1").trustPassiveAddress(true)
                    .transferMode(TransferMode.ACTIVE).build();
            SiteProfile fixed = DiagnosisDialog.applyTo(site, new SettingsDelta(TlsMode.IMPLICIT, 990, null,
                    DataConnectionMode.PASSIVE, false, null));
            assertEquals(TlsMode.IMPLICIT, fixed.protocol());
            assertEquals(990, fixed.port());
            assertEquals(TransferMode.PASSIVE, fixed.transferMode());
            assertEquals(Boolean.FALSE, fixed.trustPassiveAddress());
            clickOn("#diagnosis-close");
        }
    }

    @Test
    void aStalledHandshakeIsRedAndOffersNothingToSave() throws Exception {
        try (ScriptedServer server = new ScriptedServer(c -> {
            c.reply("220 hello");
            if (c.readCommand() != null) {
                c.reply("234 Proceed with negotiation.");
                c.readForever();
            }
        })) {
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port()).user("bob")
                    .password("secret").tlsMode(TlsMode.EXPLICIT).build();
            interact(() -> DiagnosisDialog.show(owner, settings, QUICK, delta -> {
                throw new AssertionError("nothing to save");
            }));
            // The greeting is green before the handshake has stalled: the window is live.
            waitUntil("the greeting's tick", () -> "✓".equals(label("diagnosis-mark-GREETING").getText()));
            waitUntil("the verdict", () -> lookup("#diagnosis-summary").tryQuery().isPresent());
            assertEquals("✗", label("diagnosis-mark-TLS_HANDSHAKE").getText());
            assertTrue(label("diagnosis-mark-TLS_HANDSHAKE").getStyleClass().contains("step-failed"));
            assertEquals("–", label("diagnosis-mark-LOGIN").getText());
            assertTrue(lookup("#diagnosis-save").queryButton().isDisabled());
            assertTrue(label("diagnosis-summary").getText().startsWith("Ferry cannot connect to this server."));
            clickOn("#diagnosis-close");
        }
    }

    @Test
    void theQuestionBeforePlainFtpSaysNoUnlessTheUserChoosesOtherwise() throws Exception {
        Message stalled = Message.of(FtpText.TLS_AUTH_STALLED_IF_AVAILABLE, 30);
        CompletableFuture<Boolean> first = new CompletableFuture<>();
        interact(() -> javafx.application.Platform.runLater(() ->
                first.complete(PlainFallbackDialog.ask(owner, "ftp.example.com:21", stalled))));
        waitUntil("the question", () -> lookup("#plain-fallback-dialog").tryQuery().isPresent());
        Button cancel = lookup("#plain-fallback-cancel").queryButton();
        assertTrue(cancel.isDefaultButton(), "Enter answers no");
        assertFalse(lookup("#plain-fallback-connect").queryButton().isDefaultButton());
        type(KeyCode.ENTER);
        assertFalse(first.get(20, TimeUnit.SECONDS));

        CompletableFuture<Boolean> second = new CompletableFuture<>();
        interact(() -> javafx.application.Platform.runLater(() ->
                second.complete(PlainFallbackDialog.ask(owner, "ftp.example.com:21", stalled))));
        waitUntil("the question again", () -> lookup("#plain-fallback-connect").tryQuery().isPresent());
        clickOn("#plain-fallback-connect");
        assertTrue(second.get(20, TimeUnit.SECONDS));
    }
}
