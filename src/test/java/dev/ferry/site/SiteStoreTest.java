package dev.ferry.site;

import dev.ferry.ftp.ProtectionLevel;
import dev.ferry.ftp.TlsMode;
import dev.ferry.message.Message;
import dev.ferry.testing.English;
import dev.ferry.tls.TlsVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SiteStoreTest {

    /**
     * These tests run in the test JVM, which must never touch the developer's own keyring: the
     * keyring here is one that cannot be reached (KeyringTest uses a private Secret Service).
     */
    static final Keyring NO_KEYRING = Keyring.unavailable(Message.of(SiteText.KEYRING_NO_SESSION_BUS));

    /** Small Argon2 parameters: the tests exercise the vault, not its cost. */
    static final Vault.KdfParameters FAST = Vault.KdfParameters.fresh(1024, 1, 1);

    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("config/sites.json");
    }

    private Path resource(String name) throws IOException {
        Path copy = directory.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/site/" + name)) {
            Files.write(copy, in.readAllBytes());
        }
        return copy;
    }

    static SiteProfile everyField(String id) {
        return SiteProfile.builder(id, "Production", "ftp.example.com").folder(List.of("Work", "Clients"))
                .port(2121).protocol(TlsMode.EXPLICIT).logonType(LogonType.ACCOUNT).user("deploy")
                .password(Secret.plain("pw")).account(Secret.plain("acct")).transferMode(TransferMode.ACTIVE)
                .trustPassiveAddress(true).charset("GBK").tlsMaxVersion(TlsVersion.TLS_1_2)
                .protectionLevel(ProtectionLevel.CLEAR).legacyTls(true).maxConnections(4)
                .localDirectory("/home/me/site").remoteDirectory("/var/www").listingTimeZone("Asia/Shanghai")
                .comment("the live one").colour("red")
                .bookmarks(List.of(new Bookmark("css", "/home/me/site/css", "/var/www/css")))
                .clientCertificate(new ClientCertificate("/home/me/client.pem", "/home/me/client.key",
                        Secret.plain("kp"))).build();
    }

    /**
     * The window keeps the sites in memory while the command line (or a second window) adds some to the
     * same file: a change made in the window must not write the others' sites away.
     */
    @Test
    void aChangeKeepsWhatAnotherFerryWroteMeanwhile() throws Exception {
        SiteStore window = SiteStore.open(file(), NO_KEYRING);
        SiteProfile mine = window.save(SiteProfile.builder(SiteStore.newId(), "Mine", "one.example.com").build());
        SiteStore commandLine = SiteStore.open(file(), NO_KEYRING);
        SiteProfile imported = commandLine.save(SiteProfile.builder(SiteStore.newId(), "Imported", "two.example.com")
                .folder(List.of("Work")).build());

        window.save(mine.toBuilder().comment("edited in the window").build());
        SiteStore reopened = SiteStore.open(file(), NO_KEYRING);
        assertEquals("edited in the window", reopened.find(mine.id()).orElseThrow().comment());
        assertTrue(reopened.find(imported.id()).isPresent(), "the command line's site: " + reopened.sites());
        assertTrue(reopened.folders().contains(List.of("Work")), "its folder: " + reopened.folders());

        commandLine.delete(imported.id());
        window.refresh();
        assertTrue(window.find(imported.id()).isEmpty(), "a refresh reads what the others wrote");
    }

    /** A site deleted by the command line is not brought back by the window's older copy of it. */
    @Test
    void aSiteDeletedElsewhereIsNotSavedBackFromAnOlderCopy() throws Exception {
        SiteStore window = SiteStore.open(file(), NO_KEYRING);
        SiteProfile site = window.save(SiteProfile.builder(SiteStore.newId(), "Gone", "one.example.com").build());
        SiteStore.open(file(), NO_KEYRING).delete(site.id());
        SitesFileException refused = assertThrows(SitesFileException.class,
                () -> window.save(site.toBuilder().comment("edited").build()));
        assertEquals(SiteText.SITE_DELETED_ELSEWHERE, refused.explanation().key());
        assertTrue(SiteStore.open(file(), NO_KEYRING).find(site.id()).isEmpty(), "not brought back");
    }

    /** A file another program left unreadable (a newer Ferry's, a hand edit) is not written over. */
    @Test
    void aFileOthersLeftUnreadableIsNotWrittenOver() throws Exception {
        SiteStore window = SiteStore.open(file(), NO_KEYRING);
        window.save(SiteProfile.builder(SiteStore.newId(), "Mine", "one.example.com").build());
        String newer = "{\"version\": 99, \"sites\": []}";
        Files.writeString(file(), newer);
        SitesFileException refused = assertThrows(SitesFileException.class,
                () -> window.save(SiteProfile.builder(SiteStore.newId(), "Other", "two.example.com").build()));
        assertEquals(SiteText.SITES_UNREADABLE, refused.explanation().key());
        assertEquals(newer, Files.readString(file()), "left as it was");
    }

    /**
     * A change is written while the one who made it waits; a queue worker looking up its site, or the
     * window listing the sites, must not wait for that disk too. The listener stands in for a slow
     * write: it runs as part of the change, on the changing thread.
     */
    @Test
    void readersDoNotWaitForAChangeBeingWritten() throws Exception {
        SiteStore store = SiteStore.open(file(), NO_KEYRING);
        SiteProfile first = store.save(SiteProfile.builder(SiteStore.newId(), "First", "one.example.com").build());
        SiteStore.PasswordPolicy policy = store.passwordPolicy();
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        store.addListener(() -> {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<SiteProfile> change = threads.submit(() -> store.save(
                    SiteProfile.builder(SiteStore.newId(), "Second", "two.example.com").build()));
            assertTrue(writing.await(60, java.util.concurrent.TimeUnit.SECONDS), "the change under way");
            Future<String> read = threads.submit(() -> store.find(first.id()).orElseThrow().name()
                    + " " + store.sites().size() + " " + store.folders().size() + " " + store.passwordPolicy()
                    + " " + store.isUnlocked() + " " + store.hasMasterPassword());
            try {
                assertEquals("First 2 0 " + policy + " true false",
                        read.get(30, java.util.concurrent.TimeUnit.SECONDS), "what a reader sees meanwhile");
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("a reader waited 30 s for a change being written", e);
            } finally {
                release.countDown();
            }
            assertEquals("Second", change.get(60, java.util.concurrent.TimeUnit.SECONDS).name());
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void everyFieldSurvivesARoundTripAndTheFileIsPrivate() throws Exception {
        SiteStore store = SiteStore.open(file(), NO_KEYRING);
        store.setPasswordPolicy(SiteStore.PasswordPolicy.SAVE_UNPROTECTED);
        SiteProfile site = everyField(SiteStore.newId());
        store.save(site);
        SiteStore reopened = SiteStore.open(file(), NO_KEYRING);
        assertEquals(site, reopened.find(site.id()).orElseThrow());
        assertEquals(site, reopened.find("Work/Clients/Production").orElseThrow());
        assertTrue(reopened.folders().contains(List.of("Work", "Clients")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        assertTrue(reopened.loadProblem().isEmpty());
    }

    @Test
    void aVersion1FileIsMigrated() throws Exception {
        Path v1 = resource("sites-v1.json");
        Files.createDirectories(file().getParent());
        Files.copy(v1, file());
        SiteStore store = SiteStore.open(file(), NO_KEYRING);
        SiteProfile blog = store.find("Personal/Web/Blog").orElseThrow();
        assertEquals(List.of("Personal", "Web"), blog.folder());
        assertEquals("v1-password", store.password(blog).orElseThrow());
        assertEquals(SiteStore.PasswordPolicy.SAVE_UNPROTECTED, store.passwordPolicy());
        assertTrue(store.folders().containsAll(List.of(List.of("Personal"), List.of("Personal", "Web"))));
        assertEquals(TlsMode.NONE, store.find("Top").orElseThrow().protocol());
        store.rename(blog.id(), "Blog 2");
        assertTrue(Files.readString(file()).contains("\"version\" : 2"), "saved in the current schema");
    }

    @Test
    void aCorruptFileIsMovedAsideAndTheStoreStartsEmpty() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{ \"version\": 2, \"sites\": [ {\"name\": ");
        SiteStore store = SiteStore.open(file(), NO_KEYRING);
        assertEquals(List.of(), store.sites());
        assertTrue(store.loadProblem().orElseThrow().contains("kept as sites.json.corrupt-"), store.loadProblem().toString());
        try (var files = Files.list(file().getParent())) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("sites.json.corrupt-")));
        }
        store.save(everyField(SiteStore.newId()));
        assertEquals(1, SiteStore.open(file(), NO_KEYRING).sites().size());
    }

    @Test
    void concurrentSavesFromTwoWindowsLoseNothing() throws Exception {
        SiteStore store = SiteStore.open(file(), NO_KEYRING);
        ExecutorService windows = Executors.newFixedThreadPool(2);
        List<Future<?>> work = new ArrayList<>();
        for (int window = 0; window < 2; window++) {
            int w = window;
            work.add(windows.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    store.save(SiteProfile.builder(SiteStore.newId(), "w" + w + "-" + i, "h").build());
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        windows.shutdown();
        assertEquals(100, store.sites().size());
        assertEquals(100, SiteStore.open(file(), NO_KEYRING).sites().size());
    }

    @Test
    void foldersRenameMoveAndDeleteWithTheirSites() throws Exception {
        SiteStore store = SiteStore.open(file(), NO_KEYRING);
        SiteProfile site = store.save(SiteProfile.builder(SiteStore.newId(), "s", "h").folder(List.of("A", "B")).build());
        store.renameFolder(List.of("A"), "Z");
        assertEquals(List.of("Z", "B"), store.find(site.id()).orElseThrow().folder());
        store.moveFolder(List.of("Z", "B"), List.of("Y"));
        assertEquals(List.of("Y"), store.find(site.id()).orElseThrow().folder());
        assertThrows(IllegalArgumentException.class, () -> store.moveFolder(List.of("Y"), List.of("Y", "inside")));
        SiteProfile copy = store.duplicate(site.id());
        assertEquals("s (copy)", copy.name());
        store.deleteFolder(List.of("Y"));
        assertEquals(List.of(), store.sites());
    }

    @Test
    void theVaultEncryptsTellsWrongPasswordsFromTamperingAndReencrypts() throws Exception {
        SiteStore store = SiteStore.open(file(), NO_KEYRING);
        store.setMasterPassword("correct horse".toCharArray(), FAST);
        String id = SiteStore.newId();
        store.save(SiteProfile.builder(id, "Vaulted", "h").user("u").password(store.protect(id, "password", "s3cret!")).build());
        assertFalse(Files.readString(file()).contains("s3cret!"), "no password in the file");

        SiteStore nextRun = SiteStore.open(file(), NO_KEYRING);
        SiteProfile site = nextRun.find(id).orElseThrow();
        VaultException locked = assertThrows(VaultException.class, () -> nextRun.password(site));
        assertEquals(VaultException.Reason.LOCKED, locked.reason());
        VaultException wrong = assertThrows(VaultException.class, () -> nextRun.unlock("wrong".toCharArray()));
        assertEquals(VaultException.Reason.WRONG_PASSWORD, wrong.reason());
        nextRun.unlock("correct horse".toCharArray());
        assertEquals("s3cret!", nextRun.password(site).orElseThrow());

        // Tampering with the ciphertext is corruption, told apart from a wrong master password.
        String intact = Files.readString(file());
        String tampered = intact.replaceFirst("\"ciphertext\" : \"(.)", "\"ciphertext\" : \"A$1");
        Files.writeString(file(), tampered);
        SiteStore damaged = SiteStore.open(file(), NO_KEYRING);
        damaged.unlock("correct horse".toCharArray());
        VaultException corrupt = assertThrows(VaultException.class, () -> damaged.password(damaged.find(id).orElseThrow()));
        assertEquals(VaultException.Reason.CORRUPT, corrupt.reason());
        // Put back: the other stores here read the file again before they change it.
        Files.writeString(file(), intact);

        // A ciphertext moved to another site does not decrypt there.
        String otherId = SiteStore.newId();
        nextRun.save(site.toBuilder().id(otherId).name("Copied by hand").build());
        assertThrows(VaultException.class, () -> nextRun.password(nextRun.find(otherId).orElseThrow()));
        nextRun.delete(otherId);

        nextRun.setMasterPassword("new master".toCharArray(), FAST);
        SiteStore afterChange = SiteStore.open(file(), NO_KEYRING);
        assertThrows(VaultException.class, () -> afterChange.unlock("correct horse".toCharArray()));
        afterChange.unlock("new master".toCharArray());
        assertEquals("s3cret!", afterChange.password(afterChange.find(id).orElseThrow()).orElseThrow());

        afterChange.removeMasterPassword(false);
        assertTrue(SiteStore.open(file(), NO_KEYRING).find(id).orElseThrow().password().isEmpty(), "forgotten");
    }

    @Test
    void newPasswordsGoToTheKeyringByDefaultAndAnUnreachableKeyringSaysWhy() throws Exception {
        SiteStore store = SiteStore.open(file(), NO_KEYRING);
        assertEquals(SiteStore.PasswordPolicy.SAVE_IN_KEYRING, store.passwordPolicy());
        KeyringException unreachable = assertThrows(KeyringException.class, () -> store.protect("x", "password", "pw"));
        assertEquals(SiteText.KEYRING_NO_SESSION_BUS, unreachable.explanation().key());
        assertEquals(PasswordStore.KEYRING, store.availableStores().getFirst().store());
        assertFalse(store.availableStores().getFirst().available());
        assertEquals(SiteText.KEYRING_NO_SESSION_BUS, store.availableStores().getFirst().reason().key());
        store.setPasswordPolicy(SiteStore.PasswordPolicy.DONT_SAVE);
        assertTrue(store.protect("x", "password", "pw").isEmpty(), "not saving saves nothing");
        store.setPasswordPolicy(SiteStore.PasswordPolicy.SAVE_UNPROTECTED);
        assertEquals("pw", store.protect("x", "password", "pw").plain());
        assertThrows(IllegalArgumentException.class, () -> store.setPasswordPolicy(SiteStore.PasswordPolicy.SAVE_ENCRYPTED));
    }

    @Test
    void fileZillaSitesAreImportedWithAReport() throws Exception {
        SiteStore store = SiteStore.open(file(), NO_KEYRING);
        store.setPasswordPolicy(SiteStore.PasswordPolicy.SAVE_UNPROTECTED);
        SiteStore.ImportReport report = store.importFileZilla(resource("filezilla-sitemanager.xml"));
        assertEquals(6, report.imported(), report.toString());

        SiteProfile example = store.find("Example").orElseThrow();
        assertEquals("ftp.example.com", example.host());
        assertEquals(0, example.port(), "the default port is kept as default");
        assertEquals(TlsMode.EXPLICIT_IF_AVAILABLE, example.protocol());
        assertEquals("alice", example.user());
        assertEquals("secret-pass", store.password(example).orElseThrow());
        assertEquals("/var/www/my files", example.remoteDirectory());
        assertEquals("/home/alice/www", example.localDirectory());
        assertEquals("red", example.colour());
        assertEquals("main web site", example.comment());
        assertEquals("/var/www/img", example.bookmarks().getFirst().remoteDirectory());

        SiteProfile prod = store.find("Work/Prod").orElseThrow();
        assertEquals(TlsMode.EXPLICIT, prod.protocol());
        assertEquals(2121, prod.port());
        assertEquals(TransferMode.ACTIVE, prod.transferMode());
        assertEquals("GBK", prod.charset());
        assertEquals("+08:00", prod.listingTimeZone());
        assertEquals(4, prod.maxConnections());
        assertTrue(store.password(prod).isEmpty());

        SiteProfile old = store.find("Work/Legacy/Old box").orElseThrow();
        assertEquals(TlsMode.IMPLICIT, old.protocol());
        assertEquals(LogonType.ANONYMOUS, old.logonType());
        assertEquals(TransferMode.PASSIVE, old.transferMode());
        assertEquals(TlsMode.NONE, store.find("Work/Legacy/Plain camera").orElseThrow().protocol());
        assertEquals(LogonType.ASK_FOR_PASSWORD, store.find("Work/Legacy/Plain camera").orElseThrow().logonType());
        SiteProfile account = store.find("Work/Legacy/Account site").orElseThrow();
        assertEquals(LogonType.ACCOUNT, account.logonType());
        assertEquals("plain-text-pw", store.password(account).orElseThrow());
        assertEquals("ancient.example.com", store.find("Very old entry").orElseThrow().host());
        assertTrue(store.find("Work/Legacy/SSH box").isEmpty());

        assertEquals(2, report.passwordsKept(), "Example's base64 and Account site's plain password");
        assertEquals(PasswordStore.FILE, report.keptIn());
        assertEquals("6 sites imported, 2 passwords kept in the sites file, unprotected, 4 without a password",
                English.of(report.summary()));
        String notes = String.join("\n", report.notes().stream().map(English::of).toList());
        assertTrue(notes.contains("SSH box: protocol SFTP is not FTP; skipped"), notes);
        assertTrue(notes.contains("Work/Prod: the password is encrypted with FileZilla's master password"), notes);
        assertTrue(notes.contains("Account site: the account (ACCT) value was not imported"), notes);
    }

    @Test
    void importingTheSameSitesAgainAddsNoCopiesAndFillsInPasswordsNowReadable() throws Exception {
        SiteStore store = SiteStore.open(file(), NO_KEYRING);
        store.setPasswordPolicy(SiteStore.PasswordPolicy.SAVE_UNPROTECTED);
        Path xml = resource("filezilla-passwords.xml");
        Files.writeString(xml, Files.readString(xml).replace("@PORT@", "2121"));
        store.importFileZilla(xml);
        int sites = store.sites().size();
        SiteProfile gcm = store.find("Imported/Master GCM").orElseThrow();
        assertTrue(store.password(gcm).isEmpty(), "without FileZilla's master password its encrypted passwords stay unread");

        SiteStore.ImportReport again = store.importFileZilla(xml,
                new SiteStore.ImportOptions(null, "zilla master ü".toCharArray()));
        assertEquals(sites, store.sites().size(), "a second import of the same file adds no copies: " + store.sites());
        assertEquals(0, again.imported(), again.toString());
        assertEquals("s3cret-pa55", store.password(store.find("Imported/Master GCM").orElseThrow()).orElseThrow(),
                "a password read this time is given to the site already here");
        assertEquals(gcm.id(), store.find("Imported/Master GCM").orElseThrow().id(), "the same site, not a new one");
        assertEquals("No new sites: all 5 were already here; 2 passwords were added to them, kept in the sites file, "
                + "unprotected", English.of(again.summary()));

        // A third time, nothing is said missing: the sites have their passwords.
        SiteStore.ImportReport third = store.importFileZilla(xml);
        assertEquals("No new sites: all 5 were already here", English.of(third.summary()));
        assertEquals(List.of(), third.notes().stream().map(English::of).toList());

        // A site of the same name that now points elsewhere is another site: added beside it.
        SiteProfile moved = store.find("Imported/Plain site").orElseThrow();
        store.save(moved.toBuilder().host("elsewhere.example.com").build());
        SiteStore.ImportReport fourth = store.importFileZilla(xml);
        assertEquals(1, fourth.imported(), fourth.toString());
        assertTrue(store.find("Imported/Plain site 2").isPresent(), store.sites().toString());
    }

    @Test
    void fileZillaFilesCannotReadLocalFilesThroughEntities() throws Exception {
        SiteStore store = SiteStore.open(file(), NO_KEYRING);
        IOException refused = assertThrows(IOException.class, () -> store.importFileZilla(resource("filezilla-xxe.xml")));
        assertTrue(refused.getMessage().contains("DOCTYPE"), refused.getMessage());
        assertEquals(List.of(), store.sites());
    }

    @Test
    void exportsCarryNoPasswordsAndImportBack() throws Exception {
        SiteStore store = SiteStore.open(file(), NO_KEYRING);
        store.setPasswordPolicy(SiteStore.PasswordPolicy.SAVE_UNPROTECTED);
        store.save(everyField(SiteStore.newId()));
        Path export = directory.resolve("export.json");
        store.exportTo(export);
        assertFalse(Files.readString(export).contains("\"pw\""));
        SiteStore other = SiteStore.open(directory.resolve("other/sites.json"), NO_KEYRING);
        SiteStore.ImportReport report = other.importFrom(export);
        assertEquals(1, report.imported());
        SiteProfile imported = other.find("Work/Clients/Production").orElseThrow();
        assertEquals("ftp.example.com", imported.host());
        assertEquals(TlsVersion.TLS_1_2, imported.tlsMaxVersion());
    }

    @Test
    void realArgon2ParametersStillUnlock() throws Exception {
        SiteStore store = SiteStore.open(file(), NO_KEYRING);
        store.setMasterPassword("master".toCharArray(), Vault.KdfParameters.fresh());
        SiteStore reopened = SiteStore.open(file(), NO_KEYRING);
        reopened.unlock("master".toCharArray());
        assertTrue(reopened.isUnlocked());
        assertTrue(Files.readString(file()).contains("\"memoryKiB\" : 47104"));
    }

    /**
     * A password typed in the Site Manager is written to the keyring after the site is saved. When the
     * site is saved again as anonymous before that write lands, the write gave the anonymous site a
     * keyring password it no longer uses, and left it in the keyring.
     */
    @Test
    void aKeyringWriteThatLandsAfterTheSiteWentAnonymousKeepsNothing() throws Exception {
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch savedMeanwhile = new java.util.concurrent.CountDownLatch(1);
        SiteClientCertificatesTest.MemoryKeyring memory = new SiteClientCertificatesTest.MemoryKeyring();
        Keyring slow = new Keyring() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public void check() {
            }

            @Override
            public void store(Entry entry, String secret) throws KeyringException {
                writing.countDown();
                try {
                    if (!savedMeanwhile.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                        throw new AssertionError("the site was not saved again within 60 s");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                memory.store(entry, secret);
            }

            @Override
            public java.util.Optional<String> lookup(Entry entry) {
                return memory.lookup(entry);
            }

            @Override
            public boolean delete(Entry entry) {
                return memory.delete(entry);
            }
        };
        SiteStore store = SiteStore.open(file(), slow);
        store.setPasswordPolicy(SiteStore.PasswordPolicy.SAVE_IN_KEYRING);
        store.save(SiteProfile.builder("s1", "Mine", "ftp.example.com").logonType(LogonType.NORMAL).user("bob").build());
        java.util.concurrent.CompletableFuture<java.util.Optional<SiteProfile>> kept = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return store.keepInKeyring("s1", java.util.Map.of("password", "typed"));
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
        assertTrue(writing.await(60, java.util.concurrent.TimeUnit.SECONDS), "the keyring write never started");
        store.save(store.find("s1").orElseThrow().toBuilder().logonType(LogonType.ANONYMOUS).password(Secret.NONE).build());
        savedMeanwhile.countDown();
        kept.get(60, java.util.concurrent.TimeUnit.SECONDS);
        SiteProfile now = store.find("s1").orElseThrow();
        assertEquals(LogonType.ANONYMOUS, now.logonType());
        assertTrue(now.password().isEmpty(), "an anonymous site with a keyring password: " + now.password());
        assertTrue(memory.secrets.isEmpty(), "left in the keyring: " + memory.secrets.keySet());
    }
}
