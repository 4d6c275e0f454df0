package dev.ferry.cli;

import dev.ferry.testing.CliProcess;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.SecretService;
import dev.ferry.testing.SecretsAudit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ferry sites import-filezilla with passwords, kept in a real (private) gnome-keyring or in the
 * master-password vault, then ferry ls --site against an FTP server: the imported sites log in.
 * Without a keyring, connecting says why and asks on a terminal, or fails saying what to do.
 */
class SitesKeyringCliTest {

    static final String FILEZILLA_MASTER = "zilla master ü";

    @TempDir
    Path directory;

    private Path fileZillaXml(int port) throws IOException {
        Path xml = directory.resolve("sitemanager.xml");
        try (InputStream in = getClass().getResourceAsStream("/site/filezilla-passwords.xml")) {
            Files.writeString(xml, new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@PORT@", Integer.toString(port)));
        }
        return xml;
    }

    private Map<String, String> noKeyring() throws IOException {
        return Map.of("DBUS_SESSION_BUS_ADDRESS", "",
                "XDG_RUNTIME_DIR", Files.createDirectories(directory.resolve("no-runtime")).toString());
    }

    @Test
    void importedPasswordsGoToTheKeyringAndTheSitesLogIn() throws Exception {
        List<CliProcess.Result> results = new ArrayList<>();
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start();
             SecretService service = SecretService.start(directory.resolve("secrets"))) {
            Files.writeString(server.home().resolve("imported.txt"), "hello");
            Map<String, String> keyring = new HashMap<>(service.environment());
            CliProcess.Result imported = run(keyring, FILEZILLA_MASTER + "\n", results, "sites", "import-filezilla",
                    "--filezilla-master-password-stdin", fileZillaXml(server.port()).toString());
            assertEquals(0, imported.exitCode(), imported.toString());
            assertTrue(imported.stdout().contains("5 sites imported, 4 passwords kept in the system keyring, 1 without a password"),
                    imported.toString());

            CliProcess.Result list = run(keyring, null, results, "sites", "list");
            assertTrue(list.stdout().contains("Master GCM  (ftp, ferry@127.0.0.1:" + server.port()
                    + ")  password: the system keyring"), list.stdout());
            assertTrue(list.stdout().contains("Anonymous  (ftp, 127.0.0.1:" + server.port()
                    + ")  anonymous login, no password"), list.stdout());

            for (String site : List.of("Base64 site", "Plain site", "Master GCM", "Master CTR")) {
                CliProcess.Result ls = run(keyring, null, results, "ls", "--log", "--site", "Imported/" + site, "/");
                assertEquals(0, ls.exitCode(), site + ": " + ls);
                assertTrue(ls.stdout().contains(" imported.txt"), site + ": " + ls.stdout());
            }
            assertEquals(4, server.logins(), "each imported site logged in with its password from the keyring");

            // The keyring cannot be reached: not on a terminal, the command says why and what to do.
            CliProcess.Result unreachable = run(noKeyring(), null, results, "ls", "--site", "Imported/Master GCM", "/");
            assertEquals(1, unreachable.exitCode(), unreachable.toString());
            assertTrue(unreachable.stderr().contains("The password of Imported/Master GCM is kept in the system keyring, "
                    + "which cannot be used now: there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)"),
                    unreachable.stderr());
            assertTrue(unreachable.stderr().contains("Give it with --password or FERRY_PASSWORD"), unreachable.stderr());

            // On a terminal it says why and asks; the typed password logs in.
            String onTerminal = onTerminal(noKeyring(), MinaServer.PASSWORD + "\n", "ls", "--site", "Imported/Master CTR", "/");
            assertTrue(onTerminal.contains("cannot be used now: there is no D-Bus session bus"), onTerminal);
            assertTrue(onTerminal.contains("Type it to connect."), onTerminal);
            assertTrue(onTerminal.contains("Password for ferry@127.0.0.1:"), onTerminal);
            assertTrue(onTerminal.contains(" imported.txt"), onTerminal);

            // A locked keyring with no desktop to ask on: the same, with that reason.
            KeyringLock.lock(service);
            CliProcess.Result locked = run(keyring, null, results, "ls", "--site", "Imported/Base64 site", "/");
            assertEquals(1, locked.exitCode(), locked.toString());
            assertTrue(locked.stderr().contains("the system keyring is locked and cannot ask for its password here"),
                    locked.stderr());
        }
        audit(results);
    }

    @Test
    void withTheMasterPasswordTheImportedPasswordsGoToTheVault() throws Exception {
        List<CliProcess.Result> results = new ArrayList<>();
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start()) {
            Files.writeString(server.home().resolve("vaulted.txt"), "hello");
            CliProcess.Result imported = run(noKeyring(), "ferry-vault-pw\n" + FILEZILLA_MASTER + "\n", results,
                    "sites", "import-filezilla", "--master-password-stdin", "--filezilla-master-password-stdin",
                    fileZillaXml(server.port()).toString());
            assertEquals(0, imported.exitCode(), imported.toString());
            assertTrue(imported.stdout().contains("5 sites imported, 4 passwords kept in the master-password vault, "
                    + "1 without a password"), imported.toString());

            Map<String, String> unlocked = new HashMap<>(noKeyring());
            unlocked.put("FERRY_MASTER_PASSWORD", "ferry-vault-pw");
            CliProcess.Result ls = run(unlocked, null, results, "ls", "--site", "Imported/Master GCM", "/");
            assertEquals(0, ls.exitCode(), ls.toString());
            assertTrue(ls.stdout().contains(" vaulted.txt"), ls.stdout());
        }
        audit(results);
    }

    @Test
    void withoutFileZillasMasterPasswordTheImportSaysHowManyItCouldNotRead() throws Exception {
        try (SecretService service = SecretService.start(directory.resolve("secrets"))) {
            CliProcess.Result imported = run(service.environment(), null, new ArrayList<>(), "sites", "import-filezilla",
                    fileZillaXml(21).toString());
            assertEquals(0, imported.exitCode(), imported.toString());
            assertTrue(imported.stdout().contains("5 sites imported, 2 passwords kept in the system keyring, 3 without a password"),
                    imported.stdout());
            assertTrue(imported.stdout().contains("2 passwords are encrypted with FileZilla's master password"),
                    imported.stdout());
            assertTrue(imported.stdout().contains("Imported/Master GCM: the password is encrypted with FileZilla's master "
                    + "password, which was not given; not imported"), imported.stdout());
        }
    }

    /** No password in the config folder, in the CLI's output, or in its diagnostic log (which is in that folder). */
    private void audit(List<CliProcess.Result> results) throws IOException {
        SecretsAudit audit = new SecretsAudit(MinaServer.PASSWORD).directory(directory.resolve("config"));
        for (int i = 0; i < results.size(); i++) {
            CliProcess.Result result = results.get(i);
            audit.text("cli run " + i, result::toString);
        }
        audit.verify();
        assertTrue(audit.checkedFiles() > 0);
    }

    private CliProcess.Result run(Map<String, String> environment, String input, List<CliProcess.Result> results,
                                  String... args) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(directory, "out", ".txt");
        Path stderr = Files.createTempFile(directory, "err", ".txt");
        Process process = CliProcess.start(directory.resolve("config"), environment, stdout, stderr, args);
        try (OutputStream in = process.getOutputStream()) {
            if (input != null) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the CLI did not finish within 120 s: " + String.join(" ", args));
        }
        CliProcess.Result result = new CliProcess.Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        results.add(result);
        return result;
    }

    /** Runs the CLI on a pseudo-terminal (util-linux script), typing the input; returns what the terminal showed. */
    private String onTerminal(Map<String, String> environment, String input, String... args)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/script"))) {
            dev.ferry.testing.Interop.unavailable("no /usr/bin/script (Debian package bsdutils) for a pseudo-terminal");
        }
        StringBuilder command = new StringBuilder();
        for (String word : List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.ferry.Main")) {
            command.append(quote(word)).append(' ');
        }
        for (String arg : args) {
            command.append(quote(arg)).append(' ');
        }
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/script", "-qec", command.toString(), "/dev/null")
                .redirectErrorStream(true);
        builder.environment().remove("FERRY_PASSWORD");
        builder.environment().put("FERRY_CONFIG_DIR", directory.resolve("config").toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the CLI on a terminal did not finish within 120 s: " + output);
        }
        return output;
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Locks the private keyring's login collection, as the screen locker or a timeout would. */
    static final class KeyringLock {
        static void lock(SecretService service) throws IOException, InterruptedException {
            ProcessBuilder builder = new ProcessBuilder("dbus-send", "--session", "--dest=org.freedesktop.secrets",
                    "--print-reply", "/org/freedesktop/secrets", "org.freedesktop.Secret.Service.Lock",
                    "array:objpath:/org/freedesktop/secrets/collection/login").redirectErrorStream(true);
            builder.environment().putAll(service.environment());
            Process process = builder.start();
            String reply = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS) && reply.contains("collection/login"), "locked: " + reply);
        }
    }
}
