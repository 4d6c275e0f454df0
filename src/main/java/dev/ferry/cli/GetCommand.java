package dev.ferry.cli;

import dev.ferry.ftp.FtpUrl;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.LocalFileException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.transfer.FileTransfers;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.Direction;
import dev.ferry.transfer.Endpoint;
import dev.ferry.transfer.SettingsSource;
import dev.ferry.transfer.QueueStore;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.message.Message;
import dev.ferry.transfer.QueueText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

@Command(name = "get", description = {"Download a file, a folder, or the files a pattern matches. A file is written to NAME.part and renamed when complete, "
        + "replacing a file of that name (as curl -o does; mirror and sync compare first).",
        "With --segments N a large file is fetched as N ranges at once, over N sessions, into that one part file; "
                + "after a crash `ferry queue --resume` continues every range where it stopped."})
final class GetCommand extends ConnectedCommand {

    private static final String STANDARD_OUTPUT = "-";

    @Parameters(index = "0", paramLabel = "URL", description = "ftp://[user@]host[:port]/path (with --site, a path "
            + "on the site). A *, ? or [...] in its last segment ('ftp://host/logs/*.log', quoted for the shell) "
            + "fetches every file of that folder whose name matches, into LOCAL, which must then be a folder; "
            + "matching folders are skipped, and a name starting with . is matched only by a pattern starting with "
            + "one. %%2A, %%3F and %%5B are a *, ? and [ that are part of the name.")
    String url;

    @Parameters(index = "1", paramLabel = "LOCAL", arity = "0..1",
            description = "Local file or directory (default: the current directory); a name ending in / is a "
                    + "directory, made when missing; - writes the file to standard output. A remote folder goes "
                    + "into an existing local directory (or one ending in /) by its own name, as with cp -r; any "
                    + "other name becomes the copy.")
    String localArgument;

    @Option(names = {"-c", "--continue"}, description = "Resume a partial download left by an earlier run.")
    boolean resume;

    /** Users of scp and cp type it (T3): refusing it as unknown helped nobody. */
    @Option(names = {"-r", "-R", "--recursive"},
            description = "Accepted as scp -r and cp -r take it: a folder is always fetched whole, subfolders included.")
    boolean recursive;

    @Mixin
    QueueOptions.WithSegments queueOptions;

    @Override
    public Integer call() throws Exception {
        FtpUrl target = connection.url(url);
        Path local = localArgument == null ? null : Path.of(localArgument);
        // As cp and curl --create-dirs read it: a folder is meant, never a file of that name.
        boolean localFolderMeant = local != null
                && (localArgument.endsWith("/") || localArgument.endsWith(java.io.File.separator));
        boolean directory = target.path().isEmpty() || target.path().endsWith("/");
        FtpSession session = open(target);
        boolean handedOver = false;
        try {
            String remote = target.resolve(session.initialDirectory());
            java.util.Optional<Wildcard> wildcard = directory ? java.util.Optional.empty()
                    : Wildcard.in(url, looksLikeUrl(url));
            if (wildcard.isPresent()) {
                handedOver = true;
                return matching(session, target, remote, local, localFolderMeant, wildcard.get());
            }
            // The local name the download takes when none is given: "/docs/.." is the folder above
            // docs, never a ".." to write into, which was the current folder's parent.
            String name = RemotePaths.name(RemotePaths.normalize(remote));
            if (name.equals("..") || name.equals(".")) {
                name = "";
            }
            boolean nameFromServer = local == null || localFolderMeant || Files.isDirectory(local);
            if (nameFromServer && !name.isEmpty()) {
                // The check a tree's names get: mirror refused "back\slash.txt" where get wrote it.
                java.util.Optional<Message> problem = dev.ferry.transfer.LocalPaths.problem(name);
                if (problem.isPresent()) {
                    throw new CliFailure(Message.of(QueueText.NAME_REFUSED,
                            dev.ferry.ftp.listing.NameSafety.printable(name), problem.get()));
                }
            }
            OptionalLong size = directory ? OptionalLong.empty() : session.size(remote);
            // A path the server can enter is a folder, whatever SIZE said: Twisted gives a folder's size (T4).
            if (!directory && session.isFolder(remote)) {
                directory = true;
                size = OptionalLong.empty();
            }
            if (!directory && size.isEmpty()) {
                size = listedSize(session, remote);
            }
            if (STANDARD_OUTPUT.equals(localArgument)) {
                if (queueOptions.verify) {
                    throw new IllegalArgumentException(Words.text("get.verifyStandardOutput"));
                }
                if (directory) {
                    throw new IllegalArgumentException(Words.text("get.folderToStandardOutput", remote));
                }
                handedOver = true;
                return toStandardOutput(session, target, remote, size.orElse(-1));
            }
            // Only now that the server answered: a failed connection leaves no empty folder behind, and
            // a failed download takes away again what was made for it.
            List<Path> madeForThisGet = new java.util.ArrayList<>();
            if (localFolderMeant) {
                try {
                    makeFolders(local, madeForThisGet);
                } catch (java.io.IOException e) {
                    removeWhileEmpty(madeForThisGet);
                    throw LocalFileException.of(FtpText.LOCAL_CREATE_FOLDER, local, e);
                }
            }
            boolean fetched = false;
            try {
                handedOver = true;
                int exit = fetch(session, target, remote, local, name, nameFromServer, localFolderMeant, directory, size);
                fetched = exit == 0;
                return exit;
            } finally {
                if (!fetched) {
                    removeWhileEmpty(madeForThisGet);
                }
            }
        } finally {
            if (!handedOver) {
                session.close();
            }
        }
    }

    /** Takes {@code session}: the transfer closes it, or this does when it fails before the transfer began. */
    private int fetch(FtpSession session, FtpUrl target, String remote, Path local, String name, boolean nameFromServer,
                      boolean localFolderMeant, boolean directory, OptionalLong size) throws Exception {
        java.util.concurrent.Callable<Integer> transfer;
        try {
            if (directory) {
                // As cp -r and scp -r, and as put: into a folder by its own name; a new local name is the copy.
                boolean intoByName = intoByName(name, nameFromServer, localFolderMeant, resume,
                        () -> anEarlierRunsCopy(Direction.DOWNLOAD, remote, local));
                Path into = local == null ? Path.of(name.isEmpty() ? "." : name) : intoByName ? local.resolve(name) : local;
                transfer = () -> transferTree(session, target, remote, into, false, ConflictAction.OVERWRITE, queueOptions);
            } else {
                Path destination = local == null ? Path.of(name) : Files.isDirectory(local) ? local.resolve(name) : local;
                if (Files.isDirectory(destination)) {
                    // Said before a byte is fetched: the finished download could not take the folder's place.
                    throw new CliFailure(Message.of(QueueText.LOCAL_FOLDER_EXISTS, destination.toString()));
                }
                Instant modified = session.modificationTime(remote).orElse(null);
                Path absolute = destination.toAbsolutePath().normalize();
                int savedSegments = resume ? savedSegments(absolute) : 0;
                transfer = () -> queued(session, target, remote, absolute, size.orElse(-1), modified, savedSegments);
            }
        } catch (Exception e) {
            session.close();
            throw e;
        }
        return transfer.call();
    }

    /**
     * {@code get 'URL/*.log' DIR/}, as lftp's mget: every file of the URL's folder whose name matches, listed once,
     * into the local folder, through the queue as a folder's files go. A name the folder download would refuse
     * ("..", a separator, CR/LF) is refused here by the same rule and never written; matching folders are skipped
     * and said. Takes {@code session}: the queue closes it, or this does when it fails before.
     */
    private int matching(FtpSession session, FtpUrl target, String remote, Path local, boolean localFolderMeant,
                         Wildcard wildcard) throws Exception {
        boolean handedOver = false;
        List<Path> madeForThisGet = new java.util.ArrayList<>();
        boolean fetched = false;
        try {
            if (STANDARD_OUTPUT.equals(localArgument)) {
                throw new IllegalArgumentException(Words.text("get.wildcardToStandardOutput", wildcard.text()));
            }
            if (local != null && !localFolderMeant && !Files.isDirectory(local)) {
                throw new IllegalArgumentException(Words.text("get.wildcardIntoFile", wildcard.text(), localArgument));
            }
            String folder = RemotePaths.parent(remote);
            if (!folder.isEmpty()) {
                requireRemoteFolder(session, folder);
            }
            dev.ferry.ftp.listing.Listing listing = session.capabilities().inUtc(session.list(folder));
            List<dev.ferry.ftp.listing.RemoteEntry> byName = new java.util.ArrayList<>(listing.entries());
            byName.sort(java.util.Comparator.comparing(dev.ferry.ftp.listing.RemoteEntry::name,
                    dev.ferry.message.NameOrder.NAMES));
            List<dev.ferry.ftp.listing.RemoteEntry> wanted = new java.util.ArrayList<>();
            int refused = 0;
            for (dev.ferry.ftp.listing.RemoteEntry entry : byName) {
                if (!wildcard.matches(entry.name())) {
                    continue;
                }
                String shown = dev.ferry.ftp.listing.NameSafety.printable(entry.name());
                // The rule a folder's download applies to the server's names, before anything is written.
                java.util.Optional<Message> problem = dev.ferry.transfer.LocalPaths.problem(entry.name());
                if (problem.isPresent()) {
                    terminal.warn(Words.of(Message.of(QueueText.NAME_REFUSED, shown, problem.get())));
                    refused++;
                    continue;
                }
                switch (entry.type()) {
                    case FILE, SYMLINK -> wanted.add(entry);
                    case DIRECTORY -> terminal.warn(Words.text("get.wildcardSkipsFolder", shown));
                    case OTHER -> terminal.warn(Words.text("get.wildcardSkipsSpecial", shown));
                }
            }
            if (wanted.isEmpty()) {
                String where = folder.isEmpty() ? "." : RemotePaths.normalize(folder);
                throw new IllegalArgumentException(refused > 0
                        ? Words.text("get.wildcardOnlyRefused", wildcard.text(), where)
                        : Words.text("get.wildcardNoMatch", wildcard.text(), where));
            }
            if (localFolderMeant) {
                try {
                    makeFolders(local, madeForThisGet);
                } catch (java.io.IOException e) {
                    throw LocalFileException.of(FtpText.LOCAL_CREATE_FOLDER, local, e);
                }
            }
            Path into = (local == null ? Path.of("") : local).toAbsolutePath().normalize();
            List<Path> destinations = new java.util.ArrayList<>();
            for (dev.ferry.ftp.listing.RemoteEntry entry : wanted) {
                // Directly inside the folder, or refused: the boundary a folder's download keeps.
                destinations.add(dev.ferry.transfer.LocalPaths.child(into, entry.name()));
            }
            ConnectionSettings settings = connection.settings(target);
            String siteId = connection.siteId();
            handedOver = true;
            int exit = throughQueue(session, settings, queueOptions.settings(ConflictAction.OVERWRITE),
                    endpoint -> settings, false, true, queue -> {
                        var batch = queue.batch().segments(queueOptions.segments).sessions(connection.siteSessions());
                        for (int i = 0; i < wanted.size(); i++) {
                            dev.ferry.ftp.listing.RemoteEntry entry = wanted.get(i);
                            String path = RemotePaths.join(folder, entry.name());
                            if (entry.type() == dev.ferry.ftp.listing.RemoteEntry.Type.SYMLINK) {
                                batch.addLinkDownload(settings, siteId, path, destinations.get(i), entry.modified());
                            } else {
                                batch.addDownload(settings, siteId, path, destinations.get(i), false, entry.exactSize(),
                                        entry.modified());
                            }
                        }
                    });
            fetched = exit == 0 || Files.isDirectory(into) && !isEmpty(into);
            // A matching name refused is a file asked for and not fetched: said, and the status says it too.
            return exit == 0 && refused > 0 ? 1 : exit;
        } finally {
            if (!fetched) {
                removeWhileEmpty(madeForThisGet);
            }
            if (!handedOver) {
                session.close();
            }
        }
    }

    private static boolean isEmpty(Path folder) {
        try (var inside = Files.list(folder)) {
            return inside.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Makes {@code folder} as createDirectories would, noting in {@code made} each folder this made,
     * outermost first: only those are taken away again. Its path is followed as the system reads it
     * ("link/../new" through the link); "." and ".." are steps, never folders to make or remove.
     */
    private static void makeFolders(Path folder, List<Path> made) throws java.io.IOException {
        Path absolute = folder.toAbsolutePath();
        Path at = absolute.getRoot();
        for (Path name : absolute) {
            at = at.resolve(name);
            String step = name.toString();
            if (step.equals(".") || step.equals("..") || Files.isDirectory(at)) {
                continue;
            }
            try {
                Files.createDirectory(at);
                made.add(at);
            } catch (java.nio.file.FileAlreadyExistsException madeMeanwhile) {
                if (!Files.isDirectory(at)) {
                    throw madeMeanwhile;
                }
            }
        }
    }

    /** Innermost first, each while it is empty: whatever a failed download did leave there stays. */
    private static void removeWhileEmpty(List<Path> made) {
        for (Path folder : made.reversed()) {
            try {
                Files.delete(folder);
            } catch (java.io.IOException notEmptyOrGone) {
                return;
            }
        }
    }

    /**
     * The file's size from its folder's listing, for a server without SIZE: without a size to expect,
     * a download the server cut short and still called complete was taken for the whole file.
     */
    private static OptionalLong listedSize(FtpSession session, String remote) throws java.io.IOException {
        dev.ferry.ftp.listing.Listing listing;
        try {
            listing = session.list(RemotePaths.parent(remote));
        } catch (dev.ferry.ftp.FtpReplyException refused) {
            if (refused.isTransient()) {
                throw refused;
            }
            return OptionalLong.empty();
        }
        String name = RemotePaths.name(remote);
        List<dev.ferry.ftp.listing.RemoteEntry> files = listing.entries().stream()
                .filter(entry -> entry.type() == dev.ferry.ftp.listing.RemoteEntry.Type.FILE && entry.exactSize() >= 0
                        && entry.name().equals(name))
                .toList();
        return files.size() == 1 ? OptionalLong.of(files.getFirst().exactSize()) : OptionalLong.empty();
    }

    /**
     * {@code get URL -}, as curl and cat read it: the file's bytes on standard output, for a pipe.
     * What went out is never sent again (the reader would get it twice): a cut download is continued
     * after it, on a new session, where the server can start from a byte (REST) and still has the
     * file at the size it had; else it ends there. A closed pipe ends the download instead of reading on.
     * Closes {@code first}.
     */
    private int toStandardOutput(FtpSession first, FtpUrl target, String remote, long size) throws Exception {
        java.io.PrintStream out = terminal.out;
        out.flush();
        long[] written = {0};
        // The process's own standard output is written to directly: a PrintStream keeps the reason of a
        // failed write to itself, and a full disk was said as a closed pipe.
        java.io.FileOutputStream direct = out == System.out ? new java.io.FileOutputStream(java.io.FileDescriptor.out) : null;
        String[] whyNot = {null};
        java.nio.channels.WritableByteChannel pipe = new java.nio.channels.WritableByteChannel() {
            @Override
            public int write(java.nio.ByteBuffer source) throws java.io.IOException {
                int length = source.remaining();
                if (direct != null) {
                    try {
                        while (source.hasRemaining()) {
                            direct.getChannel().write(source);
                        }
                    } catch (java.io.IOException e) {
                        whyNot[0] = e.getMessage();
                        throw e;
                    }
                } else if (source.hasArray()) {
                    out.write(source.array(), source.arrayOffset() + source.position(), length);
                    source.position(source.limit());
                } else {
                    byte[] copy = new byte[length];
                    source.get(copy);
                    out.write(copy, 0, length);
                }
                if (out.checkError()) {
                    throw new java.io.IOException(Words.text("get.standardOutputClosed"));
                }
                written[0] += length;
                return length;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
                out.flush();
            }
        };
        dev.ferry.ftp.TransferListener limit =
                dev.ferry.transfer.RateLimiter.limiting(queueOptions.settings(ConflictAction.OVERWRITE).downloadLimit());
        FtpSession session = first;
        int retries = 0;
        try {
            while (true) {
                long from = written[0];
                String stopped;
                dev.ferry.ftp.FtpException failure = null;
                try {
                    long received = session.retrieve(remote, from, size, offset -> {
                        if (offset != written[0]) {
                            throw new java.io.IOException(Words.text("get.cannotRepeat", remote));
                        }
                        return pipe;
                    }, limit, new dev.ferry.ftp.CancelToken());
                    if (size < 0 || from + received == size) {
                        out.flush();
                        return 0;
                    }
                    stopped = Words.text("get.serverEndedIt");
                } catch (LocalFileException e) {
                    RuntimeException said = standardOutputFailed(remote, whyNot[0], written[0]);
                    throw said != null ? said : e;
                } catch (dev.ferry.ftp.FtpException e) {
                    if (!e.isTransient() || size < 0) {
                        throw e;
                    }
                    failure = e;
                    stopped = Words.of(e.explanation());
                }
                long at = written[0];
                if (size >= 0 && at > size) {
                    // More than it had: another version came in the middle, and went out.
                    throw new CliFailure(Message.of(QueueText.DOWNLOAD_GREW, remote, at, size));
                }
                // From byte 0 nothing needs REST: nothing went out yet.
                boolean continuable = size > 0 && at < size && (at == 0 || session.features().supportsRestStream());
                if (!continuable || retries >= queueOptions.retries || (retries > 0 && at == from)) {
                    if (failure != null && at == 0) {
                        throw failure;
                    }
                    if (at > 0 && at < size && !session.features().supportsRestStream()) {
                        terminal.warn(Words.text("get.noRestStream", remote, stopped));
                    } else if (retries > 0 && at == from) {
                        terminal.warn(Words.text("get.noNewByte", remote, stopped));
                    }
                    throw new CliFailure(Message.of(QueueText.DOWNLOAD_INCOMPLETE, remote, at, size));
                }
                retries++;
                terminal.warn(Words.text("get.continuing", remote, at, size, stopped));
                session.close();
                Thread.sleep(Math.min(30_000L, 500L << Math.min(retries - 1, 6)));
                session = openWhenBack(target);
                long now = session.size(remote).orElse(-1);
                // Without SIZE (the size came from the listing) nothing tells; the queue trusts the part file alike.
                if (now >= 0 && now != size) {
                    // Another version now: its rest would follow the old one's start.
                    throw new IllegalStateException(Words.text("get.changedOnServer", remote, size, now, at));
                }
            }
        } finally {
            session.close();
        }
    }

    /**
     * A new session for the rest of {@code get URL -}. A server that cannot be reached (restarting) is waited for as
     * the queue waits for one, tried again after a doubling pause within the same budget (T9: it gave up at once,
     * where a file's download went on).
     */
    private FtpSession openWhenBack(FtpUrl target) throws Exception {
        Duration budget = dev.ferry.transfer.RetryPolicy.outageBudget(queueOptions.settings(ConflictAction.OVERWRITE));
        long giveUpAt = System.nanoTime() + budget.toNanos();
        for (int tries = 1; ; tries++) {
            try {
                return open(target);
            } catch (dev.ferry.ftp.FtpException e) {
                long pause = Math.min(30_000L, 1_000L << Math.min(tries - 1, 5));
                if (!dev.ferry.transfer.RetryPolicy.isUnreachable(e) || System.nanoTime() + pause * 1_000_000L > giveUpAt) {
                    throw e;
                }
                terminal.warn(Words.text("get.serverAway", Words.of(e.explanation()), pause / 1000));
                Thread.sleep(pause);
            }
        }
    }

    /** A failed write to standard output, in the words for where it goes (a full disk, a reader gone); null: the engine's. */
    private RuntimeException standardOutputFailed(String remote, String whyNot, long written) {
        // A file (not a pipe or a terminal) is never "closed" by a reader: its disk is full or failing. The
        // system's words say which, in the user's language; "No space left" is matched for the common case.
        boolean toAFile = java.nio.file.Files.isRegularFile(java.nio.file.Path.of("/proc/self/fd/1"));
        if (whyNot != null && (toAFile || whyNot.contains("No space left"))) {
            return new IllegalStateException(Words.text("get.standardOutputFull", remote, written,
                    whyNot.contains("No space left") ? Words.text("get.noSpaceLeft") : whyNot));
        }
        if (whyNot != null || terminal.out.checkError()) {
            // The reader went away (| head): said as curl says it, without the engine's "Could not write".
            return new IllegalStateException(Words.text("get.standardOutputClosedBefore", remote));
        }
        return null;
    }

    /**
     * The download runs on the queue, saved in the command line's queue file, as a tree's files do:
     * retried and resumed after a cut, limited, verified, split into segments as the options say;
     * after a crash, {@code ferry queue --resume} (or {@code get -c} again) continues it, every
     * segment where it stopped.
     *
     * @param savedSegments into how many segments the saved queue split this download (0: it holds
     *                      none); the saved queue is then restored, its part file's ranges are only
     *                      known from there
     */
    private int queued(FtpSession first, FtpUrl url, String remote, Path destination, long size, Instant modified,
                       int savedSegments) throws Exception {
        ConnectionSettings settings = connection.settings(url);
        if (!resume) {
            // Without -c: a fresh download, whatever an earlier run left; said, since -c would keep it.
            Path part = FileTransfers.partFile(destination);
            try {
                // Only a file: a link or a pipe in its place is the download's to refuse, untouched.
                boolean file = Files.isRegularFile(part, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                long kept = file ? Files.size(part) : 0;
                if (file && Files.deleteIfExists(part) && kept > 0) {
                    terminal.warn(Words.text("get.replacedPart", part, Terminal.bytes(kept)));
                }
            } catch (java.io.IOException e) {
                first.close();
                throw LocalFileException.of(FtpText.LOCAL_WRITE, part, e);
            }
        }
        int segments = queueOptions.segments;
        String siteId = connection.siteId();
        String ours = Endpoint.of(settings, siteId).key();
        // A restored queue may hold other servers' items too: those get their own settings, as with queue --resume.
        SettingsSource source = endpoint -> endpoint.key().equals(ours) ? settings : connection.forEndpoint(endpoint);
        // Saved when split: only the saved queue knows which ranges of the part file are there.
        boolean saved = segments > 1 || savedSegments > 0;
        return throughQueue(first, settings, queueOptions.settings(ConflictAction.OVERWRITE, savedSegments), source,
                false, saved, queue -> queue.batch().segments(segments).sessions(connection.siteSessions())
                        .sizeAndTimeAskedJustNow().addDownload(settings, siteId, remote, destination, false, size, modified));
    }

    /**
     * Into how many segments the command line's saved queue split this download, or 0. Its part file
     * is then full-length with ranges scattered in it: continuing it as one stream would take the
     * gaps for data.
     */
    private static int savedSegments(Path destination) {
        for (QueueStore.StoredItem item : QueueRun.store().load().document().items()) {
            String local = item.currentLocalPath() != null ? item.currentLocalPath() : item.localPath();
            if (item.direction() == Direction.DOWNLOAD && item.segmentPlan() != null
                    && !item.segmentPlan().isEmpty() && destination.toString().equals(local)) {
                return item.segmentPlan().size();
            }
        }
        return 0;
    }
}
