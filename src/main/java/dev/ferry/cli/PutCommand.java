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
import java.util.OptionalLong;

@Command(name = "put", description = {"Upload a file. A URL ending in / or naming an existing folder: the file goes into it.",
        "A file of that name on the server is replaced; -c continues it instead."})
final class PutCommand extends ConnectedCommand {

    @Parameters(index = "0", paramLabel = "LOCAL")
    Path local;

    @Parameters(index = "1", paramLabel = "URL")
    String url;

    @Option(names = {"-c", "--continue"}, description = "Resume: continue the server's file if it is a prefix of ours.")
    boolean resume;

    @Mixin
    QueueOptions queueOptions;

    @Override
    public Integer call() throws Exception {
        FtpUrl target = connection.url(url);
        if (Files.isDirectory(local)) {
            return transferTree(target, local, true, ConflictAction.OVERWRITE, queueOptions);
        }
        if (!Files.isRegularFile(local)) {
            throw new IllegalArgumentException("no such file: " + local);
        }
        FtpSession session = open(target);
        boolean handedOver = false;
        try {
            String remote = target.resolve(session.initialDirectory());
            boolean namesFolder = target.path().isEmpty() || target.path().endsWith("/");
            OptionalLong existing = namesFolder ? OptionalLong.empty() : session.size(remote);
            if (namesFolder || existing.isEmpty() && session.isFolder(remote)) {
                remote = RemotePaths.join(remote, local.getFileName().toString());
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
                    terminal.warn("the server's " + remote + " is not the start of this file: sending it whole");
                }
            }
            // On the queue, as a tree's files: retried and continued after a cut, limited, verified.
            ConnectionSettings settings = connection.settings(target);
            String destination = remote;
            Path source = local.toAbsolutePath().normalize();
            handedOver = true;
            return throughQueue(session, settings, queueOptions.settings(onExisting), endpoint -> settings, false,
                    false, queue -> queue.addUpload(settings, null, source, destination, false));
        } finally {
            if (!handedOver) {
                session.close();
            }
        }
    }
}
