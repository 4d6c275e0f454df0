package dev.ferry.bench;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.paint.Color;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * When was a frame painted that shows what a condition says? JavaFX paints a pulse's frame on
 * its render thread after the pulse; the next pulse, when its scene is dirty, waits for that
 * painting before it synchronises. So: at the first pulse where the condition holds, its frame
 * is the one wanted; at the pulse after, the scene is made dirty (its fill, hidden behind the
 * root) and a task is queued, which runs after that pulse, hence after the wanted frame was
 * painted. The time is late by at most one pulse (about 17 ms), never early.
 */
final class PaintedFrame {

    private PaintedFrame() {
    }

    /** Blocks (off the FX thread) until then; returns {@link System#nanoTime()} at that moment. */
    static long await(Scene scene, BooleanSupplier condition, Duration timeout) throws Exception {
        CompletableFuture<Long> painted = new CompletableFuture<>();
        Platform.runLater(() -> new AnimationTimer() {
            private boolean seen;

            @Override
            public void handle(long now) {
                if (!seen) {
                    seen = condition.getAsBoolean();
                    return;
                }
                stop();
                scene.setFill(scene.getFill() == Color.WHITE ? Color.SNOW : Color.WHITE);
                Platform.runLater(() -> painted.complete(System.nanoTime()));
            }
        }.start());
        return painted.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
