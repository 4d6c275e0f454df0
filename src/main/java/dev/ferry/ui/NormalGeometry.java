package dev.ferry.ui;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * Brings a window back to its normal place and size when the window manager un-maximizes it.
 *
 * <p>JavaFX's GTK glass (25) remembers the normal size itself, from every configure event that
 * arrives while it believes the window is not maximized. A window manager that announces the end
 * of the maximized state before it sends the last configure event of the maximized window
 * (openbox does) makes glass take the screen's size for the normal one; once the frame's new
 * extents arrive, glass resizes the window to it. The window manager had put the window back at
 * its normal size, and glass made it as big as the screen again. A window that started maximized
 * has never had a normal size there at all. So for a moment after an un-maximize the window is
 * held at the bounds it last had as a normal window, or, if it has not been one in this run, at
 * the place and content size it was opened with. FX thread only.
 */
final class NormalGeometry {

    /**
     * Glass's and the window manager's late resizes come within tens of milliseconds of each other;
     * on a busy machine the last one came more than a second after the un-maximize. So the hold
     * lasts until the window has been still this long.
     */
    private static final Duration HOLD = Duration.millis(1500);
    /** A user who resizes the window by hand right after un-maximizing it gets it after this, at the latest. */
    private static final long LONGEST_HOLD_NANOS = 6_000_000_000L;

    private final Stage stage;
    private final Scene scene;
    private final double openedX;
    private final double openedY;
    private final double openedWidth;
    private final double openedHeight;
    /** The window's own bounds (frame included) when last seen neither maximized nor being un-maximized. */
    private Rectangle2D normal;
    private Rectangle2D target;
    private boolean holding;
    private long holdStartedNanos;
    private boolean checkQueued;
    private final PauseTransition hold = new PauseTransition(HOLD);

    private NormalGeometry(Stage stage, double x, double y, double width, double height) {
        this.stage = stage;
        this.scene = stage.getScene();
        this.openedX = x;
        this.openedY = y;
        this.openedWidth = width;
        this.openedHeight = height;
        InvalidationListener changed = o -> changed();
        stage.xProperty().addListener(changed);
        stage.yProperty().addListener(changed);
        stage.widthProperty().addListener(changed);
        stage.heightProperty().addListener(changed);
        scene.widthProperty().addListener(changed);
        scene.heightProperty().addListener(changed);
        stage.maximizedProperty().addListener((o, was, maximized) -> {
            holding = !maximized;
            if (maximized) {
                hold.stop();
            } else {
                target = normal;
                holdStartedNanos = System.nanoTime();
                hold.playFromStart();
                queueCheck();
            }
        });
        hold.setOnFinished(e -> {
            holding = false;
            remember();
        });
    }

    /**
     * Watches a stage whose scene is set and that is placed at {@code x}, {@code y} with a scene
     * made {@code width} × {@code height}, before it is shown.
     */
    static void keep(Stage stage, double x, double y, double width, double height) {
        new NormalGeometry(stage, x, y, width, height);
    }

    private void changed() {
        if (holding) {
            if (System.nanoTime() - holdStartedNanos < LONGEST_HOLD_NANOS) {
                hold.playFromStart();
            }
            queueCheck();
        } else {
            // A moment later: a window manager may send the maximized size before it says the window is maximized.
            Platform.runLater(this::remember);
        }
    }

    private void remember() {
        if (stage.isShowing() && !stage.isMaximized() && !holding && stage.getWidth() > 0 && stage.getHeight() > 0) {
            normal = new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        }
    }

    /** Once per burst of changes: glass reports a resize in several steps (window, then content). */
    private void queueCheck() {
        if (checkQueued) {
            return;
        }
        checkQueued = true;
        Platform.runLater(() -> {
            checkQueued = false;
            if (holding && !stage.isMaximized() && !atTarget()) {
                moveToTarget();
            }
        });
    }

    private boolean atTarget() {
        if (target == null) {
            return near(stage.getX(), openedX) && near(stage.getY(), openedY)
                    && near(scene.getWidth(), openedWidth) && near(scene.getHeight(), openedHeight);
        }
        return near(stage.getX(), target.getMinX()) && near(stage.getY(), target.getMinY())
                && near(stage.getWidth(), target.getWidth()) && near(stage.getHeight(), target.getHeight());
    }

    private void moveToTarget() {
        if (target == null) {
            // The size the scene was made with, as content: glass keeps a content size across the
            // frame's change, where the frame's size is not known yet.
            stage.sizeToScene();
            stage.setX(openedX);
            stage.setY(openedY);
        } else {
            stage.setX(target.getMinX());
            stage.setY(target.getMinY());
            stage.setWidth(target.getWidth());
            stage.setHeight(target.getHeight());
        }
    }

    private static boolean near(double a, double b) {
        return Math.abs(a - b) < 1;
    }
}
