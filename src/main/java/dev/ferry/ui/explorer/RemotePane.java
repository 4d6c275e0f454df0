package dev.ferry.ui.explorer;

import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.listing.Listing;
import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.ui.DragGuard;
import dev.ferry.ui.I18n;
import dev.ferry.ui.connection.RemoteConnection;
import dev.ferry.ui.dialogs.ChmodDialog;
import dev.ferry.ui.dialogs.Dialogs;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The server side: listed and changed through the connection's browsing session. */
public final class RemotePane extends FilePane {

    private final Explorer explorer;
    private final DragOut dragOut;
    /** Where the server logged us in, shown should the first folder not open; null once used or not needed. */
    private String fallbackFolder;

    public RemotePane(Explorer explorer) {
        super("pane.remote", "remote");
        this.explorer = explorer;
        this.dragOut = new DragOut(explorer);
        setUpDropTarget();
        table.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.F3) {
                search();
                e.consume();
            }
        });
    }

    /** Search remote files from the folder shown (F3, as in FileZilla). */
    public void search() {
        RemoteConnection connection = explorer.connection();
        if (connection != null && location() != null) {
            RemoteSearchDialog.show(getScene() == null ? null : getScene().getWindow(), connection, location(), this);
        }
    }

    @Override
    protected void addExtraColumns(TableView<FileRow> table) {
        TableColumn<FileRow, String> owner = new TableColumn<>(I18n.t("column.owner"));
        owner.setId("owner");
        owner.setPrefWidth(110);
        owner.setEditable(false);
        owner.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(
                c.getValue().owner() == null ? "" : c.getValue().owner()));
        table.getColumns().add(owner);
    }

    @Override
    protected String emptyStatus() {
        return explorer == null || explorer.connection() == null ? I18n.t("status.notConnected") : "";
    }

    @Override
    protected void list(String folder, Consumer<List<FileRow>> done, Consumer<Throwable> failed) {
        RemoteConnection connection = explorer.connection();
        if (connection == null) {
            failed.accept(new IllegalStateException(I18n.t("status.notConnected")));
            return;
        }
        connection.run(session -> {
            Listing listing = session.list(folder);
            List<FileRow> rows = new ArrayList<>(listing.entries().size());
            for (RemoteEntry entry : listing.entries()) {
                rows.add(FileRow.remote(entry, RemotePaths.join(folder, entry.name())));
            }
            return rows;
        }, done, failed);
    }

    /**
     * Shows {@code folder} (the site's or the URL's), or where the server logged us in should it not open: the tab
     * was connected with nothing listed, and F5 and Up had nothing to act on (T10). FileZilla does the same.
     */
    public void showInitial(String folder, String loginFolder) {
        String start = folder == null || folder.isBlank() ? "/" : folder;
        fallbackFolder = loginFolder == null || loginFolder.isBlank() || loginFolder.equals(start) ? null : loginFolder;
        navigate(start);
    }

    @Override
    protected void firstFolderFailed(String folder) {
        String fallback = fallbackFolder;
        fallbackFolder = null;
        if (fallback != null) {
            // Quietly: a server that lists nothing at all (ServerMenuTest) would say so twice.
            navigateQuietly(fallback);
        }
    }

    public void disconnected() {
        fallbackFolder = null;
        clear();
    }

    @Override
    protected String parentOf(String location) {
        return location.equals("/") || location.isEmpty() ? null : RemotePaths.parent(location);
    }

    @Override
    protected String nameOf(String location) {
        return location.equals("/") ? "/" : RemotePaths.name(location);
    }

    @Override
    protected void activate(FileRow row) {
        RemoteConnection connection = explorer.connection();
        if (row.kind() == FileRow.Kind.LINK && row.safe() && connection != null) {
            // Opened when the server lets us into it, as FileZilla does, else downloaded: its text does not tell
            // ("..", "/var/www/example.com" were taken for files, T7), and a file's LIST answers too (vsftpd).
            String target = row.location();
            int mark = navigationMark();
            connection.run(session -> session.isFolder(target), folder -> {
                if (!folder) {
                    transfer(List.of(row), true);
                } else if (!movedSince(mark)) {
                    // Not when the user went elsewhere while the server answered (R32).
                    navigate(target);
                }
            }, this::showError); // R32: downloaded then, a link to a big folder was copied whole for a lost connection
            return;
        }
        super.activate(row);
    }

    @Override
    protected void transfer(List<FileRow> rows, boolean now) {
        explorer.download(rows, explorer.localFolder(), now);
    }

    @Override
    protected void rename(FileRow row, String newName) {
        String target = RemotePaths.join(location(), newName);
        run(session -> {
            renameWithoutReplacing(session, row.location(), target);
            return null;
        }, target);
    }

    /** A "/" would move the file on the server (RNTO takes a path): a rename keeps it where it is. */
    @Override
    protected java.util.Optional<dev.ferry.message.Message> nameProblem(String name) {
        return dev.ferry.ftp.listing.NameSafety.problem(name);
    }

    /**
     * RNFR/RNTO: most servers replace a file of the new name without a word, and the user loses it.
     * Refused here first, as the local pane refuses. A change of case alone is let through: a server
     * that ignores case finds the file itself under its new name.
     */
    private static void renameWithoutReplacing(FtpSession session, String from, String to) throws Exception {
        if (!from.equalsIgnoreCase(to) && exists(session, to)) {
            throw new java.nio.file.FileAlreadyExistsException(to);
        }
        session.rename(from, to);
    }

    private static boolean exists(FtpSession session, String path) throws Exception {
        if (session.size(path).isPresent() || session.isFolder(path)) {
            return true;
        }
        if (session.features().has("SIZE")) {
            return false;
        }
        // No SIZE to ask: the parent's listing says whether the name is taken.
        String name = RemotePaths.name(path);
        return session.list(RemotePaths.parent(path)).entries().stream().anyMatch(entry -> entry.name().equals(name));
    }

    @Override
    protected void delete(List<FileRow> rows) {
        if (!confirmDelete(rows)) {
            return;
        }
        String selectAfter = rowLocationAfterRemoving(rows);
        int[] deleted = {0};
        Runnable progress = () -> {
            int count = ++deleted[0];
            javafx.application.Platform.runLater(() -> showProgress(I18n.t("action.delete") + "… " + count));
        };
        run(session -> {
            for (FileRow row : rows) {
                if (row.isFolder()) {
                    deleteTree(session, row.location(), 0, progress);
                } else {
                    session.delete(row.location());
                    progress.run();
                }
            }
            return null;
        }, selectAfter);
    }

    /** Deletes a folder with everything in it, deepest first; refuses hostile names and loops. */
    static void deleteTree(FtpSession session, String folder, int depth, Runnable deleted) throws Exception {
        if (depth > 64) {
            throw new IllegalStateException("Folders nested more than 64 deep: not deleted (a link loop?)");
        }
        for (RemoteEntry entry : session.list(folder).entries()) {
            if (!entry.isSafe()) {
                throw new IllegalStateException("Not deleted: " + folder + " holds an entry with an unsafe name ("
                        + entry.unsafeReason().map(dev.ferry.ui.I18n::words).orElse("") + ")");
            }
            String path = RemotePaths.join(folder, entry.name());
            if (entry.isDirectory()) {
                deleteTree(session, path, depth + 1, deleted);
            } else {
                session.delete(path);
                deleted.run();
            }
        }
        session.rmd(folder);
        deleted.run();
    }

    @Override
    protected void newFolder() {
        String here = location();
        if (here == null) {
            return;
        }
        askNewFolderNames().ifPresent(names -> {
            List<String> chain = new ArrayList<>();
            String folder = here;
            for (String name : names) {
                folder = RemotePaths.join(folder, name);
                chain.add(folder);
            }
            run(session -> {
                session.mkdChain(chain);
                return null;
            }, chain.getFirst());
        });
    }

    @Override
    protected void newFile() {
        String here = location();
        if (here == null) {
            return;
        }
        askNewFileName().ifPresent(name -> run(session -> {
            session.store(RemotePaths.join(here, name), offset -> java.nio.channels.Channels.newChannel(
                    new java.io.ByteArrayInputStream(new byte[0])), FtpSession.StoreMode.REPLACE, 0,
                    dev.ferry.ftp.TransferListener.NONE, new dev.ferry.ftp.CancelToken());
            return null;
        }, RemotePaths.join(here, name)));
    }

    private void chmod(FileRow row) {
        ChmodDialog.ask(getScene().getWindow(), row.name(), row.permissions()).ifPresent(mode -> run(session -> {
            session.chmod(row.location(), mode);
            return null;
        }));
    }

    private void copyUrl(List<FileRow> rows) {
        RemoteConnection connection = explorer.connection();
        if (connection == null) {
            return;
        }
        var settings = connection.settings();
        String scheme = switch (settings.tlsMode()) {
            case IMPLICIT -> "ftps";
            case EXPLICIT -> "ftpes";
            default -> "ftp";
        };
        StringBuilder text = new StringBuilder();
        for (FileRow row : rows) {
            text.append(scheme).append("://").append(settings.user()).append('@').append(settings.address())
                    .append(urlPath(row.location())).append('\n');
        }
        ClipboardContent content = new ClipboardContent();
        content.putString(text.toString().strip());
        Clipboard.getSystemClipboard().setContent(content);
    }

    /**
     * The URL's path for a file's location: each name percent-encoded, and an absolute location
     * after a second slash ("//docs/a.txt"), as curl, browsers and Ferry's own command line read
     * it (a single slash is relative to the login folder).
     */
    static String urlPath(String location) {
        StringBuilder path = new StringBuilder("/");
        String[] names = location.split("/", -1);
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                path.append('/');
            }
            path.append(java.net.URLEncoder.encode(names[i], java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return path.toString();
    }

    @Override
    protected ContextMenu contextMenu(List<FileRow> selection) {
        boolean connected = explorer.connection() != null && location() != null;
        MenuItem download = new MenuItem(I18n.t("action.download"));
        download.setOnAction(e -> transfer(selection, true));
        MenuItem queue = new MenuItem(I18n.t("action.addToQueue"));
        queue.setOnAction(e -> transfer(selection, false));
        download.setDisable(selection.isEmpty());
        queue.setDisable(selection.isEmpty());
        MenuItem edit = new MenuItem(I18n.t("action.edit"));
        edit.setDisable(selection.size() != 1 || selection.getFirst().isFolder());
        edit.setOnAction(e -> explorer.openRemote(selection.getFirst()));
        MenuItem url = new MenuItem(I18n.t("action.copyUrl"));
        url.setDisable(selection.isEmpty());
        url.setOnAction(e -> copyUrl(selection));
        MenuItem permissions = new MenuItem(I18n.t("action.permissions"));
        permissions.setDisable(selection.size() != 1);
        permissions.setOnAction(e -> chmod(selection.getFirst()));
        MenuItem refresh = new MenuItem(I18n.t("action.refresh"));
        refresh.setOnAction(e -> refresh());
        MenuItem search = new MenuItem(I18n.t("search.menu"));
        // Shown where the other items show their keys; F3 itself is the list's own key handler's.
        search.setAccelerator(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.F3));
        search.setId("remote-search");
        search.setOnAction(e -> search());
        ContextMenu menu = new ContextMenu(download, queue, new SeparatorMenuItem(), edit, new SeparatorMenuItem());
        menu.getItems().addAll(editItems(selection));
        menu.getItems().addAll(new SeparatorMenuItem(), url, permissions, new SeparatorMenuItem(), search, refresh);
        menu.getItems().forEach(item -> item.setDisable(item.isDisable() || !connected));
        return menu;
    }

    @Override
    protected void showError(Throwable failure) {
        RemoteConnection connection = explorer.connection();
        Dialogs.error(getScene() == null ? null : getScene().getWindow(), failure,
                connection == null ? null : connection.display());
    }

    /** A change on the server, then a fresh listing. */
    private void run(RemoteConnection.Task<Void> task) {
        run(task, null);
    }

    /** Runs {@code task}, then lists the folder again with {@code select} (a row's location, or null) selected. */
    private void run(RemoteConnection.Task<Void> task, String select) {
        RemoteConnection connection = explorer.connection();
        if (connection == null) {
            return;
        }
        connection.run(task, done -> refreshSelecting(select), failure -> {
            refresh();
            showError(failure);
        });
    }

    // ------------------------------------------------------------------ drag and drop

    /** The tab this pane belongs to: a drop of its rows elsewhere ({@link QueueDrop}) downloads through it. */
    Explorer explorer() {
        return explorer;
    }

    @Override
    protected void configureRow(TableRow<FileRow> row) {
        row.setOnDragDetected(e -> {
            List<FileRow> selection = selection();
            if (selection.isEmpty()) {
                return;
            }
            Dragboard board = row.startDragAndDrop(TransferMode.COPY_OR_MOVE);
            ClipboardContent content = new ClipboardContent();
            OutgoingDrag outgoing = dragOut.begin(content, selection, getScene());
            LocalPane.DragFormats.putRemote(content, this, selection, outgoing);
            board.setContent(content);
            DragGuard.started();
            e.consume();
        });
        row.setOnDragDone(e -> {
            dragOut.done(e);
            DragGuard.finished(getScene() == null ? null : getScene().getWindow());
        });
        row.setOnDragOver(e -> {
            if (accepts(e)) {
                FileRow folder = folderUnder(row);
                boolean intoFolder = folder != null && !draggedRows(e).contains(folder);
                if (isOwnDrag(e) && !intoFolder) {
                    return;
                }
                e.acceptTransferModes(isOwnDrag(e) ? new TransferMode[]{TransferMode.MOVE} : TransferMode.COPY_OR_MOVE);
                row.pseudoClassStateChanged(DROP_TARGET, intoFolder);
                e.consume();
            }
        });
        row.setOnDragExited(e -> row.pseudoClassStateChanged(DROP_TARGET, false));
        row.setOnDragDropped(e -> {
            FileRow folder = folderUnder(row);
            e.setDropCompleted(drop(e, folder == null ? location() : folder.location()));
            e.consume();
        });
    }

    @Override
    protected void configureFolderDrop(javafx.scene.Node target, java.util.function.Supplier<String> folder) {
        target.setOnDragOver(e -> {
            String into = folder.get();
            // This pane's rows only where one would move: not into itself, its own subfolder, or where it already is.
            if (into != null && accepts(e) && (!isOwnDrag(e) || !movable(draggedRows(e), into).isEmpty())) {
                e.acceptTransferModes(isOwnDrag(e) ? new TransferMode[]{TransferMode.MOVE} : TransferMode.COPY_OR_MOVE);
                target.pseudoClassStateChanged(DROP_TARGET, true);
                e.consume();
            }
        });
        target.setOnDragExited(e -> target.pseudoClassStateChanged(DROP_TARGET, false));
        target.setOnDragDropped(e -> {
            e.setDropCompleted(drop(e, folder.get()));
            e.consume();
        });
    }

    /**
     * The rows a move into {@code folder} would change: not the folder itself, nor a folder that
     * holds it (a tree node can be any folder), nor a row already in it (RNTO onto its own name
     * is refused as a name taken).
     */
    private static List<FileRow> movable(List<FileRow> rows, String folder) {
        return rows.stream().filter(r -> !r.location().equals(folder) && !folder.startsWith(r.location() + "/")
                && !folder.equals(RemotePaths.parent(r.location()))).toList();
    }

    private void setUpDropTarget() {
        table.setOnDragOver(e -> {
            if (accepts(e) && !isOwnDrag(e)) {
                e.acceptTransferModes(TransferMode.COPY);
                table.pseudoClassStateChanged(DROP_TARGET, true);
                e.consume();
            }
        });
        table.setOnDragExited(e -> table.pseudoClassStateChanged(DROP_TARGET, false));
        table.setOnDragDropped(e -> {
            e.setDropCompleted(drop(e, location()));
            e.consume();
        });
    }

    /**
     * Local files, or this pane's own rows. Another tab's rows are refused: there is no copy from
     * server to server, and the files their drag carries are staging paths for other applications.
     */
    private boolean accepts(DragEvent e) {
        Dragboard board = e.getDragboard();
        if (location() == null || explorer.connection() == null) {
            return false;
        }
        return board.hasContent(LocalPane.DragFormats.REMOTE) ? isOwnDrag(e) : board.hasFiles();
    }

    private boolean isOwnDrag(DragEvent e) {
        LocalPane.DragFormats.RemoteDrag drag = LocalPane.DragFormats.remote(e.getDragboard());
        return drag != null && drag.source() == this;
    }

    /** This pane's own rows, moved on the server: a name unsafe to send is not moved. */
    private List<FileRow> draggedRows(DragEvent e) {
        return LocalPane.DragFormats.remoteRows(e.getDragboard()).stream().filter(FileRow::safe).toList();
    }

    /**
     * Local files (from the local pane or the system's file manager) are uploaded into
     * {@code folder}; this pane's own rows are moved into it (RNFR/RNTO).
     */
    private boolean drop(DragEvent e, String folder) {
        Dragboard board = e.getDragboard();
        if (folder == null || board.hasContent(LocalPane.DragFormats.REMOTE) && !isOwnDrag(e)) {
            return false;
        }
        if (isOwnDrag(e)) {
            List<FileRow> moving = movable(draggedRows(e), folder);
            if (moving.isEmpty()) {
                return false;
            }
            LocalPane.DragFormats.landed(board);
            DragGuard.afterDrop(() -> run(session -> {
                for (FileRow row : moving) {
                    renameWithoutReplacing(session, row.location(), RemotePaths.join(folder, row.name()));
                }
                return null;
            }));
            return true;
        }
        if (board.hasFiles()) {
            List<Path> files = new ArrayList<>();
            for (File file : board.getFiles()) {
                files.add(file.toPath());
            }
            // Queued once the drop is over: the file-exists question must not open inside it.
            DragGuard.afterDrop(() -> explorer.upload(files, folder, true));
            return true;
        }
        return false;
    }
}
