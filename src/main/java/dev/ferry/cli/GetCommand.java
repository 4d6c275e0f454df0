package dev.ferry.cli;

import dev.ferry.ftp.FtpUrl;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.transfer.FileTransfers;
import dev.ferry.transfer.ConflictAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalLong;

@Command(name = "get", description = "Download a file. It is written to NAME.part and renamed when complete.")
final class GetCommand extends ConnectedCommand {

    @Parameters(index = "0", paramLabel = "URL")
    String url;

    @Parameters(index = "1", paramLabel = "LOCAL", arity = "0..1",
            description = "Local file or existing directory (default: the current directory).")
    Path local;

    @Option(names = {"-c", "--continue"}, description = "Resume a partial download left by an earlier run.")
    boolean resume;

    @Mixin
    QueueOptions queueOptions;

    @Override
    public Integer call() throws Exception {
        FtpUrl target = connection.url(url);
        boolean directory = target.path().isEmpty() || target.path().endsWith("/");
        try (FtpSession session = open(target)) {
            String remote = target.resolve(session.initialDirectory());
            String name = RemotePaths.name(remote);
            OptionalLong size = directory ? OptionalLong.empty() : session.size(remote);
            if (!directory && size.isEmpty() && isDirectory(session, remote)) {
                directory = true;
            }
            if (directory) {
                session.quit();
                Path into = local == null ? Path.of(name.isEmpty() ? "." : name) : local;
                return transferTree(target, into, false, ConflictAction.OVERWRITE, queueOptions);
            }
            Path destination = local == null ? Path.of(name) : Files.isDirectory(local) ? local.resolve(name) : local;
            Instant modified = session.modificationTime(remote).orElse(null);
            ProgressLine progress = terminal.interactive() ? new ProgressLine(terminal, name, size.orElse(-1), 0) : null;
            FileTransfers.download(session, remote, destination, size.orElse(-1), resume, modified,
                    progress != null ? progress : dev.ferry.ftp.TransferListener.NONE);
            if (progress != null) {
                progress.finish();
            }
            session.quit();
        }
        return 0;
    }

    private static boolean isDirectory(FtpSession session, String remote) {
        try {
            session.cwd(remote);
            return true;
        } catch (dev.ferry.ftp.FtpException e) {
            return false;
        }
    }
}
