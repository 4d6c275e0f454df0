package dev.ferry.cli;

import dev.ferry.testing.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /**
     * T5: `ferry mirror --help` broke a sentence after "(a copy changed only", the rest on the next line: each
     * string of a description is a line of its own, and one sentence had been cut into two strings.
     */
    @Test
    void noHelpBreaksASentenceShort() throws Exception {
        List<List<String>> commands = new java.util.ArrayList<>(COMMANDS.stream().map(List::of).toList());
        commands.add(List.of("sites", "import-filezilla"));
        for (List<String> command : commands) {
            List<String> arguments = new java.util.ArrayList<>(command);
            arguments.add("--help");
            CliProcess.Result help = CliProcess.run(directory, arguments.toArray(String[]::new));
            List<String> lines = help.stdout().lines().toList();
            for (int i = 0; i + 1 < lines.size(); i++) {
                // The description's lines start at the margin; the options' own, wrapped by picocli, are indented.
                String line = lines.get(i);
                String next = lines.get(i + 1).strip();
                boolean shortAndOpen = !line.isEmpty() && !line.startsWith(" ") && line.length() < 60
                        && !line.matches(".*[.:?!]$") && !line.startsWith("Usage");
                assertFalse(shortAndOpen && !next.isEmpty() && Character.isLowerCase(next.charAt(0)),
                        command + ": a sentence broken after \"" + line + "\":\n" + help.stdout());
            }
        }
    }

    @Test
    void aMistypedCommandIsNamedWithTheOneMeant() throws Exception {
        CliProcess.Result typo = CliProcess.run(directory, "mirorr", "ftp://127.0.0.1/x", "here");
        assertTrue(typo.exitCode() != 0, typo::toString);
        assertTrue(typo.stderr().contains("mirorr") && typo.stderr().contains("mirror"), typo::toString);
    }

    private static final java.util.Map<String, String> CHINESE = java.util.Map.of("JAVA_TOOL_OPTIONS",
            "-Duser.language=zh -Duser.country=CN -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8");

    /**
     * Under a Chinese locale picocli's own mistakes (a missing URL, an unknown option, a value that is
     * no number) and the help's headings were English, amid the command line's Chinese sentences.
     */
    @Test
    void picocliMistakesAndHelpHeadingsAreInChineseUnderAChineseLocale() throws Exception {
        CliProcess.Result missing = CliProcess.run(directory, CHINESE, "get");
        assertEquals(2, missing.exitCode(), missing::toString);
        // After the JVM's own "Picked up JAVA_TOOL_OPTIONS" line.
        assertTrue(missing.stderr().contains("\n缺少必需的参数：'URL'\n用法：ferry get "), missing::toString);

        CliProcess.Result unknown = CliProcess.run(directory, CHINESE, "get", "-Z", "ftp://127.0.0.1/x", "here");
        assertTrue(unknown.stderr().contains("\n未知选项：'-Z'\n"), unknown::toString);

        CliProcess.Result notANumber = CliProcess.run(directory, CHINESE, "get", "--parallel", "x", "ftp://127.0.0.1/x", "here");
        assertTrue(notANumber.stderr().contains("\n选项 '--parallel' 的值无效：'x' 不是整数\n"), notANumber::toString);

        CliProcess.Result withoutValue = CliProcess.run(directory, CHINESE, "get", "ftp://127.0.0.1/x", "--user");
        assertTrue(withoutValue.stderr().contains("\n选项 '--user' 缺少值（U）\n"), withoutValue::toString);

        // The synopsis's second line starts under "[-chrV]": "用法：" takes six columns, not three.
        assertTrue(missing.stderr().contains("\n用法：ferry get [-chrV] [--active]") && missing.stderr()
                        .contains("\n" + " ".repeat("用法：".length() * 2 + "ferry get ".length()) + "[--"),
                missing::toString);

        CliProcess.Result help = CliProcess.run(directory, CHINESE, "--help");
        assertTrue(help.stdout().startsWith("用法：ferry ") && help.stdout().contains("\n命令：\n")
                && help.stdout().contains("显示此帮助信息并退出。"), help::toString);
    }

    /** The same mistakes in English, word for word as picocli says them. */
    @Test
    void picocliMistakesStayAsTheyWereInEnglish() throws Exception {
        CliProcess.Result missing = CliProcess.run(directory, "get");
        assertTrue(missing.stderr().startsWith("Missing required parameter: 'URL'\nUsage: ferry get "), missing::toString);
        CliProcess.Result both = CliProcess.run(directory, "sync");
        assertTrue(both.stderr().startsWith("Missing required parameters: 'URL', 'LOCALDIR'\n"), both::toString);
        CliProcess.Result unknown = CliProcess.run(directory, "get", "-Z", "ftp://127.0.0.1/x", "here");
        assertTrue(unknown.stderr().startsWith("Unknown option: '-Z'\n"), unknown::toString);
        CliProcess.Result extra = CliProcess.run(directory, "ls", "ftp://127.0.0.1/", "b", "c");
        assertTrue(extra.stderr().startsWith("Unmatched arguments from index 2: 'b', 'c'\n"), extra::toString);
        CliProcess.Result notANumber = CliProcess.run(directory, "get", "--parallel", "x", "ftp://127.0.0.1/x", "here");
        assertTrue(notANumber.stderr().startsWith("Invalid value for option '--parallel': 'x' is not an int\n"),
                notANumber::toString);
        CliProcess.Result withoutValue = CliProcess.run(directory, "get", "ftp://127.0.0.1/x", "--user");
        assertTrue(withoutValue.stderr().startsWith("Missing required parameter for option '--user' (U)\n"),
                withoutValue::toString);
        CliProcess.Result help = CliProcess.run(directory, "--help");
        assertTrue(help.stdout().startsWith("Usage: ferry ") && help.stdout().contains("\nCommands:\n")
                && help.stdout().contains("Show this help message and exit."), help::toString);
    }
}
