package dev.ferry.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A netrc file ({@code $NETRC}, else {@code ~/.netrc}) as curl -n, wget, lftp and ftp(1) read it: entries
 * {@code machine NAME} or {@code default}, each followed by {@code login}, {@code password} and
 * {@code account}; {@code macdef NAME} and its body up to an empty line are skipped. Tokens are separated by
 * spaces, tabs and line breaks; a token that starts with {@code "} ends at the next unescaped {@code "} and
 * may hold spaces and backslash escapes ({@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code \t}), as curl
 * and GNU inetutils accept. A {@code #} where a keyword is expected starts a comment to the end of its line
 * (a value such as a password may begin with {@code #}).
 *
 * <p>A file that cannot be parsed is an error naming the file and line, never silently passed over: a user
 * who keeps the password there would otherwise be asked for it, or sent in as anonymous, without knowing why.
 */
final class Netrc {

    /** One entry; {@code machine} is null for {@code default}, {@code line} where its keyword stands. */
    record Entry(String machine, String login, String password, String account, int line) {
        @Override
        public String toString() {
            // Never the password, should an entry ever reach a log or a message.
            return "Entry[" + (machine == null ? "default" : machine) + ", login=" + login + ", line " + line + "]";
        }
    }

    /** What is wrong where: a key of the command line's words, with its arguments. */
    static final class SyntaxException extends Exception {
        private final int line;
        private final String key;
        private final Object[] arguments;

        SyntaxException(int line, String key, Object... arguments) {
            super(key + " at line " + line);
            this.line = line;
            this.key = key;
            this.arguments = arguments;
        }

        int line() {
            return line;
        }

        String key() {
            return key;
        }

        Object[] arguments() {
            return arguments.clone();
        }
    }

    private Netrc() {
    }

    /** {@code $NETRC} when set and not empty (curl, wget and lftp honour it), else {@code .netrc} in the home folder. */
    static Path location(Map<String, String> environment, String userHome) {
        String named = environment.get("NETRC");
        return named != null && !named.isEmpty() ? Path.of(named) : Path.of(userHome, ".netrc");
    }

    /**
     * The entry for {@code host} and {@code user} in this user's netrc file, or empty when there is no file
     * or no entry. A file that cannot be parsed or read, or that others may read while the entry found holds a
     * password, is refused with words naming the file and what to do (an {@link IllegalStateException}).
     *
     * @param user          the user named on the command line or in the URL; null when none was
     * @param loginRequired only an entry that names its login will do (no user given, or an anonymous one:
     *                      an entry for any user must not turn an anonymous login into one with a password)
     */
    static Optional<Entry> lookup(String host, String user, boolean loginRequired) {
        Path file = location(System.getenv(), System.getProperty("user.home"));
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalStateException(Words.text("netrc.unreadable", file,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        Optional<Entry> found;
        try {
            found = find(parse(text), host, user, loginRequired);
        } catch (SyntaxException e) {
            throw new IllegalStateException(Words.text("netrc.malformed", file, String.valueOf(e.line()),
                    Words.text(e.key(), e.arguments())));
        }
        if (found.isPresent() && found.get().password() != null && readableByOthers(file)) {
            // As ftp(1) (BSD and GNU inetutils): a password others can read is not one to use.
            throw new IllegalStateException(Words.text("netrc.readableByOthers", file));
        }
        return found;
    }

    private static boolean readableByOthers(Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return false;
        }
        try {
            Set<PosixFilePermission> permissions = view.readAttributes().permissions();
            Set<PosixFilePermission> others = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
            others.retainAll(permissions);
            return !others.isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The first {@code machine} entry whose name is {@code host} (ignoring case) and whose login is
     * {@code user}'s, or absent; with no user, the first for the host. Else the {@code default} entry, on the
     * same terms.
     */
    static Optional<Entry> find(List<Entry> entries, String host, String user) {
        return find(entries, host, user, false);
    }

    static Optional<Entry> find(List<Entry> entries, String host, String user, boolean loginRequired) {
        Entry fallback = null;
        for (Entry entry : entries) {
            boolean userFits = entry.login() == null ? !loginRequired : user == null || entry.login().equals(user);
            if (!userFits) {
                continue;
            }
            if (entry.machine() == null) {
                if (fallback == null) {
                    fallback = entry;
                }
            } else if (entry.machine().equalsIgnoreCase(host)) {
                return Optional.of(entry);
            }
        }
        return Optional.ofNullable(fallback);
    }

    static List<Entry> parse(String text) throws SyntaxException {
        return new Parser(text).entries();
    }

    private static final class Parser {
        private final String text;
        private int at;
        private int line = 1;
        private final List<Entry> entries = new ArrayList<>();

        // The entry being read.
        private boolean inEntry;
        private String machine;
        private String login;
        private String password;
        private String account;
        private int entryLine;

        Parser(String text) {
            this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
        }

        List<Entry> entries() throws SyntaxException {
            while (true) {
                skipBlanks();
                if (at >= text.length()) {
                    break;
                }
                if (text.charAt(at) == '#') {
                    skipLine();
                    continue;
                }
                int keywordLine = line;
                String keyword = token();
                switch (keyword) {
                    case "machine" -> {
                        finish();
                        String name = value(keyword);
                        start(name, keywordLine);
                    }
                    case "default" -> {
                        finish();
                        start(null, keywordLine);
                    }
                    case "login" -> {
                        requireEntry(keyword, keywordLine);
                        login = value(keyword);
                    }
                    case "password" -> {
                        requireEntry(keyword, keywordLine);
                        password = value(keyword);
                    }
                    case "account" -> {
                        requireEntry(keyword, keywordLine);
                        account = value(keyword);
                    }
                    case "macdef" -> {
                        finish();
                        value(keyword);
                        skipMacroBody();
                    }
                    default -> throw new SyntaxException(keywordLine, "netrc.unknownWord", keyword);
                }
            }
            finish();
            return entries;
        }

        private void start(String name, int startLine) {
            inEntry = true;
            machine = name;
            login = null;
            password = null;
            account = null;
            entryLine = startLine;
        }

        private void finish() {
            if (inEntry) {
                entries.add(new Entry(machine, login, password, account, entryLine));
                inEntry = false;
            }
        }

        private void requireEntry(String keyword, int keywordLine) throws SyntaxException {
            if (!inEntry) {
                throw new SyntaxException(keywordLine, "netrc.outsideEntry", keyword);
            }
        }

        /** The token after a keyword, on the same line or a later one. */
        private String value(String keyword) throws SyntaxException {
            skipBlanks();
            if (at >= text.length()) {
                throw new SyntaxException(line, "netrc.missingValue", keyword);
            }
            return token();
        }

        private String token() throws SyntaxException {
            if (text.charAt(at) == '"') {
                int startLine = line;
                StringBuilder b = new StringBuilder();
                at++;
                while (true) {
                    if (at >= text.length()) {
                        throw new SyntaxException(startLine, "netrc.unterminatedQuote");
                    }
                    char c = text.charAt(at++);
                    if (c == '"') {
                        return b.toString();
                    }
                    if (c == '\n') {
                        // A quoted token ends on its line: a quote left open would swallow the rest of the file.
                        throw new SyntaxException(startLine, "netrc.unterminatedQuote");
                    }
                    if (c == '\\' && at < text.length()) {
                        char escaped = text.charAt(at++);
                        switch (escaped) {
                            case 'n' -> b.append('\n');
                            case 'r' -> b.append('\r');
                            case 't' -> b.append('\t');
                            case '\n' -> throw new SyntaxException(startLine, "netrc.unterminatedQuote");
                            default -> b.append(escaped);
                        }
                    } else {
                        b.append(c);
                    }
                }
            }
            int start = at;
            while (at < text.length() && !Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            return text.substring(start, at);
        }

        private void skipBlanks() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                if (text.charAt(at) == '\n') {
                    line++;
                }
                at++;
            }
        }

        private void skipLine() {
            while (at < text.length() && text.charAt(at) != '\n') {
                at++;
            }
        }

        /** The rest of the macdef line, then lines up to an empty one (or the end of the file). */
        private void skipMacroBody() {
            skipLine();
            while (at < text.length()) {
                at++; // the line break
                line++;
                int end = text.indexOf('\n', at);
                String bodyLine = text.substring(at, end < 0 ? text.length() : end);
                if (bodyLine.isEmpty() || bodyLine.equals("\r")) {
                    return;
                }
                at = end < 0 ? text.length() : end;
            }
        }
    }
}
