package dev.ferry.site.keyring;

import dev.ferry.message.Message;
import dev.ferry.site.Keyring;
import dev.ferry.site.KeyringException;
import dev.ferry.site.SiteText;
import dev.ferry.site.keyring.SecretServiceBus.Pair;
import dev.ferry.site.keyring.SecretServiceBus.SecretValue;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The freedesktop Secret Service (GNOME Keyring, KWallet) on the session bus, through dbus-java.
 * Each call opens its own connection and session and closes them: nothing stays open between
 * calls, and a keyring that starts later is found. Secrets travel encrypted for the session as
 * libsecret's do ({@link SessionCipher}: Diffie-Hellman, then AES), or in the "plain" algorithm
 * when the service offers nothing else.
 * <p>
 * Entries live in the default collection (the "login" keyring), labelled for the user
 * ("Ferry: bob@host:21") and found by the attribute {@code ferry-key} only. A locked collection is
 * unlocked through the service's own prompt when a desktop can show it; otherwise the call fails
 * saying so, and the caller asks for the password instead.
 */
public final class SecretServiceKeyring implements Keyring {

    static final String SCHEMA = "dev.ferry.Password";
    static final String KEY_ATTRIBUTE = "ferry-key";
    private static final Duration PROMPT_TIMEOUT = Duration.ofMinutes(2);
    private static final System.Logger LOG = System.getLogger(SecretServiceKeyring.class.getName());

    private final Map<String, String> environment;
    private final boolean mayPrompt;

    private SecretServiceKeyring(Map<String, String> environment, boolean mayPrompt) {
        this.environment = environment;
        this.mayPrompt = mayPrompt;
    }

    /** The session bus this process was started with; prompts only where a desktop can show them. */
    public static SecretServiceKeyring sessionBus() {
        Map<String, String> environment = System.getenv();
        boolean desktop = !environment.getOrDefault("DISPLAY", "").isEmpty()
                || !environment.getOrDefault("WAYLAND_DISPLAY", "").isEmpty();
        return new SecretServiceKeyring(environment, desktop);
    }

    @Override
    public String name() {
        return "Secret Service";
    }

    @Override
    public void check() throws KeyringException {
        try (Conversation conversation = open()) {
            conversation.defaultCollection();
        }
    }

    @Override
    public void store(Entry entry, String secret) throws KeyringException {
        try (Conversation conversation = open()) {
            DBusPath collection = conversation.defaultCollection();
            SecretServiceBus.Collection items = conversation.object(collection, SecretServiceBus.Collection.class);
            List<DBusPath> previous = items.SearchItems(Map.of(KEY_ATTRIBUTE, entry.key()));
            Map<String, String> attributes = new LinkedHashMap<>(entry.hints());
            attributes.put("xdg:schema", SCHEMA);
            attributes.put(KEY_ATTRIBUTE, entry.key());
            Map<String, Variant<?>> properties = new LinkedHashMap<>();
            properties.put("org.freedesktop.Secret.Item.Label", new Variant<>(entry.label()));
            properties.put("org.freedesktop.Secret.Item.Attributes", new Variant<>(attributes, "a{ss}"));
            byte[] value = secret.getBytes(StandardCharsets.UTF_8);
            try {
                Pair<DBusPath, DBusPath> created = items.CreateItem(properties,
                        conversation.cipher.encrypt(conversation.session, value), true);
                if (isNone(created.first)) {
                    conversation.prompt(created.second);
                }
            } catch (GeneralSecurityException e) {
                throw new KeyringException(Message.of(SiteText.KEYRING_FAILED, e.getMessage()), e);
            } finally {
                Arrays.fill(value, (byte) 0);
            }
            // The new item exists now: older ones of the same key (another label or host) can go.
            for (DBusPath old : previous) {
                if (!items.SearchItems(attributes).contains(old)) {
                    conversation.prompt(conversation.object(old, SecretServiceBus.Item.class).Delete());
                }
            }
        } catch (DBusExecutionException e) {
            throw failure(e);
        }
    }

    /** Entries are found by key here: storing under the new label replaces the old entry. */
    @Override
    public boolean relabel(Entry from, Entry to) throws KeyringException {
        Optional<String> secret = lookup(from);
        if (secret.isEmpty()) {
            return false;
        }
        store(to, secret.get());
        return true;
    }

    @Override
    public Optional<String> lookup(Entry entry) throws KeyringException {
        try (Conversation conversation = open()) {
            DBusPath collection = conversation.defaultCollection();
            List<DBusPath> found = conversation.object(collection, SecretServiceBus.Collection.class)
                    .SearchItems(Map.of(KEY_ATTRIBUTE, entry.key()));
            if (found.isEmpty()) {
                return Optional.empty();
            }
            SecretValue secret = conversation.object(found.getFirst(), SecretServiceBus.Item.class)
                    .GetSecret(conversation.session);
            byte[] plain = conversation.cipher.decrypt(secret);
            String text = new String(plain, StandardCharsets.UTF_8);
            Arrays.fill(plain, (byte) 0);
            Arrays.fill(secret.value, (byte) 0);
            return Optional.of(text);
        } catch (GeneralSecurityException e) {
            throw new KeyringException(Message.of(SiteText.KEYRING_FAILED, e.getMessage()), e);
        } catch (DBusExecutionException e) {
            throw failure(e);
        }
    }

    @Override
    public boolean delete(Entry entry) throws KeyringException {
        try (Conversation conversation = open()) {
            DBusPath collection = conversation.defaultCollection();
            List<DBusPath> found = conversation.object(collection, SecretServiceBus.Collection.class)
                    .SearchItems(Map.of(KEY_ATTRIBUTE, entry.key()));
            for (DBusPath item : found) {
                conversation.prompt(conversation.object(item, SecretServiceBus.Item.class).Delete());
            }
            return !found.isEmpty();
        } catch (DBusExecutionException e) {
            throw failure(e);
        }
    }

    // ------------------------------------------------------------------ one conversation with the service

    private Conversation open() throws KeyringException {
        String address = busAddress();
        DBusConnection connection;
        try {
            connection = DBusConnectionBuilder.forAddress(address).withShared(false).build();
        } catch (DBusException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "session bus " + address + " unreachable", e);
            throw new KeyringException(Message.of(SiteText.KEYRING_BUS_UNREACHABLE, address), e);
        } catch (LinkageError e) {
            // A runtime without a module dbus-java needs (a packaging mistake): ask, do not crash.
            LOG.log(System.Logger.Level.ERROR, "dbus-java cannot run in this runtime", e);
            throw new KeyringException(Message.of(SiteText.KEYRING_FAILED, String.valueOf(e)), e);
        }
        try {
            DBus bus = connection.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
            if (!bus.NameHasOwner(SecretServiceBus.BUS_NAME)
                    && !Arrays.asList(bus.ListActivatableNames()).contains(SecretServiceBus.BUS_NAME)) {
                throw new KeyringException(Message.of(SiteText.KEYRING_NO_SECRET_SERVICE));
            }
            SecretServiceBus.Service service = connection.getRemoteObject(SecretServiceBus.BUS_NAME,
                    SecretServiceBus.SERVICE_PATH, SecretServiceBus.Service.class);
            return openSession(connection, service);
        } catch (KeyringException e) {
            close(connection);
            throw e;
        } catch (DBusException | DBusExecutionException e) {
            close(connection);
            throw failure(e);
        } catch (GeneralSecurityException e) {
            close(connection);
            throw new KeyringException(Message.of(SiteText.KEYRING_FAILED, e.getMessage()), e);
        } catch (RuntimeException e) {
            close(connection);
            throw new KeyringException(Message.of(SiteText.KEYRING_FAILED, String.valueOf(e.getMessage())), e);
        }
    }

    /** An encrypted session when the service offers one (all known services do), else a plain one. */
    private Conversation openSession(DBusConnection connection, SecretServiceBus.Service service)
            throws GeneralSecurityException {
        SessionCipher.Exchange exchange = new SessionCipher.Exchange();
        try {
            Pair<Variant<?>, DBusPath> session = service.OpenSession(SessionCipher.DH_ALGORITHM,
                    new Variant<>(exchange.publicKey, "ay"));
            return new Conversation(connection, service, session.second, exchange.agree(bytes(session.first)));
        } catch (DBusExecutionException e) {
            if (e.getType() == null || !e.getType().endsWith(".NotSupported")) {
                throw e;
            }
            Pair<Variant<?>, DBusPath> session = service.OpenSession(SessionCipher.PLAIN_ALGORITHM, new Variant<>(""));
            return new Conversation(connection, service, session.second, SessionCipher.plain());
        }
    }

    /** An "ay" inside a variant: dbus-java gives it as byte[] or as a list of bytes. */
    private static byte[] bytes(Variant<?> variant) throws GeneralSecurityException {
        Object value = variant.getValue();
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof java.util.List<?> list && list.stream().allMatch(Byte.class::isInstance)) {
            byte[] bytes = new byte[list.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (Byte) list.get(i);
            }
            return bytes;
        }
        throw new GeneralSecurityException("the Secret Service answered the key exchange with "
                + variant.getSig() + " (" + (value == null ? "null" : value.getClass().getName()) + ")");
    }

    /**
     * DBUS_SESSION_BUS_ADDRESS, or the systemd user bus in XDG_RUNTIME_DIR (set in most sessions
     * even where the variable is not, e.g. over SSH with lingering).
     */
    private String busAddress() throws KeyringException {
        String address = environment.get("DBUS_SESSION_BUS_ADDRESS");
        if (address != null && !address.isBlank()) {
            return address.strip();
        }
        String runtime = environment.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank() && Files.exists(Path.of(runtime, "bus"))) {
            return "unix:path=" + Path.of(runtime, "bus");
        }
        throw new KeyringException(Message.of(SiteText.KEYRING_NO_SESSION_BUS));
    }

    private static KeyringException failure(Exception e) {
        String type = e instanceof DBusExecutionException execution ? execution.getType() : null;
        if (type != null && (type.endsWith(".ServiceUnknown") || type.endsWith(".NameHasNoOwner"))) {
            return new KeyringException(Message.of(SiteText.KEYRING_NO_SECRET_SERVICE), e);
        }
        if (type != null && type.endsWith(".IsLocked")) {
            return new KeyringException(Message.of(SiteText.KEYRING_LOCKED_NO_PROMPT), e);
        }
        LOG.log(System.Logger.Level.WARNING, "Secret Service call failed", e);
        return new KeyringException(Message.of(SiteText.KEYRING_FAILED,
                e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }

    private static boolean isNone(DBusPath path) {
        return path == null || SecretServiceBus.NO_OBJECT.equals(path.getPath());
    }

    private static void close(DBusConnection connection) {
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the session bus connection", e);
        }
    }

    private final class Conversation implements AutoCloseable {
        final DBusConnection connection;
        final SecretServiceBus.Service service;
        final DBusPath session;
        final SessionCipher cipher;

        Conversation(DBusConnection connection, SecretServiceBus.Service service, DBusPath session, SessionCipher cipher) {
            this.connection = connection;
            this.service = service;
            this.session = session;
            this.cipher = cipher;
        }

        <T extends org.freedesktop.dbus.interfaces.DBusInterface> T object(DBusPath path, Class<T> type)
                throws KeyringException {
            try {
                return connection.getRemoteObject(SecretServiceBus.BUS_NAME, path.getPath(), type);
            } catch (DBusException e) {
                throw failure(e);
            }
        }

        /** The default collection, unlocked (through a prompt if a desktop can show one). */
        DBusPath defaultCollection() throws KeyringException {
            DBusPath collection;
            try {
                collection = service.ReadAlias("default");
            } catch (DBusExecutionException e) {
                throw failure(e);
            }
            if (isNone(collection)) {
                throw new KeyringException(Message.of(SiteText.KEYRING_NO_DEFAULT_COLLECTION));
            }
            Properties properties = object(collection, Properties.class);
            Boolean locked = properties.Get("org.freedesktop.Secret.Collection", "Locked");
            if (Boolean.TRUE.equals(locked)) {
                Pair<List<DBusPath>, DBusPath> unlocked = service.Unlock(List.of(collection));
                if (!unlocked.first.contains(collection)) {
                    if (isNone(unlocked.second) || !mayPrompt) {
                        throw new KeyringException(Message.of(SiteText.KEYRING_LOCKED_NO_PROMPT));
                    }
                    prompt(unlocked.second);
                }
            }
            return collection;
        }

        /** Shows the service's prompt and waits for the answer; "/" means none is needed. */
        void prompt(DBusPath path) throws KeyringException {
            if (isNone(path)) {
                return;
            }
            if (!mayPrompt) {
                throw new KeyringException(Message.of(SiteText.KEYRING_LOCKED_NO_PROMPT));
            }
            CompletableFuture<Boolean> dismissed = new CompletableFuture<>();
            SecretServiceBus.Prompt prompt = object(path, SecretServiceBus.Prompt.class);
            try (AutoCloseable ignored = connection.addSigHandler(SecretServiceBus.Prompt.Completed.class, prompt,
                    signal -> dismissed.complete(signal.dismissed))) {
                prompt.Prompt("");
                if (dismissed.get(PROMPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new KeyringException(Message.of(SiteText.KEYRING_UNLOCK_DISMISSED));
                }
            } catch (TimeoutException e) {
                try {
                    prompt.Dismiss();
                } catch (DBusExecutionException ignoredToo) {
                    // The prompt is gone already; the answer is the same.
                }
                throw new KeyringException(Message.of(SiteText.KEYRING_UNLOCK_TIMED_OUT, PROMPT_TIMEOUT.toSeconds()), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KeyringException(Message.of(SiteText.KEYRING_UNLOCK_DISMISSED), e);
            } catch (KeyringException e) {
                throw e;
            } catch (ExecutionException | DBusExecutionException e) {
                throw failure(e instanceof ExecutionException ? (Exception) e.getCause() : e);
            } catch (Exception e) {
                throw failure(e);
            }
        }

        @Override
        public void close() {
            try {
                object(session, SecretServiceBus.Session.class).Close();
            } catch (KeyringException | DBusExecutionException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the Secret Service session", e);
            }
            SecretServiceKeyring.close(connection);
        }
    }
}
