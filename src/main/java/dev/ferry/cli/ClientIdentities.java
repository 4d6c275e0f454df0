package dev.ferry.cli;

import dev.ferry.site.SiteClientCertificates;
import dev.ferry.site.SiteProfile;
import dev.ferry.tls.ClientIdentity;
import dev.ferry.tls.ClientIdentityException;
import dev.ferry.tls.ClientIdentityFiles;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The client certificate of one command: the files given with {@code --client-cert} and
 * {@code --client-key}, else the saved site's. The passphrase comes from standard input when
 * asked for, else from where the site saved it, else typed on the terminal when the key turns
 * out to need one. Load failures end the command with the loader's explanation.
 */
final class ClientIdentities {

    private final Path certificate;
    private final Path key;
    private final boolean passphraseFromStdin;
    private char[] stdinPassphrase;

    ClientIdentities(Path certificate, Path key, boolean passphraseFromStdin) {
        if (key != null && certificate == null) {
            throw new IllegalArgumentException(Words.text("identity.keyWithoutCertificate"));
        }
        this.certificate = certificate;
        this.key = key;
        this.passphraseFromStdin = passphraseFromStdin;
    }

    /** @param site the saved site the command connects to, or null */
    ClientIdentity load(SiteProfile site) {
        if (certificate != null) {
            return load(certificate, key, passphraseFromStdin ? stdinPassphrase() : null);
        }
        if (site == null || site.clientCertificate() == null) {
            if (passphraseFromStdin) {
                throw new IllegalArgumentException(Words.text("identity.passphraseWithoutCertificate"));
            }
            return null;
        }
        char[] passphrase;
        if (passphraseFromStdin) {
            passphrase = stdinPassphrase();
        } else {
            SavedSites.Saved saved = SavedSites.clientKeyPassphrase(site);
            if (saved.whyNot() != null) {
                System.err.println("ferry: " + Words.text("terminal.warning", Words.of(saved.whyNot())));
            }
            passphrase = saved.value() == null ? null : saved.value().toCharArray();
        }
        String keyFile = site.clientCertificate().keyFile();
        return load(Path.of(site.clientCertificate().certificateFile()), keyFile == null ? null : Path.of(keyFile),
                passphrase);
    }

    private static ClientIdentity load(Path certificate, Path key, char[] passphrase) {
        try {
            return ClientIdentityFiles.load(certificate, key, passphrase);
        } catch (ClientIdentityException e) {
            Console console = System.console();
            boolean askable = e.problem() == ClientIdentityException.Problem.PASSPHRASE_NEEDED
                    || e.problem() == ClientIdentityException.Problem.WRONG_PASSPHRASE;
            if (!askable || console == null || !console.isTerminal()) {
                throw new CliFailure(e.explanation());
            }
            System.err.println("ferry: " + Words.of(e.explanation()));
            char[] typed = console.readPassword("%s", Words.text("identity.passphraseFor", key != null ? key : certificate));
            try {
                return ClientIdentityFiles.load(certificate, key, typed == null ? new char[0] : typed);
            } catch (ClientIdentityException again) {
                throw new CliFailure(again.explanation());
            }
        }
    }

    private char[] stdinPassphrase() {
        if (stdinPassphrase == null) {
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    throw new IllegalArgumentException(Words.text("identity.noPassphraseLine"));
                }
                stdinPassphrase = line.toCharArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stdinPassphrase;
    }
}
