package dev.ferry.tls;

import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;

/**
 * Decrypts a PKCS#8 {@code EncryptedPrivateKeyInfo} that uses PBES2 with PBKDF2 (RFC 8018), the
 * form OpenSSL writes. The JDK's own parser takes only AES there, but {@code openssl req} encrypts
 * keys with 3DES by default; this reads the parameters itself and leaves the arithmetic to JCA.
 */
final class Pbes2 {

    private static final String PBES2 = "1.2.840.113549.1.5.13";
    private static final String PBKDF2 = "1.2.840.113549.1.5.12";
    private static final Map<String, String> PRFS = Map.of(
            "1.2.840.113549.2.7", "PBKDF2WithHmacSHA1",
            "1.2.840.113549.2.8", "PBKDF2WithHmacSHA224",
            "1.2.840.113549.2.9", "PBKDF2WithHmacSHA256",
            "1.2.840.113549.2.10", "PBKDF2WithHmacSHA384",
            "1.2.840.113549.2.11", "PBKDF2WithHmacSHA512");
    /** Cipher OID to JCA name and key length in bytes. */
    private static final Map<String, Object[]> CIPHERS = Map.of(
            "2.16.840.1.101.3.4.1.2", new Object[]{"AES", 16},
            "2.16.840.1.101.3.4.1.22", new Object[]{"AES", 24},
            "2.16.840.1.101.3.4.1.42", new Object[]{"AES", 32},
            "1.2.840.113549.3.7", new Object[]{"DESede", 24});

    /** The key could not be decrypted with the passphrase given. */
    static final class WrongPassphrase extends Exception {
        WrongPassphrase(Throwable cause) {
            super(cause);
        }
    }

    private Pbes2() {
    }

    /** Whether {@code encryptedInfo} uses PBES2 with a key derivation and cipher this class knows. */
    static boolean handles(byte[] encryptedInfo) {
        try {
            parse(encryptedInfo);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The PKCS#8 {@code PrivateKeyInfo} inside. */
    static byte[] decrypt(byte[] encryptedInfo, char[] passphrase) throws IOException, WrongPassphrase {
        Parsed p = parse(encryptedInfo);
        try {
            SecretKeyFactory factory = SecretKeyFactory.getInstance(p.prf);
            byte[] key = factory.generateSecret(new PBEKeySpec(passphrase, p.salt, p.iterations, p.keyBytes * 8))
                    .getEncoded();
            Cipher cipher = Cipher.getInstance(p.cipher + "/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, p.cipher), new IvParameterSpec(p.iv));
            return cipher.doFinal(p.data);
        } catch (javax.crypto.BadPaddingException e) {
            throw new WrongPassphrase(e);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private record Parsed(String prf, byte[] salt, int iterations, String cipher, int keyBytes, byte[] iv,
                          byte[] data) {
    }

    private static Parsed parse(byte[] der) throws IOException {
        Der info = new Der(der).sequence();
        Der algorithm = info.sequence();
        if (!PBES2.equals(algorithm.oid())) {
            throw new IOException("not PBES2");
        }
        Der parameters = algorithm.sequence();
        Der derivation = parameters.sequence();
        if (!PBKDF2.equals(derivation.oid())) {
            throw new IOException("not PBKDF2");
        }
        Der pbkdf2 = derivation.sequence();
        byte[] salt = pbkdf2.octets();
        int iterations = pbkdf2.integer().intValueExact();
        String prf = PRFS.get("1.2.840.113549.2.7");
        while (pbkdf2.hasMore()) {
            if (pbkdf2.peek() == 0x02) {
                pbkdf2.integer(); // The key length: the cipher says it too.
            } else {
                prf = PRFS.get(pbkdf2.sequence().oid());
            }
        }
        Der scheme = parameters.sequence();
        Object[] cipher = CIPHERS.get(scheme.oid());
        if (prf == null || cipher == null) {
            throw new IOException("unknown PBKDF2 hash or cipher");
        }
        byte[] iv = scheme.octets();
        return new Parsed(prf, salt, iterations, (String) cipher[0], (Integer) cipher[1], iv, info.octets());
    }

    /** Just enough DER: sequences, OIDs, octet strings, integers. */
    private static final class Der {
        private final byte[] bytes;
        private int position;
        private final int end;

        Der(byte[] bytes) {
            this(bytes, 0, bytes.length);
        }

        private Der(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.position = start;
            this.end = end;
        }

        boolean hasMore() {
            return position < end;
        }

        int peek() throws IOException {
            if (position >= end) {
                throw new IOException("truncated");
            }
            return bytes[position] & 0xff;
        }

        private byte[] next(int tag) throws IOException {
            int[] bounds = element(tag);
            return Arrays.copyOfRange(bytes, bounds[0], bounds[1]);
        }

        private int[] element(int tag) throws IOException {
            if (peek() != tag) {
                throw new IOException("unexpected tag " + peek());
            }
            position++;
            int length = bytes[position++] & 0xff;
            if (length >= 0x80) {
                int count = length & 0x7f;
                if (count == 0 || count > 3) {
                    throw new IOException("bad length");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (bytes[position++] & 0xff);
                }
            }
            int start = position;
            position += length;
            if (position > end) {
                throw new IOException("truncated");
            }
            return new int[]{start, position};
        }

        Der sequence() throws IOException {
            int[] bounds = element(0x30);
            return new Der(bytes, bounds[0], bounds[1]);
        }

        byte[] octets() throws IOException {
            return next(0x04);
        }

        BigInteger integer() throws IOException {
            return new BigInteger(next(0x02));
        }

        String oid() throws IOException {
            byte[] value = next(0x06);
            if (value.length == 0) {
                throw new IOException("empty OID");
            }
            StringBuilder text = new StringBuilder();
            int first = value[0] & 0xff;
            text.append(Math.min(first / 40, 2)).append('.').append(first - 40 * Math.min(first / 40, 2));
            long component = 0;
            for (int i = 1; i < value.length; i++) {
                component = (component << 7) | (value[i] & 0x7f);
                if ((value[i] & 0x80) == 0) {
                    text.append('.').append(component);
                    component = 0;
                }
            }
            return text.toString();
        }
    }
}
