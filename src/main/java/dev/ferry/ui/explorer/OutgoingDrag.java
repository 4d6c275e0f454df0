package dev.ferry.ui.explorer;

import dev.ferry.ftp.UnsafeNameException;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.LocalPaths;
import dev.ferry.transfer.QueueListener;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Remote files dragged towards another application (a file manager, the desktop). A toolkit
 * cannot hand out a drag's files lazily: the file manager reads the paths put on the dragboard
 * when the drag starts and copies them when it is dropped. So each drag names a private staging
 * folder ({@value #PREFIX}PID-…, beside the edit copies, cleaned by the same rule at the next
 * start); the files are downloaded into it once the pointer leaves Ferry's window, each under
 * its final name only when complete (the queue writes NAME.part first). Nothing here touches
 * the disk: {@link DragOut} creates the folder, private, off the FX thread. FX thread only.
 *
 * <p>Only files travel out: a folder would be seen by the file manager half-downloaded.
 */
public final class OutgoingDrag {

    public static final String PREFIX = "ferry-drag-";

    private final Path folder;
    private final Map<Path, FileRow> staged = new LinkedHashMap<>();
    private final Map<Path, ItemState> finished = new LinkedHashMap<>();
    private final Set<Path> missed = new HashSet<>();
    private QueueListener listener;
    private boolean started;
    private boolean landed;
    private boolean withdrawn;

    private OutgoingDrag(Path folder, List<FileRow> rows) {
        this.folder = folder;
        for (FileRow row : rows) {
            try {
                staged.put(LocalPaths.child(folder, row.name()), row);
            } catch (UnsafeNameException e) {
                // A name that cannot be a local file: it stays inside Ferry.
            }
        }
    }

    /** The files among {@code selection}, staged in a new folder under {@code temporary}; null when there is none. */
    static OutgoingDrag of(Path temporary, List<FileRow> selection) {
        List<FileRow> files = selection.stream().filter(r -> r.safe() && r.kind() == FileRow.Kind.FILE).toList();
        if (files.isEmpty()) {
            return null;
        }
        Path folder = temporary.resolve(PREFIX + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
        OutgoingDrag drag = new OutgoingDrag(folder, files);
        return drag.staged.isEmpty() ? null : drag;
    }

    Path folder() {
        return folder;
    }

    /** What goes on the dragboard: where the files will be. */
    List<File> files() {
        return staged.keySet().stream().map(Path::toFile).toList();
    }

    List<FileRow> rows() {
        return staged.values().stream().toList();
    }

    /** True the first time only, and never once the drag has landed in Ferry: the pointer may leave and come back. */
    boolean start() {
        if (started || landed) {
            return false;
        }
        started = true;
        return true;
    }

    /** Who follows this drag's downloads in the queue, once they are queued. */
    void listener(QueueListener following) {
        listener = following;
    }

    QueueListener listener() {
        return listener;
    }

    boolean started() {
        return started;
    }

    /** One of Ferry's own drop targets took the drag: the staged files are not wanted. */
    void landed() {
        landed = true;
    }

    boolean landedInFerry() {
        return landed;
    }

    /** Ended inside Ferry or cancelled: downloads not queued yet must not be. */
    void withdraw() {
        withdrawn = true;
    }

    boolean withdrawn() {
        return withdrawn;
    }

    /** Whether a queue item writes one of this drag's files. */
    boolean owns(Path localPath) {
        return staged.containsKey(localPath);
    }

    /** The queue's word on one staged file; only a finished state is kept. */
    void update(Path localPath, ItemState state) {
        if (owns(localPath) && state.isFinished()) {
            finished.put(localPath, state);
        }
    }

    boolean isFinished(Path localPath) {
        return finished.containsKey(localPath);
    }

    boolean allFinished() {
        return finished.keySet().containsAll(staged.keySet());
    }

    /** The staged files not (yet) there under their name. */
    List<Path> unfinished() {
        List<Path> waiting = new ArrayList<>();
        for (Path path : staged.keySet()) {
            if (!finished.containsKey(path)) {
                waiting.add(path);
            }
        }
        return waiting;
    }

    /** Those downloaded under their name. */
    boolean succeeded(Path localPath) {
        return finished.get(localPath) == ItemState.DONE;
    }

    /** The drop went out while these were not there: the user is told, and told again when they are. */
    void missed(List<Path> paths) {
        missed.addAll(paths);
    }

    boolean wasMissed(Path localPath) {
        return missed.contains(localPath);
    }

    /** The names of these staged files, as the user knows them. */
    List<String> names(List<Path> paths) {
        return paths.stream().map(p -> staged.get(p).name()).toList();
    }
}
