package dev.ferry.cli;

import dev.ferry.ftp.FtpUrl;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.listing.Listing;
import dev.ferry.ftp.listing.NameSafety;
import dev.ferry.ftp.listing.RemoteEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;

@Command(name = "ls", description = "List a remote directory: type, size, modification time (UTC), name.")
final class LsCommand extends ConnectedCommand {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAYS = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Parameters(index = "0", paramLabel = "URL", arity = "0..1",
            description = "ftp://, ftpes:// or ftps:// URL; with --site, a path on the site.")
    String url;

    @Override
    public Integer call() throws Exception {
        FtpUrl target = connection.url(url);
        try (FtpSession session = open(target)) {
            Listing listing = session.list(target.resolve(session.initialDirectory()));
            listing.entries().stream().sorted(Comparator.comparing(RemoteEntry::name)).forEach(e -> terminal.out.println(format(e)));
            for (String line : listing.unparsedLines()) {
                terminal.warn("could not parse listing line: " + NameSafety.printable(line));
            }
            session.quit();
        }
        return 0;
    }

    static String format(RemoteEntry entry) {
        char type = switch (entry.type()) {
            case DIRECTORY -> 'd';
            case FILE -> '-';
            case SYMLINK -> 'l';
            case OTHER -> '?';
        };
        String size = entry.size() >= 0 ? Long.toString(entry.size()) : "-";
        String time = entry.modified() == null ? "-" : switch (entry.precision()) {
            case SECONDS -> SECONDS.format(entry.modified());
            case DAYS -> DAYS.format(entry.modified());
            default -> MINUTES.format(entry.modified());
        };
        String name = NameSafety.printable(entry.name());
        if (entry.linkTarget() != null) {
            name += " -> " + NameSafety.printable(entry.linkTarget());
        }
        return String.format(Locale.ROOT, "%c %12s %-19s %s", type, size, time, name);
    }
}
