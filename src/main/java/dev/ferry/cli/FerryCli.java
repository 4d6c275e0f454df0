package dev.ferry.cli;

import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.LocalFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Ferry's command line: the same engine as the app, for scripts and benchmarks. */
@Command(name = "ferry", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = FerryCli.Version.class,
        description = "Ferry: FTP and FTPS transfers. Without a command, starts the desktop app.")
public final class FerryCli implements Runnable {

    /**
     * The commands, in the order help lists them. picocli builds the model of every command it is
     * given, by reflection, at each start (a fifth of a short command's time, cold): a run gets only
     * the command it names, and all of them when it names none (help, --version, a typo).
     */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("ls", LsCommand::new);
        commands.put("get", GetCommand::new);
        commands.put("put", PutCommand::new);
        commands.put("mirror", MirrorCommand::new);
        commands.put("sync", SyncCommand::new);
        commands.put("queue", QueueCommand::new);
        commands.put("sites", SitesCommand::new);
        commands.put("diagnose", DiagnoseCommand::new);
        return commands;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new FerryCli());
        Supplier<Object> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
        if (named != null) {
            commandLine.addSubcommand(args[0], named.get());
        } else {
            COMMANDS.forEach((name, command) -> commandLine.addSubcommand(name, command.get()));
        }
        // picocli's headings and its help option's words, in the user's language.
        commandLine.setResourceBundle(java.util.ResourceBundle.getBundle("dev.ferry.cli.usage", java.util.Locale.getDefault()));
        // picocli indents the synopsis's next lines by the heading's characters: "用法：" takes six columns, not three.
        Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>(commandLine.getHelpSectionMap());
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS, help -> {
            String[] heading = help.commandSpec().usageMessage().synopsisHeading().split("\\r?\\n|\\r|%n", -1);
            return help.synopsis(Terminal.columns(heading[heading.length - 1]));
        });
        commandLine.setHelpSectionMap(sections);
        commandLine.setParameterExceptionHandler((failure, arguments) -> {
            String unknown = failure instanceof CommandLine.UnmatchedArgumentException
                    ? unknownLongOption(failure.getCommandLine(), arguments) : null;
            if (unknown != null) {
                // picocli took the option's value for the URL, then named the URL as the unknown option.
                CommandLine command = failure.getCommandLine();
                String owners = ownersOf(unknown, command.getCommandName());
                java.util.List<String> near = ((CommandLine.UnmatchedArgumentException) failure).getSuggestions();
                String qualified = command.getCommandSpec().qualifiedName();
                String hint = owners.isEmpty() && !near.isEmpty()
                        ? Words.text("cli.didYouMean", String.join(Words.text("cli.or"), near)) : owners;
                command.getErr().println("ferry: " + Words.text("cli.noSuchOption", qualified.replaceFirst("^ferry ", ""),
                        unknown, hint, qualified));
                return command.getCommandSpec().exitCodeOnInvalidInput();
            }
            int code = reportMistake(failure);
            String dashed = nameTakenForAnOption(failure.getCommandLine(), arguments);
            if (dashed != null) {
                failure.getCommandLine().getErr().println("ferry: " + Words.text("cli.dashedName", dashed, arguments[0]));
            }
            return code;
        });
        commandLine.setExecutionExceptionHandler((failure, cl, parseResult) -> {
            cl.getErr().println("ferry: " + describe(failure));
            return 1;
        });
        return commandLine.execute(args);
    }

    /**
     * What picocli's own handler does (the mistake, then its suggestions or else the command's usage), in the
     * user's language: picocli says its mistakes in English only.
     */
    private static int reportMistake(CommandLine.ParameterException failure) {
        CommandLine command = failure.getCommandLine();
        java.io.PrintWriter err = command.getErr();
        err.println(command.getColorScheme().errorText(inOwnWords(failure.getMessage())));
        java.io.StringWriter suggestions = new java.io.StringWriter();
        if (CommandLine.UnmatchedArgumentException.printSuggestions(failure, new java.io.PrintWriter(suggestions))) {
            suggestions.toString().lines().forEach(line -> err.println(inOwnWords(line)));
            err.flush();
        } else {
            command.usage(err, command.getColorScheme());
        }
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** One of picocli's English sentences, and the arguments its words in the bundle take. */
    private record PicocliSentence(java.util.regex.Pattern english, String key,
                                   java.util.function.Function<java.util.regex.Matcher, Object[]> arguments) {
        PicocliSentence(String english, String key, java.util.function.Function<java.util.regex.Matcher, Object[]> arguments) {
            this(java.util.regex.Pattern.compile(english, java.util.regex.Pattern.DOTALL), key, arguments);
        }
    }

    /** The English bundle says each as picocli does, byte for byte: a sentence not listed stays picocli's. */
    private static final java.util.List<PicocliSentence> PICOCLI_SENTENCES = java.util.List.of(
            new PicocliSentence("Missing required (parameters?): (.*)", "cli.error.missingParameters",
                    m -> new Object[]{m.group(1).endsWith("s") ? 2 : 1, m.group(2)}),
            new PicocliSentence("Missing required parameter for option '([^']*)' \\((.*)\\)", "cli.error.optionWithoutValue",
                    m -> new Object[]{m.group(1), m.group(2)}),
            new PicocliSentence("Unknown (options?): (.*)", "cli.error.unknownOptions",
                    m -> new Object[]{m.group(1).endsWith("s") ? 2 : 1, m.group(2)}),
            new PicocliSentence("Unmatched (argument at|arguments from) index (\\d+): (.*)", "cli.error.unmatched",
                    m -> new Object[]{m.group(1).startsWith("arguments") ? 2 : 1, Long.parseLong(m.group(2)), m.group(3)}),
            new PicocliSentence("Invalid value for option '([^']*)': '(.*)' is not (an int|a long)", "cli.error.notANumber",
                    m -> new Object[]{m.group(1), m.group(2), m.group(3).equals("an int") ? 0 : 1}),
            new PicocliSentence("Possible solutions: (.*)", "cli.error.possibleSolutions", m -> new Object[]{m.group(1)}),
            new PicocliSentence("Did you mean: (.*)\\?", "cli.error.didYouMeanCommand", m -> new Object[]{m.group(1)}));

    static String inOwnWords(String picocli) {
        for (PicocliSentence sentence : PICOCLI_SENTENCES) {
            java.util.regex.Matcher m = sentence.english().matcher(picocli);
            if (m.matches()) {
                return Words.text(sentence.key(), sentence.arguments().apply(m));
            }
        }
        return picocli;
    }

    /**
     * The first --name (before any "=value") among the arguments that the command has no option of, or
     * null. The values of the options it does have are skipped: "--password --S3cr3t" named the
     * password as an unknown option, on the terminal.
     */
    private static String unknownLongOption(CommandLine command, String[] arguments) {
        for (int i = 0; i < arguments.length; i++) {
            String argument = arguments[i];
            if (argument.equals("--")) {
                return null;
            }
            CommandLine.Model.OptionSpec known = argument.startsWith("-") ? command.getCommandSpec().findOption(argument) : null;
            if (known != null) {
                // Its value is the next argument(s), whatever they look like.
                i += Math.max(0, known.arity().min());
                continue;
            }
            if (argument.startsWith("--") && argument.length() > 2) {
                String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
                if (command.getCommandSpec().findOption(name) == null) {
                    return name;
                }
            }
        }
        return null;
    }

    /** " (an option of get and mirror)": the commands that do have {@code option}, or nothing when none has. */
    private static String ownersOf(String option, String commandName) {
        java.util.List<String> owners = new java.util.ArrayList<>();
        COMMANDS.forEach((name, command) -> {
            if (!name.equals(commandName)
                    && new CommandLine(command.get()).getCommandSpec().findOption(option) != null) {
                owners.add(name);
            }
        });
        if (owners.isEmpty()) {
            return "";
        }
        String listed = owners.size() == 1 ? owners.getFirst()
                : Words.text("cli.lastOfList", String.join(Words.text("cli.listSeparator"), owners.subList(0, owners.size() - 1)),
                owners.getLast());
        return Words.text("cli.optionOf", listed);
    }

    /** An argument that looks like an option the command does not have: a file named "-x" is the likely meaning. */
    private static String nameTakenForAnOption(CommandLine command, String[] arguments) {
        for (int i = 1; i < arguments.length; i++) {
            String argument = arguments[i];
            if (argument.equals("--")) {
                return null;
            }
            if (argument.length() > 1 && argument.startsWith("-") && !argument.startsWith("--")
                    && command.getCommandSpec().findOption(argument) == null
                    && command.getCommandSpec().findOption(argument.substring(0, 2)) == null) {
                return argument;
            }
        }
        return null;
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
            return Words.text("command.noSuchFile", missing.getFile());
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
