package dev.ferry.ui;

import dev.ferry.diagnose.DiagnoseOptions;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.TlsMode;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.ScriptedServer;
import dev.ferry.tls.CertificateInfo;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import dev.ferry.ui.dialogs.DiagnosisDialog;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Not a test: opens the Diagnose window for real against a demo server and saves a PNG of it once
 * the verdict is shown. Run under Xvfb:
 * {@code xvfb-run java -cp <test class path> dev.ferry.ui.DiagnosisDialogDemo shot.png [nat|stall]}
 */
public final class DiagnosisDialogDemo {

    private DiagnosisDialogDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "diagnosis.png");
        String scenario = args.length > 1 ? args[1] : "nat";
        Path work = Files.createTempDirectory("ferry-diagnosis-demo");
        AutoCloseable server;
        ConnectionSettings settings;
        if (scenario.equals("stall")) {
            ScriptedServer stalling = new ScriptedServer(c -> {
                c.reply("220 (vsFTPd 3.0.3)");
                if (c.readCommand() != null) {
                    c.reply("234 Proceed with negotiation.");
                    c.readForever();
                }
            });
            server = stalling;
            settings = ConnectionSettings.builder("127.0.0.1").port(stalling.port()).user("webmaster")
                    .password("secret").tlsMode(TlsMode.EXPLICIT_IF_AVAILABLE).build();
        } else {
            MinaServer mina = MinaServer.builder(work.resolve("server")).tls(MinaServer.Tls.EXPLICIT)
                    .passiveExternalAddress("10.255.255.1").start();
            Files.writeString(mina.home().resolve("index.html"), "<h1>Hello</h1>");
            server = mina;
            settings = ConnectionSettings.builder("127.0.0.1").port(mina.port()).user(MinaServer.USER)
                    .password(MinaServer.PASSWORD).tlsMode(TlsMode.EXPLICIT).trustPassiveAddress(true)
                    .certificateTrust(CertificateTrust.nonInteractive(KnownHosts.inMemory(),
                            Set.of(CertificateInfo.fingerprint(mina.certificate().certificate()))))
                    .build();
        }
        CompletableFuture<Stage> shown = new CompletableFuture<>();
        Platform.startup(() -> shown.complete(DiagnosisDialog.show(null, settings,
                new DiagnoseOptions(Duration.ofSeconds(3), Duration.ofSeconds(60)), delta -> { })));
        Stage stage = shown.get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            Platform.runLater(() -> {
                Node summary = stage.getScene().lookup("#diagnosis-summary");
                done.complete(summary != null);
            });
            if (done.get(10, TimeUnit.SECONDS)) {
                break;
            }
            Thread.sleep(100);
        }
        // One more pulse so the verdict is laid out before the picture.
        CompletableFuture<Void> pulse = new CompletableFuture<>();
        Platform.runLater(() -> Platform.runLater(() -> pulse.complete(null)));
        pulse.get(10, TimeUnit.SECONDS);
        CompletableFuture<WritableImage> shot = new CompletableFuture<>();
        Platform.runLater(() -> shot.complete(stage.getScene().snapshot(null)));
        ImageIO.write(toBuffered(shot.get(10, TimeUnit.SECONDS)), "png", output.toFile());
        System.out.println("wrote " + output.toAbsolutePath());
        if (args.length > 2) {
            // Leave the window up for an outside screen grab (import -window root).
            Thread.sleep(Long.parseLong(args[2]) * 1000);
        }
        Platform.exit();
        server.close();
        System.exit(0);
    }

    private static BufferedImage toBuffered(WritableImage image) {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage buffered = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                buffered.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        return buffered;
    }
}
