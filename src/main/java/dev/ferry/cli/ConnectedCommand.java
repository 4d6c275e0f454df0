package dev.ferry.cli;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.SecurityStatus;
import picocli.CommandLine.Mixin;

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
                terminal.warn(entry.text());
            }
        });
        session.connect();
        SecurityStatus security = session.security();
        if (security.fellBackToPlain()) {
            terminal.warn("the server does not support TLS; this session is NOT encrypted");
        }
        return session;
    }
}
