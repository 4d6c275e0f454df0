package dev.ferry.ui;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DialogueEntry;
import dev.ferry.ftp.DialogueListener;
import dev.ferry.site.Settings;
import dev.ferry.site.SettingsStore;
import dev.ferry.site.SiteConnections;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.store.ConfigDirectory;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import dev.ferry.transfer.Endpoint;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.QueueStore;
import dev.ferry.transfer.TransferQueue;
import dev.ferry.ui.dialogs.CertificateDialog;
import dev.ferry.ui.dialogs.Dialogs;
import dev.ferry.ui.dialogs.FileExistsDialog;
import dev.ferry.ui.dialogs.MasterPasswordDialog;
import javafx.stage.Window;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * What every window shares: settings, saved sites, known hosts, the one transfer queue, and the
 * questions the engine asks (certificates, passwords, existing files), asked on the FX thread
 * while the asking network thread waits.
 */
public final class AppContext implements AutoCloseable {

    private final SettingsStore settings;
    private final KnownHosts knownHosts;
    private final CertificateTrust trust;
    private final TransferQueue queue;
    private final UiState.Store uiStateStore = new UiState.Store();
    private final Supplier<Window> window;
    private volatile SiteStore sites;
    /** Passwords typed in this run, per endpoint, so a restored queue item does not ask twice. */
    private final Map<String, String> typedPasswords = new ConcurrentHashMap<>();
    private final List<DialogueListener> queueDialogue = new CopyOnWriteArrayList<>();
    /** Questions being asked now, by endpoint or site: workers asking the same share one prompt. */
    private final Map<String, java.util.concurrent.CompletableFuture<Object>> prompts = new ConcurrentHashMap<>();
    private final dev.ferry.ui.connection.EditWatcher editWatcher = new dev.ferry.ui.connection.EditWatcher();

    public AppContext(SettingsStore settings, Supplier<Window> window) {
        this.settings = settings;
        this.window = window;
        this.knownHosts = dev.ferry.site.KnownHostsFile.openDefault();
        this.trust = CertificateTrust.interactive(knownHosts,
                review -> Background.askOnFxThread(() -> CertificateDialog.ask(window.get(), review)));
        this.queue = new TransferQueue(queueSettings(settings.current()), this::settingsFor,
                new QueueStore(ConfigDirectory.resolve().resolve("queue.json")));
        queue.setConflictResolver(conflict -> Background.askOnFxThread(() -> FileExistsDialog.ask(window.get(), conflict)));
        queue.addDialogueListener(entry -> queueDialogue.forEach(l -> l.onEntry(entry)));
        settings.addListener(next -> queue.setSettings(queueSettings(next)));
    }

    static QueueSettings queueSettings(Settings s) {
        return QueueSettings.DEFAULT.withConnections(s.concurrentTransfers())
                .withRetries(s.retries(), QueueSettings.DEFAULT.firstBackoff(), QueueSettings.DEFAULT.maxBackoff())
                .withConflictDefaults(s.fileExistsDownload(), s.fileExistsUpload())
                .withSpeedLimits(s.downloadLimitKiB() * 1024, s.uploadLimitKiB() * 1024)
                .withSegments(s.segments(), s.segmentThresholdMiB() << 20)
                .withIdleTimeout(Duration.ofSeconds(30));
    }

    public SettingsStore settingsStore() {
        return settings;
    }

    public Settings settings() {
        return settings.current();
    }

    public CertificateTrust trust() {
        return trust;
    }

    public TransferQueue queue() {
        return queue;
    }

    /** The temporary copies of remote files opened for editing. */
    public dev.ferry.ui.connection.EditWatcher editWatcher() {
        return editWatcher;
    }

    public UiState.Store uiStateStore() {
        return uiStateStore;
    }

    public Window window() {
        return window.get();
    }

    /** Receives the dialogue of the queue's worker sessions. */
    public void addQueueDialogueListener(DialogueListener listener) {
        queueDialogue.add(listener);
    }

    public void removeQueueDialogueListener(DialogueListener listener) {
        queueDialogue.remove(listener);
    }

    /** The saved sites, read on first use (not at start-up). */
    public synchronized SiteStore sites() {
        if (sites == null) {
            sites = SiteStore.openDefault();
            sites.loadProblem().ifPresent(problem -> javafx.application.Platform.runLater(
                    () -> Dialogs.error(window.get(), new IOException(problem))));
        }
        return sites;
    }

    /** Tests: these sites (with their own keyring) instead of the config folder's. */
    public synchronized void useSites(SiteStore store) {
        sites = store;
    }

    /** Remembers a password typed for a quick connection, for the queue's sessions to it (this run only). */
    public void rememberPassword(ConnectionSettings connection, String siteId) {
        if (connection.password() != null) {
            typedPasswords.put(Endpoint.of(connection, siteId).key(), connection.password());
        }
    }

    /**
     * Settings for a site: its saved password (asking for the master password once), or a
     * password typed now. Empty when the user cancels. Call on the FX thread.
     */
    public Optional<ConnectionSettings> connectSite(SiteProfile site) {
        SiteStore store = sites();
        String password = null;
        String account = null;
        String passphrase = null;
        boolean encrypted = site.password().isEncrypted() || site.account().isEncrypted()
                || dev.ferry.site.SiteClientCertificates.needsVault(site);
        if (encrypted && !store.isUnlocked() && !MasterPasswordDialog.unlock(window.get(), store)) {
            return Optional.empty();
        }
        try {
            password = store.password(site).orElse(null);
            account = store.account(site).orElse(null);
            passphrase = dev.ferry.site.SiteClientCertificates.passphrase(store, site).orElse(null);
        } catch (dev.ferry.site.VaultException e) {
            Dialogs.error(window.get(), e);
        } catch (dev.ferry.site.KeyringException e) {
            // The keyring cannot be used now: say why, then ask for the password (needsPasswordPrompt below).
            Dialogs.error(window.get(), e);
        }
        if (SiteConnections.needsPasswordPrompt(site, password != null)) {
            password = Dialogs.password(window.get(), (site.user() == null ? "" : site.user() + "@") + site.host());
            if (password == null) {
                return Optional.empty();
            }
        }
        ConnectionSettings connection = SiteConnections.settings(site, settings(), password, account, trust);
        if (site.clientCertificate() != null) {
            // The files are read by the session when it connects, off this (FX) thread.
            char[] key = passphrase == null ? null : passphrase.toCharArray();
            connection = connection.toBuilder()
                    .clientIdentity(() -> dev.ferry.ui.sites.ClientKeyPassphrase.load(site, key, window)).build();
        }
        rememberPassword(connection, site.id());
        return Optional.of(connection);
    }

    /**
     * For the queue's workers (and a queue restored after a restart): the settings of an
     * endpoint. Several workers of one site start at once; they share one question.
     */
    ConnectionSettings settingsFor(Endpoint endpoint) throws IOException {
        if (endpoint.siteId() != null) {
            Optional<SiteProfile> site = sites().find(endpoint.siteId());
            if (site.isPresent()) {
                Optional<ConnectionSettings> connection = shared("site:" + endpoint.siteId(),
                        () -> Background.askOnFxThread(() -> connectSite(site.get())));
                return connection.orElseThrow(() -> new IOException("No password for " + endpoint.display()));
            }
        }
        String password = typedPasswords.get(endpoint.key());
        if (password == null && !"anonymous".equals(endpoint.user())) {
            password = shared("endpoint:" + endpoint.key(), () -> {
                String known = typedPasswords.get(endpoint.key());
                if (known != null) {
                    return known;
                }
                String typed = Background.askOnFxThread(() -> Dialogs.password(window.get(), endpoint.display()));
                if (typed != null) {
                    typedPasswords.put(endpoint.key(), typed);
                }
                return typed;
            });
            if (password == null) {
                throw new IOException("No password for " + endpoint.display());
            }
        }
        return endpoint.toSettings(password, trust);
    }

    /** Asks once for {@code key}: callers arriving while the question is open wait for its answer. */
    @SuppressWarnings("unchecked")
    private <T> T shared(String key, java.util.function.Supplier<T> ask) {
        java.util.concurrent.CompletableFuture<Object> mine = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Object> open = prompts.putIfAbsent(key, mine);
        if (open != null) {
            return (T) open.join();
        }
        try {
            T answer = ask.get();
            mine.complete(answer);
            return answer;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            prompts.remove(key, mine);
        }
    }

    /** Whether an entry of the queue's dialogue belongs to a connection (by "user@host:port"). */
    public static boolean belongsTo(DialogueEntry entry, String display) {
        return entry.session().endsWith(" " + display);
    }

    @Override
    public void close() {
        queue.close();
        editWatcher.close();
    }
}
