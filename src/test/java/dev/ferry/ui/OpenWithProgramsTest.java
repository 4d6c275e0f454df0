package dev.ferry.ui;

import dev.ferry.store.ConfigDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What "Open with…" keeps, and what it never keeps (R11). */
class OpenWithProgramsTest {

    @TempDir
    Path directory;
    private String configBefore;

    @BeforeEach
    void ownConfig() {
        configBefore = System.getProperty(ConfigDirectory.OVERRIDE_PROPERTY);
        System.setProperty(ConfigDirectory.OVERRIDE_PROPERTY, directory.resolve("config").toString());
    }

    @AfterEach
    void configBack() {
        if (configBefore == null) {
            System.clearProperty(ConfigDirectory.OVERRIDE_PROPERTY);
        } else {
            System.setProperty(ConfigDirectory.OVERRIDE_PROPERTY, configBefore);
        }
    }

    private Path program(String name) throws Exception {
        Path program = Files.writeString(directory.resolve(name), "#!/bin/sh\n");
        program.toFile().setExecutable(true);
        return program;
    }

    @Test
    void aViewerIsKeptPerTypeAndNotForFoldersOrNamesWithoutOne() throws Exception {
        OpenWithPrograms programs = OpenWithPrograms.shared();
        assertSame(programs, OpenWithPrograms.shared(), "one for the process: two opens at once write one file");
        Path viewer = program("viewer");

        assertTrue(programs.remember(directory.resolve("a.LOG"), viewer));
        assertEquals(Optional.of(viewer.toAbsolutePath()), programs.programFor(directory.resolve("b.log")));
        Path folder = Files.createDirectories(directory.resolve("site.log"));
        assertEquals(Optional.empty(), programs.programFor(folder), "a folder with a dot opens as a folder");
        assertFalse(programs.remember(directory.resolve("Makefile"), viewer), "no extension, nothing kept");
        assertTrue(Files.readString(directory.resolve("config").resolve(OpenWithPrograms.FILE_NAME)).contains("\"log\""));
    }

    @Test
    void aProgramThatRunsFilesIsNeverKept() throws Exception {
        OpenWithPrograms programs = OpenWithPrograms.shared();
        for (String runner : new String[]{"sh", "bash", "python3", "python3.11", "perl", "node", "env"}) {
            assertFalse(programs.remember(directory.resolve("script.py"), program(runner)), runner);
        }
        Path linked = Files.createSymbolicLink(directory.resolve("my-viewer"), program("python3.12"));
        assertFalse(programs.remember(directory.resolve("script.py"), linked), "a link to an interpreter");
        assertEquals(Optional.empty(), programs.programFor(directory.resolve("other.py")));
    }
}
