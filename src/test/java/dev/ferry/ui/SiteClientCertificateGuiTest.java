package dev.ferry.ui;

import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.testing.ClientCertificates;
import dev.ferry.testing.Interop;
import dev.ferry.testing.Vsftpd;
import dev.ferry.ui.explorer.FileRow;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TableView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Site Manager's client certificate tab, used against vsftpd with require_cert. */
@ExtendWith(ApplicationExtension.class)
class SiteClientCertificateGuiTest extends GuiTest {

    private static final ClientCertificates CLIENT = ClientCertificates.create();

    @TempDir
    static Path directory;
    Vsftpd server;
    AppContext app;

    @Start
    void start(Stage stage) throws Exception {
        Path authority = CLIENT.writeAuthorityPem(Files.createDirectories(directory.resolve("ca")).resolve("ca.pem"));
        server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.EXPLICIT, Vsftpd.clientCertificateRequired(authority));
        Files.writeString(server.root().resolve("certified.txt"), "with a client certificate\n");
        Interop.chownToUser(server.root().resolve("certified.txt"));
        app = new AppContext(SettingsStore.open(config.resolve("settings-cc.json")), () -> stage);
        // No keyring on a test machine: secrets are not saved, and are asked for when connecting.
        app.sites().setPasswordPolicy(SiteStore.PasswordPolicy.DONT_SAVE);
        new MainWindow(app, stage, UiState.defaults());
        stage.show();
    }

    @AfterEach
    void stop() {
        app.close();
        server.close();
    }

    @Test
    void aSiteWithAClientCertificateConnectsToAServerThatDemandsOne() throws Exception {
        Path chain = CLIENT.writeCertificatePem(directory.resolve("chain.pem"));
        Path key = CLIENT.writeKeyPem(directory.resolve("key.pem"), "key pass".toCharArray());
        clickOn("#toolbar-sites");
        waitUntil("the site manager", () -> lookup("#sites-tree").tryQuery().isPresent());
        clickOn("#sites-new");
        doubleClickOn("#site-name");
        eraseText(20);
        write("Certified");
        clickOn("#site-host").write("127.0.0.1");
        clickOn("#site-port").write(Integer.toString(server.port()));
        @SuppressWarnings("unchecked")
        ChoiceBox<TlsMode> protocol = (ChoiceBox<TlsMode>) lookup("#site-protocol").query();
        interact(() -> protocol.setValue(TlsMode.EXPLICIT));
        clickOn("#site-user").write(Interop.USER);
        clickOn(I18n.t("sites.clientCert"));
        clickOn("#site-client-cert").write(chain.toString());
        clickOn("#site-client-key").write(key.toString());
        clickOn("#site-client-passphrase").write("key pass");
        waitUntil("the form is valid", () -> lookup("#site-validation").queryLabeled().getText().isEmpty());
        snapshot(lookup("#site-client-cert").query().getScene(), Path.of("target", "screenshots", "site-client-certificate.png"));
        clickOn("#sites-connect");

        waitUntil("the password question", () -> lookup("#password-field").tryQuery().isPresent());
        clickOn("#password-field").write(Interop.PASSWORD);
        clickOn("OK");
        // The key's passphrase is not saved either: connecting asks for it, saying why.
        waitUntil("the passphrase question", () -> lookup("#passphrase-field").tryQuery().isPresent());
        assertTrue(lookup(".dialog-pane").queryAll().stream().anyMatch(pane -> ((javafx.scene.control.DialogPane) pane)
                .getHeaderText().contains("protected by a passphrase")), "the question says why");
        clickOn("#passphrase-field").write("key pass");
        snapshot(lookup("#passphrase-field").query().getScene(), Path.of("target", "screenshots", "client-key-passphrase.png"));
        clickOn("OK");
        waitUntil("the certificate dialog", () -> lookup("#certificate-dialog").tryQuery().isPresent());
        clickOn(I18n.t("dialog.cert.once"));
        @SuppressWarnings("unchecked")
        TableView<FileRow> remote = (TableView<FileRow>) lookup("#remote-table").query();
        waitUntil("the listing of a server that demands a client certificate",
                () -> remote.getItems().stream().anyMatch(r -> r.name().equals("certified.txt")));
        snapshot(remote.getScene(), Path.of("target", "screenshots", "connected-with-client-certificate.png"));

        SiteProfile saved = SiteStore.open(config.resolve(SiteStore.FILE_NAME)).find("Certified").orElseThrow();
        assertEquals(chain.toString(), saved.clientCertificate().certificateFile());
        assertEquals(key.toString(), saved.clientCertificate().keyFile());
        assertTrue(saved.clientCertificate().passphrase().isEmpty(), "not saved, as the policy says");
        assertFalse(Files.readString(config.resolve(SiteStore.FILE_NAME)).contains("key pass"),
                "the passphrase is not in the sites file as it is");
    }

    private static void snapshot(Scene scene, Path file) throws Exception {
        CompletableFuture<WritableImage> shot = new CompletableFuture<>();
        Platform.runLater(() -> shot.complete(scene.snapshot(null)));
        WritableImage image = shot.get(10, TimeUnit.SECONDS);
        BufferedImage buffered = new BufferedImage((int) image.getWidth(), (int) image.getHeight(),
                BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < buffered.getHeight(); y++) {
            for (int x = 0; x < buffered.getWidth(); x++) {
                buffered.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(buffered, "png", file.toFile());
    }
}
