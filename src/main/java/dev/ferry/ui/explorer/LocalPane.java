package dev.ferry.ui.explorer;

import dev.ferry.ui.Background;
import dev.ferry.ui.DragGuard;
import dev.ferry.ui.I18n;
import dev.ferry.ui.dialogs.Dialogs;
import dev.ferry.ui.dialogs.NameTakenDialog;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableRow;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The local side: the file system, listed and changed on the disk thread pool. */
public final class LocalPane extends FilePane {

    private final Explorer explorer;
    private final LocalFolderWatch watch = new LocalFolderWatch(this);

    public LocalPane(Explorer explorer) {
        super("pane.local", "local");
        this.explorer = explorer;
        setUpDropTarget();
    }

    /**
     * Opens the first of {@code candidates} (nulls skipped) that is a folder, or nothing. Asked off the FX thread:
     * on a network share whose server went away, even "is it a folder?" waits. A move the user makes meanwhile
     * wins, and so does a later ask: a site's own folder, asked as its Connect opened a new tab, came after the
     * new tab's first folder and was dropped whenever that one's answer came second.
     */
    public void openFirstFolderOf(List<String> candidates) {
        int mark = navigationMark();
        int ask = ++firstFolderAsks;
        Background.disk(() -> candidates.stream().filter(java.util.Objects::nonNull).filter(LocalPane::isFolder)
                .findFirst().orElse(null), folder -> {
            if (folder != null && ask == firstFolderAsks && !movedSince(mark)) {
                navigate(folder);
            }
        }, failure -> {
        });
    }

    /** Asks of {@link #openFirstFolderOf} so far: an answer to an earlier one is not shown. FX thread only. */
    private int firstFolderAsks;

    private static boolean isFolder(String path) {
        try {
            return Files.isDirectory(Path.of(path));
        } catch (java.nio.file.InvalidPathException notAPath) {
            return false;
        }
    }

    @Override
    protected void onNavigated(String location) {
        watch.follow(location);
    }

    /** The pane is closed: its folder's changes are no longer listened to. */
    public void stopFollowingChanges() {
        watch.stop();
    }

    @Override
    protected void quietListingFailed(String folder) {
        showWhatIsLeftOf(Path.of(folder), false);
    }

    /**
     * The folder shown was deleted by another program: the list moves to the nearest folder of its
     * path that is left, as a file manager does, instead of showing files that are gone.
     */
    void showWhatIsLeftOf(Path gone, boolean watchEnded) {
        Background.disk(() -> {
            // From the folder itself: a listing that failed for another reason (no permission any
            // more, a network mount's hiccup) leaves the pane where it is.
            Path at = gone;
            while (at != null && !Files.isDirectory(at)) {
                at = at.getParent();
            }
            return at;
        }, left -> {
            if (left == null || !gone.toString().equals(location())) {
                return;
            }
            if (left.equals(gone)) {
                if (watchEnded) {
                    // Deleted and made again ("rm -rf out && mkdir out"): listed anew, and followed anew;
                    // after a listing under way if there is one (refreshQuietly waits for it).
                    refreshQuietly();
                }
            } else if (!listingUnderWay()) {
                navigateQuietly(left.toString());
            }
        }, failure -> { });
    }

    @Override
    protected void list(String folder, Consumer<List<FileRow>> done, Consumer<Throwable> failed) {
        Background.disk(() -> read(Path.of(folder)), done, failed);
    }

    static List<FileRow> read(Path folder) throws IOException {
        List<FileRow> rows = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                rows.add(row(entry));
            }
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        rows.forEach(row -> names.add(row.name()));
        rows.removeIf(row -> isSegmentsMarker(row.name(), names));
        return rows;
    }

    /**
     * The queue's marker of a download written in segments, beside its part file: not one of the
     * user's files. Opened, renamed or deleted from here, the download would start over.
     */
    private static boolean isSegmentsMarker(String name, java.util.Set<String> listed) {
        String marked = dev.ferry.transfer.FileTransfers.PART_SUFFIX + dev.ferry.transfer.FileTransfers.SEGMENTS_SUFFIX;
        return name.endsWith(marked)
                && listed.contains(name.substring(0, name.length() - dev.ferry.transfer.FileTransfers.SEGMENTS_SUFFIX.length()));
    }

    private static FileRow row(Path entry) {
        String name = entry.getFileName().toString();
        try {
            BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            FileRow.Kind kind;
            String target = null;
            long size = attributes.size();
            if (attributes.isSymbolicLink()) {
                target = Files.readSymbolicLink(entry).toString();
                kind = Files.isDirectory(entry) ? FileRow.Kind.FOLDER : FileRow.Kind.LINK;
                size = Files.isRegularFile(entry) ? Files.size(entry) : -1;
            } else if (attributes.isDirectory()) {
                kind = FileRow.Kind.FOLDER;
            } else if (attributes.isRegularFile()) {
                kind = FileRow.Kind.FILE;
            } else {
                kind = FileRow.Kind.OTHER;
            }
            String permissions = "";
            String owner = "";
            try {
                PosixFileAttributes posix = Files.readAttributes(entry, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                permissions = PosixFilePermissions.toString(posix.permissions());
                owner = posix.owner().getName() + " " + posix.group().getName();
            } catch (UnsupportedOperationException | IOException e) {
                // Not a POSIX file system: no permission column.
            }
            return new FileRow(name, kind, size, attributes.lastModifiedTime().toInstant(), permissions, owner, target,
                    entry.toString(), true);
        } catch (IOException e) {
            return new FileRow(name, FileRow.Kind.OTHER, -1, null, "", "", null, entry.toString(), true);
        }
    }

    @Override
    protected String parentOf(String location) {
        Path parent = Path.of(location).getParent();
        return parent == null ? null : parent.toString();
    }

    @Override
    protected String nameOf(String location) {
        Path name = Path.of(location).getFileName();
        return name == null ? location : name.toString();
    }

    @Override
    protected void transfer(List<FileRow> rows, boolean now) {
        String into = explorer.remoteFolder();
        if (into == null) {
            return;
        }
        explorer.upload(rows.stream().map(r -> Path.of(r.location())).toList(), into, now);
    }

    @Override
    protected void rename(FileRow row, String newName) {
        Path source = Path.of(row.location());
        Path target = source.resolveSibling(newName);
        Background.disk(() -> Files.move(source, target), moved -> refreshSelecting(target.toString()), this::showError);
    }

    @Override
    protected java.util.Optional<dev.ferry.message.Message> nameProblem(String name) {
        return dev.ferry.transfer.LocalPaths.problem(name);
    }

    /**
     * Delete moves to the desktop's Trash, as a file manager's does: an Enter pressed once too often
     * costs nothing. What no trash can take is deleted for good only after a second question, which
     * says why and has Cancel for its default. Where the system's Trash is not ours to fill (macOS,
     * Windows), a deletion is asked as one, and is for good.
     */
    @Override
    protected void delete(List<FileRow> rows) {
        if (!LocalTrash.supported()) {
            deleteForGoodIfAsked(rows, "", deleteQuestionForGood(rows));
            return;
        }
        String question = deleteQuestion(rows, false);
        String detail = deleteDetail(rows, rows.stream().anyMatch(FileRow::isFolder) ? "dialog.confirm.trashDetail"
                : rows.size() == 1 ? "dialog.confirm.trashFilesDetail" : "dialog.confirm.trashManyFilesDetail");
        // On a button that says so; Enter moves, as nothing is lost.
        if (!Dialogs.confirm(getScene().getWindow(), question, detail, I18n.t("action.trash"))) {
            return;
        }
        String selectAfter = rowLocationAfterRemoving(rows);
        Background.changeFiles(() -> {
            LocalTrash trash = LocalTrash.forThisUser();
            // Each row on its own: one that fails neither stops the others nor loses what they found.
            java.util.Map<FileRow, IOException> notMoved = new java.util.LinkedHashMap<>();
            for (FileRow row : rows) {
                try {
                    trash.moveToTrash(Path.of(row.location()));
                } catch (IOException e) {
                    notMoved.put(row, e);
                }
            }
            return notMoved;
        }, notMoved -> {
            refreshSelecting(selectAfter);
            // A mount point is neither trashed nor offered for deletion: that would empty the disk mounted there.
            List<FileRow> refused = notMoved.entrySet().stream().filter(e -> e.getValue() instanceof LocalTrash.Unavailable
                    && !(e.getValue() instanceof LocalTrash.Untouchable)).map(java.util.Map.Entry::getKey).toList();
            List<String> failed = notMoved.entrySet().stream().filter(e -> !refused.contains(e.getKey()))
                    .map(e -> e.getKey().name() + ": " + failureWords(e.getValue())).toList();
            if (!failed.isEmpty()) {
                showError(new IOException(String.join("\n", failed)));
            }
            if (!refused.isEmpty()) {
                String reasons = refused.stream().map(row -> (refused.size() > 1 ? row.name() + ": " : "")
                        + notMoved.get(row).getMessage()).distinct().collect(java.util.stream.Collectors.joining("\n"));
                deleteForGoodIfAsked(refused, reasons + "\n\n", I18n.t(refused.size() == 1 ? "dialog.confirm.noTrash"
                        : "dialog.confirm.noTrashMany", refused.size() == 1 ? refused.getFirst().name() : refused.size()));
            }
        }, failure -> {
            refresh();
            showError(failure);
        });
    }

    private static String deleteQuestionForGood(List<FileRow> rows) {
        return rows.size() == 1 ? I18n.t("dialog.confirm.deleteFromComputer", rows.getFirst().name())
                : I18n.t("dialog.confirm.deleteManyFromComputer", rows.size());
    }

    /**
     * Deleted for good once the user, told {@code why} (or nothing, where there is no trash at all),
     * says so; Cancel is the default, as nothing brings these back.
     */
    private void deleteForGoodIfAsked(List<FileRow> rows, String why, String question) {
        if (getScene() == null || getScene().getWindow() == null) {
            // The tab closed while the trash was tried: nothing is deleted without its question.
            return;
        }
        boolean folders = rows.stream().anyMatch(FileRow::isFolder);
        String detail = why + deleteDetail(rows, folders ? "dialog.confirm.deleteDetail" : "dialog.confirm.deleteFilesDetail");
        if (!Dialogs.confirmDeletion(getScene().getWindow(), question, detail, true)) {
            return;
        }
        String selectAfter = rowLocationAfterRemoving(rows);
        Background.changeFiles(() -> {
            // Each row on its own, as in the trash: one that fails stops no other, and all are said.
            List<String> failed = new ArrayList<>();
            for (FileRow row : rows) {
                try {
                    deleteTree(Path.of(row.location()));
                } catch (IOException e) {
                    failed.add(row.name() + ": " + failureWords(e));
                }
            }
            return failed;
        }, failed -> {
            refreshSelecting(selectAfter);
            if (!failed.isEmpty()) {
                showError(new IOException(String.join("\n", failed)));
            }
        }, failure -> {
            refresh();
            showError(failure);
        });
    }

    /** A local failure in words: ours for the usual ones, the system's reason (not only a path) otherwise. */
    static String failureWords(IOException e) {
        if (e instanceof LocalTrash.Unavailable) {
            return e.getMessage();
        }
        if (e instanceof java.nio.file.NoSuchFileException gone) {
            return I18n.t("error.localGone", gone.getFile());
        }
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return I18n.t("trash.noPermission", denied.getFile());
        }
        if (e instanceof java.nio.file.FileSystemException system && system.getReason() != null) {
            return system.getReason() + " (" + system.getFile() + ")";
        }
        return I18n.words(e);
    }

    /**
     * Deletes a file, or a folder with everything in it; nothing at all where a disk is mounted at it
     * or anywhere inside it: the walk would empty that disk (R9: a mount point, answered "delete for
     * good", lost the mounted disk's files and then failed as "busy").
     */
    static void deleteTree(Path root) throws IOException {
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            List<Path> all;
            try (Stream<Path> walk = Files.walk(root)) {
                all = walk.toList();
            }
            Object device = deviceOf(root);
            Object above = root.toAbsolutePath().getParent() == null ? device : deviceOf(root.toAbsolutePath().getParent());
            for (Path p : all) {
                Object here = deviceOf(p);
                if (device != null && (!device.equals(here) || !device.equals(above))) {
                    throw new IOException(I18n.t("error.mountInside", device.equals(above) ? p : root));
                }
            }
            for (Path p : all.reversed()) {
                Files.delete(p);
            }
        } else {
            Files.deleteIfExists(root);
        }
    }

    /** The device a path is on, or null where the system does not say (Windows). */
    private static Object deviceOf(Path path) throws IOException {
        try {
            return Files.getAttribute(path, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    protected void newFolder() {
        String here = location();
        if (here == null) {
            return;
        }
        askNewFolderNames().ifPresent(names -> {
            Path outer = Path.of(here).resolve(names.getFirst());
            Path inner = names.stream().skip(1).reduce(outer, Path::resolve, (a, b) -> b);
            Background.disk(() -> {
                // The folders on the way may be there already; the one asked for last may not.
                Files.createDirectories(inner.getParent());
                Files.createDirectory(inner);
                return outer;
            }, created -> refreshSelecting(created.toString()), this::showError);
        });
    }

    @Override
    protected void newFile() {
        String here = location();
        if (here == null) {
            return;
        }
        askNewFileName().ifPresent(name ->
                Background.disk(() -> Files.createFile(Path.of(here).resolve(name)),
                        created -> refreshSelecting(created.toString()), this::showError));
    }

    @Override
    protected ContextMenu contextMenu(List<FileRow> selection) {
        MenuItem upload = new MenuItem(I18n.t("action.upload"));
        upload.setOnAction(e -> transfer(selection, true));
        MenuItem queue = new MenuItem(I18n.t("action.addToQueue"));
        queue.setOnAction(e -> transfer(selection, false));
        boolean connected = explorer.remoteFolder() != null;
        upload.setDisable(selection.isEmpty() || !connected);
        queue.setDisable(selection.isEmpty() || !connected);
        MenuItem open = new MenuItem(I18n.t("action.open"));
        open.setDisable(selection.size() != 1);
        open.setOnAction(e -> openWithSystem(Path.of(selection.getFirst().location())));
        MenuItem openWith = new MenuItem(I18n.t("open.with"));
        openWith.setId("local-open-with");
        openWith.setDisable(selection.size() != 1 || selection.getFirst().isFolder());
        openWith.setOnAction(e -> dev.ferry.ui.DesktopOpener.openWithChosenProgram(Path.of(selection.getFirst().location()),
                getScene().getWindow()));
        MenuItem folder = new MenuItem(I18n.t("action.openFolder"));
        folder.setOnAction(e -> openWithSystem(Path.of(location())));
        MenuItem refresh = new MenuItem(I18n.t("action.refresh"));
        refresh.setOnAction(e -> refresh());
        ContextMenu menu = new ContextMenu(upload, queue, new SeparatorMenuItem(), open, openWith, folder,
                new SeparatorMenuItem());
        menu.getItems().addAll(editItems(selection));
        menu.getItems().addAll(new SeparatorMenuItem(), refresh);
        return menu;
    }

    private void openWithSystem(Path path) {
        dev.ferry.ui.DesktopOpener.open(path);
    }

    @Override
    protected void showError(Throwable failure) {
        Dialogs.error(getScene() == null ? null : getScene().getWindow(), failure);
    }

    // ------------------------------------------------------------------ drag and drop

    @Override
    protected void configureRow(TableRow<FileRow> row) {
        row.setOnDragDetected(e -> {
            List<FileRow> selection = selection();
            if (selection.isEmpty()) {
                return;
            }
            Dragboard board = row.startDragAndDrop(TransferMode.COPY);
            ClipboardContent content = new ClipboardContent();
            List<File> files = new ArrayList<>();
            for (FileRow r : selection) {
                files.add(new File(r.location()));
            }
            content.putFiles(files);
            DragFormats.putLocal(content);
            board.setContent(content);
            DragGuard.started();
            e.consume();
        });
        row.setOnDragDone(e -> DragGuard.finished(getScene() == null ? null : getScene().getWindow()));
        row.setOnDragOver(e -> {
            FileRow folder = folderUnder(row);
            if (takes(e.getDragboard(), folder == null ? location() : folder.location())) {
                e.acceptTransferModes(TransferMode.COPY);
                row.pseudoClassStateChanged(DROP_TARGET, folder != null);
                e.consume();
            }
        });
        row.setOnDragExited(e -> row.pseudoClassStateChanged(DROP_TARGET, false));
        row.setOnDragDropped(e -> {
            FileRow folder = folderUnder(row);
            e.setDropCompleted(drop(e.getDragboard(), folder == null ? location() : folder.location()));
            e.consume();
        });
    }

    @Override
    protected void configureFolderDrop(javafx.scene.Node target, java.util.function.Supplier<String> folder) {
        target.setOnDragOver(e -> {
            if (takes(e.getDragboard(), folder.get())) {
                e.acceptTransferModes(TransferMode.COPY);
                target.pseudoClassStateChanged(DROP_TARGET, true);
                e.consume();
            }
        });
        target.setOnDragExited(e -> target.pseudoClassStateChanged(DROP_TARGET, false));
        target.setOnDragDropped(e -> {
            e.setDropCompleted(drop(e.getDragboard(), folder.get()));
            e.consume();
        });
    }

    private void setUpDropTarget() {
        table.setOnDragOver(e -> {
            if (takes(e.getDragboard(), location())) {
                e.acceptTransferModes(TransferMode.COPY);
                table.pseudoClassStateChanged(DROP_TARGET, true);
                e.consume();
            }
        });
        table.setOnDragExited(e -> table.pseudoClassStateChanged(DROP_TARGET, false));
        table.setOnDragDropped(e -> {
            e.setDropCompleted(drop(e.getDragboard(), location()));
            e.consume();
        });
    }

    /**
     * Remote rows are downloaded into any folder; local rows dragged out of Ferry's own local lists
     * are moved into a folder where one would move (not into itself, a folder inside it, or where
     * it already is). The local drag offers only a copy, so that a file manager it is dropped on
     * copies rather than takes the file away: the move here is said by the folder it lands in.
     */
    private boolean takes(Dragboard board, String folder) {
        if (folder == null) {
            return false;
        }
        // Another Ferry's remote rows are refused, not taken to do nothing (R13): their staged copies may be half there.
        return DragFormats.remote(board) != null || !movable(ownLocalFiles(board), Path.of(folder)).isEmpty()
                || !movable(othersFiles(board), Path.of(folder)).isEmpty();
    }

    private boolean drop(Dragboard board, String folder) {
        if (folder == null) {
            return false;
        }
        if (board.hasContent(DragFormats.REMOTE)) {
            return dropRemote(board, folder);
        }
        List<Path> own = ownLocalFiles(board);
        return own.isEmpty() ? placeInto(othersFiles(board), Path.of(folder), false) : placeInto(own, Path.of(folder), true);
    }

    /**
     * Files another application dropped (a file manager, another Ferry's local list): copied in, as a
     * file manager copies what it is given (they did nothing). Not remote rows, which are downloaded,
     * nor this process's own local rows, which are moved.
     */
    private static List<Path> othersFiles(Dragboard board) {
        if (board.hasContent(DragFormats.REMOTE) || DragFormats.isOwnLocal(board) || !board.hasFiles()) {
            return List.of();
        }
        return board.getFiles().stream().map(File::toPath).toList();
    }

    /**
     * The files of a drag that began in one of this process's local lists; none for another
     * application's, another Ferry's included (R10: its files were moved out of its folder), which
     * offers a copy.
     */
    private static List<Path> ownLocalFiles(Dragboard board) {
        if (!DragFormats.isOwnLocal(board) || !board.hasFiles()) {
            return List.of();
        }
        return board.getFiles().stream().map(File::toPath).toList();
    }

    /** The files a move or copy into {@code folder} would change: not the folder, one that holds it, or one already in it. */
    static List<Path> movable(List<Path> files, Path folder) {
        return files.stream().filter(file -> !folder.startsWith(file) && !folder.equals(file.getParent())).toList();
    }

    /**
     * Moves (or copies) each file on its own, so that one that fails stops no other; a name the folder
     * already has is not replaced. Said in words, per file where there are several.
     */
    private boolean placeInto(List<Path> files, Path folder, boolean move) {
        List<Path> moving = movable(files, folder);
        if (moving.isEmpty()) {
            return false;
        }
        TakenNameQuestion question = (taken, more) -> Background.askOnFxThread(
                () -> NameTakenDialog.ask(getScene() == null ? null : getScene().getWindow(), taken, more));
        DragGuard.afterDrop(() -> Background.changeFiles(() -> move ? moveAll(moving, folder, question)
                : copyAll(moving, folder, question), failed -> {
            refresh();
            if (!failed.isEmpty()) {
                showError(new IOException(String.join("\n", failed)));
            }
        }, failure -> {
            refresh();
            showError(failure);
        }));
        return true;
    }

    /**
     * What {@link #movable} cannot see by the names alone is checked on the disk: the folder itself
     * gone, the same folder reached by a link or "..", a folder moved into itself through a link.
     * Returns the failures in words.
     */
    static List<String> moveAll(List<Path> moving, Path folder) {
        return moveAll(moving, folder, null);
    }

    /** As {@link #moveAll(List, Path)}; a name the folder has is asked about ({@code question} null: refused). */
    static List<String> moveAll(List<Path> moving, Path folder, TakenNameQuestion question) {
        return placeAll(moving, folder, LocalPane::move, "error.moveIntoItself", question);
    }

    /** {@link #moveAll}'s checks and words for a copy: what is dropped stays where it is. */
    static List<String> copyAll(List<Path> copying, Path folder) {
        return copyAll(copying, folder, null);
    }

    static List<String> copyAll(List<Path> copying, Path folder, TakenNameQuestion question) {
        return placeAll(copying, folder, LocalPane::copy, "error.copyIntoItself", question);
    }

    private interface Placing {
        void place(Path source, Path target, Arrival arrival) throws IOException;
    }

    /** What a move or copy finds at its target's name. */
    enum Arrival {
        /** Nothing: a name the folder has is not replaced. */
        FREE_NAME,
        /** The empty file this process claimed for it ("Keep both"), to be replaced. */
        CLAIMED_NAME,
        /** The user's file, which the user chose to replace. */
        REPLACING
    }

    /** What the user chose for a name the folder has; null (the question closed) skips it. */
    @FunctionalInterface
    interface TakenNameQuestion {
        /** Asked on the thread that moves or copies; {@code more}: names of the drop still to come are taken there too. */
        NameTakenDialog.Answer ask(NameTakenDialog.Taken taken, boolean more);
    }

    /** One drop's answers about the names its folder has: each asked, unless one answer holds for the rest. */
    private static final class TakenNames {
        private final TakenNameQuestion question;
        private NameTakenDialog.Choice forTheRest;

        TakenNames(TakenNameQuestion question) {
            this.question = question;
        }

        /** A "Replace" for the rest is asked again where it cannot be done (a folder, the same file). */
        NameTakenDialog.Choice choose(NameTakenDialog.Taken taken, java.util.function.BooleanSupplier moreTaken) {
            if (forTheRest != null && (forTheRest != NameTakenDialog.Choice.REPLACE || taken.canReplace())) {
                return forTheRest;
            }
            NameTakenDialog.Answer answer = question.ask(taken, moreTaken.getAsBoolean());
            if (answer == null) {
                return NameTakenDialog.Choice.SKIP;
            }
            if (answer.forTheRest()) {
                forTheRest = answer.choice();
            }
            return answer.choice();
        }
    }

    /** Whether a name of the drop after {@code index} is taken in the folder: an answer for the rest would hold for it. */
    private static boolean anyTakenAfter(List<Path> moving, int index, Path folder) {
        for (Path later : moving.subList(index + 1, moving.size())) {
            if (Files.exists(folder.resolve(later.getFileName().toString()), LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> placeAll(List<Path> moving, Path folder, Placing placing, String intoItselfKey,
                                         TakenNameQuestion question) {
        Path realFolder;
        try {
            realFolder = folder.toRealPath();
        } catch (IOException e) {
            return List.of(I18n.t("error.localGone", folder));
        }
        List<String> failed = new ArrayList<>();
        TakenNames answers = new TakenNames(question);
        for (int index = 0; index < moving.size(); index++) {
            int at = index;
            Path source = moving.get(index);
            String name = source.getFileName().toString();
            try {
                // The entry itself, a link as a link: its folder's real path, and its own name.
                Path parent = source.toAbsolutePath().getParent();
                Path realSource = (parent == null ? source : parent.toRealPath()).resolve(name);
                if (realFolder.equals(realSource.getParent())) {
                    continue; // Already there, by another path: nothing to move.
                }
                if (realFolder.startsWith(realSource)) {
                    throw new IOException(I18n.t(intoItselfKey, source, folder));
                }
                Path target = folder.resolve(name);
                Arrival arrival = Arrival.FREE_NAME;
                if (question != null && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    NameTakenDialog.Taken taken = NameTakenDialog.Taken.of(source, target);
                    NameTakenDialog.Choice choice = answers.choose(taken, () -> anyTakenAfter(moving, at, folder));
                    if (choice == NameTakenDialog.Choice.SKIP) {
                        continue;
                    }
                    if (choice == NameTakenDialog.Choice.KEEP_BOTH && taken.sourceIsFolder()) {
                        placeUnderFreeName(source, target, placing);
                        continue;
                    }
                    if (choice == NameTakenDialog.Choice.KEEP_BOTH) {
                        target = claimFreeName(target);
                        arrival = Arrival.CLAIMED_NAME;
                    } else if (taken.canReplace()) {
                        arrival = Arrival.REPLACING;
                    }
                }
                try {
                    placing.place(source, target, arrival);
                } catch (IOException | RuntimeException e) {
                    if (arrival == Arrival.CLAIMED_NAME) {
                        releaseClaim(target);
                    }
                    throw e;
                }
            } catch (IOException e) {
                String words = e instanceof java.nio.file.FileAlreadyExistsException ? Dialogs.describe(e)
                        : e.getClass() == IOException.class ? e.getMessage() : failureWords(e);
                failed.add(moving.size() == 1 ? words : name + ": " + words);
            } catch (RuntimeException e) {
                // A name the system cannot take (InvalidPathException): this file fails, the others go on.
                failed.add(moving.size() == 1 ? Dialogs.describe(e) : name + ": " + Dialogs.describe(e));
            }
        }
        return failed;
    }

    /**
     * A rename where it can be, never over a name the folder has. On another disk a file is copied
     * under a hidden name, given its own once whole, and only then removed here: a copy cut short
     * (Ferry quit, a full disk) never bears the file's name (R10). A folder with files is not
     * taken to another disk: half of it could stay behind on a failure.
     */
    static void move(Path source, Path target) throws IOException {
        move(source, target, Arrival.FREE_NAME);
    }

    /** Only a file replaces one (see {@link NameTakenDialog.Taken#canReplace}). */
    static void move(Path source, Path target, Arrival arrival) throws IOException {
        if (arrival == Arrival.FREE_NAME && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new java.nio.file.FileAlreadyExistsException(target.toString());
        }
        try {
            // rename(2): a file in the way is replaced in one step, never left half written.
            Files.move(source, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return;
        } catch (java.nio.file.AtomicMoveNotSupportedException otherDisk) {
            // Copied below.
        }
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> inside = Files.list(source)) {
                if (inside.findAny().isPresent()) {
                    throw new IOException(I18n.t("error.folderToOtherDisk", source, target.getParent()));
                }
            }
            Files.createDirectory(target);
        } else {
            arriveWhole(target, "ferry-move", arrival != Arrival.FREE_NAME, partial -> Files.copy(source, partial,
                    java.nio.file.StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
        }
        try {
            Files.delete(source);
        } catch (IOException e) {
            // Not removed here: the copy goes, so that a move is all or nothing, as the system's own.
            // Unless it replaced the user's file: that one is gone, and the copy is then the only one left there.
            if (arrival != Arrival.REPLACING) {
                Files.deleteIfExists(target);
                throw e;
            }
            throw new IOException(I18n.t("error.movedButNotRemoved", source, target, Dialogs.describe(e)), e);
        }
    }

    /**
     * The first of "name (1).txt", "name (2).txt"… that the folder does not have, claimed at once with
     * an empty file of that name for the move or copy to replace: seen free, it could be taken before
     * the rename, which replaces a file (R14: two drops kept both under one name, and one of the files
     * moved was lost).
     */
    static Path claimFreeName(Path target) throws IOException {
        String name = target.getFileName().toString();
        for (int n = 1; ; n++) {
            try {
                return Files.createFile(target.resolveSibling(NameTakenDialog.keptName(name, n, false)));
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // The next number.
            }
        }
    }

    /**
     * A folder kept beside the one there, under the first free number its own arrival takes. Not
     * claimed as a file is: a folder renamed onto an empty one replaces it on Linux but not on
     * Windows (R15). A name taken meanwhile fails its rename (a folder with files is not replaced,
     * a file never by a folder), and the next number is tried.
     */
    private static void placeUnderFreeName(Path source, Path target, Placing placing) throws IOException {
        String name = target.getFileName().toString();
        for (int n = 1; n <= 10_000; n++) {
            try {
                // A taken number fails the move's or copy's own check, before anything is written.
                placing.place(source, target.resolveSibling(NameTakenDialog.keptName(name, n, true)), Arrival.FREE_NAME);
                return;
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException takenMeanwhile) {
                // The next number.
            }
        }
        throw new java.nio.file.FileAlreadyExistsException(target.toString());
    }

    /** A claim that nothing arrived in goes: an empty file, never one with something in it. */
    private static void releaseClaim(Path claimed) {
        try {
            if (Files.isRegularFile(claimed, LinkOption.NOFOLLOW_LINKS) && Files.size(claimed) == 0) {
                Files.delete(claimed);
            }
        } catch (IOException gone) {
            // Nothing left to tidy.
        }
    }

    /** Numbers the hidden names of this process: two drops of one folder at once each have their own (R12). */
    private static final java.util.concurrent.atomic.AtomicLong HIDDEN_NAMES = new java.util.concurrent.atomic.AtomicLong();

    /** Hidden, and named after the file, so that one left by a Ferry killed meanwhile says what it was. */
    private static Path hiddenBeside(Path target, String kind) {
        return target.resolveSibling(hiddenName(target.getFileName().toString(), kind));
    }

    /** The first 50 characters of the name, never half of one (R13: an emoji cut in two made no path at all). */
    static String hiddenName(String name, String kind) {
        int cut = name.codePointCount(0, name.length()) > 50 ? name.offsetByCodePoints(0, 50) : name.length();
        return "." + name.substring(0, cut) + "." + kind + "-" + ProcessHandle.current().pid() + "-"
                + HIDDEN_NAMES.incrementAndGet();
    }

    /**
     * Copied under a hidden name beside the target, and given its name once whole: a copy cut short
     * (Ferry quit, a full disk) never bears the name, and a folder arrives whole or not at all. Links
     * are copied as links, never followed; sockets and pipes are left out.
     */
    static void copy(Path source, Path target) throws IOException {
        copy(source, target, Arrival.FREE_NAME);
    }

    static void copy(Path source, Path target, Arrival arrival) throws IOException {
        if (arrival == Arrival.FREE_NAME && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new java.nio.file.FileAlreadyExistsException(target.toString());
        }
        if (Files.readAttributes(source, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
            // A pipe or a socket: nothing to copy (R13: the words named the hidden copy, never made).
            throw new IOException(I18n.t("error.specialNotCopied", source));
        }
        arriveWhole(target, "ferry-copy", arrival != Arrival.FREE_NAME, partial -> copyTree(source, partial));
    }

    private interface PartialWriter {
        void write(Path partial) throws IOException;
    }

    /**
     * What {@code write} puts under a hidden name beside the target is given the target's name once
     * whole, never over a name the folder has unless {@code replace} (a file, replaced in one step);
     * on a failure, nothing of it stays.
     */
    private static void arriveWhole(Path target, String kind, boolean replace, PartialWriter write) throws IOException {
        Path partial = hiddenBeside(target, kind);
        try {
            write.write(partial);
            if (!replace && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.FileAlreadyExistsException(target.toString());
            }
            try {
                Files.move(partial, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileSystemException notRenamed) {
                // A folder that arrived meanwhile: rename(2) says EEXIST or ENOTEMPTY, which Java gives as a bare
                // FileSystemException naming the hidden copy. The user knows the name it was to have.
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new java.nio.file.FileAlreadyExistsException(target.toString());
                }
                throw notRenamed;
            }
        } catch (IOException | RuntimeException e) {
            try {
                deleteTree(partial);
            } catch (IOException leftBehind) {
                e.addSuppressed(leftBehind); // The copy's own failure is the one to say.
            }
            throw e;
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path folder, java.nio.file.attribute.BasicFileAttributes attributes)
                    throws IOException {
                // Its permissions once filled: a read-only folder copied first could not take its own files.
                Files.createDirectory(target.resolve(source.relativize(folder).toString()));
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attributes)
                    throws IOException {
                if (!attributes.isOther()) {
                    Files.copy(file, target.resolve(source.relativize(file).toString()),
                            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                throw failure;
            }

            @Override
            public java.nio.file.FileVisitResult postVisitDirectory(Path folder, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Path copied = target.resolve(source.relativize(folder).toString());
                java.nio.file.attribute.PosixFileAttributeView view = Files.getFileAttributeView(copied,
                        java.nio.file.attribute.PosixFileAttributeView.class);
                if (view != null) {
                    view.setPermissions(Files.getPosixFilePermissions(folder));
                }
                Files.setLastModifiedTime(copied, Files.getLastModifiedTime(folder));
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
    }

    /** Remote rows dropped here are downloaded into {@code folder}. */
    private boolean dropRemote(Dragboard board, String folder) {
        if (!board.hasContent(DragFormats.REMOTE) || folder == null) {
            return false;
        }
        List<FileRow> rows = DragFormats.remoteRows(board);
        if (rows.isEmpty()) {
            return false;
        }
        // The files the board also carries are the staging copies for other applications: not these.
        DragFormats.landed(board);
        // Queued once the drop is over: a question the queue asks must not open inside it.
        Path into = Path.of(folder);
        DragGuard.afterDrop(() -> explorer.download(rows, into, true));
        return true;
    }

    /**
     * The formats Ferry puts on a dragboard. Remote rows travel by reference within the process
     * (names from servers may hold any character); the dragboard only says that they do.
     */
    public static final class DragFormats {
        public static final DataFormat LOCAL = new DataFormat("application/x-ferry-local");
        private static final java.util.concurrent.atomic.AtomicReference<String> CURRENT_LOCAL =
                new java.util.concurrent.atomic.AtomicReference<>();
        public static final DataFormat REMOTE = new DataFormat("application/x-ferry-remote");
        private static final java.util.concurrent.atomic.AtomicReference<RemoteDrag> CURRENT =
                new java.util.concurrent.atomic.AtomicReference<>();

        /** Rows dragged out of one remote pane, and their files staged for other applications (or null). */
        record RemoteDrag(String token, Object source, List<FileRow> rows, OutgoingDrag outgoing) {
        }

        private DragFormats() {
        }

        static void putRemote(ClipboardContent content, Object source, List<FileRow> rows) {
            putRemote(content, source, rows, null);
        }

        static void putRemote(ClipboardContent content, Object source, List<FileRow> rows, OutgoingDrag outgoing) {
            String token = java.util.UUID.randomUUID().toString();
            // Every row, refused names too: a download says why it refuses one, where filtering here lost it silently.
            CURRENT.set(new RemoteDrag(token, source, List.copyOf(rows), outgoing));
            content.put(REMOTE, token);
        }

        /** One of Ferry's own drop targets took this remote drag: its staged files are not wanted. */
        static void landed(Dragboard board) {
            RemoteDrag drag = remote(board);
            if (drag != null && drag.outgoing() != null) {
                drag.outgoing().landed();
            }
        }

        /** Marks a drag of this process's local rows, with a token of its own: another process's mark is not ours. */
        static void putLocal(ClipboardContent content) {
            String token = java.util.UUID.randomUUID().toString();
            CURRENT_LOCAL.set(token);
            content.put(LOCAL, token);
        }

        static boolean isOwnLocal(Dragboard board) {
            String token = CURRENT_LOCAL.get();
            return token != null && token.equals(board.getContent(LOCAL));
        }

        static RemoteDrag remote(Dragboard board) {
            RemoteDrag drag = CURRENT.get();
            Object token = board.getContent(REMOTE);
            return drag != null && drag.token().equals(token) ? drag : null;
        }

        static List<FileRow> remoteRows(Dragboard board) {
            RemoteDrag drag = remote(board);
            return drag == null ? List.of() : drag.rows();
        }
    }
}
