package dev.ferry.cli;

import dev.ferry.ftp.FtpUrl;
import dev.ferry.transfer.ConflictAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;

@Command(name = "mirror", description = {
        "Download a remote tree into LOCALDIR, or with --reverse upload LOCALDIR to the URL.",
        // One string per paragraph: picocli starts a new line at each (T5 saw one break mid-sentence).
        "A file is sent again when its size differs or the source's copy is newer (a copy changed only "
                + "in the target is kept); partial files are continued. `ferry sync` tells such changes apart.",
        "A LIST's times are read in UTC by the server's zone, measured with MDTM or by an earlier sync (`ferry "
                + "sync` can also measure it with a probe file); with neither, they are taken as listed."})
final class MirrorCommand extends ConnectedCommand {

    @Option(names = {"-R", "--reverse"}, description = "Upload: mirror LOCALDIR to the URL.")
    boolean reverse;

    @Mixin
    QueueOptions.WithSegments queueOptions;

    @Parameters(index = "0", paramLabel = "URL|LOCALDIR")
    String first;

    @Parameters(index = "1", paramLabel = "LOCALDIR|URL")
    String second;

    @Override
    public Integer call() throws Exception {
        // -R takes LOCALDIR first, as lftp's mirror -R does, or the URL first, as sync -R does: a URL says which it is.
        boolean urlFirst = !reverse || looksLikeUrl(first) && !looksLikeUrl(second);
        requireLocalFolderArgument(urlFirst ? second : first);
        FtpUrl url = connection.url(urlFirst ? first : second);
        Path local = Path.of(urlFirst ? second : first);
        if (reverse && !Files.isDirectory(local)) {
            throw new IllegalArgumentException(Words.text("mirror.notAFolder", local));
        }
        return transferTree(url, local, reverse, ConflictAction.OVERWRITE_IF_DIFFERENT, queueOptions);
    }
}
