package dev.ferry.ui;

import dev.ferry.site.SettingsStore;
import dev.ferry.ui.dialogs.Dialogs;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.image.Image;
import javafx.stage.Stage;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * The desktop app. Start-up does nothing slow before the window shows: the settings and the
 * window's remembered state are read on another thread while JavaFX starts, and the saved
 * queue is restored after the window is up.
 */
public final class FerryApp extends Application {

    private static CompletableFuture<SettingsStore> settings;
    private static CompletableFuture<UiState> uiState;
    private AppContext app;
    private MainWindow window;

    /** Called by {@code Main} without arguments. */
    public static void launch(String[] args) {
        settings = CompletableFuture.supplyAsync(SettingsStore::openDefault);
        uiState = CompletableFuture.supplyAsync(() -> new UiState.Store().load());
        Application.launch(FerryApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        DesktopOpener.init(getHostServices());
        if (settings == null) {
            settings = CompletableFuture.completedFuture(SettingsStore.openDefault());
            uiState = CompletableFuture.completedFuture(new UiState.Store().load());
        }
        SettingsStore store = settings.join();
        I18n.use(store.current().language());
        app = new AppContext(store, () -> window == null ? null : window.stage());
        window = new MainWindow(app, stage, uiState.join());
        try (InputStream icon = FerryApp.class.getResourceAsStream("/dev/ferry/ui/icons/ferry-64.png")) {
            if (icon != null) {
                stage.getIcons().add(new Image(icon));
            }
        } catch (IOException e) {
            // No icon is no reason not to start.
        }
        stage.show();
        store.loadProblem().ifPresent(problem -> Dialogs.error(stage, new IOException(problem)));
        Thread.ofPlatform().daemon().name("ferry-restore-queue").start(() -> {
            app.queue().restore().ifPresent(problem -> Platform.runLater(() -> Dialogs.error(stage, new IOException(problem))));
            app.queue().start();
        });
    }

    /** The window, once started (tests). */
    public MainWindow window() {
        return window;
    }

    @Override
    public void stop() {
        if (window != null) {
            // Exiting: the state is written now, not handed to a thread that dies with the JVM.
            app.uiStateStore().save(window.currentState());
        }
        if (app != null) {
            app.close();
        }
    }
}
