package dev.ferry.ui;

import dev.ferry.ftp.CancelToken;
import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DialogueEntry;
import dev.ferry.ftp.DialogueListener;
import dev.ferry.ftp.FtpException;
import dev.ferry.ftp.TlsMode;
import dev.ferry.message.Message;
import dev.ferry.site.Settings;
import dev.ferry.site.SettingsStore;
import dev.ferry.site.SiteConnections;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.site.SiteText;
import dev.ferry.store.ConfigDirectory;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import dev.ferry.transfer.Conflict;
import dev.ferry.transfer.ConflictResolver;
import dev.ferry.transfer.Endpoint;
import dev.ferry.transfer.QueueSettings;
import dev.ferry.transfer.QueueStore;
import dev.ferry.transfer.QueueText;
import dev.ferry.transfer.TransferQueue;
import dev.ferry.ui.dialogs.CertificateDialog;
import dev.ferry.ui.dialogs.Dialogs;
import dev.ferry.ui.dialogs.FileExistsDialog;
import dev.ferry.ui.dialogs.MasterPasswordDialog;
import javafx.stage.Window;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
    /** "user@host:port" whose quick connections may go on in plain FTP when the server offers no TLS. */
    private final Set<String> plainFtpConsents = ConcurrentHashMap.newKeySet();
    private volatile Runnable plainFtpConsentsChanged = () -> { };
    /** Site id → a password typed into the Site Manager that the password policy (or keyring) did not keep. */
    private final Map<String, String> sitePasswordsNotSaved = new ConcurrentHashMap<>();
    /**
     * Per site: the password typed at its question in this run, as FileZilla keeps one until it
     * closes. Only typed ones: a saved password the user has since removed is not one to reuse (R12).
     */
    private final Map<String, String> sitePasswordsTyped = new ConcurrentHashMap<>();
    /** Sites whose secrets typed in the Site Manager are being written to the keyring. */
    private final Map<String, Integer> keyringWritesUnderWay = new ConcurrentHashMap<>();
    /** The missing keyring was said this run (see {@link #firstToSayKeyringAbsent}). */
    private final java.util.concurrent.atomic.AtomicBoolean keyringAbsenceTold = new java.util.concurrent.atomic.AtomicBoolean();
    /** Site id → a password typed with "Remember password" ticked, saved once a server takes it. */
    private final Map<String, String> rememberWhenAccepted = new ConcurrentHashMap<>();
    /**
     * Why the keyring cannot be reached (empty: it can), asked once off the FX thread when a
     * password question may offer to keep a password there; null until then.
     */
    private volatile Optional<Message> keyringUnreachable;
    private final List<DialogueListener> queueDialogue = new CopyOnWriteArrayList<>();
    /**
     * Questions open now, by what they ask (the master password, a site's or a server's password):
     * whoever needs the same meanwhile (a restored tab, the queue's workers) gets that answer
     * instead of a second question. FX thread only.
     */
    private final Map<String, CompletableFuture<Object>> asking = new HashMap<>();
    /**
     * Questions Ferry asks by itself while another is open, in order: each is asked once the one
     * before it is answered, never on top of it. FX thread only.
     */
    private final java.util.LinkedHashMap<String, WaitingQuestion> waitingTurn = new java.util.LinkedHashMap<>();
    /** What the user cancelled: what Ferry does by itself does not ask it again until the user acts. FX thread only. */
    private final Set<String> declined = new HashSet<>();
    private static final String MASTER_PASSWORD = "master";
    private final dev.ferry.ui.connection.EditWatcher editWatcher = new dev.ferry.ui.connection.EditWatcher();

    public AppContext(SettingsStore settings, Supplier<Window> window) {
        this.settings = settings;
        this.window = window;
        this.knownHosts = dev.ferry.site.KnownHostsFile.openDefault();
        // Through askOnce as the password questions: it waits its turn (U4: opened over a password
        // question, it took the Enter meant for that one), and two connections to the same server
        // with the same certificate get one question.
        this.trust = CertificateTrust.interactive(knownHosts, review -> Background.<CompletableFuture<CertificateTrust.Decision>>askOnFxThread(
                () -> askOnce("certificate:" + review.host() + ":" + review.port() + ":"
                        + review.certificate().sha256Fingerprint(), false, () -> CertificateDialog.ask(window.get(), review)))
                .join());
        this.queue = new TransferQueue(queueSettings(settings.current()), passwordsForTheQueue(),
                new QueueStore(ConfigDirectory.resolve().resolve("queue.json")));
        queue.setConflictResolver(new ConflictResolver() {
            @Override
            public Decision resolve(Conflict conflict) {
                return askAboutConflict(conflict, new CancelToken());
            }

            @Override
            public Decision resolve(Conflict conflict, CancelToken itemStopped) {
                return askAboutConflict(conflict, itemStopped);
            }
        });
        queue.addDialogueListener(entry -> queueDialogue.forEach(l -> l.onEntry(entry)));
        settings.addListener(next -> queue.setSettings(queueSettings(next)));
    }

    /**
     * On the item's worker. A question whose item was removed, stopped or paused while it waited its
     * turn is not asked, and one on screen closes then: its answer would do nothing.
     */
    private ConflictResolver.Decision askAboutConflict(Conflict conflict, CancelToken itemStopped) {
        java.util.concurrent.atomic.AtomicBoolean withdrawn = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<Runnable> closeQuestion = new java.util.concurrent.atomic.AtomicReference<>();
        // Runs on the thread that stops the item, the FX thread included: it only marks and hands the closing on.
        try (CancelToken.Registration ignored = itemStopped.whileBlocked(() -> {
            withdrawn.set(true);
            javafx.application.Platform.runLater(() -> {
                Runnable close = closeQuestion.get();
                if (close != null) {
                    close.run();
                }
            });
        })) {
            return Background.askOnFxThread(() -> withdrawn.get() ? null
                    : FileExistsDialog.ask(window.get(), conflict, closeQuestion::set));
        }
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

    /**
     * The window's adds to the queue, in the order the user asked for them: an upload reads each
     * file's kind, size and time first, which a slow or hung disk (a network share) makes wait, so
     * not on the FX thread. One thread for every tab: two drops and a download between them are
     * queued in that order. Thread started at the first add.
     */
    private final java.util.concurrent.ExecutorService queueAdds = java.util.concurrent.Executors.newSingleThreadExecutor(
            runnable -> Thread.ofPlatform().daemon().name("ferry-queue-adds").unstarted(runnable));

    private final java.util.concurrent.atomic.AtomicInteger addsUnderWay = new java.util.concurrent.atomic.AtomicInteger();

    /** Runs {@code adds} after the adds asked for before, off the FX thread. */
    public void addToQueue(Runnable adds) {
        addsUnderWay.incrementAndGet();
        try {
            queueAdds.execute(() -> {
                try {
                    adds.run();
                } finally {
                    addsUnderWay.decrementAndGet();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            addsUnderWay.decrementAndGet();
            throw closed;
        }
    }

    /** Whether adds asked for have not all reached the queue yet: it has work coming that it does not show. */
    public boolean addingToQueue() {
        return addsUnderWay.get() > 0;
    }

    /** The saved queue's restore at start, done once restored and, if it is to run, started. */
    private volatile java.util.concurrent.CompletableFuture<Void> queueRestore =
            java.util.concurrent.CompletableFuture.completedFuture(null);
    private volatile boolean queueStartsWhenRestored;

    /** The window restores the saved queue, and starts it after unless the user had stopped it. */
    public void queueRestoring(java.util.concurrent.CompletableFuture<Void> restore, boolean startsWhenRestored) {
        queueStartsWhenRestored = startsWhenRestored;
        queueRestore = restore;
    }

    /** The user switched "Process queue" on or off: during a restore, what it does once done. */
    public void queueChosen(boolean run) {
        queueStartsWhenRestored = run;
    }

    /** Whether the saved queue, once restored, is started: as the last close left it, unless the user chose since. */
    public boolean queueStartsWhenRestored() {
        return queueStartsWhenRestored;
    }

    /**
     * Whether the queue runs, or is to run once the saved queue is restored: not yet running during the
     * restore at start is not the user's stop.
     */
    public boolean queueMeantToRun() {
        // Restoring first: the restore starts the queue before it says it is done, so a restore found done
        // has started it, and one found going on will (R16: the other way round, both could be missed).
        boolean restoring = !queueRestore.isDone();
        return queue.isProcessing() || queueStartsWhenRestored && restoring;
    }

    /** Runs {@code onFx} on the FX thread once the saved queue is restored (and started, if it is to run). */
    public void afterQueueRestored(Runnable onFx) {
        queueRestore.whenComplete((restored, failure) -> javafx.application.Platform.runLater(onFx));
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
        keyringUnreachable = null;
    }

    /** Remembers a password typed for a quick connection, for the queue's sessions to it (this run only). */
    public void rememberPassword(ConnectionSettings connection, String siteId) {
        if (connection.password() != null) {
            typedPasswords.put(Endpoint.of(connection, siteId).key(), connection.password());
        }
    }

    /**
     * The password typed in this run for a quick connection's server (at a tab's connection or at
     * the restored queue's question), so Reconnect does not ask for it a second time.
     */
    public Optional<String> typedPassword(ConnectionSettings connection, String siteId) {
        return Optional.ofNullable(typedPasswords.get(Endpoint.of(connection, siteId).key()));
    }

    private dev.ferry.transfer.SettingsSource passwordsForTheQueue() {
        return new dev.ferry.transfer.SettingsSource() {
            @Override
            public ConnectionSettings settingsFor(Endpoint endpoint) throws IOException {
                return AppContext.this.settingsFor(endpoint);
            }

            @Override
            public void refused(Endpoint endpoint, ConnectionSettings refused) {
                forgetPassword(endpoint, refused);
            }

            /**
             * The tab's question, asked once for the server's workers together; "no" holds until the user
             * retries. A quick connection's server allowed plain FTP for good is not asked about.
             */
            @Override
            public PlainAnswer askPlain(Endpoint endpoint, String serverAnswer) {
                boolean quickConnection = endpoint.siteId() == null;
                String consent = plainFtpKey(endpoint.user(), endpoint.address());
                if (quickConnection && plainFtpConsents.contains(consent)) {
                    return PlainAnswer.AGREED;
                }
                String siteName = quickConnection ? null
                        : sites().find(endpoint.siteId()).map(SiteProfile::name).orElse(null);
                String server = dev.ferry.ui.dialogs.PlainFallbackDialog.server(siteName, endpoint.address());
                // A site's "always" is its protocol, which the Site Manager sets; a quick connection's is kept here.
                String rememberLabel = quickConnection
                        ? I18n.t("dialog.plain.rememberServer", endpoint.user() + "@" + endpoint.address()) : null;
                try {
                    Boolean agreed = answer(Background.askOnFxThread(() -> askOnce("plain:" + endpoint.key(), false, () -> {
                        dev.ferry.ui.dialogs.PlainFallbackDialog.Answer answer = dev.ferry.ui.dialogs.PlainFallbackDialog
                                .askWithoutTls(window.get(), server, serverAnswer, rememberLabel,
                                        QuickConnectBar.anonymous(endpoint.user()));
                        if (answer == dev.ferry.ui.dialogs.PlainFallbackDialog.Answer.CONNECT_PLAIN_ALWAYS) {
                            allowPlainFtp(consent);
                        }
                        return answer != dev.ferry.ui.dialogs.PlainFallbackDialog.Answer.CANCEL;
                    })));
                    return Boolean.TRUE.equals(agreed) ? PlainAnswer.AGREED : PlainAnswer.DECLINED;
                } catch (IOException e) {
                    return PlainAnswer.DECLINED;
                }
            }

            /** The queue restored after a restart keeps to a site's limit, as the site's tab's batches do. */
            @Override
            public int sessions(Endpoint endpoint) {
                Integer own = sites().find(endpoint.siteId()).map(dev.ferry.site.SiteProfile::maxConnections).orElse(null);
                return own == null || own < 0 ? 0 : own;
            }
        };
    }

    /** A typed password the server refused is asked for again, not reused (unless another was typed since). */
    public void forgetPassword(Endpoint endpoint, ConnectionSettings refused) {
        if (refused.password() != null) {
            typedPasswords.remove(endpoint.key(), refused.password());
            if (endpoint.siteId() != null) {
                // By site, whatever the protocol: refused after "without encryption, this once" it was
                // kept under the site's TLS key too, and reused at every Connect (R12).
                sitePasswordsTyped.remove(endpoint.siteId(), refused.password());
                sitePasswordsNotSaved.remove(endpoint.siteId(), refused.password());
                rememberWhenAccepted.remove(endpoint.siteId(), refused.password());
            }
        }
    }

    /**
     * A password typed into the Site Manager for {@code siteId} that is not saved (the policy says
     * so, or the keyring cannot be reached): used for this run's connections to the site, as if
     * typed at the question, instead of asking for it again at once.
     */
    public void usePasswordNotSaved(String siteId, String password) {
        if (password != null && !password.isEmpty()) {
            sitePasswordsNotSaved.put(siteId, password);
        }
    }

    /** The site now logs in elsewhere or otherwise (its user, server or logon type edited): a password typed for it before is asked again. */
    public void siteLoginEdited(String siteId) {
        sitePasswordsTyped.remove(siteId);
    }

    /** The keyring now holds a password typed into the Site Manager: the saved one serves from now on. */
    public void passwordSaved(String siteId, String password) {
        sitePasswordsNotSaved.remove(siteId, password);
    }

    /**
     * Secrets typed in the Site Manager are on their way to the keyring (or have arrived, or failed):
     * while they are, the password typed there serves before the saved one, which is the older.
     */
    public void keyringWrite(String siteId, boolean underWay) {
        // Counted: a second save may set off before the first arrives.
        keyringWritesUnderWay.merge(siteId, underWay ? 1 : -1, (a, b) -> a + b == 0 ? null : a + b);
    }

    /**
     * True the first time only in this run: that the system keyring cannot be reached is said once, not at every
     * password typed in the Site Manager (a user trial saw the same modal four times, below a form saying it).
     */
    public boolean firstToSayKeyringAbsent() {
        return keyringAbsenceTold.compareAndSet(false, true);
    }

    /** The passwords typed for sites this run and not saved, site id to password. */
    public Map<String, String> passwordsNotSaved() {
        return Map.copyOf(sitePasswordsNotSaved);
    }

    public boolean hasPasswordNotSaved(String siteId) {
        return sitePasswordsNotSaved.containsKey(siteId);
    }

    public void copyPasswordNotSaved(String fromSiteId, String toSiteId) {
        usePasswordNotSaved(toSiteId, sitePasswordsNotSaved.get(fromSiteId));
    }

    /**
     * Settings for a site: its saved password (the master password asked first, once for all who
     * need it meanwhile), or a password typed now. Empty when the user cancels. Call on the FX
     * thread; the answer comes on it, once the saved secrets are read (off it) or when an open
     * question is answered.
     *
     * @param byUser false for what Ferry does by itself (tabs restored at start, the queue): it
     *               does not ask again what the user cancelled, and reuses an interactive site's
     *               password typed earlier in this run (the user asking is asked again for that one)
     */
    public CompletableFuture<Optional<ConnectionSettings>> connectSite(SiteProfile site, boolean byUser) {
        return connectSite(site, byUser, true);
    }

    /**
     * @param forTab whether a tab will log in with the answer: only a tab's login saves a password
     *               remembered at the question (the queue's workers tell a refusal, not a success),
     *               so the queue's own question does not offer to remember it
     */
    private CompletableFuture<Optional<ConnectionSettings>> connectSite(SiteProfile site, boolean byUser, boolean forTab) {
        SiteStore store = sites();
        CompletableFuture<Boolean> unlocked = needsVault(site) && !store.isUnlocked()
                ? askOnce(MASTER_PASSWORD, byUser, () -> MasterPasswordDialog.unlock(window.get(), store))
                : CompletableFuture.completedFuture(Boolean.TRUE);
        return unlocked.thenCompose(open -> Boolean.TRUE.equals(open) ? siteSettings(site, store, byUser, forTab)
                : CompletableFuture.completedFuture(Optional.empty()));
    }

    /**
     * The master password for what the user does now (saving a site's password, an import): true
     * when the saved passwords can be read. The same one question as the queue's and the restored
     * tabs'; one already open (this call then runs inside its event loop, and must not wait for
     * it there) counts as not answered. FX thread only.
     */
    public boolean unlockSites(Window owner) {
        SiteStore store = sites();
        return store.isUnlocked() || Boolean.TRUE.equals(askOnce(MASTER_PASSWORD, true,
                () -> MasterPasswordDialog.unlock(owner, store)).getNow(Boolean.FALSE));
    }

    private static boolean needsVault(SiteProfile site) {
        return site.password().isEncrypted() || site.account().isEncrypted()
                || dev.ferry.site.SiteClientCertificates.needsVault(site);
    }

    /** What a site keeps of its secrets, read off the FX thread; {@code failure} says why some could not be read. */
    private record SavedSecrets(String password, String account, String passphrase, Exception failure) {

        static SavedSecrets read(SiteStore store, SiteProfile site, String typedInSiteManager, boolean onItsWay) {
            // One typed in the Site Manager and on its way to the keyring is newer than the saved one;
            // otherwise the saved one is (a password kept for this run only may be long superseded).
            String password = onItsWay ? typedInSiteManager : null;
            String account = null;
            String passphrase = null;
            try {
                if (password == null) {
                    password = store.password(site).orElse(typedInSiteManager);
                }
                account = store.account(site).orElse(null);
                passphrase = dev.ferry.site.SiteClientCertificates.passphrase(store, site).orElse(null);
                return new SavedSecrets(password, account, passphrase, null);
            } catch (dev.ferry.site.VaultException | dev.ferry.site.KeyringException e) {
                return new SavedSecrets(password, account, passphrase, e);
            }
        }
    }

    private CompletableFuture<Optional<ConnectionSettings>> siteSettings(SiteProfile site, SiteStore store, boolean byUser,
                                                                         boolean forTab) {
        CompletableFuture<SavedSecrets> read = new CompletableFuture<>();
        String typedInSiteManager = sitePasswordsNotSaved.get(site.id());
        boolean onItsWay = keyringWritesUnderWay.containsKey(site.id());
        // The keyring is another process (D-Bus; it may wait on an unlock prompt): read on the disk
        // pool, and go on on the FX thread, where the questions are asked.
        boolean mayOfferKeyring = forTab && store.passwordPolicy().store() == dev.ferry.site.PasswordStore.KEYRING;
        Background.disk(() -> {
            if (mayOfferKeyring) {
                checkKeyringOnce(store);
            }
            return SavedSecrets.read(store, site, typedInSiteManager, onItsWay);
        }, read::complete, read::completeExceptionally);
        return read.thenCompose(secrets -> siteSettings(site, store, byUser, forTab, secrets));
    }

    /**
     * Off the FX thread: asks the keyring whether it can be reached (a D-Bus call), until it could
     * be: one not up yet when first asked (started with the desktop session) is offered once it is.
     */
    private void checkKeyringOnce(SiteStore store) {
        if (keyringUnreachable != null && keyringUnreachable.isEmpty()) {
            return;
        }
        try {
            store.keyring().check();
            keyringUnreachable = Optional.empty();
        } catch (dev.ferry.site.KeyringException e) {
            keyringUnreachable = Optional.of(e.explanation());
        }
    }

    private CompletableFuture<Optional<ConnectionSettings>> siteSettings(SiteProfile site, SiteStore store, boolean byUser,
                                                                         boolean forTab, SavedSecrets secrets) {
        String password = secrets.password();
        String account = secrets.account();
        String passphrase = secrets.passphrase();
        boolean storeFailed = secrets.failure() != null;
        if (storeFailed) {
            // The vault or the keyring cannot be used now: say why, then ask for the password (needsPasswordPrompt below).
            Dialogs.error(window.get(), secrets.failure());
        }
        if (!SiteConnections.needsPasswordPrompt(site, password != null)) {
            return CompletableFuture.completedFuture(Optional.of(siteSettings(site, password, account, passphrase)));
        }
        // Typed earlier in this run and not refused since (a refusal forgets it): it serves until Ferry
        // closes, as FileZilla's does (U4: the Site Manager's Connect asked again). An interactive site's
        // password may be good once only (one-time passwords): the user is asked at each connection.
        boolean oneTime = byUser && site.logonType() == dev.ferry.site.LogonType.INTERACTIVE;
        String typed = oneTime ? null : sitePasswordsTyped.get(site.id());
        String knownAccount = account;
        String knownPassphrase = passphrase;
        String remember = storeFailed || !forTab ? null : rememberWords(site, store);
        CompletableFuture<String> asked = typed != null ? CompletableFuture.completedFuture(typed)
                : askOnce("site:" + site.id(), byUser, () -> {
                    Dialogs.PasswordAnswer answer = Dialogs.sitePassword(window.get(), siteForQuestion(site), remember,
                            rememberUnavailable(store));
                    if (answer == null) {
                        return null;
                    }
                    if (answer.remember()) {
                        rememberWhenAccepted.put(site.id(), answer.password());
                    } else {
                        rememberWhenAccepted.remove(site.id());
                    }
                    sitePasswordsTyped.put(site.id(), answer.password());
                    return answer.password();
                });
        return asked.thenApply(answer -> answer == null ? Optional.empty()
                : Optional.of(siteSettings(site, answer, knownAccount, knownPassphrase)));
    }

    /**
     * The words of the question's "Remember password" box, naming where the password would go; null
     * where a saved one would not be used (the site asks every time) or the policy saves none.
     */
    private static String rememberWords(SiteProfile site, SiteStore store) {
        if (site.logonType() != dev.ferry.site.LogonType.NORMAL && site.logonType() != dev.ferry.site.LogonType.ACCOUNT) {
            return null;
        }
        dev.ferry.site.PasswordStore target = store.passwordPolicy().store();
        return target == dev.ferry.site.PasswordStore.NONE ? null : I18n.t("dialog.password.remember." + target.name());
    }

    /**
     * The server took a site's password: one typed with "Remember password" ticked is saved now, as
     * the Site Manager saves passwords. Kept until then: a mistyped one saved at once would be tried
     * again at every connection instead of being asked for. FX thread; the keyring and the site file
     * are written on the disk pool (a keyring call may wait seconds, e.g. on an unlock prompt).
     */
    public void passwordAccepted(String siteId, ConnectionSettings accepted) {
        if (siteId == null || accepted.password() == null || !rememberWhenAccepted.remove(siteId, accepted.password())) {
            return;
        }
        String password = accepted.password();
        SiteStore store = sites();
        Optional<SiteProfile> site = store.find(siteId);
        if (site.isEmpty() || !site.get().password().isEmpty()) {
            return; // Deleted meanwhile, or given a password in the Site Manager: that one stands.
        }
        // The master password is a question for the user, asked here; only the writing leaves this thread.
        if (store.passwordPolicy() == SiteStore.PasswordPolicy.SAVE_ENCRYPTED && !unlockSites(window.get())) {
            usePasswordNotSaved(siteId, password);
            return;
        }
        dev.ferry.site.PasswordStore target = store.passwordPolicy().store();
        Background.disk(() -> {
            Optional<SiteProfile> now = store.find(siteId);
            if (now.isEmpty() || !now.get().password().isEmpty()) {
                return Boolean.FALSE; // Changed while this waited for the pool: what is there stands.
            }
            store.setPassword(siteId, password, target);
            return Boolean.TRUE;
        }, saved -> { }, failure -> {
            // Not kept (the keyring went away, the disk is full): said, and used for the rest of this run.
            usePasswordNotSaved(siteId, password);
            Dialogs.error(window.get(), failure);
        });
    }

    /**
     * Why "Remember password" cannot be ticked (the keyring it names cannot be reached), or null.
     * Only what was found off the FX thread: never asked here.
     */
    private String rememberUnavailable(SiteStore store) {
        Optional<Message> unreachable = keyringUnreachable;
        return store.passwordPolicy().store() == dev.ferry.site.PasswordStore.KEYRING && unreachable != null
                && unreachable.isPresent() ? I18n.words(unreachable.get()) : null;
    }

    /**
     * "Site (user@host:port)": which saved site, and where, a password question is for; a site named by
     * its address (as a quick connection copied to the Site Manager is) said once, not "u@h:21 (u@h:21)".
     */
    static String siteForQuestion(SiteProfile site) {
        String host = site.host().indexOf(':') >= 0 ? "[" + site.host() + "]" : site.host();
        int port = site.port() > 0 ? site.port() : site.protocol().defaultPort();
        String account = (site.user() == null ? "" : site.user() + "@") + host;
        String address = account + ":" + port;
        String name = site.name().strip();
        // An IPv6 host may be written in the name with its brackets or without them.
        String bare = (site.user() == null ? "" : site.user() + "@") + site.host();
        boolean defaultPort = port == site.protocol().defaultPort();
        boolean namedByAddress = name.equalsIgnoreCase(address) || name.equalsIgnoreCase(bare + ":" + port)
                || defaultPort && (name.equalsIgnoreCase(account) || name.equalsIgnoreCase(bare));
        return namedByAddress ? name : site.name() + " (" + address + ")";
    }

    private ConnectionSettings siteSettings(SiteProfile site, String password, String account, String passphrase) {
        ConnectionSettings connection = SiteConnections.settings(site, settings(), password, account, trust);
        if (site.clientCertificate() != null) {
            // The files are read by the session when it connects, off this (FX) thread.
            char[] key = passphrase == null ? null : passphrase.toCharArray();
            connection = connection.toBuilder()
                    .clientIdentity(() -> dev.ferry.ui.sites.ClientKeyPassphrase.load(site, key, window)).build();
        }
        rememberPassword(connection, site.id());
        return connection;
    }

    /**
     * For the queue's workers (and a queue restored after a restart): the settings of an
     * endpoint. Several workers, and a restored tab, may need them at once; they share one question.
     */
    ConnectionSettings settingsFor(Endpoint endpoint) throws IOException {
        if (endpoint.siteId() != null) {
            Optional<SiteProfile> site = sites().find(endpoint.siteId());
            if (site.isPresent()) {
                Optional<ConnectionSettings> connection = answer(
                        Background.askOnFxThread(() -> connectSite(site.get(), false, false)));
                if (connection.isEmpty()) {
                    throw new FtpException(needsVault(site.get()) && !sites().isUnlocked()
                            ? Message.of(SiteText.VAULT_LOCKED) : Message.of(QueueText.NO_PASSWORD, endpoint.display()), false);
                }
                // Queued after "Connect WITHOUT encryption" on a server without TLS: the site still says
                // "TLS if available", which would now refuse what the user agreed to. A site that
                // requires TLS is never overridden this way.
                if (endpoint.tlsMode() == TlsMode.NONE && connection.get().tlsMode() == TlsMode.EXPLICIT_IF_AVAILABLE) {
                    return connection.get().toBuilder().tlsMode(TlsMode.NONE).build();
                }
                return connection.get();
            }
        }
        String password = typedPasswords.get(endpoint.key());
        if (password == null && !"anonymous".equals(endpoint.user())) {
            password = answer(Background.askOnFxThread(() -> askOnce("endpoint:" + endpoint.key(), false, () -> {
                String known = typedPasswords.get(endpoint.key());
                if (known != null) {
                    return known;
                }
                String typed = Dialogs.password(window.get(), endpoint.display());
                if (typed != null) {
                    typedPasswords.put(endpoint.key(), typed);
                }
                return typed;
            })));
            if (password == null) {
                throw new FtpException(Message.of(QueueText.NO_PASSWORD, endpoint.display()), false);
            }
        }
        return withPlainFtpConsent(endpoint.toSettings(password, trust), endpoint.siteId());
    }

    /**
     * A quick connection's settings with the user's consent to plain FTP where it was given for good
     * ({@link #allowPlainFtp}): "TLS if available" still takes TLS when the server offers it. A saved
     * site keeps its answer as its protocol instead, and TLS-required settings are never touched.
     */
    public ConnectionSettings withPlainFtpConsent(ConnectionSettings settings, String siteId) {
        return siteId == null && settings.tlsMode() == TlsMode.EXPLICIT_IF_AVAILABLE && plainFtpAllowed(settings)
                ? settings.toBuilder().plainWhenTlsNotOffered(true).build() : settings;
    }

    /**
     * The user's "always" at the question about a quick connection's server without TLS. Kept per user
     * too: a yes given as "anonymous" is no yes to send someone's password in clear. Kept in the
     * window's state across starts; the padlock's dialog takes it back.
     */
    public void allowPlainFtp(ConnectionSettings settings) {
        allowPlainFtp(plainFtpKey(settings));
    }

    private void allowPlainFtp(String consent) {
        if (plainFtpConsents.add(consent)) {
            plainFtpConsentsChanged.run();
        }
    }

    /** Called on the changing thread after a consent was given or taken back (the window writes its state). */
    public void onPlainFtpConsentsChanged(Runnable listener) {
        plainFtpConsentsChanged = listener;
    }

    /** The consent goes: the user took it back, or the server now offers TLS (a later refusal is then news). */
    public void forgetPlainFtp(ConnectionSettings settings) {
        if (plainFtpConsents.remove(plainFtpKey(settings))) {
            plainFtpConsentsChanged.run();
        }
    }

    public boolean plainFtpAllowed(ConnectionSettings settings) {
        return plainFtpConsents.contains(plainFtpKey(settings));
    }

    /** Sorted "user@host:port", for the state file. */
    public List<String> plainFtpConsents() {
        return plainFtpConsents.stream().sorted().toList();
    }

    /** What a state file kept ({@link #plainFtpConsents}). */
    public void restorePlainFtpConsents(List<String> consents) {
        plainFtpConsents.addAll(consents);
    }

    private static String plainFtpKey(ConnectionSettings settings) {
        Endpoint endpoint = Endpoint.of(settings, null);
        return plainFtpKey(endpoint.user(), endpoint.address());
    }

    private static String plainFtpKey(String user, String address) {
        return user + "@" + address.toLowerCase(java.util.Locale.ROOT);
    }

    /** Waits, off the FX thread, for an answer given there. */
    private static <T> T answer(CompletableFuture<T> question) throws IOException {
        try {
            return question.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IOException(e.getCause());
        }
    }

    private record WaitingQuestion(Supplier<?> question, CompletableFuture<Object> answer) {
    }

    /**
     * Asks {@code key} unless it is being asked: then the answer of the open question serves
     * (callers arriving while it is open run inside its dialog's event loop, so they must not wait
     * for it there; they get a future instead). A question Ferry asks by itself while another is
     * open waits its turn: two restored tabs' password questions opened one on top of the other,
     * and an answer could go to the wrong one. The user's own questions open at once, as what they
     * just did asks. A cancelled question (null or false) is not asked again for what Ferry does by
     * itself until {@link #askAgain()}. FX thread only.
     */
    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> askOnce(String key, boolean byUser, Supplier<T> question) {
        CompletableFuture<Object> open = asking.get(key);
        if (open != null) {
            return (CompletableFuture<T>) open;
        }
        WaitingQuestion waiting = waitingTurn.get(key);
        if (waiting != null && !byUser) {
            return (CompletableFuture<T>) waiting.answer();
        }
        if (waiting != null) {
            // The user asks for what waits its turn (R11: the master password, to keep one typed):
            // asked now, and the answer serves whoever waited for it too.
            waitingTurn.remove(key);
            CompletableFuture<T> now = askOnce(key, true, question);
            now.whenComplete((answer, failure) -> {
                if (failure != null) {
                    waiting.answer().completeExceptionally(failure);
                } else {
                    waiting.answer().complete(answer);
                }
            });
            return now;
        }
        if (!byUser && declined.contains(key)) {
            return CompletableFuture.completedFuture(null);
        }
        if (!byUser && !asking.isEmpty()) {
            WaitingQuestion later = new WaitingQuestion(question, new CompletableFuture<>());
            waitingTurn.put(key, later);
            return (CompletableFuture<T>) later.answer();
        }
        CompletableFuture<Object> mine = new CompletableFuture<>();
        asking.put(key, mine);
        try {
            T answer = question.get();
            if (answer == null || Boolean.FALSE.equals(answer)) {
                declined.add(key);
            } else {
                declined.remove(key);
            }
            asking.remove(key);
            mine.complete(answer);
        } catch (RuntimeException e) {
            asking.remove(key);
            mine.completeExceptionally(e);
        }
        if (asking.isEmpty() && !waitingTurn.isEmpty()) {
            // Once this question's event loop has returned: the next would otherwise open inside it.
            javafx.application.Platform.runLater(() -> DragGuard.afterDrop(this::askNextWaiting));
        }
        return (CompletableFuture<T>) mine;
    }

    private void askNextWaiting() {
        if (!asking.isEmpty() || waitingTurn.isEmpty()) {
            return;
        }
        var next = waitingTurn.entrySet().iterator().next();
        waitingTurn.remove(next.getKey());
        askOnce(next.getKey(), false, next.getValue().question()).whenComplete((answer, failure) -> {
            if (failure != null) {
                next.getValue().answer().completeExceptionally(failure);
            } else {
                next.getValue().answer().complete(answer);
            }
        });
    }

    /** How many questions wait for an open one to be answered (tests). */
    public int questionsWaitingTheirTurn() {
        return waitingTurn.size();
    }

    /** The user acts (retries an item, starts the queue): what they cancelled before may be asked again. FX thread only. */
    public void askAgain() {
        declined.clear();
    }

    /** Whether an entry of the queue's dialogue belongs to a connection (by "user@host:port"). */
    public static boolean belongsTo(DialogueEntry entry, String display) {
        return entry.session().endsWith(" " + display);
    }

    @Override
    public void close() {
        queueAdds.shutdown();
        try {
            // Adds asked for just before the close are kept with the queue. An upload's disk that does not
            // answer holds them up to ConnectionTab's patience: the quit does not wait that long for them.
            queueAdds.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.close();
        editWatcher.close();
    }
}
