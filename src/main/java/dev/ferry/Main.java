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
            // Only this branch touches JavaFX: the command line never loads it.
            dev.ferry.ui.FerryApp.launch(args);
            return;
        }
        System.exit(FerryCli.run(args));
    }
}
