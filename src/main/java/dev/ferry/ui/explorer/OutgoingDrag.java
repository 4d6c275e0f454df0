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
 * <p>A folder is downloaded into {@value #INCOMING} beside, and moved to its staged name only once
 * nothing under it is left to transfer: the file manager never finds it half-downloaded.
 */
public final class OutgoingDrag {

    public static final String PREFIX = "ferry-drag-";
    public static final String INCOMING = ".incoming";

    private final Path folder;
    private final Map<Path, FileRow> staged = new LinkedHashMap<>();
    private final Map<Path, ItemState> finished = new LinkedHashMap<>();
    private final Set<Path> missed = new HashSet<>();
    private QueueListener listener;
    private boolean started;
    private boolean landed;
    /** Read on the queue adds' thread too. */
    private volatile boolean withdrawn;
    private boolean queued;
    /** Set on the queue adds' thread, before it starts the queue for the copies. */
    private volatile boolean startedAStoppedQueue;
    private boolean stoppedAgain;
    private volatile List<Long> heldItems = List.of();
    private volatile long queueStartsWhenStarted;
    private final Set<Path> treesDone = new HashSet<>();
    private boolean treeLookWaiting;

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
        List<FileRow> files = selection.stream().filter(r -> r.safe() && !r.isUp()
                && (r.kind() == FileRow.Kind.FILE || r.kind() == FileRow.Kind.FOLDER)).toList();
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

    List<FileRow> fileRows() {
        return staged.values().stream().filter(row -> !row.isFolder()).toList();
    }

    List<FileRow> folderRows() {
        return staged.values().stream().filter(FileRow::isFolder).toList();
    }

    /** Where folders are downloaded before they are complete. */
    Path incoming() {
        return folder.resolve(INCOMING);
    }

    /** The downloads are in the queue: from now on an empty tree is a finished one. */
    void queued() {
        queued = true;
    }

    /**
     * The folders whose tree is not finished yet, as {@code incoming/NAME}; none before the
     * downloads are queued (an empty queue would look finished).
     */
    List<Path> pendingTrees() {
        if (!queued) {
            return List.of();
        }
        return folderRows().stream().map(row -> incoming().resolve(row.name())).filter(root -> !treesDone.contains(root))
                .toList();
    }

    /** True when no look at the trees is waiting already; one is from now on, until {@link #treeLooked()}. */
    boolean treeLookDue() {
        if (treeLookWaiting) {
            return false;
        }
        treeLookWaiting = true;
        return true;
    }

    void treeLooked() {
        treeLookWaiting = false;
    }

    void treeDone(Path root) {
        treesDone.add(root);
    }

    /** Where a folder downloaded into {@link #incoming()} goes once complete. */
    Path stagedPathOf(Path root) {
        return folder.resolve(root.getFileName());
    }

    /** A staged file or folder is there under its name (DONE), or will not be (FAILED). */
    void arrived(Path stagedPath, ItemState state) {
        if (staged.containsKey(stagedPath)) {
            finished.put(stagedPath, state);
        }
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

    /** The queue was stopped when this drag's copies were queued: they started it, holding {@code held} meanwhile. */
    void startedAStoppedQueue(List<Long> held, long queueStarts) {
        heldItems = List.copyOf(held);
        queueStartsWhenStarted = queueStarts;
        startedAStoppedQueue = true;
    }

    /** The queue's start count right after the copies started it: a later count is someone else's start. */
    long queueStartsWhenStarted() {
        return queueStartsWhenStarted;
    }

    /** The items the user had left in the stopped queue, held while the copies run. */
    List<Long> heldItems() {
        return heldItems;
    }

    /** Whether the queue goes back to stopped once the copies are done or withdrawn: the user had stopped it. */
    boolean queueWasStopped() {
        return startedAStoppedQueue;
    }

    /** True the first time only: the queue is stopped again once, whatever ends the copies first. */
    boolean queueStoppedAgain() {
        if (stoppedAgain) {
            return false;
        }
        stoppedAgain = true;
        return true;
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

    /** Whether a queue item writes one of this drag's files, or into one of its folders. */
    boolean owns(Path localPath) {
        return staged.containsKey(localPath) || inTree(localPath);
    }

    boolean inTree(Path localPath) {
        return localPath.startsWith(incoming());
    }

    /** The queue's word on one staged file; only a finished state is kept. */
    void update(Path localPath, ItemState state) {
        if (staged.containsKey(localPath) && !staged.get(localPath).isFolder() && state.isFinished()) {
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
