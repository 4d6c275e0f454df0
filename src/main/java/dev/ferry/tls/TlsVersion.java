package dev.ferry.tls;

/** TLS versions Ferry can offer; 1.0 and 1.1 only behind a site's explicit "legacy TLS" switch. */
public enum TlsVersion {
    TLS_1_0("1.0"),
    TLS_1_1("1.1"),
    TLS_1_2("1.2"),
    TLS_1_3("1.3");

    // No Bouncy Castle types here: plain FTP sessions must not pay for loading (and verifying) its jars.
    private final String number;

    TlsVersion(String number) {
        this.number = number;
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

    @Override
    public String toString() {
        return "TLS " + number;
    }
}
