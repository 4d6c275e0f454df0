package dev.ferry.ui.connection;

import dev.ferry.transfer.Direction;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueListener.Update;
import dev.ferry.transfer.QueueTotals;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StalePanesTest {

    static final Path LOCAL = Path.of("/home/u/site");
    static final String REMOTE = "/www";
    static final String SERVER = "u@example.org";

    final StalePanes panes = new StalePanes();

    static ItemSnapshot item(Direction direction, ItemState state, Path local, String remote, String server) {
        return new ItemSnapshot(1, direction, false, local, remote, server, server, 10, null, state, 10, 1, null,
                null, 0, 1, 0, -1, 1, List.of(), false, false, 0, false);
    }

    static Update busy(ItemSnapshot... changed) {
        return new Update(List.of(changed), List.of(), new QueueTotals(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, true, 0, 0, 1));
    }

    static Update idle(ItemSnapshot... changed) {
        return new Update(List.of(changed), List.of(), new QueueTotals(0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, false, 0, 0, 1));
    }

    StalePanes.Stale after(Update update) {
        return panes.after(update, LOCAL.toString(), REMOTE, SERVER);
    }

    @Test
    void aDownloadIntoTheShownFolderRefreshesTheLocalPaneOnceAndNeverTheRemoteOne() {
        assertEquals(new StalePanes.Stale(false, false), after(busy(
                item(Direction.DOWNLOAD, ItemState.QUEUED, LOCAL.resolve("a.txt"), REMOTE + "/a.txt", SERVER))));
        assertEquals(new StalePanes.Stale(true, false), after(idle(
                item(Direction.DOWNLOAD, ItemState.DONE, LOCAL.resolve("a.txt"), REMOTE + "/a.txt", SERVER))),
                "the finished download shows in the local pane; the server's folder did not change");
    }

    @Test
    void theQueueGoingIdleDoesNotListAFolderAgainThatAFinishedItemAlreadyRefreshed() {
        assertEquals(new StalePanes.Stale(true, false), after(busy(
                item(Direction.DOWNLOAD, ItemState.DONE, LOCAL.resolve("a.txt"), REMOTE + "/a.txt", SERVER))));
        assertEquals(new StalePanes.Stale(false, false), after(idle()));
    }

    @Test
    void anUploadIntoTheShownFolderRefreshesTheRemotePaneOnly() {
        after(busy(item(Direction.UPLOAD, ItemState.ACTIVE, LOCAL.resolve("a.txt"), REMOTE + "/a.txt", SERVER)));
        assertEquals(new StalePanes.Stale(false, true), after(idle(
                item(Direction.UPLOAD, ItemState.DONE, LOCAL.resolve("a.txt"), REMOTE + "/a.txt", SERVER))));
    }

    /**
     * T10: an upload removed from the queue while it ran left its part on the server under the file's name, and
     * the remote pane, which only finished items refreshed, did not show it until F5.
     */
    @Test
    void anUploadRemovedWhileItRanRefreshesTheRemotePane() {
        after(busy(item(Direction.UPLOAD, ItemState.ACTIVE, LOCAL.resolve("a.bin"), REMOTE + "/a.bin", SERVER)));
        assertEquals(new StalePanes.Stale(false, true), after(new Update(List.of(), List.of(1L),
                new QueueTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false, 0, 0, 0))), "what it wrote is listed");
        assertEquals(new StalePanes.Stale(false, false), after(idle()), "once");
    }

    @Test
    void aTreeWrittenBelowTheShownFolderRefreshesThatPaneWhenTheQueueIsIdle() {
        assertEquals(new StalePanes.Stale(false, false), after(busy(
                item(Direction.DOWNLOAD, ItemState.DONE, LOCAL.resolve("docs/deep/a.txt"), "/other/docs/deep/a.txt", SERVER),
                item(Direction.UPLOAD, ItemState.DONE, Path.of("/elsewhere/img/b.png"), REMOTE + "/img/b.png", SERVER))),
                "a new subfolder's files do not change the shown folder's rows while the queue works");
        assertEquals(new StalePanes.Stale(true, true), after(idle()),
                "once idle, the panes show the new subfolders (and their dates)");
        assertEquals(new StalePanes.Stale(false, false), after(idle()), "nothing new since");
    }

    /** A small tree can start and end between two updates of the queue: its folder showed up only by hand. */
    @Test
    void aTreeDoneBetweenTwoUpdatesRefreshesTheShownFolder() {
        assertEquals(new StalePanes.Stale(false, false), after(idle()));
        assertEquals(new StalePanes.Stale(true, false), after(idle(
                item(Direction.DOWNLOAD, ItemState.DONE, LOCAL.resolve("sub/a.txt"), "/other/sub/a.txt", SERVER))));
    }

    /**
     * While other transfers keep the queue busy, a tree written below the shown folder shows within
     * seconds, not when the whole queue is done (a 3000-file download stayed out of sight while
     * another one ran).
     */
    @Test
    void whileTheQueueStaysBusyChangesBelowShowEveryFewSeconds() {
        long[] now = {1_000_000_000L};
        StalePanes clocked = new StalePanes(() -> now[0]);
        ItemSnapshot below = item(Direction.DOWNLOAD, ItemState.DONE, LOCAL.resolve("big/f1.bin"), "/big/f1.bin", SERVER);
        assertEquals(new StalePanes.Stale(false, false), clocked.after(busy(below), LOCAL.toString(), REMOTE, SERVER));
        now[0] += 2_000_000_000L;
        assertEquals(new StalePanes.Stale(false, false), clocked.after(busy(below), LOCAL.toString(), REMOTE, SERVER),
                "not per file");
        now[0] += 3_500_000_000L;
        assertEquals(new StalePanes.Stale(true, false), clocked.after(busy(), LOCAL.toString(), REMOTE, SERVER),
                "five seconds after the first change below, though the queue is still busy");
        now[0] += 1_000_000_000L;
        assertEquals(new StalePanes.Stale(false, false), clocked.after(busy(), LOCAL.toString(), REMOTE, SERVER),
                "nothing new since");
    }

    @Test
    void anotherServersUploadsAndAnotherFoldersDownloadsLeaveThePanesAlone() {
        after(busy(item(Direction.UPLOAD, ItemState.DONE, LOCAL.resolve("a.txt"), REMOTE + "/a.txt", "v@elsewhere"),
                item(Direction.UPLOAD, ItemState.DONE, LOCAL.resolve("a.txt"), "/wwwroot/a.txt", SERVER),
                item(Direction.DOWNLOAD, ItemState.DONE, Path.of("/home/u/site2/a.txt"), REMOTE + "/a.txt", SERVER)));
        assertEquals(new StalePanes.Stale(false, false), after(idle()));
    }

    @Test
    void aFailedDownloadRefreshesTheLocalPaneForWhatItLeft() {
        assertEquals(new StalePanes.Stale(true, false), after(busy(
                item(Direction.DOWNLOAD, ItemState.FAILED, LOCAL.resolve("big.iso"), REMOTE + "/big.iso", SERVER))));
    }

    /** A download's part file shows in the local pane when it starts, once: it appeared only at the end. */
    @Test
    void aDownloadStartingInTheShownFolderShowsItsPartFileOnce() {
        ItemSnapshot starting = item(Direction.DOWNLOAD, ItemState.ACTIVE, LOCAL.resolve("big.iso"), REMOTE + "/big.iso", SERVER);
        assertEquals(new StalePanes.Stale(true, false), after(busy(starting)), "the part file is there to see");
        assertEquals(new StalePanes.Stale(false, false), after(busy(starting)), "not again at every progress update");
        ItemSnapshot elsewhere = new ItemSnapshot(2, Direction.DOWNLOAD, false, Path.of("/home/u/other/x.iso"),
                REMOTE + "/x.iso", SERVER, SERVER, 10, null, ItemState.ACTIVE, 10, 1, null, null, 0, 1, 0, -1, 1,
                List.of(), false, false, 0, false);
        assertEquals(new StalePanes.Stale(false, false), after(busy(elsewhere)));
    }

    /** The server said the file is not there: the remote pane, which still listed it, is listed again. */
    @Test
    void aDownloadOfAFileGoneFromTheServerRefreshesTheRemotePane() {
        ItemSnapshot gone = item(Direction.DOWNLOAD, ItemState.FAILED, LOCAL.resolve("old.log"), REMOTE + "/old.log", SERVER);
        gone = new ItemSnapshot(gone.id(), gone.direction(), false, gone.localPath(), gone.remotePath(), SERVER, SERVER,
                10, null, ItemState.FAILED, 0, 1, dev.ferry.message.Message.of(dev.ferry.ftp.FtpText.REPLY_REFUSED_EXPLAINED,
                dev.ferry.message.Message.of(dev.ferry.ftp.FtpText.FILE_MISSING_OR_UNREADABLE), "RETR", 550, "No such file"),
                null, 0, 1, 0, -1, 1, List.of(), false, false, 0, false);
        assertEquals(new StalePanes.Stale(true, true), after(busy(gone)));
        ItemSnapshot elsewhere = new ItemSnapshot(2, Direction.DOWNLOAD, false, LOCAL.resolve("x.log"), "/other/x.log",
                SERVER, SERVER, 10, null, ItemState.FAILED, 0, 1, gone.lastError(), null, 0, 1, 0, -1, 1, List.of(), false, false, 0, false);
        assertEquals(new StalePanes.Stale(true, false), after(busy(elsewhere)), "a folder not shown is not listed");
    }

    /** A removed download's part file, deleted after the row went: the local pane kept listing it. */
    @Test
    void aFileTheQueueDeletedInTheShownFolderRefreshesTheLocalPane() {
        assertEquals(true, panes.localFileChanged(LOCAL.resolve("big.iso.part"), LOCAL.toString()));
        assertEquals(false, panes.localFileChanged(Path.of("/home/u/other/big.iso.part"), LOCAL.toString()));
        assertEquals(false, panes.localFileChanged(LOCAL.resolve("big.iso.part"), null));
    }

    @Test
    void aPausedUploadRefreshesTheRemotePaneForItsPartialFile() {
        assertEquals(new StalePanes.Stale(false, true), after(busy(
                item(Direction.UPLOAD, ItemState.PAUSED, LOCAL.resolve("big.iso"), REMOTE + "/big.iso", SERVER))));
    }

    @Test
    void withoutAConnectionTheRemotePaneIsNotRefreshed() {
        after(busy(item(Direction.UPLOAD, ItemState.DONE, LOCAL.resolve("a.txt"), REMOTE + "/sub/a.txt", SERVER)));
        assertEquals(new StalePanes.Stale(false, false), panes.after(idle(), LOCAL.toString(), REMOTE, null));
    }
}
