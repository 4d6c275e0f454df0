package dev.ferry.site;

import dev.ferry.ftp.TlsMode;
import dev.ferry.testing.English;

import java.nio.file.Path;

/**
 * Runs SiteStore's password operations in a child JVM started with a private Secret Service's
 * environment (the test JVM cannot join a session bus after it started): {@code KeyringChild
 * SITES_JSON COMMAND...}, one line of output per command. Used by KeyringTest.
 */
public final class KeyringChild {

    static final String SITE_ID = "0f0e0d0c-aaaa-bbbb-cccc-000000000001";

    private KeyringChild() {
    }

    public static void main(String[] args) throws Exception {
        SiteStore store = SiteStore.open(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            String[] command = args[i].split("=", 2);
            String value = command.length > 1 ? command[1] : null;
            try {
                System.out.println(command[0] + ": " + run(store, command[0], value));
            } catch (KeyringException e) {
                System.out.println(command[0] + " failed: " + English.of(e.explanation()));
            }
        }
    }

    private static String run(SiteStore store, String command, String value) throws Exception {
        return switch (command) {
            case "check" -> {
                store.keyring().check();
                yield "reachable";
            }
            case "create" -> {
                store.save(SiteProfile.builder(SITE_ID, "Keyring site", "files.example.net").port(2121)
                        .protocol(TlsMode.EXPLICIT).user("bob").build());
                yield "saved";
            }
            case "set-password" -> store.setPassword(SITE_ID, value, PasswordStore.KEYRING).password().toString();
            case "password" -> store.password(site(store)).orElse("<none>");
            case "set-passphrase" -> SiteClientCertificates.set(store, SITE_ID, "/keys/client.pem", null, value,
                    PasswordStore.KEYRING).clientCertificate().passphrase().toString();
            case "passphrase" -> SiteClientCertificates.passphrase(store, site(store)).orElse("<none>");
            case "store" -> SiteStore.storeOf(site(store)).name();
            case "master" -> {
                store.setMasterPassword(value.toCharArray(), Vault.KdfParameters.fresh(1024, 1, 1));
                yield "set";
            }
            case "unlock" -> {
                store.unlock(value.toCharArray());
                yield "unlocked";
            }
            case "move" -> SiteStore.storeOf(store.moveSecrets(SITE_ID, PasswordStore.valueOf(value))).name();
            case "duplicate" -> {
                SiteProfile copy = store.duplicate(SITE_ID);
                yield copy.id() + " " + store.password(copy).orElse("<none>");
            }
            case "rehost" -> {
                store.save(site(store).toBuilder().host(value).build());
                yield store.refreshKeyringLabels(SITE_ID).password().keyring();
            }
            case "delete" -> {
                store.delete(value == null ? SITE_ID : value);
                yield "deleted";
            }
            case "stores" -> String.join(", ", store.availableStores().stream()
                    .map(c -> c.store() + (c.available() ? "" : " (" + English.of(c.reason()) + ")")).toList());
            default -> throw new IllegalArgumentException(command);
        };
    }

    private static SiteProfile site(SiteStore store) {
        return store.find(SITE_ID).orElseThrow();
    }
}
