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

    private static final java.util.concurrent.atomic.AtomicInteger FILES_BEING_CHANGED = new java.util.concurrent.atomic.AtomicInteger();
    private static final javafx.beans.property.ReadOnlyIntegerWrapper CHANGES_SHOWN = new javafx.beans.property.ReadOnlyIntegerWrapper();

    private Background() {
    }

    public static <T> void disk(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        run(DISK, work, onSuccess, onFailure);
    }

    /**
     * Disk work that changes the user's files (moves, deletions), which may last minutes (a copy to
     * another disk, a large tree): on a thread of its own, so that the local lists' reads do not wait
     * behind it, and counted, so that a quit meanwhile is asked first ({@link #filesBeingChanged}).
     */
    public static <T> void changeFiles(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        FILES_BEING_CHANGED.incrementAndGet();
        showChanges();
        onOwnThread("ferry-local-change", () -> {
            try {
                return work.call();
            } finally {
                FILES_BEING_CHANGED.decrementAndGet();
                showChanges();
            }
        }, onSuccess, onFailure);
    }

    private static void showChanges() {
        // Read when shown: the last update on the FX thread shows the count as it is then.
        Platform.runLater(() -> CHANGES_SHOWN.set(FILES_BEING_CHANGED.get()));
    }

    /** {@link #filesBeingChanged} for the window's status bar (R10: nothing showed a long move running). FX thread. */
    public static javafx.beans.property.ReadOnlyIntegerProperty filesBeingChangedShown() {
        return CHANGES_SHOWN.getReadOnlyProperty();
    }

    /** How many {@link #changeFiles} works have not ended: a quit now would cut them short. */
    public static int filesBeingChanged() {
        return FILES_BEING_CHANGED.get();
    }

    /** Work that may wait long on something else (a program started, a copy): never on the disk pool's two threads. */
    public static <T> void onOwnThread(String name, Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        Thread.ofVirtual().name(name).start(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> onSuccess.accept(result));
            } catch (Throwable failure) {
                Platform.runLater(() -> onFailure.accept(failure));
            }
        });
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
