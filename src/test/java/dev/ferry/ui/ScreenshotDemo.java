package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.TestFiles;
import dev.ferry.ui.connection.ConnectionTab;
import javafx.application.Platform;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Not a test: opens the real window against a demo server, with a transfer in progress and the
 * log visible, and saves a PNG of it. Run under Xvfb (see README):
 * {@code xvfb-run java -cp <test class path> dev.ferry.ui.ScreenshotDemo shot.png}
 */
public final class ScreenshotDemo {

    private static final java.util.concurrent.atomic.AtomicReference<MainWindow> WINDOW =
            new java.util.concurrent.atomic.AtomicReference<>();

    private ScreenshotDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "ferry-screenshot.png");
        Path work = Files.createTempDirectory("ferry-demo");
        System.setProperty("ferry.config.dir", work.resolve("config").toString());
        MinaServer server = MinaServer.builder(work.resolve("server")).tls(MinaServer.Tls.EXPLICIT).start();
        Path home = server.home();
        Files.writeString(Files.createDirectories(home.resolve("public_html")).resolve("index.html"), "<h1>Hello</h1>");
        Files.createDirectories(home.resolve("public_html/css"));
        Files.createDirectories(home.resolve("public_html/img"));
        Files.createDirectories(home.resolve("logs"));
        for (String name : new String[]{"site-2026-11-01.tar.gz", "site-2026-11-08.tar.gz", "site-2026-11-15.tar.gz"}) {
            TestFiles.random(Files.createDirectories(home.resolve("backups")).resolve(name), 40L << 20, name.hashCode());
        }
        Files.writeString(home.resolve("README.md"), "# Demo server\n");
        Files.writeString(home.resolve(".htaccess"), "Options -Indexes\n");
        Path local = Files.createDirectories(work.resolve("Projects/website"));
        Files.writeString(local.resolve("index.html"), "<h1>Hello</h1>");
        Files.writeString(local.resolve("style.css"), "body { font-family: sans-serif; }");
        Files.createDirectories(local.resolve("images"));
        TestFiles.random(local.resolve("video.mp4"), 12L << 20, 3);

        CompletableFuture<Stage> started = new CompletableFuture<>();
        Platform.startup(() -> {
            Stage stage = new Stage();
            AppContext app = new AppContext(SettingsStore.open(work.resolve("config/settings.json")), () -> stage);
            app.queue().setSettings(app.queue().settings().withSpeedLimits(6L << 20, 0));
            MainWindow window = new MainWindow(app, stage, new UiState(20, 20, 1360, 860, false, java.util.Map.of(),
                    java.util.Map.of(), java.util.Map.of(), java.util.Map.of("*", local.toString()), java.util.List.of(),
                    true, true));
            stage.show();
            WINDOW.set(window);
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(MinaServer.USER).password(MinaServer.PASSWORD).tlsMode(TlsMode.EXPLICIT)
                    .certificateTrust(dev.ferry.tls.CertificateTrust.nonInteractive(dev.ferry.tls.KnownHosts.inMemory(),
                            java.util.Set.of(dev.ferry.tls.CertificateInfo.fingerprint(server.certificate().certificate()))))
                    .build();
            ConnectionTab tab = window.currentTab();
            tab.connect(settings, null, "webmaster@demo.example", "/backups");
            app.queue().start();
            started.complete(stage);
            app.queue().addDownload(settings, null, "/backups", local.resolve("backups"), true, -1, null);
        });
        Stage stage = started.get(30, TimeUnit.SECONDS);
        // Shot once the remote folder is listed and the downloads are moving (a slow machine takes a while).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            CompletableFuture<Boolean> ready = new CompletableFuture<>();
            Platform.runLater(() -> {
                MainWindow window = WINDOW.get();
                var totals = window.queuePane().totalsProperty().get();
                ready.complete(!window.currentTab().remotePane().rows().isEmpty() && totals != null
                        && totals.active() > 0 && totals.bytesDone() > (8L << 20));
            });
            if (ready.get(10, TimeUnit.SECONDS)) {
                break;
            }
            Thread.sleep(200);
        }
        CompletableFuture<WritableImage> shot = new CompletableFuture<>();
        Platform.runLater(() -> shot.complete(stage.getScene().snapshot(null)));
        WritableImage image = shot.get(10, TimeUnit.SECONDS);
        ImageIO.write(toBuffered(image), "png", output.toFile());
        System.out.println("wrote " + output.toAbsolutePath());
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
