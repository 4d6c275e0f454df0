package dev.ferry.ui.connection;

import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.transfer.Direction;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueListener.Update;

import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Which of a tab's panes the queue's progress has made out of date. Only downloads change the local
 * folder and only this server's uploads the remote one. A file written straight into the shown
 * folder refreshes its pane at once; a file written deeper (a folder being transferred) changes the
 * shown folder's row for that subfolder: refreshed when the queue goes idle, or five seconds after
 * the first such change while it stays busy, rather than per file. Called from the queue's notifier
 * thread only.
 */
final class StalePanes {

    private static final long BELOW_REFRESH_NANOS = 5_000_000_000L;

    record Stale(boolean local, boolean remote) {
    }

    private final LongSupplier clock;
    /** Running downloads whose part file the local pane has been refreshed for. */
    private final java.util.Set<Long> partShown = new java.util.HashSet<>();
    /** Uploads seen running, by id: one removed from the queue leaves no change of its own to see. */
    private final java.util.Map<Long, ItemSnapshot> uploadsUnderWay = new java.util.HashMap<>();
    private boolean localChangedBelow;
    private boolean remoteChangedBelow;
    /** When the oldest change below not yet shown happened (the clock's nanoseconds). */
    private long changedBelowSince;

    StalePanes() {
        this(System::nanoTime);
    }

    StalePanes(LongSupplier clock) {
        this.clock = clock;
    }

    /** @param connectionDisplay the server the remote pane shows, or null when not connected */
    Stale after(Update update, String localFolder, String remoteFolder, String connectionDisplay) {
        boolean local = false;
        boolean remote = false;
        boolean pendingBefore = localChangedBelow || remoteChangedBelow;
        Path shownLocal = localFolder == null ? null : Path.of(localFolder).toAbsolutePath();
        update.removed().forEach(partShown::remove);
        for (ItemSnapshot item : update.changed()) {
            if (item.direction() == Direction.UPLOAD && item.state() == ItemState.ACTIVE) {
                uploadsUnderWay.put(item.id(), item);
            } else if (item.direction() == Direction.UPLOAD) {
                uploadsUnderWay.remove(item.id());
            }
        }
        java.util.List<ItemSnapshot> seen = new java.util.ArrayList<>(update.changed());
        java.util.Set<Long> removedWhileRunning = new java.util.HashSet<>();
        for (Long id : update.removed()) {
            // Removed while it ran: what it wrote stays on the server under the file's name (T10), to be listed.
            ItemSnapshot upload = uploadsUnderWay.remove(id);
            if (upload != null) {
                seen.add(upload);
                removedWhileRunning.add(id);
            }
        }
        for (ItemSnapshot item : seen) {
            if (item.direction() == Direction.DOWNLOAD && item.state() == ItemState.ACTIVE && item.bytesDone() > 0
                    && shownLocal != null && shownLocal.equals(item.localPath().toAbsolutePath().getParent())
                    && partShown.add(item.id())) {
                // Its part file now exists: shown once, not at every progress update.
                local = true;
            }
            if (item.state().isFinished()) {
                partShown.remove(item.id());
            }
            // A paused transfer stopped writing too: its partial file is there to see; so did one removed while it ran.
            if (!item.state().isFinished() && item.state() != ItemState.PAUSED && !removedWhileRunning.contains(item.id())) {
                continue;
            }
            if (item.direction() == Direction.DOWNLOAD && item.state() == ItemState.FAILED && item.lastError() != null
                    && item.lastError().says(FtpText.FILE_MISSING_OR_UNREADABLE) && remoteFolder != null
                    && connectionDisplay != null && connectionDisplay.equals(item.endpointDisplay())
                    && remoteFolder.equals(RemotePaths.parent(item.remotePath()))) {
                // The server says the file is not there: the remote pane still lists it.
                remote = true;
            }
            if (item.direction() == Direction.DOWNLOAD && shownLocal != null) {
                Path written = item.localPath().toAbsolutePath();
                if (shownLocal.equals(written.getParent())) {
                    local = true;
                } else if (written.startsWith(shownLocal)) {
                    localChangedBelow = true;
                }
            }
            if (item.direction() == Direction.UPLOAD && remoteFolder != null && connectionDisplay != null
                    && connectionDisplay.equals(item.endpointDisplay())) {
                String written = item.remotePath();
                if (remoteFolder.equals(RemotePaths.parent(written))) {
                    remote = true;
                } else if (written.startsWith(remoteFolder.endsWith("/") ? remoteFolder : remoteFolder + "/")) {
                    remoteChangedBelow = true;
                }
            }
        }
        long now = clock.getAsLong();
        if (!pendingBefore && (localChangedBelow || remoteChangedBelow)) {
            changedBelowSince = now;
        }
        // Idle, whether or not an earlier update saw the queue busy: a small tree can come and go between two.
        if (update.totals().idle() || now - changedBelowSince >= BELOW_REFRESH_NANOS) {
            local |= localChangedBelow;
            remote |= remoteChangedBelow && connectionDisplay != null;
            localChangedBelow = false;
            remoteChangedBelow = false;
        }
        return new Stale(local, remote);
    }

    /** Whether a file the queue deleted or renamed by itself (a removed download's part file) is in the shown folder. */
    boolean localFileChanged(Path file, String localFolder) {
        return localFolder != null && Path.of(localFolder).toAbsolutePath().equals(file.toAbsolutePath().getParent());
    }
}
