package dev.ferry.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.LinkedHashSet;
import java.util.List;
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
 * Passwords follow the {@link PasswordPolicy}: not saved, saved unprotected, or encrypted under
 * the master password ({@link Vault}), which is asked once per run when first needed.
 */
public final class SiteStore {

    public static final String FILE_NAME = "sites.json";
    static final int SCHEMA_VERSION = 2;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    public enum PasswordPolicy {
        /** Passwords are asked at connect and never written. */
        DONT_SAVE,
        /** Passwords are written as they are; anyone who can read the file can read them. */
        SAVE_UNPROTECTED,
        /** Passwords are encrypted under the master password. */
        SAVE_ENCRYPTED
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
            return new Document(SCHEMA_VERSION, PasswordPolicy.DONT_SAVE, null, List.of(), List.of());
        }
    }

    /** What an import did, and what it could not map. */
    public record ImportReport(int imported, List<String> notes) {
    }

    private final Path path;
    private Document document;
    private final Optional<String> loadProblem;
    private Vault vault;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private SiteStore(Path path, Document document, Optional<String> loadProblem) {
        this.path = path;
        this.document = document;
        this.loadProblem = loadProblem;
    }

    public static SiteStore openDefault() {
        return open(ConfigDirectory.resolve().resolve(FILE_NAME));
    }

    public static SiteStore open(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return new SiteStore(path, Document.empty(), Optional.empty());
        } catch (IOException e) {
            return new SiteStore(path, Document.empty(), Optional.of("Could not read " + path + ": " + e.getMessage()));
        }
        try {
            return new SiteStore(path, parse(bytes), Optional.empty());
        } catch (IOException | RuntimeException e) {
            return new SiteStore(path, Document.empty(), Optional.of(moveAside(path, e)));
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

    public Optional<String> loadProblem() {
        return loadProblem;
    }

    /** Called after every change (on the changing thread). */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    // ------------------------------------------------------------------ reading

    public synchronized List<SiteProfile> sites() {
        return document.sites();
    }

    public synchronized List<List<String>> folders() {
        return document.folders();
    }

    /** By id, or by path "Folder/Sub/Name" (names compared exactly, then ignoring case). */
    public synchronized Optional<SiteProfile> find(String idOrPath) {
        for (SiteProfile site : document.sites()) {
            if (site.id().equals(idOrPath) || site.path().equals(idOrPath)) {
                return Optional.of(site);
            }
        }
        return document.sites().stream().filter(s -> s.path().equalsIgnoreCase(idOrPath)).findFirst();
    }

    // ------------------------------------------------------------------ changing sites

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Adds or replaces (by id) a profile; its folder is created if needed. */
    public synchronized SiteProfile save(SiteProfile site) throws IOException {
        List<SiteProfile> sites = new ArrayList<>(document.sites());
        sites.removeIf(s -> s.id().equals(site.id()));
        sites.add(site);
        List<List<String>> folders = withFolder(document.folders(), site.folder());
        replace(new Document(SCHEMA_VERSION, document.passwordPolicy(), document.vault(), folders, sites));
        return site;
    }

    public synchronized void delete(String id) throws IOException {
        List<SiteProfile> sites = new ArrayList<>(document.sites());
        sites.removeIf(s -> s.id().equals(id));
        replace(new Document(SCHEMA_VERSION, document.passwordPolicy(), document.vault(), document.folders(), sites));
    }

    /** A copy named "Name (copy)" in the same folder, secrets included. */
    public synchronized SiteProfile duplicate(String id) throws IOException {
        SiteProfile original = find(id).orElseThrow(() -> new IllegalArgumentException("no site " + id));
        String newId = newId();
        SiteProfile.Builder copy = original.toBuilder().id(newId).name(freeName(original.folder(), original.name() + " (copy)"));
        if (vault != null) {
            copy.password(reencrypt(original.password(), original.id(), newId, "password"));
            copy.account(reencrypt(original.account(), original.id(), newId, "account"));
        } else if (original.password().isEncrypted() || original.account().isEncrypted()) {
            copy.password(Secret.NONE).account(Secret.NONE);
        }
        return save(copy.build());
    }

    private Secret reencrypt(Secret secret, String fromId, String toId, String field) throws IOException {
        try {
            return vault.encrypt(vault.decrypt(secret, fromId + "/" + field), toId + "/" + field);
        } catch (VaultException e) {
            return Secret.NONE;
        }
    }

    public synchronized void rename(String id, String name) throws IOException {
        SiteProfile site = find(id).orElseThrow(() -> new IllegalArgumentException("no site " + id));
        save(site.toBuilder().name(name).build());
    }

    public synchronized void move(String id, List<String> folder) throws IOException {
        SiteProfile site = find(id).orElseThrow(() -> new IllegalArgumentException("no site " + id));
        save(site.toBuilder().folder(folder).build());
    }

    // ------------------------------------------------------------------ folders

    public synchronized void addFolder(List<String> folder) throws IOException {
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

    /** Deletes a folder, its subfolders and the sites in them. */
    public synchronized void deleteFolder(List<String> folder) throws IOException {
        List<List<String>> folders = new ArrayList<>(document.folders());
        folders.removeIf(f -> startsWith(f, folder));
        List<SiteProfile> sites = new ArrayList<>(document.sites());
        sites.removeIf(s -> startsWith(s.folder(), folder));
        replace(new Document(SCHEMA_VERSION, document.passwordPolicy(), document.vault(), folders, sites));
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

    public synchronized PasswordPolicy passwordPolicy() {
        return document.passwordPolicy();
    }

    public synchronized boolean hasMasterPassword() {
        return document.vault() != null;
    }

    public synchronized boolean isUnlocked() {
        return document.vault() == null || vault != null;
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
     * Sets or changes the master password: every saved password is re-encrypted under it and the
     * policy becomes {@link PasswordPolicy#SAVE_ENCRYPTED}. Needs the vault unlocked if one exists.
     */
    public synchronized void setMasterPassword(char[] newMasterPassword, Vault.KdfParameters parameters)
            throws IOException, VaultException {
        requireUnlocked();
        Vault next = Vault.create(newMasterPassword, parameters);
        List<SiteProfile> sites = new ArrayList<>();
        for (SiteProfile site : document.sites()) {
            sites.add(site.toBuilder()
                    .password(next.encrypt(reveal(site.password(), site.id(), "password"), site.id() + "/password"))
                    .account(next.encrypt(reveal(site.account(), site.id(), "account"), site.id() + "/account"))
                    .build());
        }
        Vault previous = vault;
        vault = next;
        replace(new Document(SCHEMA_VERSION, PasswordPolicy.SAVE_ENCRYPTED, next.header(), document.folders(), sites));
        if (previous != null) {
            previous.destroy();
        }
    }

    /**
     * Removes the master password. With {@code keepUnprotected} the passwords stay, unencrypted;
     * otherwise they are forgotten.
     */
    public synchronized void removeMasterPassword(boolean keepUnprotected) throws IOException, VaultException {
        requireUnlocked();
        List<SiteProfile> sites = new ArrayList<>();
        for (SiteProfile site : document.sites()) {
            sites.add(site.toBuilder()
                    .password(keepUnprotected ? Secret.plain(reveal(site.password(), site.id(), "password")) : Secret.NONE)
                    .account(keepUnprotected ? Secret.plain(reveal(site.account(), site.id(), "account")) : Secret.NONE)
                    .build());
        }
        if (vault != null) {
            vault.destroy();
            vault = null;
        }
        replace(new Document(SCHEMA_VERSION, keepUnprotected ? PasswordPolicy.SAVE_UNPROTECTED : PasswordPolicy.DONT_SAVE,
                null, document.folders(), sites));
    }

    /** Chooses between not saving and saving unprotected when there is no master password. */
    public synchronized void setPasswordPolicy(PasswordPolicy policy) throws IOException, VaultException {
        if (policy == PasswordPolicy.SAVE_ENCRYPTED) {
            throw new IllegalArgumentException("set a master password to save passwords encrypted");
        }
        if (document.vault() != null) {
            removeMasterPassword(policy == PasswordPolicy.SAVE_UNPROTECTED);
            return;
        }
        List<SiteProfile> sites = document.sites();
        if (policy == PasswordPolicy.DONT_SAVE) {
            sites = sites.stream().map(s -> s.toBuilder().password(Secret.NONE).account(Secret.NONE).build()).toList();
        }
        replace(new Document(SCHEMA_VERSION, policy, null, document.folders(), sites));
    }

    /** The secret to store for a password typed in the site form, following the policy. */
    public synchronized Secret protect(String siteId, String field, String password) throws VaultException {
        if (password == null || password.isEmpty()) {
            return Secret.NONE;
        }
        return switch (document.passwordPolicy()) {
            case DONT_SAVE -> Secret.NONE;
            case SAVE_UNPROTECTED -> Secret.plain(password);
            case SAVE_ENCRYPTED -> {
                requireUnlocked();
                yield vault.encrypt(password, siteId + "/" + field);
            }
        };
    }

    /** The saved password of a site, if one is saved; locked vault and damaged data are errors. */
    public synchronized Optional<String> password(SiteProfile site) throws VaultException {
        return Optional.ofNullable(reveal(site.password(), site.id(), "password"));
    }

    public synchronized Optional<String> account(SiteProfile site) throws VaultException {
        return Optional.ofNullable(reveal(site.account(), site.id(), "account"));
    }

    private String reveal(Secret secret, String siteId, String field) throws VaultException {
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

    // ------------------------------------------------------------------ import and export

    /** Writes the sites as Ferry JSON, without any password (a file to share, not a backup of secrets). */
    public synchronized void exportTo(Path file) throws IOException {
        List<SiteProfile> sites = document.sites().stream()
                .map(s -> s.toBuilder().password(Secret.NONE).account(Secret.NONE).build()).toList();
        AtomicFiles.write(file, Json.mapper().writeValueAsBytes(
                new Document(SCHEMA_VERSION, PasswordPolicy.DONT_SAVE, null, document.folders(), sites)));
    }

    /** Adds the sites of a Ferry JSON export (new ids; unprotected passwords kept per the policy). */
    public synchronized ImportReport importFrom(Path file) throws IOException {
        Document imported = parse(Files.readAllBytes(file));
        List<String> notes = new ArrayList<>();
        int count = 0;
        for (SiteProfile site : imported.sites()) {
            addImported(site, site.password().isEncrypted() ? null : site.password().plain(), notes);
            if (site.password().isEncrypted()) {
                notes.add(site.path() + ": its password was encrypted under another master password; not imported");
            }
            count++;
        }
        for (List<String> folder : imported.folders()) {
            addFolder(folder);
        }
        return new ImportReport(count, notes);
    }

    /** Adds a site from an import, protecting its password as the policy says. */
    synchronized void addImported(SiteProfile site, String password, List<String> notes) throws IOException {
        String id = newId();
        Secret secret;
        try {
            secret = protect(id, "password", password);
        } catch (VaultException e) {
            secret = Secret.NONE;
            notes.add(site.path() + ": password not imported (" + e.getMessage() + ")");
        }
        if (password != null && !password.isEmpty() && document.passwordPolicy() == PasswordPolicy.DONT_SAVE) {
            notes.add(site.path() + ": password not saved (Ferry is set not to save passwords)");
        }
        save(site.toBuilder().id(id).name(freeName(site.folder(), site.name())).password(secret).account(Secret.NONE).build());
    }

    public synchronized ImportReport importFileZilla(Path siteManagerXml) throws IOException {
        return new FileZillaImport(this).run(siteManagerXml);
    }

    // ------------------------------------------------------------------ writing

    private void replace(Document next) throws IOException {
        AtomicFiles.write(path, Json.mapper().writeValueAsBytes(next));
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
