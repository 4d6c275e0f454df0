package dev.ferry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs Ferry's command line in a child JVM on the test class path, as a user would run it. */
public final class CliProcess {

    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private CliProcess() {
    }

    public static Process start(Path configDirectory, Map<String, String> environment, Path stdout, Path stderr,
                                String... args) throws IOException {
        return start(null, configDirectory, environment, stdout, stderr, args);
    }

    private static Process start(Path currentDirectory, Path configDirectory, Map<String, String> environment,
                                 Path stdout, Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        // Each command is a new JVM that runs for a second or two: C2's compiler threads spend more of
        // the machine's two cores than their code gives back in that time, and the tests start hundreds.
        command.add("-XX:TieredStopAtLevel=1");
        if (!environment.containsKey("JAVA_TOOL_OPTIONS")) {
            // The tests read the command line's English words; a developer's Chinese desktop must not
            // turn them into Chinese (a test that wants another language passes its own options).
            command.add("-Duser.language=en");
            command.add("-Duser.country=US");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.ferry.Main");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().remove("FERRY_PASSWORD");
        builder.environment().put("FERRY_CONFIG_DIR", configDirectory.toString());
        // The developer's own ~/.netrc (or $NETRC) must not log the tests in: a test that wants one gives NETRC.
        builder.environment().put("NETRC", configDirectory.resolve("no-netrc").toString());
        builder.environment().putAll(environment);
        if (currentDirectory != null) {
            builder.directory(currentDirectory.toFile());
        }
        return builder.start();
    }

    public static Result run(Path workDirectory, String... args) throws IOException, InterruptedException {
        return run(workDirectory, Map.of(), args);
    }

    public static Result run(Path workDirectory, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        return runWithInput(workDirectory, environment, null, args);
    }

    /** Runs with {@code currentDirectory} as the command's current folder, for local paths it makes up itself. */
    public static Result runIn(Path currentDirectory, Path workDirectory, String... args)
            throws IOException, InterruptedException {
        return run(currentDirectory, workDirectory, Map.of(), null, args);
    }

    /** Runs with {@code input} on standard input (then closed); null leaves standard input open and empty. */
    public static Result runWithInput(Path workDirectory, Map<String, String> environment, String input,
                                      String... args) throws IOException, InterruptedException {
        return run(null, workDirectory, environment, input, args);
    }

    private static Result run(Path currentDirectory, Path workDirectory, Map<String, String> environment, String input,
                              String... args) throws IOException, InterruptedException {
        Files.createDirectories(workDirectory);
        Path stdout = Files.createTempFile(workDirectory, "out", ".txt");
        Path stderr = Files.createTempFile(workDirectory, "err", ".txt");
        Process process = start(currentDirectory, workDirectory.resolve("config"), environment, stdout, stderr, args);
        if (input != null) {
            try (var in = process.getOutputStream()) {
                in.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the CLI did not finish within 120 s: " + String.join(" ", args));
        }
        return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }
}
