package dev.ferry.ftp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A local failure is classified by its type and the state of the disk, never by the words of the
 * operating system, which are translated on a localized system. (A real full disk: DiskFullTest.)
 */
class LocalFileExceptionTest {

    @TempDir
    Path directory;

    @Test
    void theOperatingSystemsWordsDoNotMakeADiskFull() {
        // English words, but this disk has room: not "disk full".
        LocalFileException e = LocalFileException.of(FtpText.LOCAL_WRITE, directory.resolve("f"),
                new IOException("No space left on device"));
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
