package dev.ferry.site;

import dev.ferry.testing.SecretService;
import dev.ferry.testing.SecretsAudit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SiteStore's passwords in a real gnome-keyring (a private Secret Service), through Ferry's code in
 * a child JVM, checked from outside with libsecret's secret-tool: what Seahorse would show.
 */
class KeyringTest {

    static final String PASSWORD = "kept-in-keyring-Ünïcode";
    static final String KEY = KeyringChild.SITE_ID + "/password";

    @TempDir
    Path directory;

    @Test
    void storesLooksUpMovesAndDeletesInTheSecretService() throws Exception {
        Path sites = directory.resolve("config/sites.json");
        List<String> outputs = new ArrayList<>();
        try (SecretService service = SecretService.start(directory.resolve("secrets"))) {
            String created = child(service.environment(), outputs, sites, "check", "stores", "create",
                    "set-password=" + PASSWORD, "store");
            assertTrue(created.contains("check: reachable"), created);
            assertTrue(created.contains("stores: KEYRING, VAULT (no master password is set), NONE"), created);
            assertTrue(created.contains("set-password: Secret[KEYRING]"), created);
            assertTrue(created.contains("store: KEYRING"), created);

            // Another client of the same keyring finds it by Ferry's key, under a label the user recognises.
            assertEquals(PASSWORD, service.lookup(SecretServiceKeyringAttributes.KEY, KEY), service.log());
            String entry = secretTool(service.environment(), "search", "--all", SecretServiceKeyringAttributes.KEY, KEY);
            assertTrue(entry.contains("label = Ferry: bob@files.example.net:2121"), entry);
            assertTrue(entry.contains("attribute.server = files.example.net"), entry);
            assertTrue(entry.contains("attribute.user = bob"), entry);
            String file = Files.readString(sites);
            assertTrue(file.contains("\"keyring\" : \"Ferry: bob@files.example.net:2121\""), file);

            String read = child(service.environment(), outputs, sites, "password", "duplicate");
            assertTrue(read.contains("password: " + PASSWORD), read);
            String copyId = read.lines().filter(l -> l.startsWith("duplicate: ")).findFirst().orElseThrow()
                    .substring("duplicate: ".length()).split(" ")[0];
            assertTrue(read.contains("duplicate: " + copyId + " " + PASSWORD), read);
            assertEquals(PASSWORD, service.lookup(SecretServiceKeyringAttributes.KEY, copyId + "/password"));

            // To the master-password vault and back: the keyring entry goes, then comes again.
            String moved = child(service.environment(), outputs, sites, "master=vault-pw", "move=VAULT", "store", "password");
            assertTrue(moved.contains("move: VAULT") && moved.contains("password: " + PASSWORD), moved);
            assertNull(service.lookup(SecretServiceKeyringAttributes.KEY, KEY), "moved out of the keyring");
            String back = child(service.environment(), outputs, sites, "unlock=vault-pw", "move=KEYRING", "password");
            assertTrue(back.contains("move: KEYRING") && back.contains("password: " + PASSWORD), back);
            assertEquals(PASSWORD, service.lookup(SecretServiceKeyringAttributes.KEY, KEY));

            // A new host: the entry is renamed, not duplicated, and still found.
            String rehosted = child(service.environment(), outputs, sites, "rehost=new.example.net", "password");
            assertTrue(rehosted.contains("rehost: Ferry: bob@new.example.net:2121"), rehosted);
            assertTrue(rehosted.contains("password: " + PASSWORD), rehosted);
            String renamed = secretTool(service.environment(), "search", "--all", SecretServiceKeyringAttributes.KEY, KEY);
            assertEquals(1, renamed.lines().filter(l -> l.startsWith("label = ")).count(), renamed);
            assertTrue(renamed.contains("label = Ferry: bob@new.example.net:2121"), renamed);
            assertTrue(renamed.contains("attribute.server = new.example.net"), renamed);

            String deleted = child(service.environment(), outputs, sites, "delete", "delete=" + copyId);
            assertTrue(deleted.contains("delete: deleted"), deleted);
            assertNull(service.lookup(SecretServiceKeyringAttributes.KEY, KEY), "deleting the site deletes its entry");
            assertNull(service.lookup(SecretServiceKeyringAttributes.KEY, copyId + "/password"));
        }
        SecretsAudit audit = new SecretsAudit(PASSWORD).directory(sites.getParent());
        for (int i = 0; i < outputs.size(); i++) {
            String output = outputs.get(i);
            // The child prints the password it read on purpose; everything else it says must not hold it.
            audit.text("child output " + i, () -> output.lines().filter(l -> !l.startsWith("password: ")
                    && !l.startsWith("duplicate: ")).reduce("", (a, b) -> a + b + "\n"));
        }
        audit.verify();
        assertTrue(audit.checkedFiles() > 0);
    }

    @Test
    void aClientKeyPassphraseLivesInTheKeyringLikeThePassword() throws Exception {
        Path sites = directory.resolve("config/sites.json");
        String passphrase = "client-key-Ünïcode";
        String key = KeyringChild.SITE_ID + "/" + SiteClientCertificates.FIELD;
        List<String> outputs = new ArrayList<>();
        try (SecretService service = SecretService.start(directory.resolve("secrets"))) {
            String saved = child(service.environment(), outputs, sites, "create", "set-passphrase=" + passphrase,
                    "passphrase");
            assertTrue(saved.contains("set-passphrase: Secret[KEYRING]"), saved);
            assertTrue(saved.contains("passphrase: " + passphrase), saved);
            assertEquals(passphrase, service.lookup(SecretServiceKeyringAttributes.KEY, key), service.log());
            assertFalse(Files.readString(sites).contains(passphrase));

            String moved = child(service.environment(), outputs, sites, "master=vault-pw", "move=VAULT", "passphrase");
            assertTrue(moved.contains("passphrase: " + passphrase), moved);
            assertNull(service.lookup(SecretServiceKeyringAttributes.KEY, key), "moved out of the keyring");
            String back = child(service.environment(), outputs, sites, "unlock=vault-pw", "move=KEYRING");
            assertTrue(back.contains("move: "), back);
            assertEquals(passphrase, service.lookup(SecretServiceKeyringAttributes.KEY, key), "back in the keyring");
            String deleted = child(service.environment(), outputs, sites, "delete");
            assertTrue(deleted.contains("delete: deleted"), deleted);
            assertNull(service.lookup(SecretServiceKeyringAttributes.KEY, key), "deleting the site deletes its entry");
        }
    }

    @Test
    void withoutASessionBusEveryCallSaysWhy() throws Exception {
        Path sites = directory.resolve("config/sites.json");
        Path emptyRuntime = Files.createDirectories(directory.resolve("runtime"));
        String output = child(Map.of("DBUS_SESSION_BUS_ADDRESS", "", "XDG_RUNTIME_DIR", emptyRuntime.toString()),
                new ArrayList<>(), sites, "check", "create", "set-password=" + PASSWORD, "store");
        String reason = "there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)";
        assertTrue(output.contains("check failed: " + reason), output);
        assertTrue(output.contains("set-password failed: " + reason), output);
        assertTrue(output.contains("store: NONE"), "nothing saved anywhere, and nothing in clear: " + output);
        assertFalse(Files.readString(sites).contains(PASSWORD));
    }

    @Test
    void aLockedKeyringWithoutADesktopSaysSoInsteadOfWaiting() throws Exception {
        Path sites = directory.resolve("config/sites.json");
        try (SecretService service = SecretService.start(directory.resolve("secrets"))) {
            String stored = child(service.environment(), new ArrayList<>(), sites, "create", "set-password=" + PASSWORD);
            assertTrue(stored.contains("set-password: Secret[KEYRING]"), stored);
            lockLoginKeyring(service);
            String locked = child(service.environment(), new ArrayList<>(), sites, "password");
            assertTrue(locked.contains("password failed: the system keyring is locked and cannot ask for its password here"),
                    locked);
        }
    }

    static void lockLoginKeyring(SecretService service) throws IOException, InterruptedException {
        String reply = run(service.environment(), List.of("dbus-send", "--session", "--dest=org.freedesktop.secrets",
                "--print-reply", "/org/freedesktop/secrets", "org.freedesktop.Secret.Service.Lock",
                "array:objpath:/org/freedesktop/secrets/collection/login"));
        assertTrue(reply.contains("/org/freedesktop/secrets/collection/login"), "locked: " + reply);
    }

    private static String child(Map<String, String> environment, List<String> outputs, Path sites, String... commands)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                KeyringChild.class.getName(), sites.toString()));
        command.addAll(List.of(commands));
        String output = run(environment, command);
        outputs.add(output);
        return output;
    }

    private static String secretTool(Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("secret-tool"));
        command.addAll(List.of(arguments));
        return run(environment, command);
    }

    private static String run(Map<String, String> environment, List<String> command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command.getFirst() + " did not finish within 120 s: " + output);
        }
        return output;
    }

    /** The attribute Ferry finds its entries by (spelled out here so a rename breaks this test). */
    static final class SecretServiceKeyringAttributes {
        static final String KEY = "ferry-key";
    }
}
