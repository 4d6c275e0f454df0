package dev.ferry.ftp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A local failure is classified by its type and the state of the disk; the operating system's words, which
 * are translated on a localized system, only add what the disk's state cannot show (ENOSPC with bytes free:
 * no inodes left; EDQUOT). (A real full disk, and one out of inodes: DiskFullTest.)
 */
class LocalFileExceptionTest {

    @TempDir
    Path directory;

    @Test
    void aDiskThatSaysNoSpaceWithBytesFreeHasNoRoomForMoreFiles() {
        LocalFileException e = LocalFileException.of(FtpText.LOCAL_WRITE, directory.resolve("f"),
                new IOException("No space left on device"));
        assertEquals(LocalFileException.Kind.DISK_FULL, e.kind());
        assertEquals(FtpText.LOCAL_NO_MORE_FILES, e.explanation().key());
        LocalFileException quota = LocalFileException.of(FtpText.LOCAL_WRITE, directory.resolve("f"),
                new java.nio.file.FileSystemException(directory.resolve("f").toString(), null, "Disk quota exceeded"));
        assertEquals(LocalFileException.Kind.DISK_FULL, quota.kind());
        assertEquals(FtpText.LOCAL_QUOTA_EXCEEDED, quota.explanation().key());
    }

    /** R33: the words are the system's reason, not the path that names the file. */
    @Test
    void aPathNamedForTheErrorIsNotAFullDisk() {
        Path path = directory.resolve("No space left on device - web1.eml");
        LocalFileException e = LocalFileException.of(FtpText.LOCAL_WRITE, path,
                new java.nio.file.FileSystemException(path.toString(), null, "Read-only file system"));
        assertEquals(LocalFileException.Kind.OTHER, e.kind());
    }

    /** macOS and the BSDs spell EDQUOT "Disc quota exceeded". */
    @Test
    void theBsdSpellingOfAQuota() {
        Path path = directory.resolve("x.bin.part");
        LocalFileException e = LocalFileException.of(FtpText.LOCAL_WRITE, path,
                new java.nio.file.FileSystemException(path.toString(), null, "Disc quota exceeded"));
        assertEquals(FtpText.LOCAL_QUOTA_EXCEEDED, e.explanation().key());
    }

    @Test
    void wordsNotKnownDoNotMakeADiskFull() {
        // German words for ENOSPC on a disk with room: no guess at every translation; said as the system says it.
        LocalFileException e = LocalFileException.of(FtpText.LOCAL_WRITE, directory.resolve("f"),
                new IOException("Auf dem Gerät ist kein Speicherplatz mehr verfügbar"));
        assertEquals(LocalFileException.Kind.OTHER, e.kind());
    }

    @Test
    void aFileSystemWithoutSpaceOfItsOwnIsNotAFullDisk() {
        // /proc, /sys and the like report no space at all: writing there fails for other reasons.
        Path proc = Path.of("/proc");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(proc), "no /proc on this system");
        LocalFileException e = LocalFileException.of(FtpText.LOCAL_WRITE, proc.resolve("x.part"),
                new java.nio.file.NoSuchFileException(proc.resolve("x.part").toString()));
        assertEquals(LocalFileException.Kind.OTHER, e.kind());
    }

    @Test
    void permissionIsKnownByTheExceptionsType() {
        // German words: the type says it all.
        LocalFileException e = LocalFileException.of(FtpText.LOCAL_WRITE, directory.resolve("f"),
                new AccessDeniedException(directory.resolve("f").toString(), null, "Keine Berechtigung"));
        assertEquals(LocalFileException.Kind.NO_PERMISSION, e.kind());
    }

    @Test
    void aFailureWithoutAFileLearnsItsFileLater() {
        LocalFileException e = LocalFileException.of(FtpText.LOCAL_WRITE, null, new IOException("x"));
        assertEquals(null, e.path());
        assertEquals(directory.resolve("f"), e.at(directory.resolve("f")).path());
    }

    /** "Could not create the folder /d: /d" and "FileSystemException: …: Not a directory" said nothing useful. */
    @Test
    void aFileWhereAFolderIsNeededIsNamed() throws IOException {
        Path file = java.nio.file.Files.writeString(directory.resolve("notes.txt"), "a file");
        LocalFileException asFolder = LocalFileException.of(FtpText.LOCAL_CREATE_FOLDER, file,
                new java.nio.file.FileAlreadyExistsException(file.toString()));
        assertEquals(LocalFileException.Kind.FILE_IN_THE_WAY, asFolder.kind());
        assertEquals("Could not create the folder " + file + ": " + file + " is a file, not a folder",
                dev.ferry.testing.English.of(asFolder));

        Path below = file.resolve("x.part");
        LocalFileException under = LocalFileException.of(FtpText.LOCAL_WRITE, below,
                new java.nio.file.FileSystemException(below.toString(), null, "Not a directory"));
        assertEquals(LocalFileException.Kind.FILE_IN_THE_WAY, under.kind());
        assertEquals("Could not write " + below + ": " + file + " is a file, not a folder",
                dev.ferry.testing.English.of(under));
    }

    /** The .part suffix can make a name that fits too long: said as such, not as the system's words. */
    @Test
    void aNameTooLongForTheFileSystemIsSaid() {
        Path longName = directory.resolve("L".repeat(252) + ".txt.part");
        LocalFileException e = LocalFileException.of(FtpText.LOCAL_WRITE, longName,
                new java.nio.file.FileSystemException(longName.toString(), null, "File name too long"));
        assertEquals(LocalFileException.Kind.NAME_TOO_LONG, e.kind());
    }
}
