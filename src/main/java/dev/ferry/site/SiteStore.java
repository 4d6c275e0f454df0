package dev.ferry.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.ftp.TlsMode;
import dev.ferry.message.Explained;
import dev.ferry.message.Message;
import dev.ferry.store.AtomicFiles;
import dev.ferry.store.ConfigDirectory;
import dev.ferry.store.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The saved sites ({@code sites.json} in the config directory): folders, profiles and their
 * secrets. One instance per process, shared by every window: all changes are serialised and
 * each is written at once, atomically, readable by the user only. A file that cannot be read is
 * moved aside with a timestamp and the store starts empty, saying so in {@link #loadProblem()}.
 * <p>
 * Each site's password lives in one {@link PasswordStore}, recorded in its {@link Secret}: the
 * system {@link Keyring} (the default; nothing secret in the file), the master-password
 * {@link Vault} (portable with the file; asked once per run when first needed), the file itself
 * (older versions' unprotected choice), or nowhere (asked at connect). The {@link PasswordPolicy}
 * says where newly typed passwords go. Keyring calls can wait (D-Bus, an unlock prompt): they are
 * made without holding the store's lock, never on the GUI thread.
 */
public final class SiteStore {

    public static final String FILE_NAME = "sites.json";
    static final int SCHEMA_VERSION = 2;
    private static final System.Logger LOG = System.getLogger(SiteStore.class.getName());
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    public enum PasswordPolicy {
        /** Passwords are asked at connect and never written. */
        DONT_SAVE,
        /** Passwords are written as they are; anyone who can read the file can read them. */
        SAVE_UNPROTECTED,
        /** Passwords are encrypted under the master password. */
        SAVE_ENCRYPTED,
        /** Passwords are kept in the system keyring (the default). */
        SAVE_IN_KEYRING;

        /** The store a newly saved password goes to. */
        public PasswordStore store() {
            return switch (this) {
                case DONT_SAVE -> PasswordStore.NONE;
                case SAVE_UNPROTECTED -> PasswordStore.FILE;
                case SAVE_ENCRYPTED -> PasswordStore.VAULT;
                case SAVE_IN_KEYRING -> PasswordStore.KEYRING;
            };
        }
    }

    /** The file's content. */
    public record Document(int version, PasswordPolicy passwordPolicy, Vault.Header vault,
                           List<List<String>> folders, List<SiteProfile> sites) {
        public Document {
            folders = folders == null ? List.of() : folders.stream().map(List::copyOf).toList();
            sites = sites == null ? List.of() : List.copyOf(sites);
            passwordPolicy = passwordPolicy == null ? PasswordPolicy.DONT_SAVE : passwordPolicy;
        }

        static Document empty() {
            return new Document(SCHEMA_VERSION, PasswordPolicy.SAVE_IN_KEYRING, null, List.of(), List.of());
        }
    }

    /**
     * What an import did: how many sites, how many of their passwords were kept and where, and
     * what it could not map ({@link SiteText} messages).
     */
    public record ImportReport(int imported, int passwordsKept, PasswordStore keptIn, List<Message> notes,
                               int alreadyHere, int passwordsAddedHere) {
        public ImportReport {
            notes = List.copyOf(notes);
        }

        public int withoutPassword() {
            return imported - passwordsKept;
        }

        /** "12 sites imported, 11 passwords kept in the system keyring, 1 without a password". */
        public Message summary() {
            if (imported == 0 && alreadyHere > 0) {
                return Message.of(SiteText.IMPORT_NOTHING_NEW, alreadyHere, passwordsAddedHere, keptIn.message());
            }
            return Message.of(SiteText.IMPORT_SUMMARY, imported, passwordsKept, keptIn.message(), withoutPassword());
        }
    }

    /**
     * How an import treats passwords.
     *
     * @param target                  where kept passwords go; null = where the policy sends new ones
     * @param fileZillaMasterPassword FileZilla's master password, for the passwords it encrypted; may be null
     */
    public record ImportOptions(PasswordStore target, char[] fileZillaMasterPassword) {
        public static ImportOptions defaults() {
            return new ImportOptions(null, null);
        }
    }

    /** A store that may be chosen for a site's password, and why not when it cannot be now. */
    public record StoreChoice(PasswordStore store, boolean available, Message reason) {
    }

    private final Path path;
    private final Keyring keyring;
    /**
     * Changed, and written, while holding this store's monitor, which serialises the writers;
     * read without it: a worker looking up its site or the window listing the sites never waits
     * for a disk.
     */
    private volatile Document document;
    private final Optional<String> loadProblem;
    private volatile Vault vault;
    /**
     * The file's bytes as this store last read or wrote them (a few KB): the command line or a second
     * window may write it meanwhile, and a change made here must start from what they wrote. Bytes,
     * not the file's time and inode, which a quick rewrite of the same size can leave looking alike.
     */
    private byte[] seenOnDisk;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private SiteStore(Path path, Keyring keyring, Document document, Optional<String> loadProblem) {
        this.path = path;
        this.keyring = keyring;
        this.document = document;
        this.loadProblem = loadProblem;
    }

    public static SiteStore openDefault() {
        return open(ConfigDirectory.resolve().resolve(FILE_NAME));
    }

    /** The sites in this file, with this machine's keyring. */
    public static SiteStore open(Path path) {
        return open(path, Keyring.system());
    }

    public static SiteStore open(Path path, Keyring keyring) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return new SiteStore(path, keyring, Document.empty(), Optional.empty());
        } catch (IOException e) {
            return new SiteStore(path, keyring, Document.empty(), Optional.of("Could not read " + path + ": " + e.getMessage()));
        }
        try {
            SiteStore store = new SiteStore(path, keyring, parse(bytes), Optional.empty());
            store.seenOnDisk = bytes;
            return store;
        } catch (IOException | RuntimeException e) {
            return new SiteStore(path, keyring, Document.empty(), Optional.of(moveAside(path, e)));
        }
    }

    /** Reads again what another Ferry wrote to the file since (call before listing the sites to a user). */
    public synchronized void refresh() throws IOException {
        catchUpWithDisk();
    }

    /**
     * Under the writers' monitor, before a change: the file as another Ferry left it becomes this
     * store's document. A file gone leaves this store's own (the change writes it again); one that
     * cannot be read now (a newer Ferry's, a hand edit under way) refuses the change rather than
     * writing over it.
     */
    private void catchUpWithDisk() throws IOException {
        byte[] now;
        try {
            now = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return;
        }
        if (java.util.Arrays.equals(now, seenOnDisk)) {
            return;
        }
        Document fresh;
        try {
            fresh = parse(now);
        } catch (IOException | RuntimeException e) {
            throw new SitesFileException(Message.of(SiteText.SITES_UNREADABLE, path.toString(),
                    String.valueOf(e.getMessage())), e);
        }
        if (!Objects.equals(fresh.vault(), document.vault()) && vault != null) {
            // Another master password: what this run unlocked no longer opens the file's secrets.
            vault.destroy();
            vault = null;
        }
        document = fresh;
        seenOnDisk = now;
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    static Document parse(byte[] bytes) throws IOException {
        JsonNode tree = Json.mapper().readTree(bytes);
        if (tree == null || !tree.isObject()) {
            throw new IOException("not a sites file");
        }
        int version = tree.path("version").asInt(1);
        if (version > SCHEMA_VERSION) {
            throw new IOException("written by a newer Ferry (schema " + version + ")");
        }
        if (version < 2) {
            tree = migrateFromVersion1((ObjectNode) tree);
        }
        return Json.mapper().treeToValue(tree, Document.class);
    }

    /**
     * Version 1 (development builds) kept the folder as one "A/B" string and the password as a
     * bare string; version 2 keeps folders as lists and passwords as {@link Secret}s.
     */
    private static JsonNode migrateFromVersion1(ObjectNode tree) {
        ObjectNode upgraded = tree.deepCopy();
        upgraded.put("version", SCHEMA_VERSION);
        boolean anyPassword = false;
        ArrayNode sites = upgraded.withArray("sites");
        Set<List<String>> folders = new LinkedHashSet<>();
        for (JsonNode node : sites) {
            ObjectNode site = (ObjectNode) node;
            JsonNode folder = site.get("folder");
            if (folder != null && folder.isTextual()) {
                ArrayNode parts = site.putArray("folder");
                List<String> names = new ArrayList<>();
                for (String part : folder.asText().split("/")) {
                    if (!part.isBlank()) {
                        parts.add(part);
                        names.add(part);
                    }
                }
                for (int i = 1; i <= names.size(); i++) {
                    folders.add(List.copyOf(names.subList(0, i)));
                }
            }
            JsonNode password = site.get("password");
            if (password != null && password.isTextual()) {
                site.putObject("password").put("plain", password.asText());
                anyPassword = true;
            }
        }
        if (!upgraded.has("passwordPolicy")) {
            upgraded.put("passwordPolicy", anyPassword ? PasswordPolicy.SAVE_UNPROTECTED.name() : PasswordPolicy.DONT_SAVE.name());
        }
        if (!upgraded.has("folders")) {
            ArrayNode list = upgraded.putArray("folders");
            folders.forEach(f -> {
                ArrayNode names = list.addArray();
                f.forEach(names::add);
            });
        }
        return upgraded;
    }

    private static String moveAside(Path path, Exception reason) {
        Path aside = path.resolveSibling(path.getFileName() + ".corrupt-" + LocalDateTime.now().format(STAMP));
        try {
            Files.move(path, aside);
            return "Your saved sites could not be read (" + reason.getMessage() + "). The file was kept as "
                    + aside.getFileName() + "; Ferry started with no saved sites.";
        } catch (IOException e) {
            return "Your saved sites could not be read (" + reason.getMessage() + ") and could not be moved aside.";
        }
    }

    public Path path() {
        return path;
    }

    public Keyring keyring() {
        return keyring;
    }

    public Optional<String> loadProblem() {
        return loadProblem;
    }

    /** Called after every change (on the changing thread). */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    // ------------------------------------------------------------------ reading

    public List<SiteProfile> sites() {
        return document.sites();
    }

    public List<List<String>> folders() {
        return document.folders();
    }

    /** By id, or by path "Folder/Sub/Name" (names compared exactly, then ignoring case). */
    public Optional<SiteProfile> find(String idOrPath) {
        List<SiteProfile> sites = document.sites();
        for (SiteProfile site : sites) {
            if (site.id().equals(idOrPath) || site.path().equals(idOrPath)) {
                return Optional.of(site);
            }
        }
        return sites.stream().filter(s -> s.path().equalsIgnoreCase(idOrPath)).findFirst();
    }

    // ------------------------------------------------------------------ changing sites

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Adds or replaces a site. Keyring entries the old version referred to and this one does not
     * (a password cleared, a certificate removed) are forgotten, outside the lock.
     */
    public SiteProfile save(SiteProfile site) throws IOException {
        return save(site, Runnable::run);
    }

    /**
     * As {@link #save(SiteProfile)}, with the removal of the keyring entries the site no longer uses
     * handed to {@code forgetting}: the keyring is another process (D-Bus), which a window's thread
     * must not wait for.
     */
    public SiteProfile save(SiteProfile site, java.util.function.Consumer<Runnable> forgetting) throws IOException {
        SiteProfile before;
        synchronized (this) {
            boolean knownHere = document.sites().stream().anyMatch(s -> s.id().equals(site.id()));
            catchUpWithDisk();
            before = document.sites().stream().filter(s -> s.id().equals(site.id())).findFirst().orElse(null);
            if (knownHere && before == null) {
                // Deleted by the command line or another window since this copy was read: saving it would
                // bring it back with keyring entries that went with it.
                throw new SitesFileException(Message.of(SiteText.SITE_DELETED_ELSEWHERE, site.path()), null);
            }
            List<SiteProfile> sites = new ArrayList<>(document.sites());
            sites.removeIf(s -> s.id().equals(site.id()));
            sites.add(site);
            List<List<String>> folders = withFolder(document.folders(), site.folder());
            replace(new Document(SCHEMA_VERSION, document.passwordPolicy(), document.vault(), folders, sites));
        }
        if (before != null) {
            SiteProfile dropped = before;
            forgetting.accept(() -> forgetDropped(dropped, site));
        }
        return site;
    }

    /** The keyring entry of a field is the same key whatever its value: only one no longer in the keyring goes. */
    private void forgetDropped(SiteProfile before, SiteProfile after) {
        if (!after.password().isInKeyring()) {
            forget(before, "password", before.password());
        }
        if (!after.account().isInKeyring()) {
            forget(before, "account", before.account());
        }
        if (after.clientCertificate() == null || !after.clientCertificate().passphrase().isInKeyring()) {
            SiteClientCertificates.forget(this, before);
        }
    }

    /** Removes a site; its keyring entries go too (when the keyring cannot be reached, they stay, logged). */
    public void delete(String id) throws IOException {
        List<SiteProfile> removed;
        synchronized (this) {
            catchUpWithDisk();
            List<SiteProfile> sites = new ArrayList<>(document.sites());
            removed = sites.stream().filter(s -> s.id().equals(id)).toList();
            sites.removeIf(s -> s.id().equals(id));
            replace(new Document(SCHEMA_VERSION, document.passwordPolicy(), document.vault(), document.folders(), sites));
        }
        forgetKeyringEntries(removed);
    }

    /** A copy named "Name (copy)" in the same folder, secrets included. */
    public SiteProfile duplicate(String id) throws IOException {
        SiteProfile original = find(id).orElseThrow(() -> new IllegalArgumentException("no site " + id));
        String newId = newId();
        SiteProfile.Builder copy;
        synchronized (this) {
            copy = original.toBuilder().id(newId).name(freeName(original.folder(), original.name() + " (copy)"));
            if (vault != null) {
                copy.password(reencrypt(original.password(), original.id(), newId, "password"));
                copy.account(reencrypt(original.account(), original.id(), newId, "account"));
            } else if (original.password().isEncrypted() || original.account().isEncrypted()) {
                copy.password(Secret.NONE).account(Secret.NONE);
            }
        }
        SiteProfile target = copy.build();
        copy.password(copyInKeyring(original, target, "password", original.password(), target.password()));
        copy.account(copyInKeyring(original, target, "account", original.account(), target.account()));
        ClientCertificate certificate = original.clientCertificate();
        if (certificate != null) {
            Secret passphrase = vault != null ? reencrypt(certificate.passphrase(), original.id(), newId,
                    SiteClientCertificates.FIELD) : certificate.passphrase().isEncrypted() ? Secret.NONE
                    : certificate.passphrase();
            copy.clientCertificate(certificate.withPassphrase(copyInKeyring(original, target,
                    SiteClientCertificates.FIELD, certificate.passphrase(), passphrase)));
        }
        return save(copy.build());
    }

    private Secret copyInKeyring(SiteProfile from, SiteProfile to, String field, Secret original, Secret fallback) {
        if (!original.isInKeyring()) {
            return fallback;
        }
        try {
            Optional<String> secret = keyring.lookup(keyringEntry(from, field, original.keyring()));
            if (secret.isPresent()) {
                Keyring.Entry entry = keyringEntry(to, field, null);
                keyring.store(entry, secret.get());
                return Secret.inKeyring(entry.label());
            }
        } catch (KeyringException e) {
            LOG.log(System.Logger.Level.WARNING, "the copy of " + from.path() + " has no password: " + e.explanation());
        }
        return Secret.NONE;
    }

    private Secret reencrypt(Secret secret, String fromId, String toId, String field) {
        if (!secret.isEncrypted()) {
            return secret;
        }
        try {
            return vault.encrypt(vault.decrypt(secret, fromId + "/" + field), toId + "/" + field);
        } catch (VaultException e) {
            return Secret.NONE;
        }
    }

    public synchronized void rename(String id, String name) throws IOException {
        catchUpWithDisk();
        SiteProfile site = find(id).orElseThrow(() -> new IllegalArgumentException("no site " + id));
        save(site.toBuilder().name(name).build());
    }

    public synchronized void move(String id, List<String> folder) throws IOException {
        catchUpWithDisk();
        SiteProfile site = find(id).orElseThrow(() -> new IllegalArgumentException("no site " + id));
        save(site.toBuilder().folder(folder).build());
    }

    // ------------------------------------------------------------------ folders

    public synchronized void addFolder(List<String> folder) throws IOException {
        catchUpWithDisk();
        if (folder.isEmpty() || folder.stream().anyMatch(n -> n.isBlank() || n.contains("/"))) {
            throw new IllegalArgumentException("a folder name cannot be empty or contain /");
        }
        replace(new Document(SCHEMA_VERSION, document.passwordPolicy(), document.vault(),
                withFolder(document.folders(), folder), document.sites()));
    }

    /** Renames the last element of {@code folder}, carrying its sites and subfolders along. */
    public synchronized void renameFolder(List<String> folder, String newName) throws IOException {
        List<String> renamed = new ArrayList<>(folder.subList(0, folder.size() - 1));
        renamed.add(newName);
        moveFolder(folder, renamed);
    }

    /** Moves (or renames) a folder with everything in it. */
    public synchronized void moveFolder(List<String> from, List<String> to) throws IOException {
        catchUpWithDisk();
        if (to.size() >= from.size() && to.subList(0, from.size()).equals(from)) {
            throw new IllegalArgumentException("a folder cannot move into itself");
        }
        List<List<String>> folders = new ArrayList<>();
        for (List<String> folder : document.folders()) {
            folders.add(rebase(folder, from, to));
        }
        List<SiteProfile> sites = new ArrayList<>();
        for (SiteProfile site : document.sites()) {
            sites.add(site.toBuilder().folder(rebase(site.folder(), from, to)).build());
        }
        replace(new Document(SCHEMA_VERSION, document.passwordPolicy(), document.vault(),
                withFolder(folders, to), sites));
    }

    /** Deletes a folder, its subfolders and the sites in them (with their keyring entries). */
    public void deleteFolder(List<String> folder) throws IOException {
        List<SiteProfile> removed;
        synchronized (this) {
            catchUpWithDisk();
            List<List<String>> folders = new ArrayList<>(document.folders());
            folders.removeIf(f -> startsWith(f, folder));
            List<SiteProfile> sites = new ArrayList<>(document.sites());
            removed = sites.stream().filter(s -> startsWith(s.folder(), folder)).toList();
            sites.removeIf(s -> startsWith(s.folder(), folder));
            replace(new Document(SCHEMA_VERSION, document.passwordPolicy(), document.vault(), folders, sites));
        }
        forgetKeyringEntries(removed);
    }

    private static boolean startsWith(List<String> path, List<String> prefix) {
        return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
    }

    private static List<String> rebase(List<String> path, List<String> from, List<String> to) {
        if (!startsWith(path, from)) {
            return path;
        }
        List<String> rebased = new ArrayList<>(to);
        rebased.addAll(path.subList(from.size(), path.size()));
        return rebased;
    }

    private static List<List<String>> withFolder(List<List<String>> folders, List<String> folder) {
        Set<List<String>> all = new LinkedHashSet<>(folders);
        for (int i = 1; i <= folder.size(); i++) {
            all.add(List.copyOf(folder.subList(0, i)));
        }
        return new ArrayList<>(all);
    }

    private String freeName(List<String> folder, String wanted) {
        String name = wanted;
        for (int n = 2; ; n++) {
            String candidate = name;
            boolean taken = document.sites().stream().anyMatch(s -> s.folder().equals(folder) && s.name().equals(candidate));
            if (!taken) {
                return candidate;
            }
            name = wanted + " " + n;
        }
    }

    // ------------------------------------------------------------------ passwords

    public PasswordPolicy passwordPolicy() {
        return document.passwordPolicy();
    }

    public boolean hasMasterPassword() {
        return document.vault() != null;
    }

    public boolean isUnlocked() {
        // The vault is opened before a document with a new header is published (setMasterPassword).
        Vault open = vault;
        return document.vault() == null || open != null;
    }

    /** Opens the vault for this run. */
    public synchronized void unlock(char[] masterPassword) throws VaultException {
        if (document.vault() == null) {
            return;
        }
        Vault opened = Vault.unlock(document.vault(), masterPassword);
        if (vault != null) {
            vault.destroy();
        }
        vault = opened;
    }

    /**
     * Sets or changes the master password: the passwords in the vault and in the file are
     * (re-)encrypted under it, and new passwords go there ({@link PasswordPolicy#SAVE_ENCRYPTED}).
     * Passwords in the system keyring stay there ({@link #moveSecrets} moves one). Needs the vault
     * unlocked if one exists.
     */
    public synchronized void setMasterPassword(char[] newMasterPassword, Vault.KdfParameters parameters)
            throws IOException, VaultException {
        catchUpWithDisk();
        requireUnlocked();
        Vault next = Vault.create(newMasterPassword, parameters);
        List<SiteProfile> sites = new ArrayList<>();
        for (SiteProfile site : document.sites()) {
            sites.add(site.toBuilder()
                    .password(reencryptLocal(next, site.password(), site.id(), "password"))
                    .account(reencryptLocal(next, site.account(), site.id(), "account"))
                    .build());
        }
        Vault previous = vault;
        vault = next;
        try {
            replace(new Document(SCHEMA_VERSION, PasswordPolicy.SAVE_ENCRYPTED, next.header(), document.folders(), sites));
        } catch (IOException | RuntimeException e) {
            // Not written: the file's secrets are still under the old key.
            vault = previous;
            next.destroy();
            throw e;
        }
        if (previous != null) {
            previous.destroy();
        }
    }

    private Secret reencryptLocal(Vault next, Secret secret, String siteId, String field) throws VaultException {
        if (secret.isEmpty() || secret.isInKeyring()) {
            return secret;
        }
        return next.encrypt(revealLocal(secret, siteId, field), siteId + "/" + field);
    }

    /**
     * Removes the master password. With {@code keepUnprotected} the vault's passwords stay,
     * unencrypted; otherwise they are forgotten. Passwords in the keyring stay there.
     */
    public synchronized void removeMasterPassword(boolean keepUnprotected) throws IOException, VaultException {
        catchUpWithDisk();
        requireUnlocked();
        List<SiteProfile> sites = new ArrayList<>();
        for (SiteProfile site : document.sites()) {
            sites.add(site.toBuilder()
                    .password(unvault(site.password(), site.id(), "password", keepUnprotected))
                    .account(unvault(site.account(), site.id(), "account", keepUnprotected))
                    .build());
        }
        if (vault != null) {
            vault.destroy();
            vault = null;
        }
        replace(new Document(SCHEMA_VERSION, keepUnprotected ? PasswordPolicy.SAVE_UNPROTECTED : PasswordPolicy.DONT_SAVE,
                null, document.folders(), sites));
    }

    private Secret unvault(Secret secret, String siteId, String field, boolean keepUnprotected) throws VaultException {
        if (secret.isInKeyring()) {
            return secret;
        }
        return keepUnprotected ? Secret.plain(revealLocal(secret, siteId, field)) : Secret.NONE;
    }

    /**
     * Chooses where new passwords go when there is no master password: the keyring, unprotected in
     * the file, or not saved. Not saving forgets every saved password, the keyring's included.
     */
    public void setPasswordPolicy(PasswordPolicy policy) throws IOException, VaultException {
        if (policy == PasswordPolicy.SAVE_ENCRYPTED) {
            throw new IllegalArgumentException("set a master password to save passwords encrypted");
        }
        List<SiteProfile> forgotten = List.of();
        synchronized (this) {
            catchUpWithDisk();
            if (document.vault() != null) {
                removeMasterPassword(policy == PasswordPolicy.SAVE_UNPROTECTED);
                if (policy == PasswordPolicy.SAVE_IN_KEYRING) {
                    replace(new Document(SCHEMA_VERSION, policy, null, document.folders(), document.sites()));
                }
                return;
            }
            List<SiteProfile> sites = document.sites();
            if (policy == PasswordPolicy.DONT_SAVE) {
                forgotten = sites;
                sites = sites.stream().map(s -> s.toBuilder().password(Secret.NONE).account(Secret.NONE).build()).toList();
            }
            replace(new Document(SCHEMA_VERSION, policy, null, document.folders(), sites));
        }
        forgetKeyringEntries(forgotten);
    }

    /**
     * The stores a site's password may be put in on this machine now, in the order to offer them:
     * the keyring (with the reason when it cannot be reached), the vault (when a master password is
     * set), and not saving.
     */
    public List<StoreChoice> availableStores() {
        List<StoreChoice> choices = new ArrayList<>();
        try {
            keyring.check();
            choices.add(new StoreChoice(PasswordStore.KEYRING, true, null));
        } catch (KeyringException e) {
            choices.add(new StoreChoice(PasswordStore.KEYRING, false, e.explanation()));
        }
        choices.add(hasMasterPassword() ? new StoreChoice(PasswordStore.VAULT, true, null)
                : new StoreChoice(PasswordStore.VAULT, false, Message.of(SiteText.VAULT_NONE)));
        choices.add(new StoreChoice(PasswordStore.NONE, true, null));
        return choices;
    }

    /** Where a site's password lives (its account, if any, lives in the same store). */
    public static PasswordStore storeOf(SiteProfile site) {
        return site.password().isEmpty() ? site.account().store() : site.password().store();
    }

    /** The label and attributes of a site's keyring entry, as Seahorse and Keychain Access show them. */
    public static Keyring.Entry keyringEntry(SiteProfile site, String field, String storedLabel) {
        int port = site.port() > 0 ? site.port() : site.protocol().defaultPort();
        String who = (site.user() == null || site.user().isBlank() ? "" : site.user() + "@") + site.host() + ":" + port;
        String label = storedLabel != null ? storedLabel
                : "Ferry: " + who + ("password".equals(field) ? "" : " (" + field + ")");
        Map<String, String> hints = new LinkedHashMap<>();
        if (site.user() != null && !site.user().isBlank()) {
            hints.put("user", site.user());
        }
        hints.put("server", site.host());
        hints.put("port", Integer.toString(port));
        hints.put("protocol", site.protocol() == TlsMode.NONE ? "ftp" : "ftps");
        return new Keyring.Entry(site.id() + "/" + field, label, hints);
    }

    /** The secret to store for a password typed in the site form, following the policy. */
    public Secret protect(String siteId, String field, String password) throws VaultException, KeyringException {
        SiteProfile site = find(siteId).orElseGet(() -> SiteProfile.builder(siteId, siteId, siteId).build());
        return protect(site, field, password, passwordPolicy().store());
    }

    /**
     * Puts a password in a store and returns what the site file keeps about it. The keyring is
     * written at once (the entry exists before the site is saved); a keyring that cannot be reached
     * throws with the reason, and nothing is kept anywhere else.
     */
    public Secret protect(SiteProfile site, String field, String password, PasswordStore store)
            throws VaultException, KeyringException {
        if (password == null || password.isEmpty()) {
            return Secret.NONE;
        }
        return switch (store) {
            case NONE -> Secret.NONE;
            case FILE -> Secret.plain(password);
            case VAULT -> {
                synchronized (this) {
                    if (document.vault() == null) {
                        throw new VaultException(VaultException.Reason.NO_VAULT, "No master password is set");
                    }
                    requireUnlocked();
                    yield vault.encrypt(password, site.id() + "/" + field);
                }
            }
            case KEYRING -> {
                Keyring.Entry entry = keyringEntry(site, field, null);
                keyring.store(entry, password);
                yield Secret.inKeyring(entry.label());
            }
        };
    }

    /**
     * Puts secrets typed for a site (by field: password, account, the client certificate's
     * passphrase) in the keyring, then records them in the site as it is saved now, so that what
     * was saved meanwhile stays. Call off the GUI thread: the keyring may wait on another process.
     * Empty when the site was deleted meanwhile (the entries written are removed again).
     */
    public Optional<SiteProfile> keepInKeyring(String siteId, Map<String, String> typed) throws IOException, KeyringException {
        SiteProfile site = find(siteId).orElseThrow(() -> new IllegalArgumentException("no site " + siteId));
        Map<String, Secret> kept = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : typed.entrySet()) {
            Keyring.Entry entry = keyringEntry(site, field.getKey(), null);
            keyring.store(entry, field.getValue());
            kept.put(field.getKey(), Secret.inKeyring(entry.label()));
        }
        SiteProfile now;
        // What the site, as saved by now, no longer wants (saved meanwhile as anonymous, or the policy
        // changed): written for nothing, it leaves the keyring again.
        Map<String, Secret> unwanted = new LinkedHashMap<>(kept);
        synchronized (this) {
            catchUpWithDisk();
            now = find(siteId).orElse(null);
            if (now != null) {
                boolean keyringStill = passwordPolicy().store() == PasswordStore.KEYRING;
                SiteProfile.Builder with = now.toBuilder();
                Secret password = kept.get("password");
                Secret account = kept.get("account");
                Secret passphrase = kept.get(SiteClientCertificates.FIELD);
                if (password != null && keyringStill && now.logonType().savesPassword()) {
                    with.password(password);
                    unwanted.remove("password");
                }
                if (account != null && keyringStill) {
                    with.account(account);
                    unwanted.remove("account");
                }
                if (passphrase != null && keyringStill && now.clientCertificate() != null) {
                    with.clientCertificate(now.clientCertificate().withPassphrase(passphrase));
                    unwanted.remove(SiteClientCertificates.FIELD);
                }
                now = with.build();
                replaceSite(now);
            }
        }
        unwanted.forEach((field, secret) -> forget(site, field, secret));
        return Optional.ofNullable(now);
    }

    /** Replaces a site that only gains keyring entries: nothing to forget, so no keyring call under the lock. */
    private synchronized void replaceSite(SiteProfile site) throws IOException {
        catchUpWithDisk();
        List<SiteProfile> sites = new ArrayList<>(document.sites());
        sites.replaceAll(s -> s.id().equals(site.id()) ? site : s);
        replace(new Document(SCHEMA_VERSION, document.passwordPolicy(), document.vault(), document.folders(), sites));
    }

    /**
     * Saves a site with a new password in the given store (the account is left as it is); the
     * password it had elsewhere is forgotten there.
     */
    public SiteProfile setPassword(String siteId, String password, PasswordStore store)
            throws IOException, VaultException, KeyringException {
        SiteProfile site = find(siteId).orElseThrow(() -> new IllegalArgumentException("no site " + siteId));
        Secret secret = protect(site, "password", password, store);
        SiteProfile saved = save(site.toBuilder().password(secret).build());
        if (site.password().isInKeyring() && !secret.isInKeyring()) {
            forget(site, "password", site.password());
        }
        return saved;
    }

    /**
     * Moves a site's saved password and account to another store: read from where they are,
     * written to the target, saved, then removed from where they were. Nothing is removed unless
     * the target holds them.
     */
    public SiteProfile moveSecrets(String siteId, PasswordStore target)
            throws IOException, VaultException, KeyringException {
        SiteProfile site = find(siteId).orElseThrow(() -> new IllegalArgumentException("no site " + siteId));
        Optional<String> password = password(site);
        Optional<String> account = account(site);
        ClientCertificate certificate = site.clientCertificate();
        Optional<String> passphrase = SiteClientCertificates.passphrase(this, site);
        // The old keyring entry and the new one share their key: read both first, then rewrite.
        SiteProfile moved = save(site.toBuilder()
                .password(keepOrMove(site, "password", site.password(), password, target))
                .account(keepOrMove(site, "account", site.account(), account, target))
                .clientCertificate(certificate == null ? null : certificate.withPassphrase(keepOrMove(site,
                        SiteClientCertificates.FIELD, certificate.passphrase(), passphrase, target)))
                .build());
        if (target != PasswordStore.KEYRING) {
            forget(site, "password", site.password());
            forget(site, "account", site.account());
            SiteClientCertificates.forget(this, site);
        }
        return moved;
    }

    /**
     * After a site's user, host or port changed, renames its keyring entries to match
     * ("Ferry: bob@new-host:21"), so that the user still recognises them in the keyring manager.
     * Entries whose label already matches are left alone. Call off the GUI thread after saving.
     */
    public SiteProfile refreshKeyringLabels(String siteId) throws IOException, KeyringException {
        SiteProfile site = find(siteId).orElseThrow(() -> new IllegalArgumentException("no site " + siteId));
        Secret password = relabel(site, "password", site.password());
        Secret account = relabel(site, "account", site.account());
        if (password == site.password() && account == site.account()) {
            return site;
        }
        return save(site.toBuilder().password(password).account(account).build());
    }

    private Secret relabel(SiteProfile site, String field, Secret secret) throws KeyringException {
        if (!secret.isInKeyring()) {
            return secret;
        }
        Keyring.Entry current = keyringEntry(site, field, null);
        if (current.label().equals(secret.keyring())) {
            return secret;
        }
        return keyring.relabel(keyringEntry(site, field, secret.keyring()), current)
                ? Secret.inKeyring(current.label()) : secret;
    }

    private Secret keepOrMove(SiteProfile site, String field, Secret current, Optional<String> value, PasswordStore target)
            throws VaultException, KeyringException {
        if (value.isEmpty()) {
            return Secret.NONE;
        }
        if (current.store() == target) {
            return current;
        }
        return protect(site, field, value.get(), target);
    }

    /** The saved password of a site, if one is saved; a locked vault, damaged data, an unreachable keyring are errors. */
    public Optional<String> password(SiteProfile site) throws VaultException, KeyringException {
        return reveal(site, "password", site.password());
    }

    public Optional<String> account(SiteProfile site) throws VaultException, KeyringException {
        return reveal(site, "account", site.account());
    }

    Optional<String> reveal(SiteProfile site, String field, Secret secret) throws VaultException, KeyringException {
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        if (secret.isInKeyring()) {
            return keyring.lookup(keyringEntry(site, field, secret.keyring()));
        }
        synchronized (this) {
            return Optional.ofNullable(revealLocal(secret, site.id(), field));
        }
    }

    private String revealLocal(Secret secret, String siteId, String field) throws VaultException {
        if (secret.isEmpty()) {
            return null;
        }
        if (!secret.isEncrypted()) {
            return secret.plain();
        }
        requireUnlocked();
        return vault.decrypt(secret, siteId + "/" + field);
    }

    private void requireUnlocked() throws VaultException {
        if (document.vault() != null && vault == null) {
            throw new VaultException(VaultException.Reason.LOCKED, "The master password is needed to read saved passwords");
        }
    }

    private void forgetKeyringEntries(List<SiteProfile> sites) {
        for (SiteProfile site : sites) {
            forget(site, "password", site.password());
            forget(site, "account", site.account());
            SiteClientCertificates.forget(this, site);
        }
    }

    /** Removes a keyring entry that the file no longer refers to; one that cannot be removed now stays, logged. */
    void forget(SiteProfile site, String field, Secret secret) {
        if (!secret.isInKeyring()) {
            return;
        }
        try {
            keyring.delete(keyringEntry(site, field, secret.keyring()));
        } catch (KeyringException e) {
            LOG.log(System.Logger.Level.WARNING, "the keyring entry \"" + secret.keyring()
                    + "\" could not be removed: " + e.explanation());
        }
    }

    // ------------------------------------------------------------------ import and export

    /** Writes the sites as Ferry JSON, without any password (a file to share, not a backup of secrets). */
    public synchronized void exportTo(Path file) throws IOException {
        List<SiteProfile> sites = document.sites().stream()
                .map(s -> s.toBuilder().password(Secret.NONE).account(Secret.NONE)
                        .clientCertificate(s.clientCertificate() == null ? null
                                : s.clientCertificate().withPassphrase(Secret.NONE)).build()).toList();
        AtomicFiles.write(file, Json.mapper().writeValueAsBytes(
                new Document(SCHEMA_VERSION, PasswordPolicy.DONT_SAVE, null, document.folders(), sites)));
    }

    /** Adds the sites of a Ferry JSON export (new ids; unprotected passwords kept where the policy says). */
    public ImportReport importFrom(Path file) throws IOException {
        Document imported = parse(Files.readAllBytes(file));
        Importer importer = importer(ImportOptions.defaults());
        for (SiteProfile exported : imported.sites()) {
            // A passphrase in the file belongs to another Ferry's keyring or vault.
            SiteProfile site = SiteClientCertificates.withoutPassphrase(exported);
            if (site.password().isEncrypted() || site.password().isInKeyring()) {
                importer.notes.add(Message.of(SiteText.IMPORT_PASSWORD_OTHER_VAULT, site.path()));
                importer.add(site, null);
            } else {
                importer.add(site, site.password().plain());
            }
        }
        for (List<String> folder : imported.folders()) {
            addFolder(folder);
        }
        return importer.report();
    }

    public ImportReport importFileZilla(Path siteManagerXml) throws IOException {
        return importFileZilla(siteManagerXml, ImportOptions.defaults());
    }

    /**
     * Imports FileZilla's site manager with its passwords, kept in the chosen store (by default the
     * one the policy names). A vault target needs the vault unlocked first.
     */
    public ImportReport importFileZilla(Path siteManagerXml, ImportOptions options) throws IOException {
        return new FileZillaImport(this, importer(options), options.fileZillaMasterPassword()).run(siteManagerXml);
    }

    Importer importer(ImportOptions options) {
        return new Importer(options.target() != null ? options.target() : passwordPolicy().store());
    }

    /** Adds imported sites one at a time, keeping their passwords in one store, and counts. */
    final class Importer {
        final PasswordStore target;
        final List<Message> notes = new ArrayList<>();
        int imported;
        int kept;
        int alreadyHere;
        int passwordsAddedHere;

        Importer(PasswordStore target) {
            this.target = target;
        }

        void add(SiteProfile site, String password) throws IOException {
            SiteProfile here = sameSiteHere(site);
            if (here != null) {
                alreadyHere++;
                // "Import again with FileZilla's master password" is how the first import's unread
                // passwords are kept: the site already here takes the password it lacks.
                if (password != null && !password.isEmpty() && here.password().isEmpty() && target != PasswordStore.NONE) {
                    try {
                        save(here.toBuilder().password(protect(here, "password", password, target)).build());
                        passwordsAddedHere++;
                    } catch (VaultException | KeyringException e) {
                        notes.add(Message.of(SiteText.IMPORT_PASSWORD_NOT_KEPT, site.path(), ((Explained) e).explanation()));
                    }
                }
                return;
            }
            SiteProfile named;
            synchronized (SiteStore.this) {
                named = site.toBuilder().id(newId()).name(freeName(site.folder(), site.name()))
                        .password(Secret.NONE).account(Secret.NONE).build();
            }
            Secret secret = Secret.NONE;
            if (password != null && !password.isEmpty()) {
                if (target == PasswordStore.NONE) {
                    notes.add(Message.of(SiteText.IMPORT_PASSWORD_POLICY_DONT_SAVE, site.path()));
                } else {
                    try {
                        secret = protect(named, "password", password, target);
                        kept++;
                    } catch (VaultException | KeyringException e) {
                        notes.add(Message.of(SiteText.IMPORT_PASSWORD_NOT_KEPT, site.path(), ((Explained) e).explanation()));
                    }
                }
            }
            save(named.toBuilder().password(secret).build());
            imported++;
        }

        ImportReport report() {
            List<Message> all = new ArrayList<>(notes);
            // With nothing new, the headline says what happened instead ("5 sites already here, ...").
            if (imported > 0 && passwordsAddedHere > 0) {
                all.addFirst(Message.of(SiteText.IMPORT_PASSWORDS_ADDED_HERE, passwordsAddedHere));
            }
            if (imported > 0 && alreadyHere > 0) {
                all.addFirst(Message.of(SiteText.IMPORT_ALREADY_HERE, alreadyHere));
            }
            return new ImportReport(imported, kept, target, all, alreadyHere, passwordsAddedHere);
        }

        boolean hasItsPasswordHere(SiteProfile imported) {
            SiteProfile here = sameSiteHere(imported);
            return here != null && !here.password().isEmpty();
        }

        /** A site of this name in this folder that still reaches the same account: importing it again adds nothing. */
        private SiteProfile sameSiteHere(SiteProfile imported) {
            synchronized (SiteStore.this) {
                return document.sites().stream()
                        .filter(s -> s.folder().equals(imported.folder()) && s.name().equals(imported.name())
                                && Objects.equals(s.host(), imported.host()) && s.port() == imported.port()
                                && s.protocol() == imported.protocol() && s.logonType() == imported.logonType()
                                && Objects.equals(s.user(), imported.user()))
                        .findFirst().orElse(null);
            }
        }
    }

    // ------------------------------------------------------------------ writing

    private void replace(Document next) throws IOException {
        byte[] bytes = Json.mapper().writeValueAsBytes(next);
        AtomicFiles.write(path, bytes);
        seenOnDisk = bytes;
        document = next;
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    @Override
    public String toString() {
        return "SiteStore[" + path + ", " + document.sites().size() + " sites]";
    }
}
