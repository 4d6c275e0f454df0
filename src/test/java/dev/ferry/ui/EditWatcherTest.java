package dev.ferry.ui;

import dev.ferry.testing.Await;
import dev.ferry.ui.connection.EditWatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Copies opened for editing: one watcher for all, deleted with their tab, the app, or at the next start. */
class EditWatcherTest {

    @Test
    void aChangedCopyIsReportedAndItsFolderGoesWithItsTab() throws Exception {
        try (EditWatcher watcher = new EditWatcher()) {
            Path folder = watcher.newFolder();
            Path copy = Files.writeString(folder.resolve("index.html"), "<h1>old</h1>");
            Object tab = new Object();
            CountDownLatch changed = new CountDownLatch(1);
            watcher.watch(folder, copy, tab, changed::countDown);
            Files.writeString(copy, "<h1>new</h1>");
            Files.setLastModifiedTime(copy, FileTime.from(Instant.now().plusSeconds(5)));
            assertTrue(changed.await(20, TimeUnit.SECONDS), "the change of the copy was not reported");
            assertEquals(1, watcher.watching());
            watcher.sentBack(copy, EditWatcher.modificationTime(copy));
            watcher.release(tab).get(60, TimeUnit.SECONDS);
            assertEquals(0, watcher.watching());
            assertFalse(Files.exists(folder), "the copy's folder stays after its tab closed");
        }
    }

    /**
     * Found by helper U3: an edit saved in the editor and not uploaded (the question answered
     * Cancel, or not yet asked) was deleted with its folder when the tab closed or the app quit.
     */
    @Test
    void aCopyChangedAndNotUploadedIsKeptWhenItsTabClosesTheAppQuitsAndAtTheNextStart(@TempDir Path temporary)
            throws Exception {
        EditWatcher watcher = new EditWatcher();
        Path byTab = watcher.newFolder();
        Path byQuit = watcher.newFolder();
        Path unchanged = watcher.newFolder();
        Object tab = new Object();
        Object otherTab = new Object();
        CountDownLatch changes = new CountDownLatch(2);
        Path tabsCopy = Files.writeString(byTab.resolve("index.html"), "<h1>old</h1>");
        Path quitsCopy = Files.writeString(byQuit.resolve("style.css"), "old");
        watcher.watch(byTab, tabsCopy, tab, changes::countDown);
        watcher.watch(byQuit, quitsCopy, otherTab, changes::countDown);
        watcher.watch(unchanged, Files.writeString(unchanged.resolve("same.txt"), "same"), otherTab, () -> { });
        save(tabsCopy, "<h1>precious edit</h1>", 5);
        save(quitsCopy, "precious", 5);
        try {
            assertTrue(changes.await(20, TimeUnit.SECONDS), "the changes of the copies were not reported");
            assertEquals(java.util.Set.of(tabsCopy, quitsCopy), java.util.Set.copyOf(watcher.unsent()));

            watcher.release(tab).get(60, TimeUnit.SECONDS);
            assertEquals("<h1>precious edit</h1>", Files.readString(tabsCopy), "an edit not uploaded went with its tab");
            // Kept past its tab (R7): still named when the app quits.
            assertTrue(watcher.unsent().contains(tabsCopy), watcher.unsent().toString());
            watcher.close();
            assertEquals("precious", Files.readString(quitsCopy), "an edit not uploaded went with the app");
            assertFalse(Files.exists(unchanged), "an unchanged copy stays after the app quit");

            // The next start, as another process: what no run holds any more goes, the kept edits stay.
            Path kept = Files.createDirectories(temporary.resolve(EditWatcher.PREFIX + "2147483000-1"));
            Files.move(quitsCopy, kept.resolve("style.css"));
            Files.move(marker(byQuit), marker(kept));
            Path dead = Files.createDirectories(temporary.resolve(EditWatcher.PREFIX + "2147483000-2"));
            Files.writeString(dead.resolve("left.txt"), "left behind");
            assertEquals(1, EditWatcher.cleanLeftovers(temporary));
            assertTrue(Files.exists(kept.resolve("style.css")), "an edit not uploaded was deleted at the next start");
            assertFalse(Files.exists(dead));
        } finally {
            closeAndRemove(watcher, byTab, byQuit);
        }
    }

    /** R7: a run that died never closed its tabs; its change was deleted at the next start. */
    @Test
    void aChangeIsMarkedAsSoonAsItIsSeen() throws Exception {
        EditWatcher watcher = new EditWatcher();
        Path folder = watcher.newFolder();
        Path copy = Files.writeString(folder.resolve("b.txt"), "opened");
        CountDownLatch changed = new CountDownLatch(1);
        watcher.watch(folder, copy, new Object(), changed::countDown);
        try {
            save(copy, "edit", 5);
            assertTrue(changed.await(20, TimeUnit.SECONDS), "the change was not reported");
            Await.until("the change marked on disk", () -> Files.exists(marker(folder)), Await.DEFAULT, () -> "");
        } finally {
            closeAndRemove(watcher, folder);
        }
    }

    /** R7: the upload of one save ended after the next save; that one was taken as sent, then deleted. */
    @Test
    void aSaveMadeWhileTheLastOneUploadedStaysUnsent() throws Exception {
        EditWatcher watcher = new EditWatcher();
        Path folder = watcher.newFolder();
        Path copy = Files.writeString(folder.resolve("a.txt"), "opened");
        Object tab = new Object();
        java.util.concurrent.Semaphore changes = new java.util.concurrent.Semaphore(0);
        watcher.watch(folder, copy, tab, changes::release);
        try {
            save(copy, "save 1", 5);
            assertTrue(changes.tryAcquire(20, TimeUnit.SECONDS), "save 1 not reported");
            long uploading = EditWatcher.modificationTime(copy);
            save(copy, "save 2, never uploaded", 10);
            assertTrue(changes.tryAcquire(20, TimeUnit.SECONDS), "save 2 not reported");
            watcher.sentBack(copy, uploading);
            assertEquals(java.util.List.of(copy), watcher.unsent());
            watcher.release(tab).get(60, TimeUnit.SECONDS);
            assertEquals("save 2, never uploaded", Files.readString(copy));
        } finally {
            closeAndRemove(watcher, folder);
        }
    }

    private static void save(Path copy, String text, int secondsAhead) throws java.io.IOException {
        Files.writeString(copy, text);
        // Ahead of the clock: two saves within the file system's time resolution must still differ.
        Files.setLastModifiedTime(copy, FileTime.from(Instant.now().plusSeconds(secondsAhead)));
    }

    /** What a test's copies left: a kept copy stays after the watcher closes, with its marker. */
    private static void closeAndRemove(EditWatcher watcher, Path... folders) throws java.io.IOException {
        watcher.close();
        for (Path folder : folders) {
            deleteTree(folder);
            Files.deleteIfExists(marker(folder));
        }
    }

    private static Path marker(Path folder) {
        return folder.resolveSibling(folder.getFileName() + EditWatcher.KEPT_SUFFIX);
    }

    @Test
    void closingTheAppDeletesEveryCopy() throws Exception {
        EditWatcher watcher = new EditWatcher();
        Path one = watcher.newFolder();
        Path two = watcher.newFolder();
        watcher.watch(one, Files.writeString(one.resolve("a.txt"), "a"), new Object(), () -> { });
        watcher.watch(two, Files.writeString(two.resolve("b.txt"), "b"), new Object(), () -> { });
        watcher.close();
        assertFalse(Files.exists(one));
        assertFalse(Files.exists(two));
    }

    static void deleteTree(Path folder) throws java.io.IOException {
        if (Files.exists(folder)) {
            try (java.util.stream.Stream<Path> walk = Files.walk(folder)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void copiesLeftByADeadRunAreDeletedAtTheNextStart(@TempDir Path temporary) throws Exception {
        Path dead = Files.createDirectories(temporary.resolve(EditWatcher.PREFIX + "2147483000-123"));
        Files.writeString(dead.resolve("left.txt"), "left behind");
        Path old = Files.createDirectories(temporary.resolve(EditWatcher.PREFIX + "98765432101234"));
        Path mine = Files.createDirectories(temporary.resolve(EditWatcher.PREFIX + ProcessHandle.current().pid() + "-9"));
        Path other = Files.createDirectories(temporary.resolve("someone-else"));
        assertEquals(2, EditWatcher.cleanLeftovers(temporary));
        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(mine), "a running Ferry's copy was deleted");
        assertTrue(Files.exists(other));
    }
}
