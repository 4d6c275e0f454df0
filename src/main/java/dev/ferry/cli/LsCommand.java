package dev.ferry.cli;

import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpReplyException;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.FtpUrl;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.listing.Listing;
import dev.ferry.ftp.listing.NameSafety;
import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.message.Message;
import dev.ferry.message.NameOrder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

@Command(name = "ls", description = {"List a remote directory: type, size, modification time (UTC), name.",
        // A LIST's times are the server's local time, which it never names.
        "A LIST's times are moved to UTC by the server's zone, measured with MDTM or by an earlier sync; "
                + "shown as listed when nothing tells it."})
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
            String path = target.resolve(session.initialDirectory());
            List<RemoteEntry> entries;
            List<String> unparsed = List.of();
            try {
                Listing listing = session.list(path);
                // LIST times are in the server's zone: shown in UTC by the offset measured as a sync does it
                // (MDTM, or learnt for the server before); as listed when nothing tells.
                if (listing.inServerZone()) {
                    listing = inUtc(session, path, listing);
                }
                entries = listing.entries();
                unparsed = listing.unparsedLines();
            } catch (FtpReplyException refused) {
                // MLSD of a file is refused by the RFC; ls of a file shows the file, as ls does.
                RemoteEntry file = refused.isTransient() ? null : fileEntry(session, path);
                if (file == null) {
                    throw refused;
                }
                entries = List.of(file);
            }
            if (entries.isEmpty() && unparsed.isEmpty() && !path.isEmpty() && !isFolderOrUnknown(session, path)) {
                // Some servers list a file, or nothing at all, as an empty folder.
                RemoteEntry file = fileEntry(session, path);
                if (file == null) {
                    throw new CliFailure(Message.of(FtpText.NOTHING_NAMED, NameSafety.printable(path)));
                }
                entries = List.of(file);
            }
            entries.stream().sorted(Comparator.comparing(RemoteEntry::name, NameOrder.NAMES)).forEach(e -> terminal.out.println(format(e)));
            for (String line : unparsed) {
                terminal.warn(Words.text("ls.unparsed", NameSafety.printable(line)));
            }
            session.quit();
        }
        return 0;
    }

    /** A LIST's times in UTC; a refusal while MDTM measures leaves what was learnt for the server to tell. */
    private static Listing inUtc(FtpSession session, String path, Listing listing) throws java.io.IOException {
        try {
            return listing.movedBack(dev.ferry.sync.Synchronizer.listingClock(session, path, listing,
                    new dev.ferry.ftp.CancelToken()).offset());
        } catch (FtpReplyException refused) {
            return session.capabilities().inUtc(listing);
        }
    }

    /** False only when the server says no folder has that path (a passing refusal is no answer). */
    private static boolean isFolderOrUnknown(FtpSession session, String path) throws FtpException {
        try {
            return session.isFolder(path);
        } catch (FtpReplyException transientRefusal) {
            return true;
        }
    }

    /** The entry of {@code path} in its parent folder's listing when it is not a folder; else null. */
    private static RemoteEntry fileEntry(FtpSession session, String path) throws FtpException {
        String name = RemotePaths.name(path);
        if (name.isEmpty()) {
            return null;
        }
        Listing parent;
        try {
            // Its time in UTC by what was learnt of the server's listing clock (nothing more is asked for one file).
            parent = session.capabilities().inUtc(session.list(RemotePaths.parent(path)));
        } catch (FtpReplyException refused) {
            return null;
        }
        return parent.entries().stream()
                .filter(e -> e.name().equals(name) && e.type() != RemoteEntry.Type.DIRECTORY)
                .findFirst().orElse(null);
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
