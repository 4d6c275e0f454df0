package dev.ferry.ui;

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
            watcher.release(tab);
            assertEquals(0, watcher.watching());
            assertFalse(Files.exists(folder), "the copy's folder stays after its tab closed");
        }
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
