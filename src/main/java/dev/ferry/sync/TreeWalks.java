package dev.ferry.sync;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.FtpReplyException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.listing.Listing;
import dev.ferry.ftp.listing.NameSafety;
import dev.ferry.ftp.listing.RemoteEntry;
import dev.ferry.message.Message;
import dev.ferry.transfer.LocalPaths;
import dev.ferry.transfer.QueueText;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Walks the two trees. Names are checked as the queue checks them ({@link LocalPaths}): a name
 * that could leave its folder on either side, or carry a second FTP command, is reported and
 * never compared, transferred or deleted. Symbolic links are recorded, not followed into folders
 * (the local side follows a link to a file, as an upload does).
 */
final class TreeWalks {

    /** Deeper than this is almost certainly a symbolic link loop (the queue's limit too). */
    static final int MAX_DEPTH = 32;

    private TreeWalks() {
    }

    /**
     * The tree under {@code root} on the server. A root the server refuses to list is an error,
     * unless {@code missingIsEmpty} (an upload creates it): then the tree is empty and says so.
     */
    static SyncTree remote(FtpSession session, String root, boolean missingIsEmpty, CancelToken token)
            throws IOException {
        TreeMap<String, FileState> entries = new TreeMap<>();
        List<SyncTree.Problem> problems = new ArrayList<>();
        Listing top;
        try {
            top = session.list(root, token);
        } catch (FtpReplyException refused) {
            if (missingIsEmpty && !refused.isTransient()) {
                return SyncTree.missing();
            }
            throw refused;
        }
        // Some servers (MINA) list a missing folder as an empty one: an upload took it as there and never made it.
        if (missingIsEmpty && top.entries().isEmpty() && top.unparsedLines().isEmpty()
                && !session.isFolder(root, token)) {
            return SyncTree.missing();
        }
        walkRemote(session, root, "", top, 1, dev.ferry.ftp.listing.FolderChain.top().listed(top), entries, problems, token);
        return new SyncTree(entries, problems, true);
    }

    private static void walkRemote(FtpSession session, String folder, String relative, Listing listing, int depth,
                                   dev.ferry.ftp.listing.FolderChain chain, TreeMap<String, FileState> entries,
                                   List<SyncTree.Problem> problems, CancelToken token) throws IOException {
        boolean serverClock = listing.inServerZone();
        for (String line : listing.unparsedLines()) {
            problems.add(new SyncTree.Problem(relative.isEmpty() ? "." : relative,
                    Message.of(QueueText.UNPARSED_LISTING_LINE, NameSafety.printable(line))));
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (RemoteEntry entry : listing.entries()) {
            String name = entry.name();
            // A name listed twice is one file (or folder), the first listed, as the queue takes it for a mirror:
            // the last one's size was expected of the first one's bytes, and a folder was walked twice.
            if (ClockProbe.isProbeName(name) || !names.add(name)) {
                continue;
            }
            Optional<Message> unsafe = LocalPaths.problem(name);
            String path = SyncTree.child(relative, unsafe.isPresent() ? label(name) : name);
            if (unsafe.isPresent()) {
                problems.add(new SyncTree.Problem(path,
                        Message.of(QueueText.NAME_REFUSED, NameSafety.printable(name), unsafe.get())));
                continue;
            }
            FileState state = FileState.remote(entry, serverClock);
            entries.put(path, state);
            if (!state.isDirectory()) {
                continue;
            }
            if (depth >= MAX_DEPTH) {
                problems.add(new SyncTree.Problem(path, Message.of(QueueText.TOO_DEEP, MAX_DEPTH)));
                continue;
            }
            if (chain.leadsBack(entry.uniqueId())) {
                problems.add(new SyncTree.Problem(path, Message.of(QueueText.SYMLINK_LOOP)));
                continue;
            }
            token.throwIfCancelled();
            String remote = RemotePaths.join(folder, name);
            Listing inner;
            try {
                inner = session.list(remote, token);
            } catch (FtpReplyException refused) {
                if (refused.isTransient()) {
                    throw refused;
                }
                // An unreadable folder is reported; the rest of the tree still counts.
                problems.add(new SyncTree.Problem(path, refused.explanation()));
                continue;
            }
            dev.ferry.ftp.listing.FolderChain innerChain = chain.child(name, entry.uniqueId()).listed(inner);
            if (innerChain.loopsBack(remote, at -> session.listIfThere(at, token), MAX_DEPTH - depth)) {
                // Listed as a folder above it, on a server that names no folder: a link back, walked for ever.
                problems.add(new SyncTree.Problem(path, Message.of(QueueText.SYMLINK_LOOP)));
                continue;
            }
            walkRemote(session, remote, path, inner, depth + 1, innerChain, entries, problems, token);
        }
    }

    /**
     * How a refused name is shown in the plan: control characters made visible, and a "/" in it,
     * which is not a path here, replaced by a look-alike so that it stays one entry of its folder.
     */
    static String label(String name) {
        return NameSafety.printable(name).replace('/', '\u2215');
    }

    /** The tree under {@code root} here; a root that does not exist yet is an empty tree. */
    static SyncTree local(Path root, CancelToken token) throws IOException {
        if (!Files.exists(root)) {
            return SyncTree.missing();
        }
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "not a folder");
        }
        TreeMap<String, FileState> entries = new TreeMap<>();
        List<SyncTree.Problem> problems = new ArrayList<>();
        walkLocal(root, "", 1, entries, problems, token);
        return new SyncTree(entries, problems, true);
    }

    /**
     * Why a local folder or file could not be read, as the queue says it: the system's own words for a refused
     * access are the path alone (T9: "Could not read /x/a: /x/a").
     */
    static Message unreadable(Path path, IOException failure, boolean folder) {
        return dev.ferry.ftp.LocalFileException.of(folder ? dev.ferry.ftp.FtpText.LOCAL_READ_FOLDER
                : dev.ferry.ftp.FtpText.LOCAL_READ, path, failure).explanation();
    }

    private static void walkLocal(Path folder, String relative, int depth, TreeMap<String, FileState> entries,
                                  List<SyncTree.Problem> problems, CancelToken token) throws IOException {
        token.throwIfCancelled();
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(children::add);
        } catch (IOException e) {
            problems.add(new SyncTree.Problem(relative.isEmpty() ? "." : relative,
                    unreadable(folder, e, true)));
            return;
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            Optional<Message> unsafe = LocalPaths.problem(name);
            String path = SyncTree.child(relative, unsafe.isPresent() ? label(name) : name);
            if (unsafe.isPresent()) {
                problems.add(new SyncTree.Problem(path,
                        Message.of(SyncText.LOCAL_NAME_REFUSED, NameSafety.printable(name), unsafe.get())));
                continue;
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isSymbolicLink()) {
                    if (Files.isDirectory(child)) {
                        entries.put(path, FileState.local(FileState.Kind.LINK, -1, attributes.lastModifiedTime().toInstant()));
                        continue;
                    }
                    if (!Files.isRegularFile(child)) {
                        entries.put(path, FileState.local(FileState.Kind.OTHER, -1, null));
                        continue;
                    }
                    // A link to a file is uploaded as the file: compare what it points to.
                    attributes = Files.readAttributes(child, BasicFileAttributes.class);
                }
            } catch (IOException e) {
                problems.add(new SyncTree.Problem(path,
                        unreadable(child, e, false)));
                continue;
            }
            if (attributes.isDirectory()) {
                entries.put(path, FileState.local(FileState.Kind.DIRECTORY, -1, attributes.lastModifiedTime().toInstant()));
                if (depth >= MAX_DEPTH) {
                    problems.add(new SyncTree.Problem(path, Message.of(QueueText.TOO_DEEP, MAX_DEPTH)));
                } else {
                    walkLocal(child, path, depth + 1, entries, problems, token);
                }
            } else if (attributes.isRegularFile()) {
                entries.put(path, FileState.local(FileState.Kind.FILE, attributes.size(),
                        attributes.lastModifiedTime().toInstant()));
            } else {
                entries.put(path, FileState.local(FileState.Kind.OTHER, -1, null));
            }
        }
    }
}
