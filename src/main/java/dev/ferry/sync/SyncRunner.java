package dev.ferry.sync;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DialogueListener;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpLoginException;
import dev.ferry.ftp.FtpReplyException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.listing.Listing;
import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.message.Message;
import dev.ferry.message.Messages;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueListener;
import dev.ferry.transfer.TransferQueue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a plan. Folders are made first; every file goes through the transfer queue in one batch
 * (so retries, resuming, checksum verification and the queue's journal apply, and the window
 * shows them like any transfer), told to replace its target: the plan already decided that.
 * Deletions come last, through a session of the runner's own, and only once every transfer
 * succeeded: a run that could not copy something never removes anything. Finally the pair's
 * {@link SyncHistory} is brought up to date with what both sides now hold.
 * <p>
 * Blocks until the batch is finished; call it off the GUI thread. It does not start a paused
 * queue: the caller decides that (the command line starts it, the window leaves it to the user).
 */
public final class SyncRunner {

    private final TransferQueue queue;
    private final ConnectionSettings settings;
    private final String siteId;
    private final SyncHistory history;
    private final List<DialogueListener> dialogue = new java.util.concurrent.CopyOnWriteArrayList<>();
    private FtpSession given;

    private int sessions = -1;
    private LocalDeletion deleteLocal = Files::deleteIfExists;

    /** How a local file or (empty) folder the plan deletes goes: for good unless the caller says (the window: its Trash). */
    @FunctionalInterface
    public interface LocalDeletion {
        void delete(Path path) throws IOException;
    }

    public SyncRunner(TransferQueue queue, ConnectionSettings settings, String siteId, SyncHistory history) {
        this.queue = queue;
        this.settings = settings;
        this.siteId = siteId;
        this.history = history;
    }

    /** Receives the dialogue of the runner's own session (folders, deletions, the last listings). */
    public SyncRunner addDialogueListener(DialogueListener listener) {
        dialogue.add(listener);
        return this;
    }

    /**
     * Works on {@code session}, logged in to the same server (e.g. the one that compared the two
     * sides), instead of logging in again; {@link #run} lends it to the queue while the files move
     * (the queue closes it then) or closes it. It keeps its own listeners.
     */
    /** The site's own session limit for the transfers (0: the queue's setting), as its tab's batches have it. */
    public SyncRunner sessions(int count) {
        this.sessions = count;
        return this;
    }

    public SyncRunner deleteLocalWith(LocalDeletion deletion) {
        this.deleteLocal = deletion;
        return this;
    }

    public SyncRunner using(FtpSession session) {
        this.given = session;
        return this;
    }

    public SyncResult run(SyncPlan plan, CancelToken token) throws IOException, InterruptedException {
        List<SyncResult.Failure> failures = new ArrayList<>();
        boolean download = plan.direction() == SyncDirection.DOWNLOAD;
        // Named like the queue's workers ("... user@host:port"), so the window's log files it with the connection.
        String name = "sync " + dev.ferry.transfer.Endpoint.of(settings, siteId).display();
        try (OwnSession own = new OwnSession(name, given, token)) {
            Set<String> missingFolders = new HashSet<>();
            int folders = makeFolders(plan, own.get(), download, failures, missingFolders, token);
            // Lent before the files are queued: a worker that started first logged in beside it instead of taking it.
            if (plan.actions().stream().anyMatch(row -> queued(row, missingFolders))) {
                own.lendToQueue();
            }
            Map<Long, PlannedAction> items = enqueue(plan, download, failures, missingFolders);
            Map<Long, ItemSnapshot> finished = await(items.keySet(), token);
            int transferred = 0;
            long bytes = 0;
            long continued = 0;
            Set<String> done = new HashSet<>();
            for (Map.Entry<Long, PlannedAction> item : items.entrySet()) {
                ItemSnapshot snapshot = finished.get(item.getKey());
                if (snapshot != null && snapshot.state() == ItemState.DONE) {
                    transferred++;
                    // What this run fetched; a part file left by an earlier run was there already.
                    bytes += snapshot.bytesFetched();
                    continued += Math.max(0, item.getValue().bytes() - snapshot.bytesFetched());
                    done.add(item.getValue().path());
                } else {
                    failures.add(new SyncResult.Failure(item.getValue().path(), snapshot == null
                            ? Message.of(SyncText.CANCELLED)
                            : Message.of(SyncText.TRANSFER_FAILED, item.getValue().path(),
                            snapshot.lastError() == null ? Message.of(Messages.GeneralText.TEXT, snapshot.state())
                                    : snapshot.lastError())));
                }
            }
            boolean cancelled = token.isCancelled();
            int deleted = 0;
            Set<String> deletedPaths = new HashSet<>();
            List<PlannedAction> deletions = plan.actions().stream().filter(a -> a.action().isDelete()).toList();
            if (!deletions.isEmpty()) {
                if (failures.isEmpty() && !cancelled) {
                    // Local deletions need no session: logging in again for them waited, on a server that
                    // takes one session per client, until the queue's session idled out.
                    boolean remote = deletions.stream().anyMatch(a -> a.action() != SyncAction.DELETE_LOCAL);
                    deleted = delete(plan, deletions, remote ? own.get() : null, failures, deletedPaths, token);
                } else {
                    failures.add(new SyncResult.Failure("", Message.of(SyncText.DELETES_HELD_BACK, deletions.size())));
                }
            }
            remember(plan, own, done, deletedPaths, token);
            own.quit();
            return new SyncResult(transferred, bytes, continued, folders, deleted, failures, plan.unresolved(), cancelled);
        }
    }

    // ------------------------------------------------------------------ folders

    private int makeFolders(SyncPlan plan, FtpSession session, boolean download, List<SyncResult.Failure> failures,
                            Set<String> missing, CancelToken token) throws IOException {
        int made = 0;
        if (download) {
            try {
                Files.createDirectories(plan.localRoot());
            } catch (IOException e) {
                failures.add(new SyncResult.Failure("", Message.of(SyncText.FOLDER_CREATE_FAILED,
                        plan.localRoot().toString(), String.valueOf(e.getMessage()))));
                missing.add("");
                return 0;
            }
        } else if (!plan.comparison().remoteRootExists()) {
            try {
                // Not counted, as a download's missing local root is not: the count is the plan's folders,
                // and the plan has no row for the root it makes (its heading names it).
                makeRemoteFolders(session, plan.remoteRoot());
            } catch (FtpReplyException e) {
                failures.add(new SyncResult.Failure("", Message.of(SyncText.FOLDER_CREATE_FAILED, plan.remoteRoot(),
                        e.explanation())));
                missing.add("");
                return 0;
            }
        }
        for (PlannedAction row : plan.actions()) {
            if (!row.directory() || !row.action().isTransfer() || insideAny(row.path(), missing)) {
                continue;
            }
            token.throwIfCancelled();
            try {
                if (download) {
                    Files.createDirectories(SyncPaths.local(plan.localRoot(), row.path()));
                } else {
                    session.mkd(SyncPaths.remote(plan.remoteRoot(), row.path()));
                }
                made++;
            } catch (FtpReplyException e) {
                failures.add(new SyncResult.Failure(row.path(), Message.of(SyncText.FOLDER_CREATE_FAILED, row.path(),
                        e.explanation())));
                missing.add(row.path());
            } catch (IOException e) {
                if (e instanceof FtpException) {
                    throw e;
                }
                failures.add(new SyncResult.Failure(row.path(), Message.of(SyncText.FOLDER_CREATE_FAILED, row.path(),
                        String.valueOf(e.getMessage()))));
                missing.add(row.path());
            }
        }
        return made;
    }

    /** Each folder on the way down, then the root itself; only the root's refusal counts. */
    private static void makeRemoteFolders(FtpSession session, String root) throws FtpException {
        String normal = RemotePaths.normalize(root);
        List<String> chain = new ArrayList<>();
        for (String p = normal; !p.isEmpty() && !p.equals("/") && !p.equals("."); p = RemotePaths.parent(p)) {
            chain.addFirst(p);
        }
        session.mkdChain(chain.isEmpty() ? List.of(normal) : chain);
    }

    private static boolean insideAny(String path, Set<String> folders) {
        if (folders.contains("")) {
            return true;
        }
        for (String parent = SyncTree.parent(path); !parent.isEmpty(); parent = SyncTree.parent(parent)) {
            if (folders.contains(parent)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ transfers

    private Map<Long, PlannedAction> enqueue(SyncPlan plan, boolean download, List<SyncResult.Failure> failures,
                                             Set<String> missingFolders) throws IOException {
        Map<Long, PlannedAction> items = new LinkedHashMap<>();
        TransferQueue.Batch batch = queue.batch(ConflictAction.OVERWRITE);
        if (sessions >= 0) {
            batch.sessions(sessions);
        }
        for (PlannedAction row : plan.actions()) {
            if (!queued(row, missingFolders)) {
                continue;
            }
            Path local = SyncPaths.local(plan.localRoot(), row.path());
            String remote = SyncPaths.remote(plan.remoteRoot(), row.path());
            ItemSnapshot item = download
                    // The server's time corrected to UTC: the copy gets the time the original has.
                    ? batch.addDownload(settings, siteId, remote, local, false, row.remote().size(), row.remoteTime())
                    : batch.addUpload(settings, siteId, local, remote, false);
            items.put(item.id(), row);
        }
        return items;
    }

    /** A file the plan moves, unless its folder could not be made (already reported). */
    private static boolean queued(PlannedAction row, Set<String> missingFolders) {
        return !row.directory() && row.action().isTransfer() && !insideAny(row.path(), missingFolders);
    }

    /** Waits for every item to finish; on cancel, cancels those still going and returns what finished. */
    private Map<Long, ItemSnapshot> await(Set<Long> ids, CancelToken token) throws InterruptedException {
        Map<Long, ItemSnapshot> finished = new HashMap<>();
        if (ids.isEmpty()) {
            return finished;
        }
        Object changed = new Object();
        QueueListener wake = new QueueListener() {
            @Override
            public void queueChanged(Update update) {
                synchronized (changed) {
                    changed.notifyAll();
                }
            }
        };
        queue.addListener(wake);
        try {
            while (true) {
                finished.clear();
                for (ItemSnapshot item : queue.snapshot()) {
                    if (ids.contains(item.id()) && item.state().isFinished()) {
                        finished.put(item.id(), item);
                    }
                }
                if (finished.size() == ids.size()) {
                    return finished;
                }
                if (token.isCancelled()) {
                    for (long id : ids) {
                        if (!finished.containsKey(id)) {
                            queue.cancel(id);
                        }
                    }
                    return finished;
                }
                synchronized (changed) {
                    // Woken by the queue's updates; the timeout only bounds how late a cancel is seen.
                    changed.wait(500);
                }
            }
        } finally {
            queue.removeListener(wake);
        }
    }

    // ------------------------------------------------------------------ deletions

    /** Deepest first, so a folder is empty when its turn comes. */
    private int delete(SyncPlan plan, List<PlannedAction> deletions, FtpSession session,
                       List<SyncResult.Failure> failures, Set<String> deleted, CancelToken token) throws IOException {
        int count = 0;
        Set<String> failedInside = new HashSet<>();
        for (PlannedAction row : deletions.reversed()) {
            token.throwIfCancelled();
            if (row.directory() && failedInside.contains(row.path())) {
                continue; // something inside stayed: the folder cannot go, and that was reported
            }
            try {
                if (row.action() == SyncAction.DELETE_LOCAL) {
                    Path local = SyncPaths.local(plan.localRoot(), row.path());
                    Optional<Message> changed = changedSincePlanned(plan.localRoot(), row, local);
                    if (changed.isPresent()) {
                        failures.add(new SyncResult.Failure(row.path(), changed.get()));
                        markParents(row.path(), failedInside);
                        continue;
                    }
                    if (Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
                        deleteLocal.delete(local);
                    }
                } else if (row.directory()) {
                    session.rmd(SyncPaths.remote(plan.remoteRoot(), row.path()));
                } else {
                    session.delete(SyncPaths.remote(plan.remoteRoot(), row.path()));
                }
                deleted.add(row.path());
                count++;
            } catch (FtpReplyException e) {
                failures.add(new SyncResult.Failure(row.path(), Message.of(SyncText.DELETE_FAILED, row.path(),
                        e.explanation())));
                markParents(row.path(), failedInside);
            } catch (IOException e) {
                if (e instanceof FtpException) {
                    throw e;
                }
                failures.add(new SyncResult.Failure(row.path(), Message.of(SyncText.DELETE_FAILED, row.path(),
                        String.valueOf(e.getMessage()))));
                markParents(row.path(), failedInside);
            }
        }
        return count;
    }

    /**
     * Why a local path the plan deletes is kept: it changed since it was shown (the dialog stays
     * open while the user reads it, and the transfers run before any deletion), or a folder on its
     * way is now a link, which would lead the deletion out of the synchronized folder.
     */
    private static Optional<Message> changedSincePlanned(Path root, PlannedAction row, Path local) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        for (Path folder = local.getParent(); folder != null && folder.startsWith(base) && !folder.equals(base);
             folder = folder.getParent()) {
            if (Files.isSymbolicLink(folder)) {
                return Optional.of(Message.of(SyncText.DELETE_SKIPPED_CHANGED, row.path()));
            }
        }
        if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty(); // Gone already: nothing to delete, nothing lost.
        }
        BasicFileAttributes now = Files.readAttributes(local, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        FileState planned = row.local();
        boolean same = planned != null && switch (planned.kind()) {
            // Its planned contents went first: anything left in it came since (or stayed, and was said).
            case DIRECTORY -> now.isDirectory() && isEmpty(local);
            case FILE -> now.isRegularFile() && now.size() == planned.size() && planned.time() != null
                    && now.lastModifiedTime().toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    .equals(planned.time());
            case LINK -> now.isSymbolicLink();
            case OTHER -> false;
        };
        return same ? Optional.empty() : Optional.of(Message.of(SyncText.DELETE_SKIPPED_CHANGED, row.path()));
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (java.util.stream.Stream<Path> inside = Files.list(folder)) {
            return inside.findAny().isEmpty();
        }
    }

    private static void markParents(String path, Set<String> folders) {
        for (String parent = SyncTree.parent(path); !parent.isEmpty(); parent = SyncTree.parent(parent)) {
            folders.add(parent);
        }
    }

    // ------------------------------------------------------------------ history

    /**
     * What both sides hold now, for the files that agree: unchanged ones, and those this run copied
     * (a download's copy is read again here; an upload's server copy is listed again, since a
     * server without MFMT gives it the time of the upload). Conflicts and failures keep their old
     * record, so they stay what they were until someone resolves them.
     */
    private void remember(SyncPlan plan, OwnSession session, Set<String> transferred, Set<String> deleted,
                          CancelToken token) throws IOException, InterruptedException {
        Comparison comparison = plan.comparison();
        String key = SyncHistory.key(comparison.server(), plan.remoteRoot(), plan.localRoot());
        Map<String, SyncHistory.Record> next = new HashMap<>(history.recall(key));
        next.keySet().removeIf(path -> !comparison.entries().containsKey(path) || deleted.contains(path));
        Map<String, Map<String, FileState>> relisted = new HashMap<>();
        for (PlannedAction row : plan.actions()) {
            if (row.directory()) {
                continue;
            }
            FileState local = row.local();
            FileState remote = row.remote();
            if (row.action() == SyncAction.SAME) {
                if (local == null || remote == null) {
                    continue;
                }
            } else if (row.action().isTransfer() && transferred.contains(row.path())) {
                if (row.action() == SyncAction.DOWNLOAD) {
                    local = stat(SyncPaths.local(plan.localRoot(), row.path()));
                } else {
                    remote = relist(session, plan.remoteRoot(), row.path(), relisted, token);
                }
                if (local == null || remote == null) {
                    next.remove(row.path());
                    continue;
                }
            } else {
                continue;
            }
            next.put(row.path(), new SyncHistory.Record(local.size(), local.time(), remote.size(), remote.time(),
                    remote.precision()));
        }
        history.remember(key, next);
    }

    private static FileState stat(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.isRegularFile()
                    ? FileState.local(FileState.Kind.FILE, attributes.size(), attributes.lastModifiedTime().toInstant())
                    : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** One listing per folder that received uploads. */
    private static FileState relist(OwnSession session, String remoteRoot, String path,
                                    Map<String, Map<String, FileState>> listed, CancelToken token)
            throws IOException, InterruptedException {
        String folder = SyncTree.parent(path);
        Map<String, FileState> names = listed.get(folder);
        if (names == null) {
            names = new HashMap<>();
            try {
                Listing listing = session.get().list(folder.isEmpty() ? remoteRoot : SyncPaths.remote(remoteRoot, folder), token);
                boolean serverClock = listing.inServerZone();
                for (RemoteEntry entry : listing.entries()) {
                    names.put(entry.name(), FileState.remote(entry, serverClock));
                }
            } catch (FtpReplyException e) {
                // Not remembered: the next run compares by size and time instead.
            }
            listed.put(folder, names);
        }
        return names.get(SyncTree.name(path));
    }

    /**
     * The runner's own session. While the files move it is lent to the queue: a server that takes
     * one session per client (ProFTPD's MaxClientsPerHost 1, many hosting plans) would otherwise
     * keep the queue's workers out for as long as this one sat idle. Logged in again only when
     * deletions or the last listings need it.
     */
    private final class OwnSession implements AutoCloseable {
        /** Beyond the queue's idle time, in which its workers let go of their sessions. */
        private static final long GRACE_NANOS = Duration.ofSeconds(15).toNanos();
        private static final long PAUSE_MILLIS = 500;
        /** For a worker still finishing something of the queue's (the window's other transfers). */
        private static final Duration TAKE_BACK_PATIENCE = Duration.ofSeconds(5);

        private final String name;
        private final CancelToken token;
        private FtpSession session;

        OwnSession(String name, FtpSession given, CancelToken token) {
            this.name = name;
            this.session = given;
            this.token = token;
        }

        FtpSession get() throws IOException, InterruptedException {
            if (session != null) {
                return session;
            }
            // The files are across: the queue's idle worker gives its session back rather than hold the
            // server's one place until it idles out.
            FtpSession back = queue.takeBackSession(settings, siteId, TAKE_BACK_PATIENCE, token);
            if (back != null) {
                session = back;
                return back;
            }
            // Stopped while it waited: no login for work that will not be done.
            token.throwIfCancelled();
            long deadline = System.nanoTime() + queue.settings().idleTimeout().toNanos() + GRACE_NANOS;
            while (true) {
                FtpSession fresh = new FtpSession(settings, name);
                dialogue.forEach(fresh::addListener);
                try {
                    fresh.connect(token);
                    session = fresh;
                    return fresh;
                } catch (FtpLoginException e) {
                    fresh.close();
                    // The server is full of the queue's workers, which log out once idle.
                    if (!e.isConnectionLimit() || token.isCancelled() || System.nanoTime() - deadline > 0) {
                        throw e;
                    }
                    Thread.sleep(PAUSE_MILLIS);
                }
            }
        }

        void lendToQueue() {
            if (session != null) {
                queue.adoptSession(settings, siteId, session);
                session = null;
            }
        }

        void quit() {
            if (session != null) {
                session.quit();
            }
        }

        @Override
        public void close() {
            if (session != null) {
                session.close();
            }
        }
    }
}
