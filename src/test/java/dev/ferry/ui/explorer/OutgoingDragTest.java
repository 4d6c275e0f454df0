package dev.ferry.ui.explorer;

import dev.ferry.transfer.ItemState;
import dev.ferry.ui.connection.EditWatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutgoingDragTest {

    private static final Path TEMP = Path.of("/tmp");

    private static FileRow file(String name) {
        return new FileRow(name, FileRow.Kind.FILE, 10, null, "", "", null, "/pub/" + name, true);
    }

    private static FileRow folder(String name) {
        return new FileRow(name, FileRow.Kind.FOLDER, -1, null, "", "", null, "/pub/" + name, true);
    }

    @Test
    void eachDragStagesItsFilesInItsOwnFolderNamedForThisProcess() {
        OutgoingDrag one = OutgoingDrag.of(TEMP, List.of(file("a.txt"), file("b.bin")));
        OutgoingDrag two = OutgoingDrag.of(TEMP, List.of(file("a.txt")));
        assertNotEquals(one.folder(), two.folder());
        assertEquals(TEMP, one.folder().getParent());
        assertTrue(one.folder().getFileName().toString().startsWith(OutgoingDrag.PREFIX + ProcessHandle.current().pid() + "-"),
                one.folder().toString());
        assertEquals(List.of(one.folder().resolve("a.txt").toFile(), one.folder().resolve("b.bin").toFile()), one.files());
        assertFalse(Files.exists(one.folder()), "nothing is written when the drag starts (the FX thread)");
    }

    @Test
    void unsafeNamesAndTheWayUpStayInsideFerryAndFoldersTravelThroughIncoming() {
        FileRow unsafe = new FileRow("../evil", FileRow.Kind.FILE, 1, null, "", "", null, "/pub/../evil", false);
        OutgoingDrag drag = OutgoingDrag.of(TEMP, List.of(folder("docs"), file("a.txt"), unsafe, FileRow.up("/")));
        assertEquals(List.of(drag.folder().resolve("docs").toFile(), drag.folder().resolve("a.txt").toFile()), drag.files());
        assertEquals(List.of("a.txt"), drag.fileRows().stream().map(FileRow::name).toList());
        assertEquals(List.of("docs"), drag.folderRows().stream().map(FileRow::name).toList());
        assertTrue(drag.owns(drag.incoming().resolve("docs/deep/x.txt")), "a file of a dragged folder");
        assertEquals(drag.folder().resolve("docs"), drag.stagedPathOf(drag.incoming().resolve("docs")));
        assertNull(OutgoingDrag.of(TEMP, List.of(FileRow.up("/"))), "\"..\" offers nothing to other applications");
    }

    @Test
    void aFolderIsPendingOnlyOnceQueuedAndUntilItsTreeIsDone() {
        OutgoingDrag drag = OutgoingDrag.of(TEMP, List.of(folder("docs"), file("a.txt")));
        assertEquals(List.of(), drag.pendingTrees(), "before the downloads are queued, an empty tree is not a finished one");
        drag.queued();
        Path root = drag.incoming().resolve("docs");
        assertEquals(List.of(root), drag.pendingTrees());
        drag.treeDone(root);
        assertEquals(List.of(), drag.pendingTrees());
        Path staged = drag.folder().resolve("docs");
        assertFalse(drag.isFinished(staged));
        drag.update(staged, ItemState.DONE);
        assertFalse(drag.isFinished(staged), "a folder is there only once moved to its name, not by a queue item");
        drag.arrived(staged, ItemState.DONE);
        drag.arrived(drag.folder().resolve("a.txt"), ItemState.DONE);
        assertTrue(drag.allFinished());
    }

    @Test
    void theDownloadsStartOnceHoweverOftenThePointerLeaves() {
        OutgoingDrag drag = OutgoingDrag.of(TEMP, List.of(file("a.txt")));
        assertFalse(drag.started());
        assertTrue(drag.start());
        assertFalse(drag.start(), "the pointer came back in and left again");
        assertTrue(drag.started());
    }

    @Test
    void aDragThatLandedInFerryNeverStarts() {
        OutgoingDrag drag = OutgoingDrag.of(TEMP, List.of(file("a.txt")));
        drag.landed();
        assertTrue(drag.landedInFerry());
        assertFalse(drag.start());
    }

    @Test
    void finishedAndUnfinishedFilesAreToldApart() {
        OutgoingDrag drag = OutgoingDrag.of(TEMP, List.of(file("a.txt"), file("b.bin"), file("c.iso")));
        Path a = drag.folder().resolve("a.txt");
        Path b = drag.folder().resolve("b.bin");
        Path c = drag.folder().resolve("c.iso");
        drag.update(a, ItemState.DONE);
        drag.update(b, ItemState.ACTIVE);
        drag.update(c, ItemState.FAILED);
        drag.update(TEMP.resolve("elsewhere.txt"), ItemState.DONE);
        assertTrue(drag.isFinished(a));
        assertFalse(drag.isFinished(b), "an active download is not finished");
        assertTrue(drag.succeeded(a));
        assertFalse(drag.succeeded(c), "a failed download is finished but not there");
        assertEquals(List.of(b), drag.unfinished());
        assertEquals(List.of("b.bin"), drag.names(drag.unfinished()));
        assertFalse(drag.allFinished());
        assertFalse(drag.owns(TEMP.resolve("elsewhere.txt")));

        drag.missed(drag.unfinished());
        assertTrue(drag.wasMissed(b));
        assertFalse(drag.wasMissed(a));
        drag.update(b, ItemState.DONE);
        assertTrue(drag.allFinished());
        assertEquals(List.of(), drag.unfinished());
        drag.update(b, ItemState.QUEUED);
        assertTrue(drag.isFinished(b), "a later unfinished word does not undo a finished file");
    }

    @Test
    void stagingFoldersLeftByADeadRunAreDeletedAtTheNextStartButNotThisRunsOrEditCopies(@TempDir Path temporary)
            throws Exception {
        Path dead = Files.createDirectories(temporary.resolve(OutgoingDrag.PREFIX + "2147483000-abc"));
        Files.writeString(dead.resolve("left.txt"), "left behind");
        Path mine = OutgoingDrag.of(temporary, List.of(file("a.txt"))).folder();
        Files.createDirectories(mine);
        Path edit = Files.createDirectories(temporary.resolve(EditWatcher.PREFIX + "2147483000-1"));
        assertEquals(1, EditWatcher.cleanLeftovers(temporary, OutgoingDrag.PREFIX));
        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(mine), "a file manager may still be copying this run's staged files");
        assertTrue(Files.exists(edit), "edit copies have their own rule");
        File[] left = temporary.toFile().listFiles();
        assertEquals(2, left == null ? 0 : left.length);
    }
}
