package dev.ferry.ftp;

/** PROT level of data connections on a TLS session (RFC 4217): P encrypts them, C does not. */
public enum ProtectionLevel {
    PRIVATE("P"),
    CLEAR("C");

    private final String code;

    ProtectionLevel(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static ProtectionLevel parse(String text) {
        return switch (text.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "P", "PRIVATE" -> PRIVATE;
            case "C", "CLEAR" -> CLEAR;
            default -> throw new IllegalArgumentException("unknown protection level \"" + text + "\" (use C or P)");
        };
    }
}
