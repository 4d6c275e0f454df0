package dev.ferry.ui;

import javafx.application.Platform;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Keeps the FX thread free: disk work runs on a small shared pool, results come back with
 * {@link Platform#runLater}. Network work runs on each connection's own executor instead.
 */
public final class Background {

    private static final ExecutorService DISK = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "ferry-disk");
        thread.setDaemon(true);
        return thread;
    });

    private Background() {
    }

    public static <T> void disk(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        run(DISK, work, onSuccess, onFailure);
    }

    public static <T> void run(ExecutorService executor, Callable<T> work, Consumer<T> onSuccess,
                               Consumer<Throwable> onFailure) {
        executor.execute(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> onSuccess.accept(result));
            } catch (Throwable failure) {
                Platform.runLater(() -> onFailure.accept(failure));
            }
        });
    }

    /**
     * Runs {@code question} on the FX thread and waits for its answer: for engine callbacks
     * (certificate, file exists, password) that come from a network thread. Never call it on the
     * FX thread.
     */
    public static <T> T askOnFxThread(Callable<T> question) {
        if (Platform.isFxApplicationThread()) {
            throw new IllegalStateException("askOnFxThread must not be called on the FX thread");
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        // Never inside a drag and drop: a dialog opened there gets no clicks (DragGuard).
        Platform.runLater(() -> DragGuard.afterDrop(() -> {
            try {
                answer.complete(question.call());
            } catch (Throwable failure) {
                answer.completeExceptionally(failure);
            }
        }));
        return answer.join();
    }
}
