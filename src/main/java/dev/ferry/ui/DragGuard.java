package dev.ferry.ui;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.event.EventHandler;
import javafx.geometry.Point2D;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.robot.Robot;
import javafx.stage.Window;
import javafx.util.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keeps windows from opening during, or right after, a drag and drop that started in this app.
 *
 * <p>During the drag the toolkit runs a nested event loop with the pointer grabbed (GTK: inside
 * {@code GtkDnDClipboard.pushToSystemImpl}), so drop handlers only record what to do
 * ({@link #afterDrop}) and questions wait too ({@link Background#askOnFxThread}).
 *
 * <p>After the drag, JavaFX's GTK glass still believes the mouse button that started it is held
 * down in the source window (the release went to the drag, not to the window), and grabs the
 * pointer for that window again at the next cursor change. A modal dialog then disables the
 * source window, whose grab swallows every click: the dialog shows but cannot be clicked, only
 * keys reach it. A button release processed by the source window ends that state, so after a
 * drag that ended over our own window we send one click there through the platform's robot and
 * swallow it before any node sees it; only then does the waiting work run. FX thread only.
 */
public final class DragGuard {

    private static boolean dragging;
    private static boolean settling;
    private static int begun;
    private static final List<Runnable> waiting = new ArrayList<>();

    private DragGuard() {
    }

    /** A drag started in this app (its source's drag-detected handler). */
    public static void started() {
        dragging = true;
        begun++;
    }

    /** How many drags began in this app: a test's drag that the toolkit never saw proves nothing. */
    public static int begun() {
        return begun;
    }

    /** The drag that started in {@code source}'s window has ended ("drag done", or free pointer moves). */
    public static void finished(Window source) {
        if (!dragging) {
            return;
        }
        dragging = false;
        if (source != null && needsGrabReset() && pointerOver(source)) {
            resetGrab(source);
        } else {
            Platform.runLater(DragGuard::runWaiting);
        }
    }

    public static boolean busy() {
        return dragging || settling;
    }

    /**
     * Runs {@code work} on the FX thread after the current drag and drop, never inside the drop
     * handler that calls this: a drop from another application ends when the handler returns.
     */
    public static void afterDrop(Runnable work) {
        waiting.add(work);
        if (!busy()) {
            Platform.runLater(DragGuard::runWaiting);
        }
    }

    private static void runWaiting() {
        if (busy()) {
            return;
        }
        List<Runnable> now = List.copyOf(waiting);
        waiting.clear();
        now.forEach(Runnable::run);
    }

    /** Only GTK's glass keeps the stale drag state; Monocle (tests), Windows and macOS do not. */
    private static boolean needsGrabReset() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && !"Monocle".equalsIgnoreCase(System.getProperty("glass.platform"))
                && !Boolean.getBoolean("ferry.noDragGrabReset");
    }

    /** The click goes where the pointer is: only when that is our own window. */
    private static boolean pointerOver(Window window) {
        try {
            Point2D pointer = new Robot().getMousePosition();
            return window.isShowing() && pointer.getX() >= window.getX() && pointer.getY() >= window.getY()
                    && pointer.getX() < window.getX() + window.getWidth()
                    && pointer.getY() < window.getY() + window.getHeight();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void resetGrab(Window window) {
        settling = true;
        boolean[] done = {false};
        PauseTransition fallback = new PauseTransition(Duration.seconds(1));
        EventHandler<MouseEvent> swallow = new EventHandler<MouseEvent>() {
            @Override
            public void handle(MouseEvent event) {
                if (event.getEventType() == MouseEvent.MOUSE_PRESSED || event.getEventType() == MouseEvent.MOUSE_RELEASED
                        || event.getEventType() == MouseEvent.MOUSE_CLICKED
                        || event.getEventType() == MouseEvent.DRAG_DETECTED) {
                    event.consume();
                }
                if (event.getEventType() == MouseEvent.MOUSE_CLICKED) {
                    finish();
                }
            }

            private void finish() {
                if (!done[0]) {
                    done[0] = true;
                    fallback.stop();
                    window.removeEventFilter(MouseEvent.ANY, this);
                    settling = false;
                    Platform.runLater(DragGuard::runWaiting);
                }
            }
        };
        window.addEventFilter(MouseEvent.ANY, swallow);
        // Should the click never arrive (no XTest), the work still runs, a second later.
        fallback.setOnFinished(e -> {
            if (!done[0]) {
                done[0] = true;
                window.removeEventFilter(MouseEvent.ANY, swallow);
                settling = false;
                runWaiting();
            }
        });
        fallback.play();
        try {
            new Robot().mouseClick(MouseButton.PRIMARY);
        } catch (RuntimeException e) {
            // No robot on this platform: the fallback runs the work.
        }
    }
}
