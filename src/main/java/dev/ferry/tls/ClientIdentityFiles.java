package dev.ferry.tls;

import dev.ferry.message.Message;
import dev.ferry.tls.ClientIdentityException.Problem;

import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a client certificate and its key from the files users have: PEM (a certificate, maybe
 * intermediates, and a PKCS#8 key, plain or encrypted, in the same file or a second one; an
 * unencrypted PKCS#1 RSA or SEC 1 EC key too) or PKCS#12. Only the JDK's providers are used. Every failure is
 * a {@link ClientIdentityException} naming the file and the problem.
 */
public final class ClientIdentityFiles {

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private ClientIdentityFiles() {
    }

    /**
     * @param certificateFile PEM or PKCS#12
     * @param keyFile         the PEM key when it is not in {@code certificateFile}; null otherwise
     * @param passphrase      of an encrypted key or a PKCS#12 file; null when there is none
     */
    public static ClientIdentity load(Path certificateFile, Path keyFile, char[] passphrase)
            throws ClientIdentityException {
        byte[] content = read(certificateFile);
        if (!isPem(content)) {
            return pkcs12(certificateFile, content, passphrase);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        List<PrivateKey> keys = new ArrayList<>();
        readPem(certificateFile, content, passphrase, certificates, keys);
        Path keySource = certificateFile;
        if (keyFile != null && !keyFile.equals(certificateFile)) {
            byte[] keyContent = read(keyFile);
            if (!isPem(keyContent)) {
                throw failure(Problem.NOT_RECOGNIZED, null, keyFile);
            }
            keys.clear();
            readPem(keyFile, keyContent, passphrase, new ArrayList<>(), keys);
            keySource = keyFile;
        }
        if (certificates.isEmpty()) {
            throw failure(Problem.NO_CERTIFICATE, null, certificateFile);
        }
        if (keys.isEmpty()) {
            throw failure(Problem.NO_KEY, null, keySource);
        }
        return withLeafFirst(certificates, keys.getFirst(), keySource, certificateFile);
    }

    private static byte[] read(Path file) throws ClientIdentityException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw failure(Problem.FILE_MISSING, e, file);
        } catch (AccessDeniedException e) {
            throw failure(Problem.FILE_UNREADABLE, e, file, "permission denied");
        } catch (IOException e) {
            throw failure(Problem.FILE_UNREADABLE, e, file, String.valueOf(e.getMessage()));
        }
    }

    private static boolean isPem(byte[] content) {
        return new String(content, StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
    }

    private static void readPem(Path file, byte[] content, char[] passphrase, List<X509Certificate> certificates,
                                List<PrivateKey> keys) throws ClientIdentityException {
        Matcher block = PEM_BLOCK.matcher(new String(content, StandardCharsets.US_ASCII));
        while (block.find()) {
            String type = block.group(1);
            String body = block.group(2);
            if (body.contains("Proc-Type:")) {
                // OpenSSL's traditional encryption: no JDK provider reads it.
                throw failure(Problem.KEY_FORMAT_UNSUPPORTED, null, file, type + " (Proc-Type: ENCRYPTED)");
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(body.trim());
            } catch (IllegalArgumentException e) {
                throw failure(Problem.NOT_RECOGNIZED, e, file);
            }
            switch (type) {
                case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE" -> certificates.add(certificate(file, der));
                case "PRIVATE KEY" -> keys.add(pkcs8(file, der, null));
                case "ENCRYPTED PRIVATE KEY" -> keys.add(encryptedPkcs8(file, der, passphrase));
                case "RSA PRIVATE KEY" -> keys.add(pkcs8(file, rsaPkcs1ToPkcs8(der), null));
                case "EC PRIVATE KEY" -> keys.add(pkcs8(file, ecSec1ToPkcs8(file, der), null));
                case "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY" ->
                        throw failure(Problem.KEY_FORMAT_UNSUPPORTED, null, file, type);
                default -> {
                    // Parameters, CSRs and the like can share a file with the certificate: not needed here.
                }
            }
        }
    }

    private static X509Certificate certificate(Path file, byte[] der) throws ClientIdentityException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw failure(Problem.NOT_RECOGNIZED, e, file);
        }
    }

    /** @param encryptedWith null for a plain key; otherwise a failure to read it means a wrong passphrase */
    private static PrivateKey pkcs8(Path file, byte[] der, Problem encryptedWith) throws ClientIdentityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[]{"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // Not this algorithm: try the next.
            }
        }
        if (encryptedWith != null) {
            throw failure(encryptedWith, null, file);
        }
        throw failure(Problem.KEY_FORMAT_UNSUPPORTED, null, file, "PKCS#8 (" + keyAlgorithmName(der) + ")");
    }

    private static PrivateKey encryptedPkcs8(Path file, byte[] der, char[] passphrase) throws ClientIdentityException {
        if (passphrase == null || passphrase.length == 0) {
            throw failure(Problem.PASSPHRASE_NEEDED, null, file);
        }
        byte[] plain;
        if (Pbes2.handles(der)) {
            try {
                plain = Pbes2.decrypt(der, passphrase);
            } catch (Pbes2.WrongPassphrase e) {
                throw failure(Problem.WRONG_PASSPHRASE, e, file);
            } catch (IOException e) {
                throw failure(Problem.KEY_FORMAT_UNSUPPORTED, e, file, "ENCRYPTED PRIVATE KEY (" + e.getMessage() + ")");
            }
            return pkcs8(file, plain, Problem.WRONG_PASSPHRASE);
        }
        try {
            // PBES1 and the like, which the JDK reads itself.
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            Key secret = SecretKeyFactory.getInstance(info.getAlgName()).generateSecret(new PBEKeySpec(passphrase));
            plain = info.getKeySpec(secret).getEncoded();
        } catch (java.security.InvalidKeyException e) {
            // The JDK says so when the decrypted bytes do not unpad: the usual sign of a wrong passphrase.
            throw failure(Problem.WRONG_PASSPHRASE, e, file);
        } catch (IOException | GeneralSecurityException e) {
            throw failure(Problem.KEY_FORMAT_UNSUPPORTED, e, file, "ENCRYPTED PRIVATE KEY (" + e.getMessage() + ")");
        }
        return pkcs8(file, plain, Problem.WRONG_PASSPHRASE);
    }

    private static ClientIdentity pkcs12(Path file, byte[] content, char[] passphrase) throws ClientIdentityException {
        char[] password = passphrase == null ? new char[0] : passphrase;
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(content), password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw failure(password.length == 0 ? Problem.PASSPHRASE_NEEDED : Problem.WRONG_PASSPHRASE, e, file);
            }
            throw failure(Problem.NOT_RECOGNIZED, e, file);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw failure(Problem.NOT_RECOGNIZED, e, file);
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key;
                try {
                    key = store.getKey(alias, password);
                } catch (UnrecoverableKeyException e) {
                    throw failure(password.length == 0 ? Problem.PASSPHRASE_NEEDED : Problem.WRONG_PASSPHRASE, e, file);
                }
                Certificate[] chain = store.getCertificateChain(alias);
                if (!(key instanceof PrivateKey privateKey) || chain == null || chain.length == 0) {
                    continue;
                }
                List<X509Certificate> certificates = new ArrayList<>();
                for (Certificate c : chain) {
                    if (c instanceof X509Certificate x509) {
                        certificates.add(x509);
                    }
                }
                return withLeafFirst(certificates, privateKey, file, file);
            }
        } catch (GeneralSecurityException e) {
            throw failure(Problem.NOT_RECOGNIZED, e, file);
        }
        throw failure(Problem.NO_KEY, null, file);
    }

    private static ClientIdentity withLeafFirst(List<X509Certificate> certificates, PrivateKey key, Path keyFile,
                                                Path certificateFile) throws ClientIdentityException {
        for (X509Certificate candidate : certificates) {
            if (belongTogether(key, candidate.getPublicKey())) {
                List<X509Certificate> chain = new ArrayList<>();
                chain.add(candidate);
                certificates.stream().filter(c -> c != candidate).forEach(chain::add);
                return new ClientIdentity(chain, key);
            }
        }
        throw failure(Problem.KEY_MISMATCH, null, keyFile, certificateFile);
    }

    /** Signs a random challenge and verifies it: works for every key type without comparing their insides. */
    static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> null;
        };
        if (algorithm == null) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** PKCS#1 {@code RSAPrivateKey} inside a PKCS#8 {@code PrivateKeyInfo}, which the JDK's KeyFactory reads. */
    private static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] rsaAlgorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
                0x01, 0x01, 0x05, 0x00};
        byte[] octets = der(0x04, pkcs1);
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        inner.writeBytes(version);
        inner.writeBytes(rsaAlgorithm);
        inner.writeBytes(octets);
        return der(0x30, inner.toByteArray());
    }

    /**
     * SEC 1 {@code ECPrivateKey} (what {@code openssl ecparam -genkey} writes) inside a PKCS#8
     * {@code PrivateKeyInfo}: the curve named in its parameters goes to the algorithm identifier.
     */
    private static byte[] ecSec1ToPkcs8(Path file, byte[] sec1) throws ClientIdentityException {
        byte[] curve = null;
        try {
            int[] sequence = tlv(sec1, 0);
            int position = sequence[1];
            int end = sequence[2];
            while (position < end) {
                int[] element = tlv(sec1, position);
                if ((sec1[position] & 0xff) == 0xa0) {
                    int[] oid = tlv(sec1, element[1]);
                    curve = java.util.Arrays.copyOfRange(sec1, element[1], oid[2]);
                }
                position = element[2];
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw failure(Problem.NOT_RECOGNIZED, e, file);
        }
        if (curve == null || curve[0] != 0x06) {
            throw failure(Problem.KEY_FORMAT_UNSUPPORTED, null, file, "EC PRIVATE KEY (no named curve)");
        }
        byte[] ecPublicKey = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
        ByteArrayOutputStream algorithm = new ByteArrayOutputStream();
        algorithm.writeBytes(ecPublicKey);
        algorithm.writeBytes(curve);
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        inner.writeBytes(new byte[]{0x02, 0x01, 0x00});
        inner.writeBytes(der(0x30, algorithm.toByteArray()));
        inner.writeBytes(der(0x04, sec1));
        return der(0x30, inner.toByteArray());
    }

    /** Tag position, content start and content end of the DER element at {@code at}. */
    private static int[] tlv(byte[] der, int at) {
        int length = der[at + 1] & 0xff;
        int start = at + 2;
        if (length >= 0x80) {
            int count = length & 0x7f;
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (der[start++] & 0xff);
            }
        }
        if (start + length > der.length) {
            throw new ArrayIndexOutOfBoundsException("truncated");
        }
        return new int[]{at, start, start + length};
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** The algorithm OID of a PKCS#8 key the JDK could not read, so that the message names it. */
    private static String keyAlgorithmName(byte[] der) {
        // PrivateKeyInfo: SEQUENCE { INTEGER version, SEQUENCE { OID algorithm, ... }, ... }
        for (int i = 0; i + 2 < der.length; i++) {
            if (der[i] == 0x06 && der[i + 1] > 0 && i + 2 + der[i + 1] <= der.length) {
                return oid(der, i + 2, der[i + 1]);
            }
        }
        return "?";
    }

    private static String oid(byte[] der, int start, int length) {
        StringBuilder text = new StringBuilder();
        int first = der[start] & 0xff;
        text.append(first / 40).append('.').append(first % 40);
        long value = 0;
        for (int i = start + 1; i < start + length; i++) {
            value = (value << 7) | (der[i] & 0x7f);
            if ((der[i] & 0x80) == 0) {
                text.append('.').append(value);
                value = 0;
            }
        }
        return text.toString();
    }

    private static ClientIdentityException failure(Problem problem, Throwable cause, Object... arguments) {
        Object[] shown = arguments.clone();
        for (int i = 0; i < shown.length; i++) {
            if (shown[i] instanceof Path path) {
                shown[i] = path.toString();
            }
        }
        return new ClientIdentityException(problem, Message.of(problem.text(), shown), cause);
    }
}
