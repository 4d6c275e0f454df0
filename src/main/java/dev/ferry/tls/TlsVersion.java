package dev.ferry.tls;

import org.bouncycastle.tls.ProtocolVersion;

/** TLS versions Ferry can offer; 1.0 and 1.1 only behind a site's explicit "legacy TLS" switch. */
public enum TlsVersion {
    TLS_1_0(ProtocolVersion.TLSv10, "1.0"),
    TLS_1_1(ProtocolVersion.TLSv11, "1.1"),
    TLS_1_2(ProtocolVersion.TLSv12, "1.2"),
    TLS_1_3(ProtocolVersion.TLSv13, "1.3");

    private final ProtocolVersion protocolVersion;
    private final String number;

    TlsVersion(ProtocolVersion protocolVersion, String number) {
        this.protocolVersion = protocolVersion;
        this.number = number;
    }

    ProtocolVersion protocolVersion() {
        return protocolVersion;
    }

    /** "1.2", "1.3": how the CLI and the settings spell it. */
    public String number() {
        return number;
    }

    public static TlsVersion parse(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT).replace("TLS", "").replace("V", "").replace("_", ".").trim();
        for (TlsVersion version : values()) {
            if (version.number.equals(t)) {
                return version;
            }
        }
        throw new IllegalArgumentException("unknown TLS version \"" + text + "\" (use 1.2 or 1.3)");
    }

    static TlsVersion of(ProtocolVersion version) {
        for (TlsVersion v : values()) {
            if (v.protocolVersion.equals(version)) {
                return v;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "TLS " + number;
    }
}
