package dev.ferry.tls;

import java.security.AlgorithmParameters;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Map;

/**
 * Bouncy Castle's TLS code asks for RSA-PSS signatures as "SHA256WITHRSAANDMGF1" (and SHA-384,
 * SHA-512), names only BC's own provider knows. TLS 1.3 servers with RSA keys, and most TLS 1.2
 * ones, sign with RSA-PSS, and constructing BC's provider costs ~0.7 s per process. This provider
 * offers just those three names, each a thin front for the JDK's own "RSASSA-PSS".
 */
final class RsaPssProvider extends Provider {

    private static final Map<String, String> DIGESTS = Map.of(
            "SHA256WITHRSAANDMGF1", "SHA-256",
            "SHA384WITHRSAANDMGF1", "SHA-384",
            "SHA512WITHRSAANDMGF1", "SHA-512");

    static final RsaPssProvider INSTANCE = new RsaPssProvider();

    private RsaPssProvider() {
        super("FerryRsaPss", "1.0", "RSA-PSS names of Bouncy Castle's TLS, on the JDK's RSASSA-PSS");
        for (Map.Entry<String, String> name : DIGESTS.entrySet()) {
            String digest = name.getValue();
            putService(new Service(this, "Signature", name.getKey(), PssSignature.class.getName(), null, null) {
                @Override
                public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
                    return new PssSignature(digest);
                }
            });
        }
    }

    static boolean offers(String algorithm) {
        return DIGESTS.containsKey(algorithm.toUpperCase(java.util.Locale.ROOT));
    }

    /** Delegates to the JDK's RSASSA-PSS, with the parameters TLS uses unless the caller sets others. */
    static final class PssSignature extends SignatureSpi {
        private final Signature pss;
        private final PSSParameterSpec defaults;
        private boolean parametersSet;

        PssSignature(String digest) throws NoSuchAlgorithmException {
            this.pss = Signature.getInstance("RSASSA-PSS");
            int saltLength = switch (digest) {
                case "SHA-384" -> 48;
                case "SHA-512" -> 64;
                default -> 32;
            };
            this.defaults = new PSSParameterSpec(digest, "MGF1", new MGF1ParameterSpec(digest), saltLength, 1);
        }

        private void ensureParameters() throws InvalidKeyException {
            if (!parametersSet) {
                try {
                    pss.setParameter(defaults);
                    parametersSet = true;
                } catch (InvalidAlgorithmParameterException e) {
                    throw new InvalidKeyException(e);
                }
            }
        }

        @Override
        protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
            pss.initVerify(publicKey);
            ensureParameters();
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            pss.initSign(privateKey);
            ensureParameters();
        }

        @Override
        protected void engineUpdate(byte b) throws SignatureException {
            pss.update(b);
        }

        @Override
        protected void engineUpdate(byte[] bytes, int offset, int length) throws SignatureException {
            pss.update(bytes, offset, length);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            return pss.sign();
        }

        @Override
        protected boolean engineVerify(byte[] signature) throws SignatureException {
            return pss.verify(signature);
        }

        @Override
        protected void engineSetParameter(AlgorithmParameterSpec parameters) throws InvalidAlgorithmParameterException {
            pss.setParameter(parameters);
            parametersSet = true;
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String parameter, Object value) {
            throw new InvalidParameterException("not supported");
        }

        @Override
        protected AlgorithmParameters engineGetParameters() {
            return pss.getParameters();
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String parameter) {
            throw new InvalidParameterException("not supported");
        }
    }
}
