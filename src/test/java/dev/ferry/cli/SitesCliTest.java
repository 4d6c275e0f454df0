package dev.ferry.cli;

import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.testing.CliProcess;
import dev.ferry.testing.MinaServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ferry sites ... and --site NAME, in a child process with its own config directory. */
class SitesCliTest {

    @TempDir
    Path directory;

    /** The sites file in {@code configDirectory}, with no keyring (whatever this machine has). */
    private static SiteStore siteStoreWithoutKeyring(Path configDirectory) throws java.io.IOException {
        return SiteStore.open(configDirectory.resolve(SiteStore.FILE_NAME),
                dev.ferry.site.Keyring.unavailable(dev.ferry.message.Message.of(dev.ferry.site.SiteText.KEYRING_NO_SESSION_BUS)));
    }

    /**
     * A site that keeps no password, used from a script (no terminal to ask on): said, with what to
     * do, before connecting. An empty password was sent and the server's refusal shown instead.
     */
    @Test
    void aSiteWithoutAPasswordRunWithoutATerminalSaysHowToGiveOne() throws Exception {
        Path config = directory.resolve("config");
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            SiteStore store = siteStoreWithoutKeyring(config);
            store.save(SiteProfile.builder(SiteStore.newId(), "No secret", "127.0.0.1").port(server.port())
                    .protocol(TlsMode.NONE).user(MinaServer.USER).build());
            CliProcess.Result ls = CliProcess.run(directory, "ls", "--log", "--site", "No secret", "/");
            assertEquals(1, ls.exitCode(), ls.toString());
            assertTrue(ls.stderr().contains("No secret") && ls.stderr().contains("--password")
                    && ls.stderr().contains("FERRY_PASSWORD"), ls.stderr());
            assertFalse(ls.stderr().contains("PASS "), "no password was sent: " + ls.stderr());
        }
    }

    /**
     * A site left at "TLS if available" (the default) whose server has no TLS: nothing goes in clear
     * until the command line says so, with --tls auto (TLS if offered, else plain) or --tls none.
     */
    @Test
    void aTlsIfAvailableSiteSendsNothingInClearUntilTheCommandLineSaysSo() throws Exception {
        Path config = directory.resolve("config");
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            SiteStore store = siteStoreWithoutKeyring(config);
            SiteProfile site = SiteProfile.builder(SiteStore.newId(), "Plain box", "127.0.0.1").port(server.port())
                    .user(MinaServer.USER).build();
            assertEquals(TlsMode.EXPLICIT_IF_AVAILABLE, site.protocol(), "a new site's protocol");
            store.save(site);
            CliProcess.Result refused = CliProcess.run(directory, "ls", "--log", "--site", "Plain box",
                    "--password", MinaServer.PASSWORD, "/");
            assertEquals(1, refused.exitCode(), refused.toString());
            assertTrue(refused.stderr().contains("does not offer TLS") && refused.stderr().contains("--tls none"),
                    refused.stderr());
            assertFalse(refused.stderr().contains("USER ") || refused.stderr().contains("PASS "),
                    "nothing sent in clear: " + refused.stderr());

            CliProcess.Result auto = CliProcess.run(directory, "ls", "--site", "Plain box", "--tls", "auto",
                    "--password", MinaServer.PASSWORD, "/");
            assertEquals(0, auto.exitCode(), auto.toString());
            assertTrue(auto.stderr().contains("WITHOUT ENCRYPTION"), auto.toString());

            CliProcess.Result plain = CliProcess.run(directory, "ls", "--site", "Plain box", "--tls", "none",
                    "--password", MinaServer.PASSWORD, "/");
            assertEquals(0, plain.exitCode(), plain.toString());
            assertFalse(plain.stderr().contains("WITHOUT ENCRYPTION"), "plain FTP as asked, no fallback: " + plain);
        }
    }

    /** --tls over a site that keeps no port of its own: the port is the asked mode's default (990 for implicit). */
    @Test
    void tlsOverASiteWithoutItsOwnPortDialsThatModesPort() throws Exception {
        Path config = directory.resolve("config");
        SiteStore store = siteStoreWithoutKeyring(config);
        store.save(SiteProfile.builder(SiteStore.newId(), "Default port", "127.0.0.1").user("nobody").build());
        CliProcess.Result implicit = CliProcess.run(directory, "ls", "--site", "Default port", "--tls", "implicit",
                "--password", "x", "--timeout", "5", "/");
        assertEquals(1, implicit.exitCode(), implicit.toString());
        assertTrue(implicit.stderr().contains("127.0.0.1:990"), "dialled implicit TLS's port: " + implicit);
    }

    /**
     * The configuration lives under $HOME, as every Unix program reads it: Java's user.home comes
     * from the password database, and a private HOME (a test, a sandbox, sudo -H) was ignored.
     */
    @Test
    void theConfigurationIsFoundUnderHome() throws Exception {
        Path home = Files.createDirectories(directory.resolve("home"));
        SiteStore store = siteStoreWithoutKeyring(home.resolve(".config/ferry"));
        store.save(SiteProfile.builder(SiteStore.newId(), "Kept under HOME", "127.0.0.1").protocol(TlsMode.NONE).build());
        Map<String, String> environment = Map.of("FERRY_CONFIG_DIR", "", "XDG_CONFIG_HOME", "", "HOME", home.toString(),
                "DBUS_SESSION_BUS_ADDRESS", "",
                "XDG_RUNTIME_DIR", Files.createDirectories(directory.resolve("no-runtime")).toString());
        CliProcess.Result list = CliProcess.run(directory, environment, "sites", "list");
        assertEquals(0, list.exitCode(), list.toString());
        assertTrue(list.stdout().contains("Kept under HOME"), list.toString());
    }

    @Test
    void importListAndUseASavedSiteWithAnEncryptedPassword() throws Exception {
        Path config = directory.resolve("config");
        Path xml = directory.resolve("sitemanager.xml");
        try (InputStream in = getClass().getResourceAsStream("/site/filezilla-sitemanager.xml")) {
            Files.write(xml, in.readAllBytes());
        }
        // No keyring reachable (whatever the machine has): the import says the passwords were not kept, and why.
        Map<String, String> noKeyring = Map.of("DBUS_SESSION_BUS_ADDRESS", "",
                "XDG_RUNTIME_DIR", Files.createDirectories(directory.resolve("no-runtime")).toString());
        CliProcess.Result imported = CliProcess.run(directory, noKeyring, "sites", "import-filezilla", xml.toString());
        assertEquals(0, imported.exitCode(), imported.toString());
        assertTrue(imported.stdout().contains("6 sites imported, no passwords kept in the system keyring, 6 without a password"),
                imported.stdout());
        assertTrue(imported.stdout().contains("Example: the password could not be kept: there is no D-Bus session bus"),
                imported.stdout());
        assertTrue(imported.stdout().contains("SSH box: protocol SFTP is not FTP; skipped"), imported.stdout());

        CliProcess.Result list = CliProcess.run(directory, noKeyring, "sites", "list");
        assertEquals(0, list.exitCode(), list.toString());
        assertTrue(list.stdout().contains("Work/"), list.stdout());
        assertTrue(list.stdout().contains("  Legacy/"), list.stdout());
        assertTrue(list.stdout().contains("Prod  (ftpes, deploy@prod.example.net:2121)  password: nowhere (asked when connecting)"),
                list.stdout());
        // T3: an anonymous site's password was said to be asked when connecting; none is.
        String oldBox = list.stdout().lines().filter(line -> line.contains("Old box")).findFirst().orElseThrow();
        assertTrue(oldBox.endsWith("  anonymous login, no password"), oldBox);

        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.writeString(server.home().resolve("via-site.txt"), "site");
            SiteStore store = siteStoreWithoutKeyring(config);
            store.setMasterPassword("master-pw".toCharArray(), dev.ferry.site.Vault.KdfParameters.fresh(1024, 1, 1));
            String id = SiteStore.newId();
            store.save(SiteProfile.builder(id, "Local MINA", "127.0.0.1").folder(List.of("Tests")).port(server.port())
                    .protocol(TlsMode.NONE).user(MinaServer.USER)
                    .password(store.protect(id, "password", MinaServer.PASSWORD)).build());
            CliProcess.Result vaultList = CliProcess.run(directory, noKeyring, "sites", "list");
            assertTrue(vaultList.stdout().contains("Local MINA  (ftp, ferry@127.0.0.1:" + server.port()
                    + ")  password: the master-password vault"), vaultList.stdout());

            CliProcess.Result locked = CliProcess.run(directory, "ls", "--site", "Tests/Local MINA");
            assertEquals(1, locked.exitCode(), locked.toString());
            assertTrue(locked.stderr().contains("FERRY_MASTER_PASSWORD"), locked.stderr());

            CliProcess.Result wrong = CliProcess.run(directory, Map.of("FERRY_MASTER_PASSWORD", "nope"), "ls", "--site",
                    "Tests/Local MINA");
            assertEquals(1, wrong.exitCode());
            assertTrue(wrong.stderr().contains("Wrong master password"), wrong.stderr());

            CliProcess.Result ls = CliProcess.run(directory, Map.of("FERRY_MASTER_PASSWORD", "master-pw"), "ls",
                    "--log", "--site", "Tests/Local MINA", "/");
            assertEquals(0, ls.exitCode(), ls.toString());
            assertTrue(ls.stdout().contains(" via-site.txt"), ls.stdout());
            assertFalse(ls.stderr().contains(MinaServer.PASSWORD));
        }

        Path export = directory.resolve("export.json");
        CliProcess.Result exported = CliProcess.run(directory, "sites", "export", export.toString());
        assertEquals(0, exported.exitCode(), exported.toString());
        assertFalse(Files.readString(export).contains("ciphertext"), "exports carry no passwords");
    }
}
