package dev.ferry.tls;

/**
 * Which TLS versions a connection offers. The lowest is 1.2 unless legacy versions are allowed
 * explicitly for a site; the highest is 1.3 unless lowered by the user or learned from a server
 * that needs session reuse (see {@link KnownHosts}).
 */
public record TlsPolicy(TlsVersion maxVersion, boolean allowLegacyVersions) {

    public static final TlsPolicy DEFAULT = new TlsPolicy(TlsVersion.TLS_1_3, false);

    public TlsPolicy {
        if (maxVersion.compareTo(TlsVersion.TLS_1_2) < 0 && !allowLegacyVersions) {
            throw new IllegalArgumentException("TLS " + maxVersion.number() + " needs the legacy TLS switch");
        }
    }

    public TlsVersion minVersion() {
        return allowLegacyVersions ? TlsVersion.TLS_1_0 : TlsVersion.TLS_1_2;
    }

    public TlsPolicy withMaxVersion(TlsVersion version) {
        return new TlsPolicy(version, allowLegacyVersions);
    }
}
