package dev.ferry.ui;

import dev.ferry.site.SettingsStore;
import dev.ferry.ui.dialogs.Dialogs;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.image.Image;
import javafx.scene.paint.Color;
import javafx.stage.PopupWindow;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The desktop app. Start-up does nothing slow before the window shows: the settings and the
 * window's remembered state are read on another thread while JavaFX starts, and the saved
 * queue is restored after the window is up.
 */
public final class FerryApp extends Application {

    /** With -Dferry.startupProbe: print the time to the first painted frame and exit (packaging, benchmark). */
    private static final boolean PROBE = Boolean.getBoolean("ferry.startupProbe");
    private static CompletableFuture<SettingsStore> settings;
    private static String openUrl;
    private static CompletableFuture<UiState> uiState;
    private AppContext app;
    private MainWindow window;

    /** Called by {@code Main} without arguments, or with the one URL of a desktop link. */
    public static void open(String[] args) {
        openUrl = args.length == 1 ? args[0] : null;
        settings = CompletableFuture.supplyAsync(SettingsStore::openDefault);
        uiState = CompletableFuture.supplyAsync(() -> new UiState.Store().load());
        // The file tables and the log show local times. The time-zone rules come from a service
        // lookup through every jar on the class path (~25 ms with the pattern machinery): loaded
        // here, while the toolkit starts, rather than on the FX thread as the window is built.
        CompletableFuture.runAsync(() -> DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault()).format(Instant.EPOCH));
        // The toolkit starts while the settings are read (~50 ms of Jackson less before the first
        // frame). The language is applied in start(), before any control exists: JavaFX's own
        // words (OK and Cancel of standard dialogs, text fields' menus) follow the default locale
        // as it is when its controls first load, and the toolkit's start loads none.
        Application.launch(FerryApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        TestHook.startIfAsked();
        DesktopOpener.init(getHostServices());
        if (settings == null) {
            settings = CompletableFuture.completedFuture(SettingsStore.openDefault());
            uiState = CompletableFuture.completedFuture(new UiState.Store().load());
        }
        SettingsStore store = settings.join();
        useLanguage(store.current().language());
        app = new AppContext(store, () -> window == null ? null : window.stage());
        TestHook.attach(app);
        window = new MainWindow(app, stage, uiState.join());
        try (InputStream icon = FerryApp.class.getResourceAsStream("/dev/ferry/ui/icons/ferry-64.png")) {
            if (icon != null) {
                stage.getIcons().add(new Image(icon));
            }
        } catch (IOException e) {
            // No icon is no reason not to start.
        }
        if (PROBE) {
            stage.setOnShown(e -> new AnimationTimer() {
                private long firstPulse = -1;

                @Override
                public void handle(long now) {
                    if (firstPulse < 0) {
                        // The first pulse after showing: its frame is painted on the render thread after it.
                        firstPulse = ManagementFactory.getRuntimeMXBean().getUptime();
                        return;
                    }
                    // A dirty scene makes this pulse wait until that frame is painted; a task queued
                    // now runs after this pulse, so the time it prints is at most one pulse late.
                    stop();
                    stage.getScene().setFill(stage.getScene().getFill() == Color.WHITE ? Color.SNOW : Color.WHITE);
                    Platform.runLater(() -> {
                        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
                        System.out.println("ferry-startup-ms " + uptime + " epoch-ms " + System.currentTimeMillis()
                                + " first-pulse-ms " + firstPulse);
                        Platform.exit();
                    });
                }
            }.start());
        }
        stage.show();
        if (openUrl != null) {
            window.openUrl(openUrl);
        }
        store.loadProblem().ifPresent(problem -> Dialogs.error(stage, new IOException(problem)));
        // Read now, off the FX thread, so the first Site Manager or site connection does not wait for the disk.
        Background.disk(app::sites, loaded -> { }, failure -> { });
        Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
        Background.disk(() -> dev.ferry.ui.connection.EditWatcher.cleanLeftovers(temporary)
                + dev.ferry.ui.connection.EditWatcher.cleanLeftovers(temporary, dev.ferry.ui.explorer.OutgoingDrag.PREFIX),
                cleaned -> { }, failure -> { });
        window.restoreQueue();
    }

    /** Our bundles and the JVM's default locale, from the "language" setting ("system" keeps the JVM's). */
    static void useLanguage(String language) {
        if (language != null && !language.equals("system")) {
            Locale.setDefault(Locale.forLanguageTag(language));
        }
        I18n.use(language);
    }

    /** The window, once started (tests). */
    public MainWindow window() {
        return window;
    }

    @Override
    public void stop() {
        // JavaFX 25's GTK glass crashes (SIGSEGV in destroy_and_delete_ctx) when the toolkit exits
        // while a popup such as a queue notification is still showing.
        List.copyOf(Window.getWindows()).stream().filter(PopupWindow.class::isInstance).forEach(Window::hide);
        if (window != null) {
            window.saveStateBeforeExit();
        }
        if (app != null) {
            app.close();
        }
    }
}
