package dev.ferry.transfer;

import dev.ferry.ftp.ConnectionSettings;

import java.io.IOException;

/**
 * Supplies full connection settings (password, certificate trust) for an endpoint the queue
 * knows only from its file, after a restart: the site manager's vault, the CLI's options, or a
 * password prompt.
 */
@FunctionalInterface
public interface SettingsSource {
    ConnectionSettings settingsFor(Endpoint endpoint) throws IOException;

    /**
     * The server refused the login with these settings (a mistyped or changed password): the
     * queue asks {@link #settingsFor} again for the endpoint's next session, so a password the
     * source remembered should be forgotten now. Called on a worker, holding no lock.
     */
    default void refused(Endpoint endpoint, ConnectionSettings settings) {
    }

    /** What the user said to plain FTP for a server without TLS. */
    enum PlainAnswer {
        /** Nobody to ask (the command line, whose --tls auto says it up front). */
        NOT_ASKED,
        DECLINED,
        AGREED
    }

    /**
     * The endpoint's server offers no TLS ({@code serverAnswer}: its reply to AUTH TLS) and its "TLS if
     * available" came without consent to plain FTP: whether the user agrees now to log in without
     * encryption (the window asks). Called on a worker, holding no lock; it waits for the answer.
     */
    default PlainAnswer askPlain(Endpoint endpoint, String serverAnswer) {
        return PlainAnswer.NOT_ASKED;
    }

    /**
     * The own session limit of the saved site an endpoint restored from the file belongs to (its
     * {@link Endpoint#siteId()}), 0 for none: the file keeps no limit, and the site's may have
     * changed since, so the site's current one holds, as for the batches that queued the items.
     * Called while the queue is restored, holding its lock: answered from what is already read.
     */
    default int sessions(Endpoint endpoint) {
        return 0;
    }
}
