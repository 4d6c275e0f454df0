package dev.ferry.site;

import dev.ferry.testing.ClientCertificates;
import dev.ferry.tls.ClientIdentity;
import dev.ferry.tls.ClientIdentityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SiteClientCertificatesTest {

    private static final ClientCertificates CLIENT = ClientCertificates.create();

    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("config/sites.json");
    }

    private SiteStore storeWithSite() throws Exception {
        SiteStore store = SiteStore.open(file(), SiteStoreTest.NO_KEYRING);
        store.save(SiteProfile.builder("s1", "Certified", "ftp.example.com").user("bob").build());
        return store;
    }

    @Test
    void thePassphraseIsKeptInTheVaultAndTheIdentityLoadsWithIt() throws Exception {
        SiteStore store = storeWithSite();
        store.setMasterPassword("master".toCharArray(), SiteStoreTest.FAST);
        Path certificate = CLIENT.writeCertificatePem(directory.resolve("chain.pem"));
        Path key = CLIENT.writeKeyPem(directory.resolve("key.pem"), "kp".toCharArray());
        SiteClientCertificates.set(store, "s1", certificate.toString(), key.toString(), "kp", PasswordStore.VAULT);

        String file = Files.readString(file());
        assertFalse(file.contains("\"kp\""), "the passphrase is not in the file as it is: " + file);
        assertTrue(file.contains(certificate.toString()), file);

        SiteStore nextRun = SiteStore.open(file(), SiteStoreTest.NO_KEYRING);
        SiteProfile site = nextRun.find("s1").orElseThrow();
        assertTrue(SiteClientCertificates.needsVault(site));
        assertThrows(VaultException.class, () -> SiteClientCertificates.passphrase(nextRun, site));
        nextRun.unlock("master".toCharArray());
        Optional<String> passphrase = SiteClientCertificates.passphrase(nextRun, site);
        assertEquals(Optional.of("kp"), passphrase);
        ClientIdentity identity = SiteClientCertificates.load(site, passphrase.get().toCharArray());
        assertEquals(CLIENT.client(), identity.certificate());
    }

    @Test
    void movingSecretsMovesThePassphraseToo() throws Exception {
        SiteStore store = storeWithSite();
        store.setMasterPassword("master".toCharArray(), SiteStoreTest.FAST);
        SiteClientCertificates.set(store, "s1", "/c.pem", null, "kp", PasswordStore.FILE);
        SiteProfile moved = store.moveSecrets("s1", PasswordStore.VAULT);
        assertEquals(PasswordStore.VAULT, moved.clientCertificate().passphrase().store());
        assertEquals(Optional.of("kp"), SiteClientCertificates.passphrase(store, moved));
    }

    @Test
    void exportsLeaveThePassphraseOutAndCopiesKeepIt() throws Exception {
        SiteStore store = storeWithSite();
        SiteClientCertificates.set(store, "s1", "/c.pem", "/k.pem", "kp", PasswordStore.FILE);
        Path export = directory.resolve("export.json");
        store.exportTo(export);
        assertFalse(Files.readString(export).contains("\"kp\""), Files.readString(export));
        assertTrue(Files.readString(export).contains("/k.pem"), Files.readString(export));
        SiteProfile copy = store.duplicate("s1");
        assertEquals(Optional.of("kp"), SiteClientCertificates.passphrase(store, copy));
    }

    @Test
    void clearingTheCertificateAndAWrongPassphrase() throws Exception {
        SiteStore store = storeWithSite();
        Path p12 = CLIENT.writePkcs12(directory.resolve("c.p12"), "right".toCharArray());
        SiteProfile site = SiteClientCertificates.set(store, "s1", p12.toString(), null, "wrong", PasswordStore.FILE);
        ClientIdentityException e = assertThrows(ClientIdentityException.class,
                () -> SiteClientCertificates.load(site, "wrong".toCharArray()));
        assertEquals(ClientIdentityException.Problem.WRONG_PASSPHRASE, e.problem());
        SiteProfile cleared = SiteClientCertificates.set(store, "s1", "", null, null, PasswordStore.FILE);
        assertNull(cleared.clientCertificate());
        assertNull(SiteClientCertificates.load(cleared, null));
    }

    /** A keyring in memory: what the system's would hold. */
    static final class MemoryKeyring implements Keyring {
        final java.util.Map<String, String> secrets = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public void check() {
        }

        @Override
        public void store(Entry entry, String secret) {
            secrets.put(entry.key(), secret);
        }

        @Override
        public Optional<String> lookup(Entry entry) {
            return Optional.ofNullable(secrets.get(entry.key()));
        }

        @Override
        public boolean delete(Entry entry) {
            return secrets.remove(entry.key()) != null;
        }
    }

    @Test
    void aSiteSavedWithoutItsKeyringSecretsLeavesNoneBehindInTheKeyring() throws Exception {
        MemoryKeyring keyring = new MemoryKeyring();
        SiteStore store = SiteStore.open(file(), keyring);
        SiteProfile site = SiteProfile.builder("s1", "Certified", "ftp.example.com").user("bob").build();
        store.save(site);
        site = store.save(store.find("s1").orElseThrow().toBuilder()
                .password(store.protect(site, "password", "pw", PasswordStore.KEYRING)).build());
        SiteClientCertificates.set(store, "s1", "/c.pem", "/k.pem", "kp", PasswordStore.KEYRING);
        assertEquals(java.util.Set.of("s1/password", "s1/" + SiteClientCertificates.FIELD), keyring.secrets.keySet());

        // As the site manager saves a site whose certificate was cleared and that now logs in anonymously.
        SiteProfile edited = store.find("s1").orElseThrow().toBuilder().clientCertificate(null)
                .password(Secret.NONE).build();
        store.save(edited);
        assertEquals(java.util.Set.of(), keyring.secrets.keySet(), "secrets the site no longer refers to are forgotten");
    }
}
