package dev.ferry.tls;

import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * The process-wide TLS crypto: Bouncy Castle's TLS protocol on the JDK's own JCA providers,
 * whose AES-GCM uses CPU intrinsics (BC's pure-Java crypto is several times slower). The BC
 * provider is appended last, and only when an algorithm the JDK lacks is needed
 * (see {@link FastAeadCrypto}).
 */
final class TlsSupport {

    /** AES-GCM first (hardware-accelerated), ChaCha20 next, CBC only for old servers. */
    private static final int[] MODERN_SUITES = {
            CipherSuite.TLS_AES_128_GCM_SHA256,
            CipherSuite.TLS_AES_256_GCM_SHA384,
            CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
            CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA256,
    };

    /**
     * SHA-1 MAC suites, offered last: TLS 1.0/1.1 servers need them, and so do TLS 1.2 servers
     * configured by the many guides that say "ssl_ciphers=AES128-SHA" (FileZilla, curl and lftp
     * offer them by default). Offering them lets no one weaken a handshake with a server that has
     * better ones: the server picks, and the Finished messages cover the offer.
     */
    private static final int[] SHA1_SUITES = {
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
            CipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_DHE_RSA_WITH_AES_256_CBC_SHA,
            CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA,
    };

    private static final JcaTlsCrypto CRYPTO;
    private static final int[] SUITES;

    static {
        CRYPTO = FastAeadCrypto.create();
        int[] all = new int[MODERN_SUITES.length + SHA1_SUITES.length];
        System.arraycopy(MODERN_SUITES, 0, all, 0, MODERN_SUITES.length);
        System.arraycopy(SHA1_SUITES, 0, all, MODERN_SUITES.length, SHA1_SUITES.length);
        SUITES = TlsUtils.getSupportedCipherSuites(CRYPTO, all);
    }

    private TlsSupport() {
    }

    static JcaTlsCrypto crypto() {
        return CRYPTO;
    }

    static int[] cipherSuites() {
        return SUITES.clone();
    }

    static ProtocolVersion protocolVersion(TlsVersion version) {
        return switch (version) {
            case TLS_1_0 -> ProtocolVersion.TLSv10;
            case TLS_1_1 -> ProtocolVersion.TLSv11;
            case TLS_1_2 -> ProtocolVersion.TLSv12;
            case TLS_1_3 -> ProtocolVersion.TLSv13;
        };
    }

    static TlsVersion tlsVersion(ProtocolVersion version) {
        for (TlsVersion v : TlsVersion.values()) {
            if (protocolVersion(v).equals(version)) {
                return v;
            }
        }
        return null;
    }

    private static final class Names {
        static final Map<Integer, String> BY_CODE = new HashMap<>();

        static {
            for (Field field : CipherSuite.class.getFields()) {
                if (field.getType() == int.class && Modifier.isStatic(field.getModifiers())) {
                    try {
                        BY_CODE.putIfAbsent(field.getInt(null), field.getName());
                    } catch (IllegalAccessException e) {
                        // Public constants are always readable.
                    }
                }
            }
        }
    }

    /** The IANA name of a cipher suite, for the log and the padlock dialog. */
    static String cipherSuiteName(int suite) {
        return Names.BY_CODE.getOrDefault(suite, String.format("0x%04X", suite));
    }
}
