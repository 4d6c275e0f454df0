package dev.ferry.transfer;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpReplyException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpText;
import dev.ferry.ftp.LocalFileException;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.listing.Listing;
import dev.ferry.ftp.listing.NameSafety;
import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.message.Message;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a folder item into its children: a remote folder by its listing (names the local disk
 * cannot take, links and special files become inert records that say why), a local folder by
 * reading it, with what already exists on the server remembered for the conflict questions.
 */
final class FolderExpansion {

    /** Deeper than this is almost certainly a symbolic link loop. */
    static final int MAX_DEPTH = 32;

    private final RunSupport queue;

    FolderExpansion(RunSupport queue) {
        this.queue = queue;
    }

    /** The name of the file beside {@code entry} whose part file {@code entry}'s name is, or null. */
    private static String partFileOf(RemoteEntry entry, java.util.Set<String> files) {
        String name = entry.name();
        if (!files.contains(name) || !name.endsWith(FileTransfers.PART_SUFFIX)) {
            return null;
        }
        String original = name.substring(0, name.length() - FileTransfers.PART_SUFFIX.length());
        return files.contains(original) ? original : null;
    }

    void remote(TransferItem item, FtpSession session, CancelToken token) throws IOException {
        // LIST times are in the server's zone: compared with local files, and given to them, as UTC (the
        // offset a sync or a mirror measured). Read as UTC, a file changed on a server west of UTC was taken
        // for older than the local copy and left stale, east of it a newer local copy was overwritten.
        Listing listing = session.capabilities().inUtc(session.list(item.remotePath, token));
        // A restored item's walk starts again with it: what was above it in the earlier run is not known.
        dev.ferry.ftp.listing.FolderChain chain = (item.folderChain != null ? item.folderChain
                : dev.ferry.ftp.listing.FolderChain.top()).listed(listing);
        if (chain.loopsBack(item.remotePath, at -> session.listIfThere(at, token), MAX_DEPTH - item.depth)) {
            // A server that names no folder (no MLSD unique fact): Twisted and aioftp followed a loop 32 levels deep.
            queue.skip(item, Message.of(QueueText.SYMLINK_LOOP));
            return;
        }
        Path folder = LocalPaths.insideBoundary(item, item.localPath);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_CREATE_FOLDER, folder, e);
        }
        List<TransferItem> children = new ArrayList<>();
        java.util.Set<String> files = new java.util.HashSet<>();
        for (RemoteEntry entry : listing.entries()) {
            if (entry.type() == RemoteEntry.Type.FILE || entry.type() == RemoteEntry.Type.SYMLINK) {
                files.add(entry.name());
            }
        }
        // In the order of their names, as the panes show them and the uploads go: the server's own order
        // (pyftpdlib's is a hash order) made the queue and the files arriving on disk jump about the folder.
        LinkedFolders links = new LinkedFolders(item.remotePath, listing, session, token);
        List<RemoteEntry> byName = new ArrayList<>(listing.entries());
        byName.sort(java.util.Comparator.comparing(RemoteEntry::name, dev.ferry.message.NameOrder.NAMES));
        for (RemoteEntry entry : byName) {
            String remote = RemotePaths.join(item.remotePath, entry.name());
            Optional<Message> problem = LocalPaths.problem(entry.name());
            String partOf = partFileOf(entry, files);
            if (problem.isEmpty() && partOf != null) {
                // "a.bin.part" beside "a.bin": its copy would take the name a.bin's download writes to, and
                // one of the two would end up with the other's bytes. Skipped and said; a.bin comes whole.
                TransferItem clash = queue.child(item, false, LocalPaths.child(folder, entry.name()), remote,
                        entry.exactSize(), entry.modified());
                RunSupport.skippedFromTheStart(clash, Message.of(QueueText.PART_NAME_OF_ANOTHER_FILE, partOf));
                children.add(clash);
                continue;
            }
            if (problem.isPresent()) {
                // An inert record: it names the entry for the user and has nothing it could write to.
                TransferItem refused = queue.child(item, false, folder,
                        RemotePaths.join(item.remotePath, NameSafety.printable(entry.name())), entry.size(), entry.modified());
                RunSupport.refusedFromTheStart(refused, Message.of(QueueText.NAME_REFUSED,
                        NameSafety.printable(entry.name()), problem.get()));
                children.add(refused);
                continue;
            }
            Path local = LocalPaths.child(folder, entry.name());
            switch (entry.type()) {
                case DIRECTORY -> {
                    TransferItem child = queue.child(item, true, local, remote, -1, entry.modified());
                    if (item.depth + 1 > MAX_DEPTH) {
                        RunSupport.refusedFromTheStart(child, Message.of(QueueText.TOO_DEEP, MAX_DEPTH));
                    } else if (chain.leadsBack(entry.uniqueId())) {
                        // Nothing is missing: the folder it leads to is copied once (T5: exit 1 on pyftpdlib, 0 on Twisted).
                        RunSupport.skippedFromTheStart(child, Message.of(QueueText.SYMLINK_LOOP));
                    } else {
                        child.folderChain = chain.child(entry.name(), entry.uniqueId());
                    }
                    children.add(child);
                }
                // A size in blocks is no byte count: unknown, the runner asks SIZE or accepts what arrives.
                case FILE -> {
                    TransferItem file = queue.child(item, false, local, remote, entry.exactSize(), entry.modified());
                    file.listedByDayOnly = entry.modified() != null && entry.precision() == RemoteEntry.TimePrecision.DAYS;
                    if (entry.sizeApproximate()) {
                        file.listedBlocksSize = entry.size();
                        file.listedPrecision = entry.precision();
                    }
                    children.add(file);
                }
                case SYMLINK -> children.add(remoteLink(item, entry, local, remote, chain, links));
                case OTHER -> {
                    // A device, pipe or socket has no content to copy: skipped and said, as cp -r and rsync do,
                    // not a failure that fails the run and waits in the queue to fail again.
                    TransferItem special = queue.child(item, false, local, remote, entry.size(), entry.modified());
                    RunSupport.skippedFromTheStart(special, Message.of(QueueText.NOT_REGULAR_FILE));
                    children.add(special);
                }
            }
        }
        for (String line : listing.unparsedLines()) {
            TransferItem unparsed = queue.child(item, false, folder,
                    item.remotePath + " (" + NameSafety.printable(line) + ")", -1, null);
            RunSupport.refusedFromTheStart(unparsed, Message.of(QueueText.UNPARSED_LISTING_LINE,
                    NameSafety.printable(line)));
            children.add(unparsed);
        }
        queue.expanded(item, children);
    }

    /**
     * A symbolic link in a listing (vsftpd, ProFTPD; MINA and pyftpdlib list what it leads to): a folder of
     * the tree when it leads to one and links are followed, unless it leads back to a folder the walk came
     * through or to one above them; otherwise an item the runner downloads as a file, or skips, when it runs.
     */
    private TransferItem remoteLink(TransferItem item, RemoteEntry entry, Path local, String remote,
                                    dev.ferry.ftp.listing.FolderChain chain, LinkedFolders links) throws IOException {
        if (queue.settings().folderLinks() == QueueSettings.FolderLinks.FOLLOW) {
            // Asked before entering the link: the listing may have left the session in the folder.
            links.here();
            // Entering it tells a folder from a file or nothing: SIZE does not, on a folder (vsftpd: 550).
            if (links.session.isFolder(remote, links.token)) {
                String target = links.whereLinkLed(entry, remote);
                TransferItem folder = queue.child(item, true, local, remote, -1, entry.modified());
                var leads = target == null ? dev.ferry.ftp.listing.FolderChain.LinkTarget.ELSEWHERE
                        : chain.whereLinkLeads(links.here(), target);
                switch (leads) {
                    case A_FOLDER_OF_THE_WALK -> RunSupport.skippedFromTheStart(folder, Message.of(QueueText.SYMLINK_LOOP));
                    case ABOVE_THE_WALK -> RunSupport.skippedFromTheStart(folder,
                            Message.of(QueueText.LINK_ABOVE_THE_TREE, target));
                    case ELSEWHERE -> {
                        if (item.depth + 1 > MAX_DEPTH) {
                            RunSupport.refusedFromTheStart(folder, Message.of(QueueText.TOO_DEEP, MAX_DEPTH));
                        } else {
                            // Where it leads unknown, a loop is still found by its listings repeating (FolderChain).
                            folder.folderChain = target == null ? chain.child(entry.name(), null)
                                    : chain.linkedChild(entry.name(), links.here());
                        }
                    }
                }
                return folder;
            }
        }
        // The listing's size is the link's own; the file's is asked for when it runs.
        TransferItem link = queue.child(item, false, local, remote, -1, entry.modified());
        link.symlink = true;
        return link;
    }

    /** Links to links followed to what they lead to, at most: a longer chain (or a loop of links) ends there. */
    static final int MOST_LINK_HOPS = 8;

    /**
     * A link's text resolved from {@code folder}, where the link is; null when there is none, or it is a Windows
     * path (IIS junctions: {@code C:\…}), which is no path of the server's.
     */
    static String resolveLinkText(String folder, String text) {
        if (text == null || text.isEmpty() || text.indexOf('\\') >= 0 || text.indexOf(':') >= 0) {
            return null;
        }
        return RemotePaths.normalize(RemotePaths.isAbsolute(text) ? text : RemotePaths.join(folder, text));
    }

    /**
     * Where {@code folder} is on the server: PWD once entered names it through the links on the way (vsftpd,
     * ProFTPD, Pure-FTPd); the path itself when the server does not say.
     */
    static String serverLocation(FtpSession session, String folder, CancelToken token) throws IOException {
        return locate(session, folder, token).location();
    }

    /** Where a folder is ({@code location}), and what PWD answered in it (null: nothing usable). */
    private record Whereabouts(String location, String reported) {
    }

    private static Whereabouts locate(FtpSession session, String folder, CancelToken token) throws IOException {
        String entered = RemotePaths.normalize(folder);
        String reported = session.isFolder(entered, token) ? reportedLocation(session) : null;
        if (reported == null || reported.equals(entered)) {
            return new Whereabouts(entered, reported);
        }
        // Somewhere else than entered: believed once the folder above is named otherwise (R32: a PWD that answers "/"
        // wherever the session is read a link's text from "/").
        String parent = RemotePaths.parent(entered);
        boolean believed = !parent.equals(entered) && session.isFolder(parent, token)
                && !reported.equals(reportedLocation(session));
        return new Whereabouts(believed ? reported : entered, reported);
    }

    private static String reportedLocation(FtpSession session) {
        try {
            String location = session.pwd();
            return location == null || !RemotePaths.isAbsolute(location) ? null : RemotePaths.normalize(location);
        } catch (FtpException noAnswer) {
            return null;
        }
    }

    /**
     * The links of one listed folder, and where the server says that folder and each of them lead. A link's
     * text is read from where the link really is, and the next link of a chain is not always in this listing
     * (R30: a -> b, b -> .. copied the folders above the tree): where entering it led, by PWD, is what counts
     * when the server names folders by PWD (vsftpd, ProFTPD, Pure-FTPd). Otherwise, the text, through the links
     * of this listing.
     */
    private static final class LinkedFolders {
        private final String folder;
        private final FtpSession session;
        private final CancelToken token;
        private final Map<String, RemoteEntry> links = new HashMap<>();
        private String here;
        /** What PWD answered in the listed folder. */
        private String hereReported;

        LinkedFolders(String folder, Listing listing, FtpSession session, CancelToken token) {
            this.folder = RemotePaths.normalize(folder);
            this.session = session;
            this.token = token;
            for (RemoteEntry entry : listing.entries()) {
                if (entry.type() == RemoteEntry.Type.SYMLINK) {
                    links.putIfAbsent(entry.name(), entry);
                }
            }
        }

        /** The listed folder's location, asked once (entering it is free when the listing left the session there). */
        String here() throws IOException {
            if (here == null) {
                Whereabouts whereabouts = locate(session, folder, token);
                here = whereabouts.location();
                hereReported = whereabouts.reported();
            }
            return here;
        }

        /** Where the link just entered at {@code remote} led; null when neither the server nor its text tell. */
        String whereLinkLed(RemoteEntry link, String remote) throws IOException {
            String target = reportedLocation(session);
            // The path as entered says nothing of where it led; an answer that did not move from the folder's is a
            // link to the folder itself, or a PWD that names no folder (R31: "/" wherever the session is): its text tells.
            if (target == null || target.equals(RemotePaths.normalize(remote)) || target.equals(hereReported)) {
                return textualTarget(link);
            }
            return target;
        }

        /** The link's text resolved from this folder, through the links beside it; null for a Windows path (IIS) or none. */
        private String textualTarget(RemoteEntry link) {
            String text = link.linkTarget();
            // A longer chain is left to the loop check by listings.
            for (int hop = 0; hop < MOST_LINK_HOPS; hop++) {
                String resolved = resolveLinkText(here, text);
                if (resolved == null) {
                    return null;
                }
                RemoteEntry next = RemotePaths.parent(resolved).equals(here) ? links.get(RemotePaths.name(resolved)) : null;
                if (next == null) {
                    return resolved;
                }
                text = next.linkTarget();
            }
            return null;
        }
    }

    /**
     * Whether the server's folder listing above {@code folder} has a file where the folder is to go:
     * the refusal to make it then is no missing or unreadable folder, which the words said.
     */
    private static boolean fileInTheWay(FtpSession session, String folder, CancelToken token) throws IOException {
        try {
            String name = RemotePaths.name(folder);
            return session.list(RemotePaths.parent(folder), token).entries().stream()
                    // Any case: where the server ignores it, "NEST" is in the way of "nest" as much.
                    .anyMatch(entry -> entry.name().equalsIgnoreCase(name) && !entry.isDirectory());
        } catch (FtpReplyException notListed) {
            if (notListed.isTransient()) {
                throw notListed;
            }
            return false;
        }
    }

    private static FtpException fileInTheWayFailure(TransferItem item, FtpReplyException refusal) {
        return new FtpException(Message.of(QueueText.REMOTE_FILE_IN_THE_WAY, item.remotePath), false, refusal);
    }

    void local(TransferItem item, FtpSession session, CancelToken token) throws IOException {
        // Create first: a new folder needs no listing. Refused (usually: it exists), list what is there.
        Map<String, RemoteEntry> existing = new HashMap<>();
        try {
            session.mkd(item.remotePath);
        } catch (FtpReplyException refused) {
            if (refused.isTransient()) {
                throw refused;
            }
            List<RemoteEntry> there;
            try {
                there = session.capabilities().inUtc(session.list(item.remotePath, token)).entries();
            } catch (FtpReplyException listFailure) {
                if (listFailure.isTransient()) {
                    listFailure.addSuppressed(refused);
                    throw listFailure;
                }
                if (fileInTheWay(session, item.remotePath, token)) {
                    throw fileInTheWayFailure(item, listFailure);
                }
                if (session.isFolder(item.remotePath, token)) {
                    // There but not to be listed (an upload-only folder): that refusal is why.
                    listFailure.addSuppressed(refused);
                    throw listFailure;
                }
                // Neither made nor there: the refusal to make it says why (T4 was told the listing's "no such folder").
                refused.addSuppressed(listFailure);
                throw refused;
            }
            // vsftpd and MINA list a missing folder as an empty one: only entering it tells whether it is there.
            if (there.isEmpty() && !session.isFolder(item.remotePath, token)) {
                throw refused;
            }
            // Some servers list a file when asked for a folder of its name: its own line, alone.
            if (there.size() == 1 && !there.getFirst().isDirectory()
                    && RemotePaths.name(there.getFirst().name()).equals(RemotePaths.name(item.remotePath))
                    && fileInTheWay(session, item.remotePath, token)) {
                throw fileInTheWayFailure(item, refused);
            }
            for (RemoteEntry entry : there) {
                existing.put(entry.name(), entry);
            }
        }
        List<TransferItem> children = new ArrayList<>();
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(item.localPath)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_READ_FOLDER, item.localPath, e);
        }
        // In the order the panes show (f2 before f10), as a download's listing comes: the disk's own order is none.
        entries.sort(java.util.Comparator.comparing(path -> path.getFileName().toString(), dev.ferry.message.NameOrder.NAMES));
        try {
            for (Path local : entries) {
                String name = local.getFileName().toString();
                Optional<Message> unsafe = LocalPaths.uploadNameProblem(name);
                if (unsafe.isPresent()) {
                    // As a download refuses it: a "\\" is a folder separator to a Windows server, a line break a second command.
                    TransferItem refused = queue.child(item, false, local,
                            RemotePaths.join(item.remotePath, NameSafety.printable(name)), -1, null);
                    RunSupport.refusedFromTheStart(refused, unsafe.get());
                    children.add(refused);
                    continue;
                }
                String remote = RemotePaths.join(item.remotePath, name);
                BasicFileAttributes attributes = Files.readAttributes(local, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                boolean followed = queue.settings().folderLinks() == QueueSettings.FolderLinks.FOLLOW;
                Message notFollowed = attributes.isSymbolicLink() && Files.isDirectory(local)
                        ? (followed ? leadsBack(item, local) : Message.of(QueueText.SYMLINK_TO_FOLDER_SKIPPED)) : null;
                if (notFollowed != null) {
                    TransferItem link = queue.child(item, true, local, remote, -1, null);
                    RunSupport.skippedFromTheStart(link, notFollowed);
                    children.add(link);
                } else if (attributes.isDirectory() || attributes.isSymbolicLink() && Files.isDirectory(local)) {
                    TransferItem child = queue.child(item, true, local, remote, -1, null);
                    if (item.depth + 1 > MAX_DEPTH) {
                        RunSupport.refusedFromTheStart(child, Message.of(QueueText.TOO_DEEP, MAX_DEPTH));
                    }
                    children.add(child);
                } else if (Files.isRegularFile(local)) {
                    TransferItem child = queue.child(item, false, local, remote, Files.size(local),
                            Files.getLastModifiedTime(local).toInstant());
                    RemoteEntry there = existing.get(name);
                    child.targetKnown = true;
                    if (there != null && there.isDirectory()) {
                        child.targetFolder = true;
                    } else if (there != null) {
                        child.targetSize = there.size();
                        child.targetSizeApproximate = there.sizeApproximate();
                        child.targetModified = there.modified();
                        child.targetPrecision = there.precision();
                    }
                    children.add(child);
                } else {
                    // Said, as a download's are: left out without a word, an upload of everything
                    // and one that left files behind looked the same.
                    TransferItem left = queue.child(item, false, local, remote, -1, null);
                    Message why;
                    if (!attributes.isSymbolicLink()) {
                        why = Message.of(QueueText.NOT_REGULAR_FILE);
                    } else if (Files.exists(local)) {
                        // It leads somewhere, to a pipe, a device or a socket: "points nowhere" sent the user looking for a missing target.
                        why = Message.of(QueueText.LINK_TO_SPECIAL_FILE_SKIPPED, local.toString());
                    } else {
                        why = Message.of(QueueText.DANGLING_LINK_SKIPPED, local.toString());
                    }
                    RunSupport.skippedFromTheStart(left, why);
                    children.add(left);
                }
            }
        } catch (IOException e) {
            throw LocalFileException.of(FtpText.LOCAL_READ_FOLDER, item.localPath, e);
        }
        queue.expanded(item, children);
    }

    /**
     * Why a local link to a folder is not followed: it leads to the folder being read or one above it, as
     * the walk came down (through links too, so two links that lead to each other's folders are caught at the
     * second); null when it leads elsewhere.
     */
    private static Message leadsBack(TransferItem item, Path link) throws IOException {
        Path target = link.toRealPath();
        boolean holdsOne = false;
        Path folder = item.localPath;
        for (int level = 0; level <= item.depth && folder != null; level++, folder = folder.getParent()) {
            Path real = folder.toRealPath();
            if (real.equals(target)) {
                return Message.of(QueueText.SYMLINK_LOOP);
            }
            holdsOne |= real.startsWith(target);
        }
        return holdsOne ? Message.of(QueueText.LINK_ABOVE_THE_TREE, target.toString()) : null;
    }
}
