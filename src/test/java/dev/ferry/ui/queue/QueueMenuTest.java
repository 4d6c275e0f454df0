package dev.ferry.ui.queue;

import dev.ferry.transfer.Direction;
import dev.ferry.transfer.ItemSnapshot;
import dev.ferry.transfer.ItemState;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.TransferQueue;
import dev.ferry.transfer.Verification;
import dev.ferry.ui.GuiTest;
import dev.ferry.ui.I18n;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The queue's right-click menu offers what applies to the chosen rows: Retry and Resume were offered on a running one. */
@ExtendWith(ApplicationExtension.class)
class QueueMenuTest extends GuiTest {

    private TransferQueue queue;
    private QueuePane pane;

    @Start
    void start(Stage stage) {
        I18n.use("en");
        queue = new TransferQueue(QueueSettings.DEFAULT, null, null);
        pane = new QueuePane(queue);
        stage.setScene(new javafx.scene.Scene(pane, 1200, 300));
        stage.show();
    }

    @AfterEach
    void close() {
        queue.close();
    }

    private static ItemSnapshot item(long id, ItemState state) {
        return new ItemSnapshot(id, Direction.DOWNLOAD, false, Path.of("/tmp/x" + id), "/x" + id, "k", "u@h", 10, null,
                state, 0, 0, null, Verification.NOT_CHECKED, 0, id, 0, -1, 1, List.of(), false, false, 0, false);
    }

    /** Each entry's words → whether it can be chosen. */
    private Map<String, Boolean> offered(ItemSnapshot... selection) throws Exception {
        ContextMenu menu = org.testfx.util.WaitForAsyncUtils.asyncFx(() -> pane.menu(List.of(selection))).get();
        return menu.getItems().stream().filter(i -> i.getText() != null)
                .collect(Collectors.toMap(MenuItem::getText, i -> !i.isDisable()));
    }

    @Test
    void aRunningItemIsOfferedPauseNotRetryOrResume() throws Exception {
        Map<String, Boolean> running = offered(item(1, ItemState.ACTIVE));
        assertEquals(false, running.get(I18n.t("queue.retry")), running.toString());
        assertEquals(false, running.get(I18n.t("queue.resume")), running.toString());
        assertEquals(true, running.get(I18n.t("queue.pause")), running.toString());
        assertEquals(true, running.get(I18n.t("queue.remove")), running.toString());

        Map<String, Boolean> paused = offered(item(2, ItemState.PAUSED));
        assertEquals(true, paused.get(I18n.t("queue.resume")), paused.toString());
        assertEquals(false, paused.get(I18n.t("queue.pause")), paused.toString());
        assertEquals(false, paused.get(I18n.t("queue.retry")), paused.toString());

        Map<String, Boolean> failed = offered(item(3, ItemState.FAILED));
        assertEquals(true, failed.get(I18n.t("queue.retry")), failed.toString());
        assertEquals(false, failed.get(I18n.t("queue.pause")), failed.toString());
        assertEquals(false, failed.get(I18n.t("queue.resume")), failed.toString());

        Map<String, Boolean> mixed = offered(item(4, ItemState.ACTIVE), item(5, ItemState.FAILED), item(6, ItemState.PAUSED));
        assertEquals(true, mixed.get(I18n.t("queue.retry")), mixed.toString());
        assertEquals(true, mixed.get(I18n.t("queue.resume")), mixed.toString());
        assertEquals(true, mixed.get(I18n.t("queue.pause")), mixed.toString());
    }
    /** Cancel is offered for what has not finished; the moves for what waits (a running item has no place in the line). */
    @Test
    void cancelAndTheMovesAreOfferedForWhatTheyApplyTo() throws Exception {
        for (ItemState state : List.of(ItemState.QUEUED, ItemState.PAUSED)) {
            Map<String, Boolean> waiting = offered(item(1, state));
            for (String key : List.of("queue.cancel", "queue.moveToTop", "queue.moveUp", "queue.moveDown", "queue.moveToBottom")) {
                assertEquals(true, waiting.get(I18n.t(key)), state + " " + key + ": " + waiting);
            }
        }
        Map<String, Boolean> running = offered(item(2, ItemState.ACTIVE));
        assertEquals(true, running.get(I18n.t("queue.cancel")), running.toString());
        for (String key : List.of("queue.moveToTop", "queue.moveUp", "queue.moveDown", "queue.moveToBottom")) {
            assertEquals(false, running.get(I18n.t(key)), key + ": " + running);
        }
        for (ItemState state : List.of(ItemState.DONE, ItemState.FAILED, ItemState.CANCELLED)) {
            Map<String, Boolean> finished = offered(item(3, state));
            assertEquals(false, finished.get(I18n.t("queue.cancel")), state + ": " + finished);
        }
    }

    /**
     * Several chosen rows move as a block and keep their order: moved down one by one in the order
     * shown, the first went below the second and the second back above it, and nothing moved.
     */
    @Test
    void chosenItemsMoveAsABlockAndCancelStopsThem() throws Exception {
        dev.ferry.ftp.ConnectionSettings nowhere = dev.ferry.ftp.ConnectionSettings.builder("127.0.0.1")
                .port(dev.ferry.testing.Interop.freePort()).build();
        // Not started: the items wait in their order.
        List<ItemSnapshot> items = new java.util.ArrayList<>();
        for (String name : List.of("a", "b", "c", "d")) {
            items.add(queue.addDownload(nowhere, null, "/" + name, Path.of("/tmp/ferry-never/" + name), false, 10, null));
        }
        long a = items.get(0).id(), b = items.get(1).id(), c = items.get(2).id(), d = items.get(3).id();

        choose("queue.moveDown", items.get(1), items.get(2));
        assertEquals(List.of(a, d, b, c), runOrder(items));
        choose("queue.moveToTop", snapshot(c), snapshot(d));
        assertEquals(List.of(d, c, a, b), runOrder(items), "c and d on top, in their order");
        choose("queue.moveToBottom", snapshot(d), snapshot(c));
        assertEquals(List.of(a, b, d, c), runOrder(items), "d and c at the bottom, in their order");
        choose("queue.moveUp", snapshot(d), snapshot(c));
        assertEquals(List.of(a, d, c, b), runOrder(items));

        choose("queue.cancel", snapshot(a), snapshot(b));
        assertEquals(List.of(ItemState.CANCELLED, ItemState.CANCELLED, ItemState.QUEUED, ItemState.QUEUED),
                items.stream().map(i -> snapshot(i.id()).state()).toList());
    }

    /**
     * An update the queue took before the user's move, shown after it, carries the rows' places from
     * before the move: sorted by them, the rows showed the move undone until the next update.
     */
    @Test
    void anUpdateTakenBeforeAMoveDoesNotUndoItOnScreen() throws Exception {
        dev.ferry.ftp.ConnectionSettings nowhere = dev.ferry.ftp.ConnectionSettings.builder("127.0.0.1")
                .port(dev.ferry.testing.Interop.freePort()).build();
        List<ItemSnapshot> items = new java.util.ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            items.add(queue.addDownload(nowhere, null, "/" + name, Path.of("/tmp/ferry-never/" + name), false, 10, null));
        }
        waitUntil("the three rows", () -> shownOrder().size() == 3);
        choose("queue.moveToTop", items.get(2));
        long takenBeforeTheNextMove = System.nanoTime();
        List<ItemSnapshot> beforeTheNextMove = queue.snapshot();
        ItemSnapshot cOnTop = snapshot(items.get(2));
        choose("queue.moveDown", cOnTop);
        long movedDown = snapshot(items.get(2)).sequence();
        waitUntil("the row of c carrying its place after the move down", () -> onFx(() ->
                ((javafx.scene.control.TableView<?>) lookup("#queue-queued").query()).getItems().stream()
                        .anyMatch(row -> ((ItemSnapshot) row).id() == cOnTop.id() && ((ItemSnapshot) row).sequence() == movedDown)));
        List<String> shown = onFx(() -> {
            pane.apply(new dev.ferry.transfer.QueueListener.Update(beforeTheNextMove, List.of(), null,
                    takenBeforeTheNextMove, takenBeforeTheNextMove));
            return shownOrder();
        });
        assertEquals(List.of("/a", "/c", "/b"), shown, "the order after the user's last move");
    }

    /**
     * A block already at the top (or bottom) stays as it is: its first item could not move, and the
     * second, moved up past it, swapped the chosen ones.
     */
    @Test
    void aBlockAtTheEdgeKeepsItsOrder() throws Exception {
        dev.ferry.ftp.ConnectionSettings nowhere = dev.ferry.ftp.ConnectionSettings.builder("127.0.0.1")
                .port(dev.ferry.testing.Interop.freePort()).build();
        List<ItemSnapshot> items = new java.util.ArrayList<>();
        for (String name : List.of("a", "b", "c", "d")) {
            items.add(queue.addDownload(nowhere, null, "/" + name, Path.of("/tmp/ferry-never/" + name), false, 10, null));
        }
        long a = items.get(0).id(), b = items.get(1).id(), c = items.get(2).id(), d = items.get(3).id();

        choose("queue.moveUp", snapshot(a), snapshot(b));
        assertEquals(List.of(a, b, c, d), runOrder(items), "a and b were on top already");
        choose("queue.moveDown", snapshot(c), snapshot(d));
        assertEquals(List.of(a, b, c, d), runOrder(items), "c and d were at the bottom already");
        choose("queue.moveUp", snapshot(a), snapshot(c));
        assertEquals(List.of(a, c, b, d), runOrder(items), "a stays on top, c goes up past b");
    }

    /** The Queued rows kept the order they were added in: a move changed nothing that could be seen. */
    @Test
    void theQueuedRowsShowTheOrderAfterAMove() throws Exception {
        dev.ferry.ftp.ConnectionSettings nowhere = dev.ferry.ftp.ConnectionSettings.builder("127.0.0.1")
                .port(dev.ferry.testing.Interop.freePort()).build();
        List<ItemSnapshot> items = new java.util.ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            items.add(queue.addDownload(nowhere, null, "/" + name, Path.of("/tmp/ferry-never/" + name), false, 10, null));
        }
        waitUntil("the three rows", () -> shownOrder().size() == 3);
        choose("queue.moveToTop", items.get(2));
        assertEquals(List.of("/c", "/a", "/b"), onFx(this::shownOrder));
        choose("queue.moveDown", snapshot(items.get(2)));
        assertEquals(List.of("/a", "/c", "/b"), onFx(this::shownOrder));
    }

    /**
     * Only a user's move sorted the Queued rows: an item the queue puts ahead of others by itself (a
     * folder, which is expanded before files; a raised priority) stayed where it arrived.
     */
    @Test
    void theQueuedRowsShowTheOrderTheQueueChoseByItself() throws Exception {
        dev.ferry.ftp.ConnectionSettings nowhere = dev.ferry.ftp.ConnectionSettings.builder("127.0.0.1")
                .port(dev.ferry.testing.Interop.freePort()).build();
        List<ItemSnapshot> items = new java.util.ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            items.add(queue.addDownload(nowhere, null, "/" + name, Path.of("/tmp/ferry-never/" + name), false, 10, null));
        }
        waitUntil("the three rows", () -> shownOrder().size() == 3);
        queue.addDownload(nowhere, null, "/folder", Path.of("/tmp/ferry-never/folder"), true, -1, null);
        waitForOrder("the folder queued last shown first, as it runs", List.of("/folder", "/a", "/b", "/c"));
        queue.setPriority(items.get(2).id(), 5);
        waitForOrder("c raised above everything", List.of("/c", "/folder", "/a", "/b"));
    }

    /** Found by helper T1: Delete did nothing in the queue; the chosen transfers go, as from the menu's Remove (FileZilla: Del). */
    @Test
    void deleteRemovesTheChosenRows() throws Exception {
        dev.ferry.ftp.ConnectionSettings nowhere = dev.ferry.ftp.ConnectionSettings.builder("127.0.0.1")
                .port(dev.ferry.testing.Interop.freePort()).build();
        for (String name : List.of("a", "b", "c")) {
            queue.addDownload(nowhere, null, "/" + name, Path.of("/tmp/ferry-never/" + name), false, 10, null);
        }
        waitUntil("the three rows", () -> shownOrder().size() == 3);
        onFx(() -> {
            pane.getSelectionModel().selectFirst();
            return null;
        });
        waitUntil("the Queued rows on screen", () -> lookup("#queue-queued .table-row-cell").tryQuery().isPresent());
        clickOn(lookup("#queue-queued .table-row-cell").nth(0).queryAs(javafx.scene.Node.class));
        press(javafx.scene.input.KeyCode.SHIFT);
        try {
            type(javafx.scene.input.KeyCode.DOWN);
        } finally {
            release(javafx.scene.input.KeyCode.SHIFT);
        }
        waitUntil("a and b chosen", () -> ((javafx.scene.control.TableView<?>) lookup("#queue-queued").query())
                .getSelectionModel().getSelectedItems().size() == 2);
        type(javafx.scene.input.KeyCode.DELETE);
        waitUntil("the chosen rows gone from the queue", () -> queue.snapshot().size() == 1);
        assertEquals(List.of("/c"), queue.snapshot().stream().map(ItemSnapshot::remotePath).toList());
        waitForOrder("only c left on screen", List.of("/c"));
    }

    /**
     * An update's rows are put in the queue's order without taking the queue's lock: the FX thread
     * waited for it (301 ms in the benchmark's 10,000-file run on a busy machine) while a worker
     * that held it was off the CPU, and the whole window froze meanwhile.
     */
    @Test
    void anUpdateIsShownInRunOrderWhileTheQueuesLockIsHeld() throws Exception {
        dev.ferry.ftp.ConnectionSettings nowhere = dev.ferry.ftp.ConnectionSettings.builder("127.0.0.1")
                .port(dev.ferry.testing.Interop.freePort()).build();
        for (String name : List.of("a", "b", "c")) {
            queue.addDownload(nowhere, null, "/" + name, Path.of("/tmp/ferry-never/" + name), false, 10, null);
        }
        waitUntil("the three rows", () -> shownOrder().size() == 3);
        // A folder runs before files: arriving last, it belongs first.
        ItemSnapshot folder = new ItemSnapshot(999, Direction.DOWNLOAD, true, Path.of("/tmp/ferry-never/folder"),
                "/folder", "k", "u@h", -1, null, ItemState.QUEUED, 0, 0, null, Verification.NOT_CHECKED, 0, 999, 0, -1,
                1, List.of(), false, false, 0, false);
        java.util.concurrent.locks.ReentrantLock lock = lockOf(queue);
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = Thread.ofPlatform().name("holds-the-queue-lock").start(() -> {
            lock.lock();
            try {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        });
        try {
            held.await();
            java.util.concurrent.CompletableFuture<Void> shown = new java.util.concurrent.CompletableFuture<>();
            javafx.application.Platform.runLater(() -> {
                pane.apply(new dev.ferry.transfer.QueueListener.Update(List.of(folder), List.of(), null));
                shown.complete(null);
            });
            try {
                shown.get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the FX thread still waited for the queue's lock after 30 s to show an update");
            }
        } finally {
            release.countDown();
            holder.join();
        }
        assertEquals(List.of("/folder", "/a", "/b", "/c"), onFx(this::shownOrder));
    }

    /** The queue's own lock, reached past its privacy: nothing public holds it for as long as a test needs. */
    private static java.util.concurrent.locks.ReentrantLock lockOf(TransferQueue queue) throws Exception {
        java.lang.reflect.Field modelField = TransferQueue.class.getDeclaredField("model");
        modelField.setAccessible(true);
        Object model = modelField.get(queue);
        java.lang.reflect.Field lockField = model.getClass().getDeclaredField("lock");
        lockField.setAccessible(true);
        return (java.util.concurrent.locks.ReentrantLock) lockField.get(model);
    }

    private void waitForOrder(String what, List<String> expected) throws Exception {
        try {
            waitUntil(what, () -> shownOrder().equals(expected));
        } catch (AssertionError e) {
            assertEquals(expected, onFx(this::shownOrder), what);
        }
    }

    private List<String> shownOrder() {
        return ((javafx.scene.control.TableView<?>) lookup("#queue-queued").query()).getItems().stream()
                .map(row -> ((ItemSnapshot) row).remotePath()).toList();
    }

    private void choose(String key, ItemSnapshot... selection) throws Exception {
        onFx(() -> {
            MenuItem entry = pane.menu(List.of(selection)).getItems().stream()
                    .filter(i -> I18n.t(key).equals(i.getText())).findFirst().orElseThrow(() -> new AssertionError("no " + key));
            entry.fire();
            return null;
        });
    }

    private ItemSnapshot snapshot(ItemSnapshot item) {
        return snapshot(item.id());
    }

    private ItemSnapshot snapshot(long id) {
        return queue.snapshot().stream().filter(s -> s.id() == id).findFirst().orElseThrow();
    }

    /** The order the queue would run them in. */
    private List<Long> runOrder(List<ItemSnapshot> items) {
        return queue.inRunOrder(items.stream().map(ItemSnapshot::id).toList());
    }
}
