package dev.ferry.cli;

import dev.ferry.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run builds only the command it names; help, a typo and --version still see every command. */
class CommandsCliTest {

    private static final List<String> COMMANDS = List.of("ls", "get", "put", "mirror", "sync", "queue", "sites", "diagnose");

    @TempDir
    Path directory;

    @Test
    void helpListsEveryCommandInOrder() throws Exception {
        CliProcess.Result help = CliProcess.run(directory, "--help");
        assertEquals(0, help.exitCode(), help::toString);
        int last = -1;
        for (String command : COMMANDS) {
            int at = help.stdout().indexOf("\n  " + command + " ");
            assertTrue(at > last, command + " listed after the commands before it:\n" + help.stdout());
            last = at;
        }
    }

    @Test
    void eachCommandHasItsHelpAndItsParentsOptions() throws Exception {
        for (String command : COMMANDS) {
            CliProcess.Result help = CliProcess.run(directory, command, "--help");
            assertEquals(0, help.exitCode(), help::toString);
            assertTrue(help.stdout().startsWith("Usage: ferry " + command), help.stdout());
            // --version is the root's, inherited by every command.
            assertTrue(help.stdout().contains("--version"), help.stdout());
        }
    }

    @Test
    void aMistypedCommandIsNamedWithTheOneMeant() throws Exception {
        CliProcess.Result typo = CliProcess.run(directory, "mirorr", "ftp://127.0.0.1/x", "here");
        assertTrue(typo.exitCode() != 0, typo::toString);
        assertTrue(typo.stderr().contains("mirorr") && typo.stderr().contains("mirror"), typo::toString);
    }
}
