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
}
