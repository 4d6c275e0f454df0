package dev.ferry.ui.explorer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The local list's Delete, into a Trash laid out as the freedesktop.org specification says. */
class LocalTrashTest {

    @TempDir
    Path directory;

    private Path homeTrash() {
        return directory.resolve("data/Trash");
    }

    private static String info(Path trash, String name) throws IOException {
        return Files.readString(trash.resolve("info").resolve(name + ".trashinfo"));
    }

    @Test
    void aFileAndAFolderGoToTheTrashWithWhereTheyCameFrom() throws Exception {
        Path folder = Files.createDirectories(directory.resolve("work/site"));
        Files.writeString(folder.resolve("index.html"), "<p>hello</p>");
        Path file = Files.writeString(directory.resolve("work/notes.txt"), "notes");
        LocalTrash trash = new LocalTrash(homeTrash());

        assertEquals(homeTrash().resolve("files/notes.txt"), trash.moveToTrash(file));
        trash.moveToTrash(folder);

        assertFalse(Files.exists(file) || Files.exists(folder), "still where they were");
        assertEquals("notes", Files.readString(homeTrash().resolve("files/notes.txt")));
        assertEquals("<p>hello</p>", Files.readString(homeTrash().resolve("files/site/index.html")));
        String notes = info(homeTrash(), "notes.txt");
        assertTrue(notes.startsWith("[Trash Info]\n"), notes);
        assertTrue(notes.contains("\nPath=" + directory.toRealPath().resolve("work/notes.txt") + "\n"), notes);
        assertTrue(notes.matches("(?s).*\nDeletionDate=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\n"), notes);
        assertTrue(info(homeTrash(), "site").contains("\nPath=" + directory.toRealPath().resolve("work/site") + "\n"));
    }

    @Test
    void aSecondFileOfTheSameNameIsKeptBesideTheFirst() throws Exception {
        LocalTrash trash = new LocalTrash(homeTrash());
        Path first = Files.writeString(Files.createDirectories(directory.resolve("a")).resolve("report.txt"), "first");
        Path second = Files.writeString(Files.createDirectories(directory.resolve("b")).resolve("report.txt"), "second");

        trash.moveToTrash(first);
        Path kept = trash.moveToTrash(second);

        assertEquals(homeTrash().resolve("files/report (2).txt"), kept);
        assertEquals("first", Files.readString(homeTrash().resolve("files/report.txt")));
        assertEquals("second", Files.readString(kept));
        assertTrue(info(homeTrash(), "report (2).txt").contains("Path=" + directory.toRealPath().resolve("b/report.txt")));
    }

    @Test
    void aNameIsRecordedEscapedAsTheSpecificationAsks() throws Exception {
        assertEquals("/home/ann/my%20file%20%C3%BC%25.txt", LocalTrash.escaped("/home/ann/my file ü%.txt"));
        Path odd = Files.writeString(directory.resolve("a b#ü.txt"), "x");
        new LocalTrash(homeTrash()).moveToTrash(odd);
        assertTrue(info(homeTrash(), "a b#ü.txt").contains("/a%20b%23%C3%BC.txt\n"));
    }

    @Test
    void aLinkGoesToTheTrashAndWhatItPointsToStays() throws Exception {
        Path target = Files.createDirectories(directory.resolve("target"));
        Files.writeString(target.resolve("keep.txt"), "keep");
        Path link = Files.createSymbolicLink(directory.resolve("link"), target);

        new LocalTrash(homeTrash()).moveToTrash(link);

        assertTrue(Files.isSymbolicLink(homeTrash().resolve("files/link")), "the link itself is in the Trash");
        assertEquals("keep", Files.readString(target.resolve("keep.txt")), "what it pointed to was touched");
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void theHomeTrashIsWhereTheDesktopSaysIt() {
        Path home = Path.of("/home/ann");
        assertEquals(Path.of("/data/ann/Trash"), LocalTrash.homeTrash(Map.of("XDG_DATA_HOME", "/data/ann"), home));
        assertEquals(Path.of("/home/ann/.local/share/Trash"), LocalTrash.homeTrash(Map.of(), home));
        assertEquals(Path.of("/home/ann/.local/share/Trash"), LocalTrash.homeTrash(Map.of("XDG_DATA_HOME", "relative"), home));
    }

    /**
     * A file on another file system (a USB stick, here tmpfs) goes to the trash at that file system's
     * top, under the user's own {@code .Trash-uid}, recorded relative to that top: never copied home.
     */
    @Test
    void aFileOnAnotherFileSystemGoesToTheTrashAtItsTop() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm to stand for another file system");
        Object homeDevice = Files.getAttribute(Files.createDirectories(homeTrash()), "unix:dev");
        assumeFalse(homeDevice.equals(Files.getAttribute(shm, "unix:dev")),
                "/dev/shm is on the temporary folder's file system here");
        assumeTrue(shm.equals(shm.toRealPath()), "/dev/shm is a link here");
        String uid = String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        Path topTrash = shm.resolve(".Trash-" + uid);
        assumeFalse(Files.isDirectory(shm.resolve(".Trash")), "/dev/shm has a shared .Trash; this test would use it");
        boolean hadTopTrash = Files.exists(topTrash);
        Path mine = Files.createTempDirectory(shm, "ferry-trash-test-");
        String name = "stick-" + System.nanoTime() + ".txt";
        Path file = Files.writeString(mine.resolve(name), "on the stick");
        try {
            Path moved = new LocalTrash(homeTrash()).moveToTrash(file);

            assertEquals(topTrash.resolve("files").resolve(name), moved);
            assertEquals("on the stick", Files.readString(moved));
            assertTrue(info(topTrash, name).contains("\nPath=" + mine.getFileName() + "/" + name + "\n"),
                    "recorded relative to the file system's top: " + info(topTrash, name));
            assertFalse(Files.exists(homeTrash().resolve("files").resolve(name)), "copied into the home trash");
            if (!hadTopTrash) {
                assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(topTrash)), "a trash others may read");
            }
        } finally {
            Files.deleteIfExists(topTrash.resolve("files").resolve(name));
            Files.deleteIfExists(topTrash.resolve("info").resolve(name + ".trashinfo"));
            deleteTree(mine);
            if (!hadTopTrash) {
                deleteTree(topTrash);
            }
        }
    }

    /**
     * A {@code .Trash-uid} at a disk's top that others may write to (someone made it first, on a
     * shared stick) is not used: they could take or change what goes there (R8).
     */
    @Test
    void aTrashAtTheTopThatOthersMayChangeIsNotUsed() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm to stand for another file system");
        Object homeDevice = Files.getAttribute(Files.createDirectories(homeTrash()), "unix:dev");
        assumeFalse(homeDevice.equals(Files.getAttribute(shm, "unix:dev")), "/dev/shm is on the temporary folder's file system here");
        assumeFalse(Files.isDirectory(shm.resolve(".Trash")), "/dev/shm has a shared .Trash; this test would use it");
        String uid = String.valueOf(Files.getAttribute(homeTrash(), "unix:uid"));
        Path topTrash = shm.resolve(".Trash-" + uid);
        assumeFalse(Files.exists(topTrash, LinkOption.NOFOLLOW_LINKS), topTrash + " is in use here");
        Files.createDirectory(topTrash);
        Files.setPosixFilePermissions(topTrash, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path mine = Files.createTempDirectory(shm, "ferry-trash-test-");
        Path file = Files.writeString(mine.resolve("private.txt"), "mine");
        try {
            LocalTrash.Unavailable refused = org.junit.jupiter.api.Assertions.assertThrows(LocalTrash.Unavailable.class,
                    () -> new LocalTrash(homeTrash()).moveToTrash(file));
            assertTrue(refused.getMessage().contains("/dev/shm"), refused.getMessage());
            assertEquals("mine", Files.readString(file), "moved into a trash others may change");
        } finally {
            deleteTree(mine);
            deleteTree(topTrash);
        }
    }

    @Test
    void aFolderThatHoldsTheTrashItselfIsNotMovedIntoIt() throws Exception {
        Path data = Files.createDirectories(directory.resolve("data"));
        Files.createDirectories(homeTrash());
        LocalTrash.Unavailable refused = org.junit.jupiter.api.Assertions.assertThrows(LocalTrash.Unavailable.class,
                () -> new LocalTrash(homeTrash()).moveToTrash(data));
        assertTrue(refused.getMessage().contains(homeTrash().toString()), refused.getMessage());
        assertTrue(Files.isDirectory(homeTrash()), "the trash moved away");
    }

    /** A home Trash that is a link to a folder elsewhere is used, as the desktop's tools use it (R8). */
    @Test
    void aHomeTrashThatIsALinkIsFollowed() throws Exception {
        Path elsewhere = Files.createDirectories(directory.resolve("elsewhere/Trash"));
        Files.createDirectories(homeTrash().getParent());
        Files.createSymbolicLink(homeTrash(), elsewhere);
        Path file = Files.writeString(directory.resolve("linked.txt"), "x");
        new LocalTrash(homeTrash()).moveToTrash(file);
        assertEquals("x", Files.readString(elsewhere.resolve("files/linked.txt")));
    }

    /** A name of 250 bytes made the description's name too long for the file system (R8). */
    @Test
    void aLongNameGoesToTheTrashUnderAShorterOne() throws Exception {
        String name = "长".repeat(82) + ".t";
        Path file = Files.writeString(directory.resolve(name), "long");
        Path moved = new LocalTrash(homeTrash()).moveToTrash(file);
        assertEquals("long", Files.readString(moved));
        assertTrue(moved.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + ".trashinfo".length() <= 255);
        String description = info(homeTrash(), moved.getFileName().toString());
        assertTrue(description.contains(LocalTrash.escaped(file.toString()) + "\n"), "the whole name is where it came from");
    }

    /**
     * A disk mounted at a folder: neither trashed nor offered for deletion, and a folder deleted for
     * good with a disk mounted inside it is left whole (R9: "delete for good" emptied the mounted disk).
     */
    @Test
    void aMountPointIsNeitherTrashedNorDeleted() throws Exception {
        Path holder = Files.createDirectories(directory.resolve("holder"));
        Path mountPoint = Files.createDirectories(holder.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here (not root?): " + said);
        try {
            Path onTheDisk = Files.writeString(mountPoint.resolve("keep.txt"), "on the mounted disk");
            LocalTrash.Unavailable refused = org.junit.jupiter.api.Assertions.assertThrows(LocalTrash.Untouchable.class,
                    () -> new LocalTrash(homeTrash()).moveToTrash(mountPoint));
            assertTrue(refused.getMessage().contains("mounted"), refused.getMessage());
            IOException notDeleted = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> LocalPane.deleteTree(mountPoint));
            assertTrue(notDeleted.getMessage().contains(mountPoint.toString()), notDeleted.getMessage());
            org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> LocalPane.deleteTree(holder));
            assertEquals("on the mounted disk", Files.readString(onTheDisk), "the mounted disk was emptied");
        } finally {
            new ProcessBuilder("umount", mountPoint.toString()).inheritIO().start().waitFor();
        }
    }

    /** Root with another user's HOME: their Trash is neither used nor made (R9: it took root's files). */
    @Test
    void aHomeTrashOfAnotherUserIsNotUsed() throws Exception {
        Path theirs = Files.createDirectories(directory.resolve("their-home"));
        IOException notGiven = null;
        try {
            Files.setAttribute(theirs, "unix:uid", 65534);
        } catch (IOException e) {
            notGiven = e;
        }
        assumeTrue(notGiven == null, "cannot give a folder to another user here (not root?): " + notGiven);
        Path file = Files.writeString(directory.resolve("roots.txt"), "root's");
        LocalTrash.Unavailable refused = org.junit.jupiter.api.Assertions.assertThrows(LocalTrash.Unavailable.class,
                () -> new LocalTrash(theirs.resolve(".local/share/Trash")).moveToTrash(file));
        assertTrue(refused.getMessage().contains(theirs.toString()), refused.getMessage());
        assertFalse(Files.exists(theirs.resolve(".local")), "made in their home");
        assertEquals("root's", Files.readString(file));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
