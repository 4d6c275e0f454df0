package dev.ferry.site.keyring;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.Variant;

import java.util.List;
import java.util.Map;

/**
 * The parts of the freedesktop Secret Service API (draft 0.2) that Ferry uses, as dbus-java
 * interfaces. Method names are the D-Bus member names.
 */
public final class SecretServiceBus {

    public static final String BUS_NAME = "org.freedesktop.secrets";
    public static final String SERVICE_PATH = "/org/freedesktop/secrets";
    public static final String NO_OBJECT = "/";

    private SecretServiceBus() {
    }

    /** Two results of one call. */
    public static final class Pair<A, B> extends Tuple {
        @Position(0)
        public final A first;
        @Position(1)
        public final B second;

        public Pair(A first, B second) {
            this.first = first;
            this.second = second;
        }
    }

    /** A secret on the bus: (session, parameters, value, content type). */
    public static final class SecretValue extends Struct {
        @Position(0)
        public final DBusPath session;
        @Position(1)
        public final byte[] parameters;
        @Position(2)
        public final byte[] value;
        @Position(3)
        public final String contentType;

        public SecretValue(DBusPath session, byte[] parameters, byte[] value, String contentType) {
            this.session = session;
            this.parameters = parameters;
            this.value = value;
            this.contentType = contentType;
        }
    }

    @DBusInterfaceName("org.freedesktop.Secret.Service")
    public interface Service extends DBusInterface {
        Pair<Variant<?>, DBusPath> OpenSession(String algorithm, Variant<?> input);

        DBusPath ReadAlias(String name);

        Pair<List<DBusPath>, DBusPath> Unlock(List<DBusPath> objects);
    }

    @DBusInterfaceName("org.freedesktop.Secret.Collection")
    public interface Collection extends DBusInterface {
        Pair<DBusPath, DBusPath> CreateItem(Map<String, Variant<?>> properties, SecretValue secret, boolean replace);

        List<DBusPath> SearchItems(Map<String, String> attributes);
    }

    @DBusInterfaceName("org.freedesktop.Secret.Item")
    public interface Item extends DBusInterface {
        DBusPath Delete();

        SecretValue GetSecret(DBusPath session);
    }

    @DBusInterfaceName("org.freedesktop.Secret.Session")
    public interface Session extends DBusInterface {
        void Close();
    }

    @DBusInterfaceName("org.freedesktop.Secret.Prompt")
    public interface Prompt extends DBusInterface {
        void Prompt(String windowId);

        void Dismiss();

        /** Sent when the user answered (or dismissed) the prompt. */
        final class Completed extends DBusSignal {
            public final boolean dismissed;

            public Completed(String path, boolean dismissed, Variant<?> result) throws DBusException {
                super(path, dismissed, result);
                this.dismissed = dismissed;
            }
        }
    }
}
