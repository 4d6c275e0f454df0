package dev.ferry.cli;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.FtpUrl;
import dev.ferry.ftp.SecurityStatus;
import dev.ferry.transfer.ConflictAction;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** A command that talks to one server: options, opening the session, warnings about security. */
abstract class ConnectedCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    Terminal terminal = Terminal.system();

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
        session.connect();
        SecurityStatus security = session.security();
        if (security.fellBackToPlain()) {
            terminal.warn("the server does not support TLS; this session is NOT encrypted");
        }
        return session;
    }

    /** A whole tree through the queue: downloads into {@code local}, or uploads it. */
    int transferTree(FtpUrl url, Path local, boolean upload, ConflictAction conflicts, QueueOptions queueOptions)
            throws Exception {
        ConnectionSettings settings = connection.settings(url);
        String remote;
        // One short session finds where the URL's relative path starts (the login directory).
        try (FtpSession probe = open(url)) {
            remote = url.resolve(probe.initialDirectory());
            probe.quit();
        }
        return QueueRun.run(terminal, queueOptions.settings(conflicts), endpoint -> settings, false, queue -> {
            if (connection.printDialogue()) {
                queue.addDialogueListener(terminal.dialoguePrinter());
            }
            if (upload) {
                queue.addUpload(settings, null, local, remote, true);
            } else {
                queue.addDownload(settings, null, remote, local, true, -1, null);
            }
        });
    }
}
