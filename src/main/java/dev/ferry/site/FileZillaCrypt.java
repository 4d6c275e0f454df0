package dev.ferry.site;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.rfc7748.X25519;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads the passwords FileZilla 3 protects with its master password ({@code <Pass encoding="crypt"
 * pubkey="...">}), with the user's FileZilla master password; nothing else can read them.
 * <p>
 * The format (libfilezilla's {@code encryption.cpp}): the pubkey attribute is base64 of an X25519
 * public key and a 32-byte salt; the private key is PBKDF2-HMAC-SHA256 of the master password
 * (100,000 iterations, that salt), clamped. Each password is base64 of an ephemeral public key,
 * its salt, then the ciphertext: AES-256 with key SHA-256(ephemeral salt, 0, shared secret,
 * ephemeral key, public key, public salt), in GCM with a 16-byte tag and the IV from the same hash
 * with 2 (current versions), or in CTR with the counter from it with 1 (older versions). FileZilla
 * pads short passwords with NUL bytes to 16.
 */
final class FileZillaCrypt {

    enum Failure { WRONG_MASTER_PASSWORD, DAMAGED }

    /** Why a password could not be read. */
    static final class CryptException extends Exception {
        final Failure failure;

        CryptException(Failure failure) {
            super(failure.name());
            this.failure = failure;
        }
    }

    private static final int KEY = 32;
    private static final int TAG = 16;
    private static final int ITERATIONS = 100_000;

    private final byte[] privateKey;
    private final byte[] publicKey;
    private final byte[] salt;

    private FileZillaCrypt(byte[] privateKey, byte[] publicKey, byte[] salt) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.salt = salt;
    }

    /**
     * The decryptor for one public key; fails when the master password does not give that key
     * (FileZilla's own test: the derived public key must equal the stored one).
     */
    static FileZillaCrypt unlock(String pubkeyBase64, char[] masterPassword) throws CryptException {
        byte[] raw = decodeBase64(pubkeyBase64);
        if (raw.length != 2 * KEY) {
            throw new CryptException(Failure.DAMAGED);
        }
        byte[] publicKey = Arrays.copyOf(raw, KEY);
        byte[] salt = Arrays.copyOfRange(raw, KEY, 2 * KEY);
        if (masterPassword == null || masterPassword.length == 0) {
            throw new CryptException(Failure.WRONG_MASTER_PASSWORD);
        }
        byte[] password = utf8(masterPassword);
        PKCS5S2ParametersGenerator pbkdf2 = new PKCS5S2ParametersGenerator(new SHA256Digest());
        pbkdf2.init(password, salt, ITERATIONS);
        byte[] privateKey = ((KeyParameter) pbkdf2.generateDerivedParameters(KEY * 8)).getKey();
        Arrays.fill(password, (byte) 0);
        clamp(privateKey);
        byte[] derived = new byte[KEY];
        X25519.scalarMultBase(privateKey, 0, derived, 0);
        if (!MessageDigest.isEqual(derived, publicKey)) {
            Arrays.fill(privateKey, (byte) 0);
            throw new CryptException(Failure.WRONG_MASTER_PASSWORD);
        }
        return new FileZillaCrypt(privateKey, publicKey, salt);
    }

    /** The password in one {@code <Pass encoding="crypt">} value. */
    String decrypt(String base64) throws CryptException {
        byte[] raw = decodeBase64(base64);
        if (raw.length < 2 * KEY) {
            throw new CryptException(Failure.DAMAGED);
        }
        byte[] ephemeralKey = Arrays.copyOf(raw, KEY);
        byte[] ephemeralSalt = Arrays.copyOfRange(raw, KEY, 2 * KEY);
        byte[] body = Arrays.copyOfRange(raw, 2 * KEY, raw.length);
        byte[] shared = new byte[KEY];
        if (!X25519.calculateAgreement(privateKey, 0, ephemeralKey, 0, shared, 0)) {
            throw new CryptException(Failure.DAMAGED);
        }
        byte[] aesKey = derive(ephemeralSalt, 0, shared, ephemeralKey);
        try {
            if (body.length >= TAG) {
                try {
                    byte[] iv = Arrays.copyOf(derive(ephemeralSalt, 2, shared, ephemeralKey), 12);
                    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
                    gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(TAG * 8, iv));
                    return text(gcm.doFinal(body));
                } catch (AEADBadTagException e) {
                    // Not GCM (or damaged): older FileZilla wrote CTR, which has no tag to tell.
                }
            }
            byte[] counter = Arrays.copyOf(derive(ephemeralSalt, 1, shared, ephemeralKey), 16);
            Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
            ctr.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(counter));
            return text(ctr.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new CryptException(Failure.DAMAGED);
        } finally {
            Arrays.fill(shared, (byte) 0);
            Arrays.fill(aesKey, (byte) 0);
        }
    }

    private byte[] derive(byte[] ephemeralSalt, int purpose, byte[] shared, byte[] ephemeralKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(ephemeralSalt);
            sha256.update((byte) purpose);
            sha256.update(shared);
            sha256.update(ephemeralKey);
            sha256.update(publicKey);
            sha256.update(salt);
            return sha256.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The password without FileZilla's NUL padding; bytes that are not UTF-8 mean a wrong key or damage. */
    private static String text(byte[] plain) throws CryptException {
        int end = plain.length;
        while (end > 0 && plain[end - 1] == 0) {
            end--;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(plain, 0, end)).toString();
            if (text.indexOf('\0') >= 0) {
                throw new CryptException(Failure.DAMAGED);
            }
            return text;
        } catch (CharacterCodingException e) {
            throw new CryptException(Failure.DAMAGED);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    private static void clamp(byte[] key) {
        key[0] &= (byte) 248;
        key[31] &= 127;
        key[31] |= 64;
    }

    private static byte[] decodeBase64(String text) throws CryptException {
        try {
            return Base64.getMimeDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new CryptException(Failure.DAMAGED);
        }
    }

    void destroy() {
        Arrays.fill(privateKey, (byte) 0);
    }
}
