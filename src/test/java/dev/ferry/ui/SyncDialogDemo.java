package dev.ferry.ui;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.sync.SyncHistory;
import dev.ferry.sync.SyncOptions;
import dev.ferry.sync.SyncPlan;
import dev.ferry.sync.Synchronizer;
import dev.ferry.testing.Interop;
import dev.ferry.testing.TestFiles;
import dev.ferry.testing.Vsftpd;
import dev.ferry.ui.dialogs.SyncDialog;
import javafx.application.Platform;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Not a test: compares a folder with a real vsftpd that lists in Tokyo time, opens the
 * "Synchronize…" dialog with the plan and saves a PNG of it. Run under Xvfb:
 * {@code xvfb-run java -cp <test class path> dev.ferry.ui.SyncDialogDemo shot.png}
 */
public final class SyncDialogDemo {

    private SyncDialogDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "ferry-sync-dialog.png");
        Path work = Files.createTempDirectory("ferry-sync-demo");
        System.setProperty("ferry.config.dir", work.resolve("config").toString());
        try (Vsftpd server = Vsftpd.start(work.resolve("server"), Vsftpd.Tls.NONE, List.of("use_localtime=YES"),
                Map.of("TZ", "Asia/Tokyo"))) {
            Instant hourAgo = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
            Instant yesterday = hourAgo.minus(Duration.ofDays(1));
            Path site = server.root().resolve("website");
            Path local = work.resolve("Projects/website");
            put(site.resolve("index.html"), "<h1>Hello, world</h1>\n<p>New front page</p>\n", hourAgo);
            put(local.resolve("index.html"), "<h1>Hello</h1>\n", yesterday);
            put(site.resolve("about.html"), "<p>About us</p>\n", yesterday);
            put(local.resolve("about.html"), "<p>About us</p>\n", yesterday);
            put(site.resolve("css/style.css"), "body { font-family: serif; }\n", yesterday);
            put(local.resolve("css/style.css"), "body { font-family: sans-serif; color: #222; }\n", hourAgo);
            Files.setLastModifiedTime(TestFiles.random(site.resolve("img/logo.png"), 48_213, 1), FileTime.from(hourAgo));
            Files.setLastModifiedTime(TestFiles.random(site.resolve("img/photo.jpg"), 1_804_331, 2), FileTime.from(hourAgo));
            Instant old = Instant.parse("2023-06-30T08:00:00Z");
            Files.setLastModifiedTime(TestFiles.random(site.resolve("archive/2023.tar.gz"), 9_500_000, 3), FileTime.from(old));
            Files.setLastModifiedTime(TestFiles.random(local.resolve("archive/2023.tar.gz"), 9_500_000, 3), FileTime.from(old));
            put(local.resolve("notes.txt"), "draft, not for the server\n", hourAgo);
            put(local.resolve("old-banner.gif"), "GIF89a", yesterday);
            Interop.chownToUser(site);

            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(Interop.USER).password(Interop.PASSWORD).build();
            SyncOptions options = SyncOptions.download().withDelete(true);
            SyncPlan plan;
            dev.ferry.sync.Comparison comparison;
            try (FtpSession session = new FtpSession(settings, "demo")) {
                session.connect();
                String remote = RemotePaths.join(session.initialDirectory(), "website");
                comparison = Synchronizer.compare(session, remote, local, options, new CancelToken());
                plan = Synchronizer.plan(comparison, options, SyncHistory.inMemory());
                session.quit();
            }
            String serverFolder = "ftp://" + Interop.USER + "@127.0.0.1:" + server.port() + plan.remoteRoot();

            CompletableFuture<Dialog<SyncPlan>> shown = new CompletableFuture<>();
            Platform.startup(() -> {
                Dialog<SyncPlan> dialog = SyncDialog.create(null, plan, serverFolder,
                        chosen -> Synchronizer.plan(comparison, chosen, SyncHistory.inMemory()));
                dialog.show();
                dialog.setX(20);
                dialog.setY(20);
                shown.complete(dialog);
            });
            Dialog<SyncPlan> dialog = shown.get(30, TimeUnit.SECONDS);
            Thread.sleep(2500);
            CompletableFuture<WritableImage> shot = new CompletableFuture<>();
            Platform.runLater(() -> shot.complete(dialog.getDialogPane().getScene().snapshot(null)));
            ImageIO.write(toBuffered(shot.get(10, TimeUnit.SECONDS)), "png", output.toFile());
            System.out.println("wrote " + output.toAbsolutePath());
            if (args.length > 1) {
                // Leaves the dialog on screen for a while, for a screenshot of the whole display.
                Thread.sleep(Long.parseLong(args[1]) * 1000);
            }
        }
        Platform.exit();
        System.exit(0);
    }

    private static void put(Path file, String text, Instant modified) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(modified));
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
