package dev.ferry.site;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Saved passwords under a master password. The key comes from Argon2id (Bouncy Castle's
 * generator) with its parameters stored beside the data; every secret is AES-256-GCM with a
 * random nonce and the site and field as associated data, so a ciphertext moved to another site
 * fails to decrypt. A check value encrypted under the key tells a wrong master password apart
 * from a damaged secret.
 */
public final class Vault {

    private static final String CHECK = "ferry-vault-v1";
    private static final byte[] CHECK_AAD = "ferry-vault-check".getBytes(StandardCharsets.UTF_8);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Argon2id parameters; the defaults follow OWASP's first recommendation (46 MiB, 1 pass). */
    public record KdfParameters(String algorithm, int memoryKiB, int iterations, int parallelism, String salt) {
        public static KdfParameters fresh() {
            return fresh(47_104, 1, 1);
        }

        public static KdfParameters fresh(int memoryKiB, int iterations, int parallelism) {
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            return new KdfParameters("argon2id", memoryKiB, iterations, parallelism, Base64.getEncoder().encodeToString(salt));
        }
    }

    /** What the sites file keeps about the vault: how to derive the key, and the check value. */
    public record Header(KdfParameters kdf, String checkNonce, String checkCiphertext) {
    }

    private final byte[] key;
    private final Header header;

    private Vault(byte[] key, Header header) {
        this.key = key;
        this.header = header;
    }

    public Header header() {
        return header;
    }

    /** A new vault for a new master password. */
    public static Vault create(char[] masterPassword, KdfParameters parameters) {
        byte[] key = derive(masterPassword, parameters);
        try {
            byte[] nonce = nonce();
            byte[] check = crypt(Cipher.ENCRYPT_MODE, key, nonce, CHECK_AAD, CHECK.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder b64 = Base64.getEncoder();
            return new Vault(key, new Header(parameters, b64.encodeToString(nonce), b64.encodeToString(check)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Opens a vault; a wrong master password fails here, before any secret is touched. */
    public static Vault unlock(Header header, char[] masterPassword) throws VaultException {
        if (header.kdf() == null || !"argon2id".equals(header.kdf().algorithm())) {
            throw new VaultException(VaultException.Reason.CORRUPT, "The vault uses an unknown key derivation");
        }
        byte[] key = derive(masterPassword, header.kdf());
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            byte[] check = crypt(Cipher.DECRYPT_MODE, key, b64.decode(header.checkNonce()), CHECK_AAD,
                    b64.decode(header.checkCiphertext()));
            if (!CHECK.equals(new String(check, StandardCharsets.UTF_8))) {
                throw new VaultException(VaultException.Reason.CORRUPT, "The vault's check value is damaged");
            }
            return new Vault(key, header);
        } catch (AEADBadTagException e) {
            Arrays.fill(key, (byte) 0);
            throw new VaultException(VaultException.Reason.WRONG_PASSWORD, "Wrong master password");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            Arrays.fill(key, (byte) 0);
            throw new VaultException(VaultException.Reason.CORRUPT, "The vault's check value is damaged");
        }
    }

    public Secret encrypt(String plaintext, String context) {
        if (plaintext == null || plaintext.isEmpty()) {
            return Secret.NONE;
        }
        try {
            byte[] nonce = nonce();
            byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, key, nonce, aad(context), plaintext.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder b64 = Base64.getEncoder();
            return Secret.encrypted(b64.encodeToString(nonce), b64.encodeToString(ciphertext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The password in a secret; a secret that fails authentication was damaged or tampered with. */
    public String decrypt(Secret secret, String context) throws VaultException {
        if (!secret.isEncrypted()) {
            return secret.plain();
        }
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            byte[] plaintext = crypt(Cipher.DECRYPT_MODE, key, b64.decode(secret.nonce()), aad(context),
                    b64.decode(secret.ciphertext()));
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new VaultException(VaultException.Reason.CORRUPT,
                    "A saved password is damaged or was tampered with; enter it again");
        }
    }

    /** Wipes the key from memory. */
    public void destroy() {
        Arrays.fill(key, (byte) 0);
    }

    private static byte[] aad(String context) {
        return ("ferry-secret:" + context).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] nonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    private static byte[] crypt(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad);
        return cipher.doFinal(input);
    }

    private static byte[] derive(char[] password, KdfParameters parameters) {
        Argon2Parameters argon = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withIterations(parameters.iterations())
                .withMemoryAsKB(parameters.memoryKiB())
                .withParallelism(parameters.parallelism())
                .withSalt(Base64.getDecoder().decode(parameters.salt()))
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(argon);
        byte[] key = new byte[32];
        generator.generateBytes(password, key);
        return key;
    }
}
