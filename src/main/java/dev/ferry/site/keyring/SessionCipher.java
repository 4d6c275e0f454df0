package dev.ferry.site.keyring;

import dev.ferry.site.keyring.SecretServiceBus.SecretValue;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.freedesktop.dbus.DBusPath;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * How secrets travel between Ferry and the Secret Service in one session. The spec's
 * {@code dh-ietf1024-sha256-aes128-cbc-pkcs7} (what libsecret uses): Diffie-Hellman in the
 * 1024-bit MODP group of RFC 2409, the shared secret (big-endian, as long as the prime) through
 * HKDF-SHA256 with no salt and no info to a 128-bit AES key, each secret AES-CBC with PKCS#7
 * padding and a fresh IV in its parameters. Or {@code plain}, for services that offer nothing else.
 */
abstract class SessionCipher {

    static final String DH_ALGORITHM = "dh-ietf1024-sha256-aes128-cbc-pkcs7";
    static final String PLAIN_ALGORITHM = "plain";

    private static final BigInteger PRIME = new BigInteger(1, HexFormat.of().parseHex(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
                    + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
                    + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF"));
    private static final BigInteger GENERATOR = BigInteger.TWO;
    private static final int PRIME_BYTES = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    abstract SecretValue encrypt(DBusPath session, byte[] secret) throws GeneralSecurityException;

    abstract byte[] decrypt(SecretValue value) throws GeneralSecurityException;

    static SessionCipher plain() {
        return new SessionCipher() {
            @Override
            SecretValue encrypt(DBusPath session, byte[] secret) {
                return new SecretValue(session, new byte[0], secret.clone(), "text/plain; charset=utf8");
            }

            @Override
            byte[] decrypt(SecretValue value) {
                return value.value;
            }
        };
    }

    /** Our half of a Diffie-Hellman exchange; {@link #agree} makes the cipher from the service's half. */
    static final class Exchange {
        private final BigInteger privateValue;
        final byte[] publicKey;

        Exchange() {
            privateValue = new BigInteger(PRIME.bitLength() - 1, RANDOM);
            publicKey = unsigned(GENERATOR.modPow(privateValue, PRIME));
        }

        SessionCipher agree(byte[] servicePublicKey) throws GeneralSecurityException {
            BigInteger peer = new BigInteger(1, servicePublicKey);
            if (peer.compareTo(BigInteger.ONE) <= 0 || peer.compareTo(PRIME.subtract(BigInteger.ONE)) >= 0) {
                throw new GeneralSecurityException("the Secret Service sent an invalid Diffie-Hellman public key");
            }
            byte[] shared = unsigned(peer.modPow(privateValue, PRIME));
            byte[] key = new byte[16];
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
            hkdf.init(new HKDFParameters(shared, null, null));
            hkdf.generateBytes(key, 0, key.length);
            Arrays.fill(shared, (byte) 0);
            return new Aes(key);
        }
    }

    /** A non-negative number as exactly {@value #PRIME_BYTES} big-endian bytes. */
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[PRIME_BYTES];
        int copy = Math.min(bytes.length, PRIME_BYTES);
        System.arraycopy(bytes, bytes.length - copy, fixed, PRIME_BYTES - copy, copy);
        return fixed;
    }

    private static final class Aes extends SessionCipher {
        private final SecretKeySpec key;

        Aes(byte[] key) {
            this.key = new SecretKeySpec(key, "AES");
        }

        @Override
        SecretValue encrypt(DBusPath session, byte[] secret) throws GeneralSecurityException {
            byte[] iv = new byte[16];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            return new SecretValue(session, iv, cipher.doFinal(secret), "text/plain; charset=utf8");
        }

        @Override
        byte[] decrypt(SecretValue value) throws GeneralSecurityException {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(value.parameters));
            return cipher.doFinal(value.value);
        }
    }
}
