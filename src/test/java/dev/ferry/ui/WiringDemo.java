package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SettingsStore;
import dev.ferry.site.SiteProfile;
import dev.ferry.testing.Interop;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.NetkitFtpd;
import dev.ferry.testing.Pyftpdlib;
import dev.ferry.ui.connection.ConnectionTab;
import dev.ferry.ui.sites.SettingsDialog;
import dev.ferry.ui.sites.SiteManagerDialog;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: drives the real main window through issue 15's wiring (Diagnose… from a failed
 * connection, comparison colours light and dark, Synchronize…, segments in the dialogs, the
 * guessed-charset marker, the question before plain FTP) and stops at each view: it prints
 * {@code SHOT <name>} and waits for a line on stdin, while the caller takes a picture of the X
 * screen ({@code import -window root}). Run under Xvfb with a window manager, as root for the
 * interop servers.
 */
public final class WiringDemo {

    private static final BufferedReader STDIN = new BufferedReader(new InputStreamReader(System.in));
    private static MainWindow window;
    private static AppContext app;

    private WiringDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("ferry-wiring-demo");
        System.setProperty("ferry.config.dir", work.resolve("config").toString());
        MinaServer mina = MinaServer.builder(work.resolve("server")).start();
        Path docs = Files.createDirectories(mina.home().resolve("docs"));
        Files.writeString(docs.resolve("readme.txt"), "read me");
        Files.writeString(docs.resolve("changelog.md"), "# Changes\n");
        Files.writeString(docs.resolve("only-on-server.pdf"), "pdf");
        Files.writeString(Files.createDirectories(docs.resolve("guide")).resolve("intro.txt"), "chapter one");
        Files.createDirectories(docs.resolve("images"));
        Path local = Files.createDirectories(work.resolve("Projects/docs"));
        Files.writeString(local.resolve("readme.txt"), "read me, edited here since");
        Files.writeString(local.resolve("changelog.md"), "# Changes\n");
        Files.setLastModifiedTime(local.resolve("changelog.md"), java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().plusSeconds(3600)));
        Files.writeString(local.resolve("only-here.txt"), "here");
        Files.createDirectories(local.resolve("guide"));
        Files.createDirectories(local.resolve("images"));

        CompletableFuture<Stage> started = new CompletableFuture<>();
        Platform.startup(() -> {
            Stage stage = new Stage();
            app = new AppContext(SettingsStore.open(work.resolve("config/settings.json")), () -> stage);
            window = new MainWindow(app, stage, new UiState(20, 20, 1360, 860, false, java.util.Map.of(),
                    java.util.Map.of(), java.util.Map.of(), java.util.Map.of("*", local.toString()), List.of(),
                    true, true));
            app.queue().start();
            stage.show();
            started.complete(stage);
        });
        Stage stage = started.get(30, TimeUnit.SECONDS);
        ConnectionSettings right = ConnectionSettings.builder("127.0.0.1").port(mina.port()).user(MinaServer.USER)
                .password(MinaServer.PASSWORD).tlsMode(TlsMode.NONE).build();
        ConnectionSettings wrong = right.toBuilder().password("not-the-password").build();

        fx(() -> tab().connect(wrong, null, "webmaster@docs.example", null));
        await("#error-diagnose");
        shot("error-with-diagnose");
        fx(() -> ((ButtonBase) find("#error-diagnose").orElseThrow()).fire());
        await("#diagnosis-summary");
        shot("diagnosis-after-failure");
        closeOthers(stage);

        fx(() -> tab().connect(right, null, "webmaster@docs.example", "/docs"));
        until(() -> tab().remotePane().rows().size() >= 5);
        fx(() -> {
            window.paneToggles().setCompare(true);
            window.paneToggles().setSyncBrowse(true);
        });
        shot("comparison-light");
        fx(() -> Theme.apply(stage.getScene(), "dark"));
        shot("comparison-dark");
        fx(() -> Theme.apply(stage.getScene(), "light"));

        fx(() -> menuItem(stage, "menu-sync-download").fire());
        await("#sync-dialog");
        shot("sync-plan");
        fx(() -> ((ButtonBase) find("#sync-start").orElseThrow()).fire());
        await("#sync-result");
        shot("sync-result");
        closeOthers(stage);

        Platform.runLater(() -> SettingsDialog.show(stage, app));
        await("#settings-dialog");
        fx(() -> ((TabPane) find("#settings-dialog").orElseThrow().lookup(".tab-pane")).getSelectionModel().select(1));
        shot("settings-segments");
        closeOthers(stage);
        fx(() -> SiteManagerDialog.show(stage, app, site -> { }));
        await("#sites-new");
        fx(() -> ((ButtonBase) find("#sites-new").orElseThrow()).fire());
        fx(() -> findTabPaneOf(find("#site-segments").orElseThrow()).getSelectionModel().select(2));
        shot("site-segments");
        closeOthers(stage);

        if (args.length > 0 && args[0].equals("interop")) {
            try (Pyftpdlib gbk = Pyftpdlib.start(work.resolve("gbk"), Pyftpdlib.Options.plain()
                    .wireCharset(java.nio.charset.Charset.forName("GBK")))) {
                for (String name : List.of("中文报告.txt", "会议纪要.doc", "readme.txt")) {
                    Files.writeString(gbk.root().resolve(name), "x");
                    Interop.chownToUser(gbk.root().resolve(name));
                }
                SiteProfile site = app.sites().save(SiteProfile.builder(dev.ferry.site.SiteStore.newId(), "GBK server",
                        "127.0.0.1").port(gbk.port()).protocol(TlsMode.NONE).user(Interop.USER).build());
                fx(() -> window.newTab().connect(ConnectionSettings.builder("127.0.0.1").port(gbk.port())
                        .user(Interop.USER).password(Interop.PASSWORD).tlsMode(TlsMode.NONE).build(), site.id(),
                        "GBK server", gbk.remoteRoot()));
                await("#charset-save");
                until(() -> find("#charset-marker").map(Node::isVisible).orElse(false));
                shot("charset-marker");
            }
            try (NetkitFtpd netkit = NetkitFtpd.start(work.resolve("netkit"), List.of())) {
                ConnectionSettings broken = ConnectionSettings.builder("127.0.0.1").port(netkit.port())
                        .user(Interop.USER).password(Interop.PASSWORD).tlsMode(TlsMode.EXPLICIT_IF_AVAILABLE).build();
                fx(() -> window.newTab().connect(broken, null, "ftp.broken-tls.example", netkit.remoteRoot()));
                await("#plain-fallback-dialog");
                shot("plain-fallback");
                fx(() -> ((ButtonBase) find("#plain-fallback-connect").orElseThrow()).fire());
                until(() -> tab().connection() != null && tab().remotePane().location() != null);
                shot("plain-connected");
            }
        }
        System.out.println("DONE");
        Platform.exit();
        mina.close();
        System.exit(0);
    }

    private static ConnectionTab tab() {
        return window.currentTab();
    }

    private static TabPane findTabPaneOf(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n instanceof TabPane pane) {
                return pane;
            }
        }
        throw new IllegalStateException("no tab pane above " + node);
    }

    private static MenuItem menuItem(Stage stage, String id) {
        MenuBar bar = (MenuBar) stage.getScene().getRoot().lookup(".menu-bar");
        for (Menu menu : bar.getMenus()) {
            for (MenuItem item : menu.getItems()) {
                if (id.equals(item.getId())) {
                    return item;
                }
            }
        }
        throw new IllegalStateException("no menu item " + id);
    }

    private static Optional<Node> find(String selector) {
        for (Window w : Window.getWindows()) {
            if (w.isShowing() && w.getScene() != null) {
                Node n = w.getScene().getRoot().lookup(selector);
                if (n != null) {
                    return Optional.of(n);
                }
            }
        }
        return Optional.empty();
    }

    private static void closeOthers(Stage main) throws Exception {
        fx(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w != main && w instanceof Stage s) {
                    s.close();
                }
            }
        });
    }

    private static void fx(Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.get(30, TimeUnit.SECONDS);
    }

    private static void await(String selector) throws Exception {
        until(() -> find(selector).isPresent());
    }

    private static void until(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            CompletableFuture<Boolean> ready = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    ready.complete(condition.call());
                } catch (Exception e) {
                    ready.complete(false);
                }
            });
            if (ready.get(30, TimeUnit.SECONDS)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("timed out");
    }

    /** Lets the window settle (layout, fade-in), then asks the caller for the picture. */
    private static void shot(String name) throws Exception {
        for (int i = 0; i < 3; i++) {
            fx(() -> { });
            Thread.sleep(300);
        }
        System.out.println("SHOT " + name);
        System.out.flush();
        STDIN.readLine();
    }
}
