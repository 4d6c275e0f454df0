package dev.ferry.cli;

import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.LocalFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Ferry's command line: the same engine as the app, for scripts and benchmarks. */
@Command(name = "ferry", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = FerryCli.Version.class,
        description = "Ferry: FTP and FTPS transfers. Without a command, starts the desktop app.",
        subcommands = {LsCommand.class, GetCommand.class, PutCommand.class, MirrorCommand.class, SyncCommand.class,
                QueueCommand.class, SitesCommand.class, DiagnoseCommand.class})
public final class FerryCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new FerryCli());
        commandLine.setExecutionExceptionHandler((failure, cl, parseResult) -> {
            cl.getErr().println("ferry: " + describe(failure));
            return 1;
        });
        return commandLine.execute(args);
    }

    static String describe(Throwable failure) {
        if (failure instanceof FtpException || failure instanceof LocalFileException
                || failure instanceof dev.ferry.message.Explained) {
            return Words.of(failure);
        }
        if (failure instanceof IllegalArgumentException || failure instanceof IllegalStateException) {
            return failure.getMessage();
        }
        if (failure instanceof java.nio.file.NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    public static String version() {
        String version = FerryCli.class.getPackage().getImplementationVersion();
        return version != null ? version : "development build";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"Ferry " + version() + " (Java " + Runtime.version() + ")"};
        }
    }
}
