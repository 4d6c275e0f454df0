package dev.ferry.tls;

import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.crypto.TlsCryptoUtils;
import org.bouncycastle.tls.crypto.TlsECConfig;
import org.bouncycastle.tls.crypto.TlsECDomain;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.util.Locale;

/**
 * Bouncy Castle's JCA crypto with three changes (and {@link #hkdfInit}, the hook that lets TLS 1.3
 * data connections resume with tickets). First, algorithms come from the JDK's providers;
 * BC's RSA-PSS names go to {@link RsaPssProvider}, and the Bouncy Castle provider, which takes
 * ~0.7 s to construct, is created (and appended last to the provider list) only if some other
 * signature the JDK lacks is ever asked for. Second, AEAD records are never encrypted or decrypted in
 * place. BC hands the JDK's AES-GCM the same array as input and output; the JDK then leaves its
 * AVX-512 intrinsic for a slow path (measured here: 2.7 GB/s in place, 7.8 GB/s apart). Going
 * through a scratch buffer and copying back costs one 16 KiB copy per record. Third, the ephemeral
 * key exchange runs on Bouncy Castle's curve arithmetic ({@link LightweightKeyExchange}).
 */
final class FastAeadCrypto extends JcaTlsCrypto {

    private FastAeadCrypto(JcaJceHelper helper, JcaJceHelper altHelper, SecureRandom keyRandom, SecureRandom nonceRandom) {
        super(helper, altHelper, keyRandom, nonceRandom);
    }

    static JcaTlsCrypto create() {
        JcaJceHelper helper = new JdkFirstHelper();
        return new JcaTlsCryptoProvider() {
            @Override
            public JcaJceHelper getHelper() {
                return helper;
            }

            @Override
            public JcaTlsCrypto create(SecureRandom keyRandom, SecureRandom nonceRandom) {
                return new FastAeadCrypto(helper, getAltHelper(), keyRandom, nonceRandom);
            }
        }.create(new SecureRandom());
    }

    /** The JDK's providers first; Bouncy Castle's only for the signature names the JDK does not know. */
    private static final class JdkFirstHelper extends DefaultJcaJceHelper {
        @Override
        public Signature createSignature(String algorithm) throws NoSuchAlgorithmException {
            try {
                return super.createSignature(algorithm);
            } catch (NoSuchAlgorithmException e) {
                if (RsaPssProvider.offers(algorithm)) {
                    return Signature.getInstance(algorithm, RsaPssProvider.INSTANCE);
                }
                if (!algorithm.toUpperCase(Locale.ROOT).contains("WITH")) {
                    // Capability probes for exotic schemes (SLH-DSA, SM2) must not pull in BC's provider.
                    throw e;
                }
                return Signature.getInstance(algorithm, bouncyCastle());
            }
        }

        private static Provider bouncyCastle() {
            return BouncyCastle.PROVIDER;
        }
    }

    /** A holder, so that not even the provider's class is loaded before it is needed. */
    private static final class BouncyCastle {
        static final Provider PROVIDER = register();

        private static Provider register() {
            Provider registered = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
            if (registered != null) {
                return registered;
            }
            Provider provider = new BouncyCastleProvider();
            Security.addProvider(provider);
            return provider;
        }
    }

    /**
     * The zero salt every TLS 1.3 key schedule starts from, as Bouncy Castle makes it, except
     * that the early secret of a session ticket's key derives the binder key of a resumption PSK
     * (see {@link ResumptionPsk}).
     */
    @Override
    public TlsSecret hkdfInit(int cryptoHashAlgorithm) {
        return new ResumptionPsk.Salt(this, new byte[TlsCryptoUtils.getHashOutputSize(cryptoHashAlgorithm)]);
    }

    /** X25519 and the NIST curves on Bouncy Castle's arithmetic: see {@link LightweightKeyExchange}. */
    @Override
    public TlsECDomain createECDomain(TlsECConfig ecConfig) {
        TlsECDomain lightweight = LightweightKeyExchange.domain(this, ecConfig.getNamedGroup());
        return lightweight != null ? lightweight : super.createECDomain(ecConfig);
    }

    @Override
    protected TlsAEADCipherImpl createAEADCipher(String cipherName, String algorithm, int keySize, boolean isEncrypting)
            throws GeneralSecurityException {
        return new ScratchBufferAead(super.createAEADCipher(cipherName, algorithm, keySize, isEncrypting));
    }

    private static final class ScratchBufferAead implements TlsAEADCipherImpl {
        /** One per thread, not per cipher: every connection makes new ciphers, and doFinal is synchronous. */
        private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[17 * 1024 + 256]);
        private final TlsAEADCipherImpl cipher;

        ScratchBufferAead(TlsAEADCipherImpl cipher) {
            this.cipher = cipher;
        }

        @Override
        public void setKey(byte[] key, int keyOff, int keyLen) throws IOException {
            cipher.setKey(key, keyOff, keyLen);
        }

        @Override
        public void init(byte[] nonce, int macSize) throws IOException {
            cipher.init(nonce, macSize);
        }

        @Override
        public int getOutputSize(int inputLength) {
            return cipher.getOutputSize(inputLength);
        }

        @Override
        public int doFinal(byte[] additionalData, byte[] input, int inputOffset, int inputLength, byte[] output,
                           int outputOffset) throws IOException {
            if (input != output) {
                return cipher.doFinal(additionalData, input, inputOffset, inputLength, output, outputOffset);
            }
            int size = cipher.getOutputSize(inputLength);
            byte[] scratch = SCRATCH.get();
            if (scratch.length < size) {
                scratch = new byte[size];
                SCRATCH.set(scratch);
            }
            int written = cipher.doFinal(additionalData, input, inputOffset, inputLength, scratch, 0);
            System.arraycopy(scratch, 0, output, outputOffset, written);
            return written;
        }
    }
}
