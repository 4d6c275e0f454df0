package dev.ferry.ui.explorer;

import dev.ferry.ui.dialogs.NameTakenDialog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What a drop of the local list's own rows onto one of its folders moves, and how (FolderTreeDropTest drags it). */
class LocalMoveTest {

    @TempDir
    Path directory;

    /** A new folder on another file system than the test's (/dev/shm), for moves across disks; the test is skipped where there is none. */
    private Path otherDisk() throws IOException {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm to stand for another disk");
        assumeFalse(Files.getAttribute(directory, "unix:dev").equals(Files.getAttribute(shm, "unix:dev")),
                "/dev/shm is on the temporary folder's file system here");
        return Files.createTempDirectory(shm, "ferry-move-test-");
    }

    @Test
    void onlyWhatWouldMoveIsMoved() {
        Path site = directory.resolve("site");
        Path inner = site.resolve("inner");
        Path notes = directory.resolve("notes.txt");
        Path already = inner.resolve("a.txt");

        assertEquals(List.of(notes), LocalPane.movable(List.of(site, notes, already), inner),
                "not a folder into itself or what it holds, nor a file into the folder it is in");
        assertEquals(List.of(), LocalPane.movable(List.of(site), site), "not a folder into itself");
        assertEquals(List.of(directory.resolve("site-old")), LocalPane.movable(List.of(directory.resolve("site-old")), site),
                "a name that merely begins like the folder's is another folder");
    }

    @Test
    void aFolderWithFilesIsNotTakenToAnotherDiskAndTheWordsSaySo() throws Exception {
        Path folder = Files.createDirectories(directory.resolve("photos"));
        Files.writeString(folder.resolve("one.jpg"), "one");
        Path other = otherDisk();
        try {
            IOException refused = assertThrows(IOException.class, () -> LocalPane.move(folder, other.resolve("photos")));

            assertEquals(dev.ferry.ui.I18n.t("error.folderToOtherDisk", folder, other), refused.getMessage());
            assertEquals("one", Files.readString(folder.resolve("one.jpg")), "the folder stays whole where it was");
            assertFalse(Files.exists(other.resolve("photos")), "nothing begun on the other disk");

            Path file = Files.writeString(directory.resolve("single.txt"), "a file crosses disks");
            LocalPane.move(file, other.resolve("single.txt"));
            assertEquals("a file crosses disks", Files.readString(other.resolve("single.txt")));
            assertFalse(Files.exists(file), "moved, not copied");
            try (java.util.stream.Stream<Path> there = Files.list(other)) {
                assertEquals(List.of(other.resolve("single.txt")), there.toList(), "no copy under another name left behind");
            }

            Path empty = Files.createDirectories(directory.resolve("empty-folder"));
            LocalPane.move(empty, other.resolve("empty-folder"));
            assertTrue(Files.isDirectory(other.resolve("empty-folder")) && !Files.exists(empty), "an empty folder crosses too");
        } finally {
            LocalPane.deleteTree(other);
        }
    }

    @Test
    void aNameTheFolderHasIsNotReplaced() throws Exception {
        Path into = Files.createDirectories(directory.resolve("into"));
        Files.writeString(into.resolve("same.txt"), "already there");
        Path dragged = Files.writeString(directory.resolve("same.txt"), "dragged");

        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> LocalPane.move(dragged, into.resolve("same.txt")));
        assertEquals("already there", Files.readString(into.resolve("same.txt")));
        assertTrue(Files.exists(dragged));
    }

    /** What the names alone cannot tell (R10): a folder gone, the same folder by another path, a folder into itself by a link. */
    @Test
    void whatTheDiskSaysIsCheckedBeforeMoving() throws Exception {
        Path site = Files.createDirectories(directory.resolve("site"));
        Path inner = Files.createDirectories(site.resolve("inner"));
        Path notes = Files.writeString(directory.resolve("notes.txt"), "notes");
        Path gone = directory.resolve("gone");

        assertEquals(List.of(dev.ferry.ui.I18n.t("error.localGone", gone)), LocalPane.moveAll(List.of(notes), gone),
                "the folder dropped on is named, not the file");
        assertTrue(Files.exists(notes));

        Path sameByDots = site.resolve("..");
        assertEquals(List.of(), LocalPane.moveAll(List.of(notes), sameByDots), "already there: nothing to do, nothing to say");
        assertEquals("notes", Files.readString(notes));

        Path linkToInner = Files.createSymbolicLink(directory.resolve("to-inner"), inner);
        assertEquals(List.of(dev.ferry.ui.I18n.t("error.moveIntoItself", site, linkToInner)),
                LocalPane.moveAll(List.of(site), linkToInner));
        assertTrue(Files.isDirectory(inner), "the folder stays where it was");

        Files.writeString(inner.resolve("notes.txt"), "theirs");
        Path second = Files.writeString(directory.resolve("second.txt"), "second");
        assertEquals(List.of("notes.txt: " + dev.ferry.ui.I18n.t("error.alreadyExists", inner.resolve("notes.txt"))),
                LocalPane.moveAll(List.of(notes, second), inner), "one failure stops no other, and is said by name");
        assertEquals("second", Files.readString(inner.resolve("second.txt")));
        assertEquals("theirs", Files.readString(inner.resolve("notes.txt")));
    }

    /**
     * Files another application drops are copied in, as a file manager copies them: a folder whole,
     * with its link kept a link and its read-only folder still filled; never over a name the folder
     * has, never into itself; nothing hidden left behind.
     */
    @Test
    void anotherApplicationsFilesAreCopiedWholeAndTheirOwnStayWhereTheyWere() throws Exception {
        Path outside = Files.createDirectories(directory.resolve("file-manager"));
        Path album = Files.createDirectories(outside.resolve("album"));
        Files.writeString(album.resolve("one.txt"), "one");
        Path locked = Files.createDirectories(album.resolve("locked"));
        Files.writeString(locked.resolve("two.txt"), "two");
        Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.createSymbolicLink(album.resolve("link-to-one"), Path.of("one.txt"));
        Path notes = Files.writeString(outside.resolve("notes.txt"), "notes");
        Path into = Files.createDirectories(directory.resolve("into"));
        Files.writeString(into.resolve("taken.txt"), "already here");
        Path taken = Files.writeString(outside.resolve("taken.txt"), "dropped");
        try {
            List<String> failed = LocalPane.copyAll(List.of(album, notes, taken), into);

            assertEquals(List.of("taken.txt: " + dev.ferry.ui.dialogs.Dialogs.describe(
                    new java.nio.file.FileAlreadyExistsException(into.resolve("taken.txt").toString()))), failed);
            assertEquals("already here", Files.readString(into.resolve("taken.txt")), "not replaced");
            assertEquals("notes", Files.readString(into.resolve("notes.txt")));
            assertEquals("one", Files.readString(into.resolve("album/one.txt")));
            assertEquals("two", Files.readString(into.resolve("album/locked/two.txt")), "a read-only folder's files too");
            assertEquals(Files.getPosixFilePermissions(locked), Files.getPosixFilePermissions(into.resolve("album/locked")));
            assertTrue(Files.isSymbolicLink(into.resolve("album/link-to-one")), "a link stays a link");
            assertEquals(Path.of("one.txt"), Files.readSymbolicLink(into.resolve("album/link-to-one")));
            assertTrue(Files.exists(album.resolve("one.txt")) && Files.exists(notes), "copied, not moved");
            try (java.util.stream.Stream<Path> there = Files.list(into)) {
                assertEquals(List.of("album", "notes.txt", "taken.txt"),
                        there.map(p -> p.getFileName().toString()).sorted().toList(), "nothing hidden left behind");
            }

            assertEquals(List.of(dev.ferry.ui.I18n.t("error.copyIntoItself", album, album.resolve("locked"))),
                    LocalPane.copyAll(List.of(album), locked), "not into itself");
        } finally {
            Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            if (Files.exists(into.resolve("album/locked"))) {
                Files.setPosixFilePermissions(into.resolve("album/locked"),
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    /**
     * R12: the same folder dropped twice while its first copy ran. Both copies used one hidden name:
     * the second's failure removed the first's files, and the first gave a gutted folder its name.
     * One arrives whole; the other is refused by the name, not by a hidden one.
     */
    @Test
    void theSameFolderCopiedTwiceAtOnceArrivesWholeOnce() throws Exception {
        Path album = Files.createDirectories(directory.resolve("outside/album"));
        for (int i = 0; i < 1500; i++) {
            Files.writeString(album.resolve("f" + i + ".txt"), "file " + i);
        }
        Path into = Files.createDirectories(directory.resolve("into"));
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<List<String>>> copies = new java.util.ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 2; i++) {
                copies.add(threads.submit(() -> {
                    go.await();
                    return LocalPane.copyAll(List.of(album), into);
                }));
            }
            go.countDown();
        }
        List<String> failures = new java.util.ArrayList<>();
        for (var copy : copies) {
            failures.addAll(copy.get());
        }
        try (java.util.stream.Stream<Path> arrived = Files.list(into.resolve("album"))) {
            assertEquals(1500, arrived.count(), "whole: " + failures);
        }
        assertEquals(1, failures.size(), failures.toString());
        assertFalse(failures.getFirst().contains("ferry-copy"), "named by its own name: " + failures);
        try (java.util.stream.Stream<Path> there = Files.list(into)) {
            assertEquals(List.of(into.resolve("album")), there.toList(), "nothing hidden left behind");
        }
    }

    /** R13: a pipe dropped at the top was said to be "no longer there", under the hidden copy's name. */
    @Test
    void aPipeIsNotCopiedAndTheWordsSayWhy() throws Exception {
        Path pipe = directory.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        Path into = Files.createDirectories(directory.resolve("into-pipe"));
        assertEquals(List.of(dev.ferry.ui.I18n.t("error.specialNotCopied", pipe)), LocalPane.copyAll(List.of(pipe), into));
        try (java.util.stream.Stream<Path> there = Files.list(into)) {
            assertEquals(List.of(), there.toList(), "nothing made");
        }
    }

    /** R13: a name cut at 50 characters in the middle of an emoji made no path, and the whole drop failed. */
    @Test
    void aHiddenNameIsNeverCutInsideACharacter() {
        String name = "x".repeat(49) + "\uD83D\uDE00 holiday.txt";
        String hidden = LocalPane.hiddenName(name, "ferry-copy");
        assertTrue(hidden.startsWith("." + "x".repeat(49) + "\uD83D\uDE00."), hidden);
        assertTrue(hidden.codePoints().noneMatch(c -> Character.isSurrogate((char) c)), "no half character: " + hidden);
    }

    /**
     * U4: a move or copy onto a name the folder had only failed, with no way to replace the file
     * there or keep both, as a file manager offers. Asked for each taken name, once for the rest
     * where the user says so; a folder is never replaced.
     */
    @Test
    void aTakenNameIsAskedAboutReplacedKeptBesideOrSkipped() throws Exception {
        Path into = Files.createDirectories(directory.resolve("taken-into"));
        Files.writeString(into.resolve("replace.txt"), "old");
        Files.writeString(into.resolve("both.txt"), "old");
        Files.writeString(into.resolve("both (1).txt"), "an earlier copy");
        Files.writeString(into.resolve("skip.txt"), "old");
        Files.createDirectories(into.resolve("album")).resolve("kept.jpg").toFile().createNewFile();
        Path from = Files.createDirectories(directory.resolve("taken-from"));
        Path replace = Files.writeString(from.resolve("replace.txt"), "new");
        Path both = Files.writeString(from.resolve("both.txt"), "new");
        Path skip = Files.writeString(from.resolve("skip.txt"), "new");
        Path album = Files.createDirectories(from.resolve("album"));
        Files.writeString(album.resolve("new.jpg"), "new");
        Path fresh = Files.writeString(from.resolve("fresh.txt"), "new");
        java.util.Map<String, NameTakenDialog.Choice> choices = java.util.Map.of("replace.txt", NameTakenDialog.Choice.REPLACE,
                "both.txt", NameTakenDialog.Choice.KEEP_BOTH, "skip.txt", NameTakenDialog.Choice.SKIP, "album", NameTakenDialog.Choice.KEEP_BOTH);
        List<String> asked = new java.util.ArrayList<>();
        List<Boolean> replaceOffered = new java.util.ArrayList<>();
        List<Boolean> moreTaken = new java.util.ArrayList<>();

        List<String> failed = LocalPane.moveAll(List.of(replace, both, skip, album, fresh), into, (taken, more) -> {
            asked.add(taken.target().getFileName().toString());
            replaceOffered.add(taken.canReplace());
            moreTaken.add(more);
            return new NameTakenDialog.Answer(choices.get(taken.target().getFileName().toString()), false);
        });

        assertEquals(List.of(), failed);
        assertEquals(List.of("replace.txt", "both.txt", "skip.txt", "album"), asked, "each taken name asked about, in order");
        assertEquals(List.of(true, true, true, false), replaceOffered, "a folder is not offered to be replaced");
        assertEquals(List.of(true, true, true, false), moreTaken,
                "an answer for the rest offered while other names of the drop are taken: not at the last of them");
        assertEquals("new", Files.readString(into.resolve("replace.txt")), "replaced");
        assertEquals("old", Files.readString(into.resolve("both.txt")), "kept");
        assertEquals("an earlier copy", Files.readString(into.resolve("both (1).txt")), "a number already taken is passed over");
        assertEquals("new", Files.readString(into.resolve("both (2).txt")), "the arriving one under the next free number");
        assertEquals("old", Files.readString(into.resolve("skip.txt")), "skipped");
        assertTrue(Files.exists(skip), "a skipped file stays where it was");
        assertTrue(Files.exists(into.resolve("album/kept.jpg")) && Files.exists(into.resolve("album (1)/new.jpg")),
                "the folder kept beside the one there, neither merged nor replaced");
        assertEquals("new", Files.readString(into.resolve("fresh.txt")), "a free name is not asked about");
        assertFalse(Files.exists(replace) || Files.exists(both) || Files.exists(album), "moved, not copied");
    }

    @Test
    void anAnswerForTheRestIsAskedOnceAndACopyReplacesOnlyTheFileThere() throws Exception {
        Path into = Files.createDirectories(directory.resolve("rest-into"));
        Path from = Files.createDirectories(directory.resolve("rest-from"));
        List<Path> dropped = new java.util.ArrayList<>();
        for (String name : List.of("a.txt", "b.txt", "c.txt")) {
            Files.writeString(into.resolve(name), "old " + name);
            dropped.add(Files.writeString(from.resolve(name), "new " + name));
        }
        List<Boolean> more = new java.util.ArrayList<>();

        List<String> failed = LocalPane.copyAll(dropped, into, (taken, others) -> {
            more.add(others);
            return new NameTakenDialog.Answer(NameTakenDialog.Choice.REPLACE, true);
        });

        assertEquals(List.of(), failed);
        assertEquals(List.of(true), more, "asked once, told that others were to come");
        for (String name : List.of("a.txt", "b.txt", "c.txt")) {
            assertEquals("new " + name, Files.readString(into.resolve(name)), "replaced");
            assertEquals("new " + name, Files.readString(from.resolve(name)), "a copy leaves what was dropped");
        }
        try (java.util.stream.Stream<Path> there = Files.list(into)) {
            assertEquals(3, there.count(), "nothing hidden left behind");
        }
    }

    /**
     * R14: a link dropped onto the file it points to, answered Replace, put the link over its own
     * target: the file's contents gone, no error. Such a link is not offered to replace the file.
     */
    @Test
    void aLinkIsNotOfferedToReplaceTheFileItPointsTo() throws Exception {
        for (boolean move : List.of(true, false)) {
            Path into = Files.createDirectories(directory.resolve("link-into-" + move));
            Path file = Files.writeString(into.resolve("report.txt"), "the only copy");
            Path from = Files.createDirectories(directory.resolve("link-from-" + move));
            Path link = Files.createSymbolicLink(from.resolve("report.txt"), file);
            List<Boolean> replaceOffered = new java.util.ArrayList<>();
            LocalPane.TakenNameQuestion question = (taken, more) -> {
                replaceOffered.add(taken.canReplace());
                return new NameTakenDialog.Answer(taken.canReplace() ? NameTakenDialog.Choice.REPLACE
                        : NameTakenDialog.Choice.KEEP_BOTH, false);
            };

            List<String> failed = move ? LocalPane.moveAll(List.of(link), into, question) : LocalPane.copyAll(List.of(link), into, question);

            assertEquals(List.of(), failed);
            assertEquals(List.of(false), replaceOffered, "replace not offered for a link to the file there (move " + move + ")");
            assertEquals("the only copy", Files.readString(file), "the file there whole (move " + move + ")");
            assertTrue(Files.isSymbolicLink(into.resolve("report (1).txt")), "the link kept beside it");
        }
    }

    /**
     * R14: two drops answered "Keep both" at the same moment took the same free name, and the second
     * rename replaced the first file moved there (its source already gone). A free name is claimed
     * before anything goes to it.
     */
    @Test
    void twoDropsKeepingBothAtOnceLoseNothing() throws Exception {
        Path into = Files.createDirectories(directory.resolve("race-into"));
        List<List<Path>> drops = new java.util.ArrayList<>();
        for (String side : List.of("a", "b")) {
            Path from = Files.createDirectories(directory.resolve("race-" + side));
            List<Path> files = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Files.writeString(into.resolve("f" + i + ".txt"), "there " + i);
                files.add(Files.writeString(from.resolve("f" + i + ".txt"), side + " " + i));
            }
            drops.add(files);
        }
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        LocalPane.TakenNameQuestion question = (taken, more) -> {
            try {
                together.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception notTogether) {
                // The other drop is done or late: this answer comes alone.
            }
            return new NameTakenDialog.Answer(NameTakenDialog.Choice.KEEP_BOTH, false);
        };
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var first = threads.submit(() -> LocalPane.moveAll(drops.get(0), into, question));
            var second = threads.submit(() -> LocalPane.moveAll(drops.get(1), into, question));
            assertEquals(List.of(), first.get(), "the first drop");
            assertEquals(List.of(), second.get(), "the second drop");
        }
        java.util.Set<String> contents = new java.util.HashSet<>();
        try (java.util.stream.Stream<Path> there = Files.list(into)) {
            for (Path file : there.toList()) {
                contents.add(Files.readString(file));
            }
        }
        assertEquals(600, contents.size(), "every file there, none replaced by another");
    }

    /** A name claimed for "Keep both" holds the file moved across disks, and goes again when nothing could arrive in it. */
    @Test
    void keepingBothAcrossDisksLeavesNoEmptyClaimBehind() throws Exception {
        Path other = otherDisk();
        try {
            Files.writeString(other.resolve("notes.txt"), "there");
            Files.createDirectories(other.resolve("photos"));
            Path notes = Files.writeString(directory.resolve("notes.txt"), "moved");
            Path photos = Files.createDirectories(directory.resolve("photos"));
            Files.writeString(photos.resolve("one.jpg"), "one");

            List<String> failed = LocalPane.moveAll(List.of(notes, photos), other,
                    (taken, more) -> new NameTakenDialog.Answer(NameTakenDialog.Choice.KEEP_BOTH, false));

            assertEquals(List.of("photos: " + dev.ferry.ui.I18n.t("error.folderToOtherDisk", photos, other)), failed);
            assertEquals("moved", Files.readString(other.resolve("notes (1).txt")), "the file under its claimed name");
            assertEquals("there", Files.readString(other.resolve("notes.txt")));
            assertFalse(Files.exists(notes), "moved, not copied");
            assertFalse(Files.exists(other.resolve("photos (1)")), "the folder's claim gone with the refusal");
            assertEquals("one", Files.readString(photos.resolve("one.jpg")), "the folder whole where it was");
        } finally {
            LocalPane.deleteTree(other);
        }
    }

    /**
     * R15: kept beside the file there, a move across disks whose source could not be removed left its
     * copy and said "now in both places" (and said so of an empty file whose copy it had removed). A
     * move that replaced nothing of the user's is all or nothing, as any other move.
     */
    @Test
    void keepingBothAcrossDisksWhenTheSourceCannotGoLeavesNoCopy() throws Exception {
        Path from = Files.createDirectories(directory.resolve("fixed"));
        Path notes = Files.writeString(from.resolve("notes.txt"), "moved");
        Path empty = Files.createFile(from.resolve("empty.txt"));
        Path other = otherDisk();
        // Not even root removes a file from an immutable folder; a plain permission would not stop root.
        Process immutable = new ProcessBuilder("chattr", "+i", from.toString()).redirectErrorStream(true).start();
        String said = new String(immutable.getInputStream().readAllBytes());
        assumeTrue(immutable.waitFor() == 0, "chattr +i is not possible here (root on a file system that has it): " + said);
        try {
            Files.writeString(other.resolve("notes.txt"), "there");
            Files.writeString(other.resolve("empty.txt"), "there too");

            List<String> failed = LocalPane.moveAll(List.of(notes, empty), other,
                    (taken, more) -> new NameTakenDialog.Answer(NameTakenDialog.Choice.KEEP_BOTH, false));

            assertEquals(2, failed.size(), failed.toString());
            String bothPlaces = dev.ferry.ui.I18n.t("error.movedButNotRemoved", "A", "B", "C");
            String saidOfACopyLeft = bothPlaces.substring(bothPlaces.indexOf("(C)") + 3);
            assertTrue(failed.stream().noneMatch(words -> words.contains(saidOfACopyLeft)), "not said to be in both places: " + failed);
            try (java.util.stream.Stream<Path> there = Files.list(other)) {
                assertEquals(java.util.Set.of(other.resolve("notes.txt"), other.resolve("empty.txt")), java.util.Set.copyOf(there.toList()),
                        "no copy and no claimed name left there");
            }
            assertEquals("moved", Files.readString(notes), "the file still where it was");
        } finally {
            new ProcessBuilder("chattr", "-i", from.toString()).start().waitFor();
            LocalPane.deleteTree(other);
        }
    }
}
