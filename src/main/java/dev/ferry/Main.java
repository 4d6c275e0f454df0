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
        if (args.length == 0) {
            System.exit(FerryCli.run("--help"));
        }
        System.exit(FerryCli.run(args));
    }
}
