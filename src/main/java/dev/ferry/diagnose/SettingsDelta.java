package dev.ferry.diagnose;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.TlsMode;
import dev.ferry.message.Message;
import dev.ferry.tls.TlsVersion;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings a diagnosis found to work, as changes to the ones it was given: null means "keep
 * yours". The caller saves them to the site (or applies them with {@link #applyTo}).
 *
 * @param tlsMode             the TLS mode that works (e.g. implicit when AUTH TLS does not)
 * @param port                the port that goes with it (990 for implicit TLS found there)
 * @param tlsMax              the highest TLS version to offer (1.2 when the server refuses TLS 1.3
 *                            data connections that cannot resume the control session)
 * @param dataMode            passive or active, whichever works from here
 * @param trustPassiveAddress false: connect to the control address instead of the one in PASV
 * @param charset             the charset of names on the server, when it could be seen
 */
public record SettingsDelta(TlsMode tlsMode, Integer port, TlsVersion tlsMax, DataConnectionMode dataMode,
                            Boolean trustPassiveAddress, Charset charset) {

    public static final SettingsDelta NONE = new SettingsDelta(null, null, null, null, null, null);

    public boolean isEmpty() {
        return equals(NONE);
    }

    /** The given settings with these changes; a chosen TLS maximum or data mode is marked as the user's. */
    public ConnectionSettings applyTo(ConnectionSettings settings) {
        ConnectionSettings.Builder b = settings.toBuilder();
        if (tlsMode != null) {
            b.tlsMode(tlsMode);
        }
        if (port != null) {
            b.port(port);
        }
        if (tlsMax != null) {
            b.tlsPolicy(settings.tlsPolicy().withMaxVersion(tlsMax)).tlsMaxExplicit(true);
        }
        if (dataMode != null) {
            b.dataConnectionMode(dataMode).dataModeExplicit(true);
        }
        if (trustPassiveAddress != null) {
            b.trustPassiveAddress(trustPassiveAddress);
        }
        if (charset != null) {
            b.charset(charset);
        }
        return b.build();
    }

    /** One message per change, for the verdict. */
    public List<Message> changes() {
        List<Message> changes = new ArrayList<>();
        if (tlsMode != null) {
            changes.add(port != null ? Message.of(DiagnoseText.CHANGE_TLS_MODE_PORT, tlsModeName(tlsMode), String.valueOf(port))
                    : Message.of(DiagnoseText.CHANGE_TLS_MODE, tlsModeName(tlsMode)));
        } else if (port != null) {
            changes.add(Message.of(DiagnoseText.CHANGE_PORT, String.valueOf(port)));
        }
        if (tlsMax != null) {
            changes.add(Message.of(DiagnoseText.CHANGE_TLS_MAX, tlsMax.number()));
        }
        if (dataMode != null) {
            changes.add(Message.of(dataMode == DataConnectionMode.PASSIVE ? DiagnoseText.CHANGE_PASSIVE
                    : DiagnoseText.CHANGE_ACTIVE));
        }
        if (trustPassiveAddress != null) {
            changes.add(Message.of(trustPassiveAddress ? DiagnoseText.CHANGE_TRUST_PASV_ADDRESS
                    : DiagnoseText.CHANGE_USE_CONTROL_ADDRESS));
        }
        if (charset != null) {
            changes.add(Message.of(DiagnoseText.CHANGE_CHARSET, charset.name()));
        }
        return changes;
    }

    /** The words for a TLS mode, as a nested message. */
    public static Message tlsModeName(TlsMode mode) {
        return Message.of(switch (mode) {
            case NONE -> DiagnoseText.TLS_MODE_NONE;
            case EXPLICIT -> DiagnoseText.TLS_MODE_EXPLICIT;
            case EXPLICIT_IF_AVAILABLE -> DiagnoseText.TLS_MODE_IF_AVAILABLE;
            case IMPLICIT -> DiagnoseText.TLS_MODE_IMPLICIT;
        });
    }
}
