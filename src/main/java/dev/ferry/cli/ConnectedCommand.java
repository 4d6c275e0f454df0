package dev.ferry.cli;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.FtpUrl;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.message.Message;
import dev.ferry.transfer.ConflictAction;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.SettingsSource;
import dev.ferry.transfer.TransferQueue;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** A command that talks to one server: options, opening the session, warnings about security. */
abstract class ConnectedCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    Terminal terminal = Terminal.system();

    /** Whether a command-line argument is a URL rather than a local path (with --site a path on the server is neither). */
    static boolean looksLikeUrl(String argument) {
        return argument.contains("://");
    }

    /** A local folder argument that is a URL is refused without repeating it: it may carry a password. */
    static void requireLocalFolderArgument(String argument) {
        if (looksLikeUrl(argument)) {
            throw new IllegalArgumentException(Words.text("command.localFolderIsAUrl"));
        }
    }

    /**
     * --verify against a server that names no checksum command: refused once, before anything
     * moves, where every file would fail the check after its transfer.
     */
    static void requireChecksumIfVerifying(FtpSession session, QueueOptions queueOptions) {
        if (queueOptions.verify && !session.offersChecksum(dev.ferry.transfer.Checksums.ALGORITHMS)) {
            throw new IllegalStateException(Words.text("command.noChecksumToVerify"));
        }
    }

    FtpSession open(FtpUrl url) throws FtpException {
        ConnectionSettings settings = connection.settings(url);
        FtpSession session = new FtpSession(settings, "ferry");
        if (connection.printDialogue()) {
            session.addListener(terminal.dialoguePrinter());
        }
        session.addListener(entry -> {
            if (entry.kind() == dev.ferry.ftp.DialogueEntry.Kind.WARNING && !connection.printDialogue()) {
                terminal.warn(Words.of(entry));
            }
        });
        // A fall back to plain FTP is one of the engine's warnings, printed above (or in the dialogue with --log).
        session.connect();
        return session;
    }

    /**
     * Where a folder copied onto a destination goes, one rule for get and put, as cp -r and scp -r have it: into a
     * destination that is a folder (or is meant as one, its name ending in "/") by its own name; any other
     * destination (a path that is not there) becomes the copy. A folder without a name (the root, "..") goes
     * in as its contents. With -c, a destination an earlier run made the copy (it did not exist then) is
     * continued as the copy, not given a second one inside it: the saved queue says which it was.
     *
     * @param name            the copied folder's name
     * @param destinationIsFolder the destination is an existing folder or is meant as one
     * @param folderMeant     the destination's name ends in "/"
     * @param earlierRunsCopy asked only with -c: whether the saved queue maps the folder onto the destination itself
     */
    static boolean intoByName(String name, boolean destinationIsFolder, boolean folderMeant, boolean resume,
                              java.util.function.BooleanSupplier earlierRunsCopy) {
        return destinationIsFolder && !name.isEmpty() && !(resume && !folderMeant && earlierRunsCopy.getAsBoolean());
    }

    /**
     * Whether the saved queue holds items of {@code direction} that map {@code remote} and {@code local} onto each
     * other, folder for folder (a download of remote into local as its copy, or an upload of local as remote).
     */
    static boolean anEarlierRunsCopy(dev.ferry.transfer.Direction direction, String remote, Path local) {
        String folder = RemotePaths.normalize(remote);
        String inside = folder.endsWith("/") ? folder : folder + "/";
        Path copy = local.toAbsolutePath().normalize();
        for (dev.ferry.transfer.QueueStore.StoredItem item : QueueRun.store().load().document().items()) {
            String path = item.currentLocalPath() != null ? item.currentLocalPath() : item.localPath();
            if (item.direction() != direction || item.remotePath() == null || path == null) {
                continue;
            }
            String itemRemote = RemotePaths.normalize(item.remotePath());
            Path expected = itemRemote.equals(folder) ? copy
                    : itemRemote.startsWith(inside) ? copy.resolve(itemRemote.substring(inside.length())) : null;
            if (expected != null && Path.of(path).toAbsolutePath().normalize().equals(expected)) {
                return true;
            }
        }
        return false;
    }

    /** A whole tree through the queue: downloads into {@code local}, or uploads it. */
    int transferTree(FtpUrl url, Path local, boolean upload, ConflictAction conflicts, QueueOptions queueOptions)
            throws Exception {
        // One session finds where the URL's relative path starts (the login directory), then
        // becomes the queue's first worker session rather than logging out.
        FtpSession first = open(url);
        String remote;
        try {
            remote = url.resolve(first.initialDirectory());
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
        return transferTree(first, url, remote, local, upload, conflicts, queueOptions);
    }

    /**
     * A whole tree through the queue, whose first worker takes over {@code first}, a logged-in
     * session to the URL's server (closed here if the queue never took it).
     */
    int transferTree(FtpSession first, FtpUrl url, String remote, Path local, boolean upload, ConflictAction conflicts,
                     QueueOptions queueOptions) throws Exception {
        ConnectionSettings settings = connection.settings(url);
        if (!upload) {
            try {
                requireRemoteFolder(first, remote);
            } catch (Exception notAFolder) {
                first.quit();
                throw notAFolder;
            }
        }
        if (conflicts == ConflictAction.OVERWRITE_IF_DIFFERENT || conflicts == ConflictAction.OVERWRITE_IF_NEWER) {
            // Times decide what is sent (mirror): the server's are to be read as UTC.
            try {
                measureListingClock(first, remote);
            } catch (Exception cannotMeasure) {
                first.close();
                throw cannotMeasure;
            }
        }
        return throughQueue(first, settings, queueOptions.settings(conflicts), endpoint -> settings, false, true, queue -> {
            TransferQueue.Batch batch = queue.batch().sessions(connection.siteSessions());
            if (upload) {
                batch.addUpload(settings, connection.siteId(), local, remote, true);
            } else {
                batch.addDownload(settings, connection.siteId(), remote, local, true, -1, null);
            }
        });
    }

    /**
     * Before a tree's transfer from a server that lists with LIST, in its own zone, and answers MDTM: how
     * far its listing is from UTC, measured as a sync measures it (MDTM on a few files of the top folder, else
     * what was learnt for the server) and remembered for the server, for the queue to read the listing's
     * times as UTC. Nothing is asked where it cannot help: MLSD's times are UTC, and without MDTM only what a
     * sync learnt before tells (the queue uses that by itself). A folder that cannot be listed (an upload's,
     * not made yet) measures nothing.
     */
    static void measureListingClock(FtpSession session, String remote) throws java.io.IOException {
        if (session.features().supportsMlsd() && !session.capabilities().mlsdRefused()
                || !session.features().has("MDTM")) {
            return;
        }
        try {
            dev.ferry.sync.Synchronizer.listingClock(session, remote, session.list(remote), new dev.ferry.ftp.CancelToken());
        } catch (dev.ferry.ftp.FtpReplyException notListed) {
            // The queue says whatever it means for the transfer.
        }
    }

    /**
     * Said before anything is planned or queued: some servers (MINA among them) list a missing folder
     * as an empty one, which would make a sync with --delete empty the local side, and a queued
     * failure would be offered to `queue --resume`, which cannot make the folder appear.
     */
    static void requireRemoteFolder(FtpSession session, String remote) throws FtpException {
        if (session.isFolder(remote)) {
            return;
        }
        if (isFile(session, remote)) {
            throw new IllegalArgumentException(Words.text("command.fileNotFolder", RemotePaths.normalize(remote)));
        }
        throw new CliFailure(Message.of(FtpText.DIRECTORY_MISSING, RemotePaths.normalize(remote)));
    }

    private static boolean isFile(FtpSession session, String remote) {
        try {
            return session.size(remote).isPresent();
        } catch (FtpException | RuntimeException e) {
            return false;
        }
    }

    /** Runs {@link QueueRun#run} with {@code first} handed to the queue, and closes it if the queue never took it. */
    int throughQueue(FtpSession first, ConnectionSettings settings, QueueSettings queueSettings, SettingsSource source,
                     boolean restore, boolean saved, Consumer<TransferQueue> fill) throws InterruptedException {
        boolean[] handedOver = {false};
        try {
            if (queueSettings.requireVerification() && !first.offersChecksum(dev.ferry.transfer.Checksums.ALGORITHMS)) {
                throw new IllegalStateException(Words.text("command.noChecksumToVerify"));
            }
            return QueueRun.run(terminal, queueSettings, source, restore, saved, queue -> {
                if (connection.printDialogue()) {
                    queue.addDialogueListener(terminal.dialoguePrinter());
                }
                queue.adoptSession(settings, connection.siteId(), first);
                handedOver[0] = true;
                fill.accept(queue);
            });
        } finally {
            if (!handedOver[0]) {
                first.quit();
                first.close();
            }
        }
    }
}
