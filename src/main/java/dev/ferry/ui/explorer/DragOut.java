package dev.ferry.ui.explorer;

import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueListener;
import dev.ferry.transfer.TransferQueue;
import dev.ferry.ui.Background;
import dev.ferry.ui.DesktopOpener;
import dev.ferry.ui.DragGuard;
import dev.ferry.ui.I18n;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.event.EventHandler;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.robot.Robot;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.controlsfx.control.action.Action;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Remote files dragged from one remote pane to another application ({@link OutgoingDrag}): the
 * staged paths join the dragboard, the downloads are queued when the pointer leaves the window,
 * taken back when the drag ends inside Ferry or is cancelled, and what the file manager could
 * not copy yet is said in a notice, with a way to the file once it is there. FX thread only.
 */
final class DragOut {

    private final Explorer explorer;
    private final EventHandler<DragEvent> exited = this::exited;
    /**
     * Also looks where the pointer is: on a busy machine the toolkit may start the drag only once
     * a quick hand is already over the other window, and then the scene never sees it leave.
     */
    private static final Duration TREE_LOOK_INTERVAL = Duration.millis(200);
    private final Timeline pointer = new Timeline(new KeyFrame(Duration.millis(150), e -> pointerMoved()));
    private OutgoingDrag current;
    private Scene scene;

    DragOut(Explorer explorer) {
        this.explorer = explorer;
        pointer.setCycleCount(Animation.INDEFINITE);
    }

    /** At drag start: the files among {@code selection} are offered to other applications; null when none is. */
    OutgoingDrag begin(ClipboardContent content, List<FileRow> selection, Scene scene) {
        stopWatching();
        OutgoingDrag drag = scene == null ? null
                : OutgoingDrag.of(Path.of(System.getProperty("java.io.tmpdir")), selection);
        current = drag;
        if (drag != null) {
            content.putFiles(drag.files());
            this.scene = scene;
            // DRAG_EXITED reaches the scene's handler only when the pointer leaves the scene itself.
            scene.addEventHandler(DragEvent.DRAG_EXITED, exited);
            pointer.play();
        }
        return drag;
    }

    private void pointerMoved() {
        OutgoingDrag drag = current;
        if (drag == null) {
            pointer.stop();
            return;
        }
        try {
            Point2D at = new Robot().getMousePosition();
            if (outside(at.getX(), at.getY())) {
                leftTheWindow(drag);
            }
        } catch (RuntimeException e) {
            // No robot on this platform: the scene's exit alone starts the downloads.
            pointer.stop();
        }
    }

    private void exited(DragEvent e) {
        OutgoingDrag drag = current;
        LocalPane.DragFormats.RemoteDrag remote = LocalPane.DragFormats.remote(e.getDragboard());
        if (drag == null || remote == null || remote.outgoing() != drag || !pointerOutside(e)) {
            return;
        }
        leftTheWindow(drag);
    }

    /** The pointer left the window with the drag: its copies are wanted (once only). */
    void leftTheWindow(OutgoingDrag drag) {
        if (drag.start()) {
            download(drag);
        }
    }

    /**
     * Where the pointer is, asked of the platform: the toolkit's "drag left" that comes before
     * every drop carries no position (GTK: 0, 0), and taken at its word, a drop anywhere in the
     * window began the copy for other applications, and cancelled it (a red "Cancelled" in the log).
     */
    private boolean pointerOutside(DragEvent e) {
        try {
            Point2D at = new Robot().getMousePosition();
            return outside(at.getX(), at.getY());
        } catch (RuntimeException noRobot) {
            return outside(e.getScreenX(), e.getScreenY());
        }
    }

    /** A drop inside the window ends with an exit too: only a pointer outside the window counts. */
    private boolean outside(double x, double y) {
        Window window = scene == null ? null : scene.getWindow();
        if (window == null) {
            return false;
        }
        return x < window.getX() || y < window.getY() || x >= window.getX() + window.getWidth()
                || y >= window.getY() + window.getHeight();
    }

    private void download(OutgoingDrag drag) {
        TransferQueue queue = explorer.queue();
        QueueListener[] listener = new QueueListener[1];
        listener[0] = update -> {
            // owns() reads what the drag fixed when it was made: safe on the notifier's thread.
            List<ItemSnapshot> ours = update.changed().stream().filter(item -> drag.owns(item.localPath())).toList();
            if (!ours.isEmpty()) {
                Platform.runLater(() -> {
                    ours.forEach(item -> record(drag, item));
                    if (ours.stream().anyMatch(item -> drag.inTree(item.localPath()))) {
                        finishTreesSoon(drag);
                    }
                    if (drag.allFinished()) {
                        queue.removeListener(listener[0]);
                        stopAgainIfStartedByDrag(drag, queue);
                    }
                });
            }
        };
        queue.addListener(listener[0]);
        drag.listener(listener[0]);
        // Made private first (the queue would make it readable by everyone in the shared temporary folder).
        Background.disk(() -> privateFolder(drag.folder()), folder -> {
            if (explorer.queueMeantToRun()) {
                queueCopies(drag, folder);
            } else {
                // Not running yet may only mean the saved queue is still being restored: once it is, whether
                // the user stopped it is known, and what it holds is there to hold back.
                explorer.afterQueueRestored(() -> queueCopies(drag, folder));
            }
        }, failure -> notice(I18n.t("queue.itemFailed"), I18n.words(failure), null));
    }

    private static Path privateFolder(Path folder) throws java.io.IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return Files.createDirectory(folder);
    }

    /**
     * A folder of thousands of files changes thousands of times, and each look at its trees copies
     * the whole queue: looked at once per {@link #TREE_LOOK_INTERVAL} at most, the FX thread is not
     * kept busy copying while the folder downloads.
     */
    private void finishTreesSoon(OutgoingDrag drag) {
        if (!drag.treeLookDue()) {
            return;
        }
        PauseTransition wait = new PauseTransition(TREE_LOOK_INTERVAL);
        wait.setOnFinished(event -> {
            drag.treeLooked();
            finishTrees(drag);
        });
        wait.play();
    }

    /**
     * A folder is finished when the queue holds nothing under it still to run: a folder item is
     * replaced by its children in one step, so its tree never looks empty while work remains.
     * A finished folder moves to its staged name (or is said to have failed).
     */
    private void finishTrees(OutgoingDrag drag) {
        List<Path> pending = drag.pendingTrees();
        if (pending.isEmpty()) {
            return;
        }
        List<ItemSnapshot> items = explorer.queue().snapshot();
        for (Path root : pending) {
            List<ItemSnapshot> tree = items.stream().filter(item -> item.localPath().startsWith(root)).toList();
            if (tree.stream().anyMatch(item -> !item.state().isFinished())) {
                continue;
            }
            drag.treeDone(root);
            Path staged = drag.stagedPathOf(root);
            if (tree.stream().anyMatch(item -> item.state() == ItemState.FAILED || item.state() == ItemState.CANCELLED)) {
                arrive(drag, staged, ItemState.FAILED);
                continue;
            }
            Background.disk(() -> {
                // An empty folder has no item that would have made it.
                Files.createDirectories(root);
                return Files.move(root, staged);
            }, moved -> arrive(drag, staged, ItemState.DONE), failure -> arrive(drag, staged, ItemState.FAILED));
        }
    }

    private void record(OutgoingDrag drag, ItemSnapshot item) {
        if (drag.inTree(item.localPath())) {
            return;
        }
        if (item.state().isFinished()) {
            arrive(drag, item.localPath(), item.state());
        }
    }

    /** A staged file or folder is there, or will not be: said to the user if the drop already went out. */
    private void arrive(OutgoingDrag drag, Path path, ItemState state) {
        boolean before = drag.isFinished(path);
        drag.arrived(path, state);
        if (drag.allFinished() && drag.listener() != null) {
            explorer.queue().removeListener(drag.listener());
        }
        if (before || !drag.isFinished(path) || !drag.wasMissed(path)) {
            return;
        }
        String name = String.join(", ", drag.names(List.of(path)));
        if (drag.succeeded(path)) {
            notice(I18n.t("dragOut.readyTitle"), I18n.t("dragOut.ready", name),
                    new Action(I18n.t("open.showFolder"), a -> DesktopOpener.showFolder(drag.folder())));
        } else {
            notice(I18n.t("queue.itemFailed"), I18n.t("dragOut.failed", name), null);
        }
    }

    /** The drag has ended ("drag done" on the source row). */
    void done(DragEvent e) {
        OutgoingDrag drag = current;
        Window window = scene == null ? null : scene.getWindow();
        current = null;
        stopWatching();
        if (drag == null || !drag.started()) {
            return;
        }
        TransferQueue queue = explorer.queue();
        if (e.getTransferMode() == null || drag.landedInFerry()) {
            // Nobody took the staged files: the downloads go. Finished ones stay in the staging
            // folder, which the next start deletes.
            drag.withdraw();
            withdrawCopies(drag, queue);
            return;
        }
        // The queue's latest word, not the last coalesced update: what the file manager just found.
        for (ItemSnapshot item : queue.snapshot()) {
            drag.update(item.localPath(), item.state());
        }
        finishTrees(drag);
        List<Path> missed = drag.unfinished();
        if (!missed.isEmpty()) {
            drag.missed(missed);
            String names = String.join(", ", drag.names(missed));
            DragGuard.afterDrop(() -> notice(I18n.t("dragOut.notCopiedTitle"), I18n.t("dragOut.notCopied", names), null,
                    window));
        }
        if (drag.allFinished()) {
            queue.removeListener(drag.listener());
            stopAgainIfStartedByDrag(drag, queue);
        }
    }

    /** Nobody took the staged files: their downloads go, and the queue is as the user left it. */
    private static void withdrawCopies(OutgoingDrag drag, TransferQueue queue) {
        queue.removeListener(drag.listener());
        for (ItemSnapshot item : queue.snapshot()) {
            if (drag.owns(item.localPath())) {
                queue.remove(item.id());
            }
        }
        // The copies had started a queue the user had stopped (R10). A drop inside Ferry that
        // starts transfers starts the queue itself, after this.
        stopAgainIfStartedByDrag(drag, queue);
    }

    private void queueCopies(OutgoingDrag drag, Path folder) {
        if (drag.withdrawn()) {
            return;
        }
        TransferQueue queue = explorer.queue();
        List<Runnable> copies = new java.util.ArrayList<>(explorer.downloadAdds(drag.fileRows(), folder));
        copies.addAll(explorer.downloadAdds(drag.folderRows(), drag.incoming()));
        if (copies.isEmpty()) {
            return;
        }
        // On the adds' thread, after the adds the user asked for before the drag (R20: one still on its way
        // was not held, and ran), and as things are then: a drag given up meanwhile adds nothing, and a
        // Stop pressed meanwhile is held to (R21: the start for the copies undid it).
        explorer.afterQueueAdds(() -> {
            if (drag.withdrawn()) {
                return;
            }
            List<Long> held = new java.util.ArrayList<>();
            boolean hold = !explorer.queueMeantToRun();
            RuntimeException failed = null;
            try {
                if (hold) {
                    // The copies must run, and what the user left in the stopped queue must not (U4: it ran): held
                    // while the queue runs for the copies, given back once they are done.
                    queue.snapshot().stream().filter(item -> item.state() == dev.ferry.transfer.ItemState.QUEUED)
                            .map(ItemSnapshot::id).forEach(id -> {
                                queue.pause(id);
                                held.add(id);
                            });
                }
                copies.forEach(Runnable::run);
            } catch (RuntimeException refused) {
                // A copy the queue would not take (R22: the drag was left half done, the held items paused for good).
                failed = refused;
            } finally {
                long started = queue.start();
                if (hold) {
                    // Said on this thread: a drag given up from now on gives them back at once, and stops the queue
                    // again only if nobody else started it since (R22: a drop back in Ferry was stopped again;
                    // R23: said before the start, a drag given up in between let the held items run).
                    drag.startedAStoppedQueue(held, started);
                }
            }
            RuntimeException failure = failed;
            Platform.runLater(() -> {
                drag.queued();
                if (failure != null) {
                    drag.withdraw();
                    notice(I18n.t("queue.itemFailed"), I18n.words(failure), null);
                }
                if (drag.withdrawn()) {
                    // Given up while the copies were being added: they go, and the queue is as the user left it.
                    withdrawCopies(drag, queue);
                } else {
                    // The trees are looked at once their items are in: an empty queue would look finished.
                    finishTrees(drag);
                }
            });
        });
    }

    /**
     * The copies for another application had to start a queue the user had stopped; once they are
     * done, it is stopped again (R11: after a drop on a file manager, everything waiting in it ran).
     * Once only: a later start is the user's.
     */
    private static void stopAgainIfStartedByDrag(OutgoingDrag drag, TransferQueue queue) {
        if (drag.queueWasStopped() && drag.queueStoppedAgain()) {
            // Started since by the user (▶) or by a drop that runs its transfers: theirs to run.
            if (queue.starts() == drag.queueStartsWhenStarted()) {
                queue.pause();
            }
            drag.heldItems().forEach(queue::resume);
        }
    }

    private void stopWatching() {
        pointer.stop();
        if (scene != null) {
            scene.removeEventHandler(DragEvent.DRAG_EXITED, exited);
            scene = null;
        }
    }

    private void notice(String title, String text, Action action) {
        notice(title, text, action, explorer.window());
    }

    private static void notice(String title, String text, Action action, Window owner) {
        if (owner == null || !owner.isShowing()) {
            return;
        }
        Label words = dev.ferry.ui.Notices.wrapped(text, "drag-out-notice");
        Notifications notification = Notifications.create().title(title).graphic(words).owner(owner)
                .hideAfter(Duration.seconds(action == null ? 10 : 30));
        if (action != null) {
            notification.action(action);
        }
        notification.show();
    }
}
