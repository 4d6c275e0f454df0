package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.TlsMode;
import dev.ferry.site.Bookmark;
import dev.ferry.site.SettingsStore;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.testing.MinaServer;
import javafx.application.Platform;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: the real window connected to a saved site, with the server in its title and the
 * Bookmarks menu open, grabbed from the X screen with ImageMagick's {@code import} (title bar
 * and menu included, which a scene snapshot leaves out). Run under Xvfb with a window manager:
 * {@code DISPLAY=:91 java -cp <test class path> dev.ferry.ui.HabitsScreenshotDemo shot.png}
 */
public final class HabitsScreenshotDemo {

    private HabitsScreenshotDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "ferry-habits.png").toAbsolutePath();
        Path work = Files.createTempDirectory("ferry-habits-demo");
        System.setProperty("ferry.config.dir", work.resolve("config").toString());
        MinaServer server = MinaServer.builder(work.resolve("server")).start();
        Files.writeString(Files.createDirectories(server.home().resolve("public_html/css")).resolve("site.css"), "body{}");
        Files.createDirectories(server.home().resolve("logs"));
        Files.writeString(Files.createDirectories(server.home().resolve("public_html/themes/dark")).resolve("dark.css"), "x");
        Files.writeString(Files.createDirectories(server.home().resolve("backup/2026")).resolve("site.css"), "x");
        Path local = Files.createDirectories(work.resolve("Projects/website/css"));
        Files.writeString(local.resolve("site.css"), "body{}");
        SiteStore sites = SiteStore.open(work.resolve("config").resolve(SiteStore.FILE_NAME));
        SiteProfile site = sites.save(SiteProfile.builder(SiteStore.newId(), "Example web server", "127.0.0.1")
                .port(server.port()).protocol(TlsMode.NONE).user(MinaServer.USER)
                .bookmarks(List.of(new Bookmark("Stylesheets", local.toString(), "/public_html/css"),
                        new Bookmark("Logs", null, "/logs"))).build());

        CompletableFuture<MainWindow> started = new CompletableFuture<>();
        Platform.startup(() -> {
            Stage stage = new Stage();
            AppContext app = new AppContext(SettingsStore.open(work.resolve("config/settings.json")), () -> stage);
            MainWindow window = new MainWindow(app, stage, new UiState(20, 20, 1200, 760, false, java.util.Map.of(),
                    java.util.Map.of(), java.util.Map.of(), java.util.Map.of("*", local.getParent().toString()),
                    java.util.List.of(), true, true));
            stage.show();
            ConnectionSettings settings = ConnectionSettings.builder("127.0.0.1").port(server.port())
                    .user(MinaServer.USER).password(MinaServer.PASSWORD).tlsMode(TlsMode.NONE).build();
            window.currentTab().connect(settings, site.id(), site.name(), "/public_html");
            started.complete(window);
        });
        MainWindow window = started.get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !GuiTest.onFx(() -> !window.currentTab().remotePane().rows().isEmpty())) {
            Thread.sleep(200);
        }
        boolean search = args.length > 1 && args[1].equals("search");
        Platform.runLater(() -> {
            if (search) {
                window.currentTab().remotePane().navigate("/");
                return;
            }
            MenuBar bar = (MenuBar) window.stage().getScene().lookup(".menu-bar");
            Menu bookmarks = bar.getMenus().stream().filter(m -> "menu-bookmarks".equals(m.getId())).findFirst().orElseThrow();
            bookmarks.show();
        });
        if (search) {
            while (System.nanoTime() < deadline && !GuiTest.onFx(() -> "/".equals(window.currentTab().remotePane().location()))) {
                Thread.sleep(200);
            }
            Platform.runLater(() -> {
                window.currentTab().remotePane().search();
                javafx.stage.Window dialog = javafx.stage.Window.getWindows().stream()
                        .filter(w -> w != window.stage()).findFirst().orElseThrow();
                ((javafx.scene.control.TextField) dialog.getScene().lookup("#search-pattern")).setText("*.css");
                ((javafx.scene.control.Button) dialog.getScene().lookup("#search-start")).fire();
            });
            Thread.sleep(3000);
        }
        Thread.sleep(1500);
        System.out.println("title: " + GuiTest.onFx(() -> window.stage().getTitle()));
        Process grab = new ProcessBuilder("import", "-window", "root", output.toString()).inheritIO().start();
        grab.waitFor(30, TimeUnit.SECONDS);
        System.out.println("wrote " + output);
        Platform.exit();
        server.close();
        System.exit(0);
    }
}
