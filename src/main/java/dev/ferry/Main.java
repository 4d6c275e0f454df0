package dev.ferry;

import dev.ferry.cli.FerryCli;

/**
 * Entry point of {@code ferry.jar} and the packaged launcher: with arguments it runs the command
 * line; without, the desktop app.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        boolean window = args.length == 0 || args.length == 1 && isFtpUrl(args[0]);
        // A file to attach to a bug report, in the config folder: the app's and the command line's apart.
        dev.ferry.store.DiagnosticLog.install(window ? "ferry.log" : "ferry-cli.log");
        // What sessions learn about a server is shared by all of them and kept for the next run.
        dev.ferry.ftp.ServerCapabilities.useRegistry(dev.ferry.site.LearnedServers.openDefault()::forServer);
        String training = System.getProperty("ferry.aotTraining");
        if (training != null) {
            runTrainingCommands(java.nio.file.Path.of(training));
        }
        if (window) {
            // Only this branch touches JavaFX: the command line never loads it. A lone URL is
            // what the desktop passes when the user opens an ftp://, ftps:// or ftpes:// link.
            dev.ferry.ui.FerryApp.open(args);
            return;
        }
        System.exit(FerryCli.run(args));
    }

    /**
     * Packaging only: the training runs of the two AOT caches (packaging/build-linux.sh), one
     * for the window and one for the command line. These command lines, one per line with
     * tab-separated arguments, run first in the same JVM, so that both caches hold what the
     * transfers load and the profiles of their loops; then the window shows, or the command
     * given to the launcher runs.
     */
    private static void runTrainingCommands(java.nio.file.Path commands) {
        try {
            for (String line : java.nio.file.Files.readAllLines(commands)) {
                if (!line.isBlank()) {
                    int exit = FerryCli.run(line.split("\t"));
                    System.out.println("ferry-training exit " + exit + ": " + line.split("\t")[0]);
                }
            }
        } catch (java.io.IOException e) {
            System.out.println("ferry-training: cannot read " + commands + ": " + e.getMessage());
        }
    }

    /** packaging/build-linux.sh's launcher makes the same choice to map the window's AOT cache or the command line's. */
    static boolean isFtpUrl(String argument) {
        String lower = argument.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("ftp://") || lower.startsWith("ftps://") || lower.startsWith("ftpes://");
    }
}
