package dev.ferry.ui.explorer;

import dev.ferry.ui.DragGuard;
import javafx.scene.Node;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The queue takes a drop as a place to add transfers to, as FileZilla's does: remote rows are
 * downloaded into the local folder of the tab they came from, local files (from Ferry's lists or
 * the system's file manager) uploaded into the shown tab's remote folder. As "Add to queue", a
 * drop does not start a queue the user stopped.
 */
public final class QueueDrop {

    private QueueDrop() {
    }

    public static void install(Node target, Supplier<? extends Explorer> shownTab) {
        target.setOnDragOver(e -> {
            if (transfer(e.getDragboard(), shownTab.get()) != null) {
                e.acceptTransferModes(TransferMode.COPY);
                target.pseudoClassStateChanged(FilePane.DROP_TARGET, true);
                e.consume();
            }
        });
        target.setOnDragExited(e -> target.pseudoClassStateChanged(FilePane.DROP_TARGET, false));
        target.setOnDragDropped(e -> {
            Runnable transfer = transfer(e.getDragboard(), shownTab.get());
            if (transfer != null) {
                LocalPane.DragFormats.landed(e.getDragboard());
                // Queued once the drop is over: a question the queue asks must not open inside it.
                DragGuard.afterDrop(transfer);
            }
            e.setDropCompleted(transfer != null);
            e.consume();
        });
    }

    /** What a drop of this board would queue, or null where it has nowhere to go. */
    private static Runnable transfer(Dragboard board, Explorer shownTab) {
        if (board.hasContent(LocalPane.DragFormats.REMOTE)) {
            // Rows from another process's Ferry carry only a token that is not ours: nothing to take.
            LocalPane.DragFormats.RemoteDrag drag = LocalPane.DragFormats.remote(board);
            if (drag == null || !(drag.source() instanceof RemotePane pane)) {
                return null;
            }
            Explorer from = pane.explorer();
            Path into = from.localFolder();
            List<FileRow> rows = drag.rows();
            return into == null || from.connection() == null || rows.isEmpty() ? null
                    : () -> from.download(rows, into, false);
        }
        if (!board.hasFiles() || shownTab == null || shownTab.connection() == null || shownTab.remoteFolder() == null) {
            return null;
        }
        List<Path> files = board.getFiles().stream().map(File::toPath).toList();
        String into = shownTab.remoteFolder();
        return files.isEmpty() ? null : () -> shownTab.upload(files, into, false);
    }
}
