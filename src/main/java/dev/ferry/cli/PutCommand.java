package dev.ferry.cli;

import dev.ferry.ftp.FtpUrl;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.message.Message;
import dev.ferry.transfer.QueueText;
import dev.ferry.transfer.FileTransfers;
import dev.ferry.transfer.ConflictAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

@Command(name = "put", description = {"Upload files or folders. A URL ending in / or naming an existing folder: it goes "
        + "into it by its own name, as with cp -r and scp -r (and get); any other URL becomes the copy.",
        "A file of that name on the server is replaced; -c continues it instead."})
final class PutCommand extends ConnectedCommand {

    private static final String STANDARD_INPUT = "-";

    /** LOCAL... then URL: picocli has no positional that leaves the last word to another, so both are read here. */
    @Parameters(index = "0..*", arity = "1..*", paramLabel = "LOCAL... URL", hideParamSyntax = true,
            description = {"Local files or folders, then the URL last; - (alone) reads one file from standard input.",
                    "Several LOCALs (`put *.txt URL/` in a shell): the URL must name a folder (end in / or name an "
                            + "existing one), and each goes into it by its own name, as a single put would."})
    List<String> operands;

    Path local;

    String url;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--continue"}, description = "Resume: continue the server's file if it is a prefix of ours.")
    boolean resume;

    /** As in get: users of scp and cp type it. */
    @Option(names = {"-r", "-R", "--recursive"},
            description = "Accepted as scp -r and cp -r take it: a folder is always sent whole, subfolders included.")
    boolean recursive;

    @Mixin
    QueueOptions queueOptions;

    @Override
    public Integer call() throws Exception {
        if (operands.size() < 2) {
            // Picocli's own sentence for a missing URL, which the CLI says in the user's language (arity 2..* had
            // its own English one).
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'URL'");
        }
        url = operands.getLast();
        List<String> locals = operands.subList(0, operands.size() - 1);
        FtpUrl target = connection.url(url);
        if (locals.size() > 1) {
            return putSeveral(target, locals);
        }
        local = Path.of(locals.getFirst());
        if (local.toString().equals(STANDARD_INPUT)) {
            return fromStandardInput(target);
        }
        if (Files.isDirectory(local)) {
            return putFolder(target);
        }
        if (!Files.isRegularFile(local)) {
            throw new IllegalArgumentException(Words.text("command.noSuchFile", local));
        }
        FtpSession session = open(target);
        boolean handedOver = false;
        try {
            String remote = target.resolve(session.initialDirectory());
            boolean namesFolder = target.path().isEmpty() || target.path().endsWith("/");
            OptionalLong existing = namesFolder ? OptionalLong.empty() : session.size(remote);
            if (namesFolder || existing.isEmpty() && session.isFolder(remote)) {
                String name = local.getFileName().toString();
                java.util.Optional<Message> unsafe = dev.ferry.transfer.LocalPaths.uploadNameProblem(name);
                if (unsafe.isPresent()) {
                    throw new CliFailure(unsafe.get());
                }
                if (namesFolder) {
                    makeFolders(session, remote);
                }
                remote = RemotePaths.join(remote, name);
                existing = session.size(remote);
                if (existing.isEmpty() && session.isFolder(remote)) {
                    // Said before a byte is sent, as get does for a local folder; the server's own
                    // refusal (if it refuses at all before taking the whole file) names no folder.
                    throw new CliFailure(Message.of(QueueText.REMOTE_FOLDER_EXISTS, remote));
                }
            }
            ConflictAction onExisting = ConflictAction.OVERWRITE;
            if (resume && existing.orElse(0) > 0) {
                if (FileTransfers.continuableOffset(session, local, remote, existing.getAsLong(),
                        new dev.ferry.ftp.CancelToken()) > 0) {
                    onExisting = ConflictAction.RESUME;
                } else {
                    terminal.warn(Words.text("put.notTheStart", remote));
                }
            }
            // On the queue, as a tree's files: retried and continued after a cut, limited, verified.
            ConnectionSettings settings = connection.settings(target);
            String destination = remote;
            Path source = local.toAbsolutePath().normalize();
            handedOver = true;
            return throughQueue(session, settings, queueOptions.settings(onExisting), endpoint -> settings, false,
                    false, queue -> queue.batch().sessions(connection.siteSessions())
                            .addUpload(settings, connection.siteId(), source, destination, false));
        } finally {
            if (!handedOver) {
                session.close();
            }
        }
    }

    /**
     * A folder, by get's rule ({@link #intoByName}), as cp -r and scp -r: into a URL ending in "/" (made where it is
     * not there) or naming an existing folder by its own name; a path that is not there becomes its copy. It was
     * poured into the URL's folder itself, next to what was there, where get put the folder in by its name.
     */
    private int putFolder(FtpUrl target) throws Exception {
        Path source = local.toAbsolutePath().normalize();
        String name = source.getFileName() == null ? "" : source.getFileName().toString();
        boolean folderMeant = target.path().isEmpty() || target.path().endsWith("/");
        FtpSession session = open(target);
        String remote;
        try {
            String url = target.resolve(session.initialDirectory());
            boolean isFolder = folderMeant || session.isFolder(url);
            remote = url;
            if (intoByName(name, isFolder, folderMeant, resume,
                    () -> anEarlierRunsCopy(dev.ferry.transfer.Direction.UPLOAD, url, source))) {
                java.util.Optional<Message> unsafe = dev.ferry.transfer.LocalPaths.uploadNameProblem(name);
                if (unsafe.isPresent()) {
                    throw new CliFailure(unsafe.get());
                }
                if (folderMeant) {
                    makeFolders(session, url);
                }
                remote = RemotePaths.join(url, name);
            }
        } catch (Exception e) {
            session.close();
            throw e;
        }
        return transferTree(session, target, remote, source, true, ConflictAction.OVERWRITE, queueOptions);
    }

    /**
     * {@code put a.txt b.txt c/ URL/}: each into the URL's folder by its own name, as {@code put LOCAL URL/} puts one
     * (a folder by {@link #intoByName}'s rule, with its subfolders), on one queue run with one summary. The URL must
     * name a folder, or be an existing one: several files cannot become one. Everything is checked before a byte
     * is sent.
     */
    private int putSeveral(FtpUrl target, List<String> locals) throws Exception {
        List<Path> sources = new java.util.ArrayList<>();
        java.util.Map<String, Path> byName = new java.util.HashMap<>();
        for (String argument : locals) {
            if (argument.equals(STANDARD_INPUT)) {
                throw new IllegalArgumentException(Words.text("put.standardInputAlone"));
            }
            if (looksLikeUrl(argument)) {
                throw new IllegalArgumentException(Words.text("put.urlNotLast"));
            }
            Path path = Path.of(argument);
            if (!Files.isDirectory(path) && !Files.isRegularFile(path)) {
                throw new IllegalArgumentException(Words.text("command.noSuchFile", path));
            }
            Path source = path.toAbsolutePath().normalize();
            String name = source.getFileName() == null ? "" : source.getFileName().toString();
            Path twin = byName.putIfAbsent(name, path);
            if (twin != null) {
                throw new IllegalArgumentException(Words.text("put.sameName", twin, path, name));
            }
            java.util.Optional<Message> unsafe = dev.ferry.transfer.LocalPaths.uploadNameProblem(name);
            if (!name.isEmpty() && unsafe.isPresent()) {
                throw new CliFailure(unsafe.get());
            }
            sources.add(source);
        }
        boolean folderMeant = target.path().isEmpty() || target.path().endsWith("/");
        FtpSession session = open(target);
        boolean handedOver = false;
        try {
            String folder = target.resolve(session.initialDirectory());
            if (!folderMeant && !session.isFolder(folder)) {
                throw new IllegalArgumentException(Words.text("put.severalNeedAFolder", locals.size(),
                        RemotePaths.normalize(folder)));
            }
            if (folderMeant) {
                makeFolders(session, folder);
            }
            List<String> destinations = new java.util.ArrayList<>();
            List<Boolean> continued = new java.util.ArrayList<>();
            for (Path source : sources) {
                String name = source.getFileName() == null ? "" : source.getFileName().toString();
                boolean isFolder = Files.isDirectory(source);
                String remote = folder;
                if (!isFolder || intoByName(name, true, folderMeant, resume,
                        () -> anEarlierRunsCopy(dev.ferry.transfer.Direction.UPLOAD, folder, source))) {
                    remote = RemotePaths.join(folder, name);
                }
                boolean resumeThis = false;
                if (!isFolder) {
                    OptionalLong existing = session.size(remote);
                    if (existing.isEmpty() && session.isFolder(remote)) {
                        throw new CliFailure(Message.of(QueueText.REMOTE_FOLDER_EXISTS, remote));
                    }
                    if (resume && existing.orElse(0) > 0) {
                        resumeThis = FileTransfers.continuableOffset(session, source, remote, existing.getAsLong(),
                                new dev.ferry.ftp.CancelToken()) > 0;
                        if (!resumeThis) {
                            terminal.warn(Words.text("put.notTheStart", remote));
                        }
                    }
                }
                destinations.add(remote);
                continued.add(resumeThis);
            }
            ConnectionSettings settings = connection.settings(target);
            handedOver = true;
            return throughQueue(session, settings, queueOptions.settings(ConflictAction.OVERWRITE), endpoint -> settings,
                    false, true, queue -> {
                        TransferQueueBatches batches = new TransferQueueBatches(queue, connection.siteSessions());
                        for (int i = 0; i < sources.size(); i++) {
                            Path source = sources.get(i);
                            (continued.get(i) ? batches.resuming() : batches.plain()).addUpload(settings,
                                    connection.siteId(), source, destinations.get(i), Files.isDirectory(source));
                        }
                    });
        } finally {
            if (!handedOver) {
                session.close();
            }
        }
    }

    /** One batch for the files -c continues (their own rule), one for the rest; each made when first needed. */
    private static final class TransferQueueBatches {
        private final dev.ferry.transfer.TransferQueue queue;
        private final int sessions;
        private dev.ferry.transfer.TransferQueue.Batch plain;
        private dev.ferry.transfer.TransferQueue.Batch resuming;

        TransferQueueBatches(dev.ferry.transfer.TransferQueue queue, int sessions) {
            this.queue = queue;
            this.sessions = sessions;
        }

        dev.ferry.transfer.TransferQueue.Batch plain() {
            if (plain == null) {
                plain = queue.batch().sessions(sessions);
            }
            return plain;
        }

        dev.ferry.transfer.TransferQueue.Batch resuming() {
            if (resuming == null) {
                resuming = queue.batch(ConflictAction.RESUME).sessions(sessions);
            }
            return resuming;
        }
    }

    /**
     * The folder a URL ending in "/" names, and those above it, where they are not there: as {@code get} makes the
     * local folder a name ending in "/" names (T9: the server's 551 to STOR said nothing of a folder).
     */
    private static void makeFolders(FtpSession session, String folder) throws dev.ferry.ftp.FtpException {
        java.util.ArrayDeque<String> missing = new java.util.ArrayDeque<>();
        for (String path = RemotePaths.normalize(folder); RemotePaths.isAbsolute(path) && !path.equals("/")
                && !session.isFolder(path); path = RemotePaths.parent(path)) {
            missing.addFirst(path);
        }
        if (!missing.isEmpty()) {
            session.mkdChain(java.util.List.copyOf(missing));
        }
    }

    /**
     * {@code put - URL}, as curl -T - reads it: standard input, for a pipe, to a file the URL names.
     * What went out cannot be read again, so an attempt is never repeated once it began, and the
     * server's size is compared with what was read.
     */
    private int fromStandardInput(FtpUrl target) throws Exception {
        if (target.path().isEmpty() || target.path().endsWith("/")) {
            throw new IllegalArgumentException(Words.text("put.standardInputToFolder"));
        }
        java.io.InputStream in = System.in;
        boolean[] opened = {false};
        long[] read = {0};
        java.nio.channels.ReadableByteChannel input = new java.nio.channels.ReadableByteChannel() {
            private final java.nio.channels.ReadableByteChannel channel = java.nio.channels.Channels.newChannel(in);

            @Override
            public int read(java.nio.ByteBuffer destination) throws java.io.IOException {
                int count = channel.read(destination);
                if (count > 0) {
                    read[0] += count;
                }
                return count;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
                // Standard input stays open: it is the process's, not this upload's.
            }
        };
        try (FtpSession session = open(target)) {
            String remote = target.resolve(session.initialDirectory());
            if (session.isFolder(remote)) {
                throw new CliFailure(Message.of(QueueText.REMOTE_FOLDER_EXISTS, remote));
            }
            session.store(remote, offset -> {
                if (offset != 0 || opened[0]) {
                    throw new java.io.IOException(Words.text("put.cannotRepeat", remote));
                }
                opened[0] = true;
                return input;
            }, FtpSession.StoreMode.REPLACE, 0, dev.ferry.ftp.TransferListener.NONE, new dev.ferry.ftp.CancelToken());
            if (session.features().has("SIZE")) {
                long stored = session.size(remote).orElse(read[0]);
                if (stored != read[0]) {
                    throw new CliFailure(Message.of(QueueText.UPLOAD_INCOMPLETE, remote, stored, read[0]));
                }
            }
            session.quit();
        }
        return 0;
    }
}
