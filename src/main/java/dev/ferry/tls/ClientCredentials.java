package dev.ferry.tls;

import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsClientContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.util.List;
import java.util.Vector;

/**
 * Turns a {@link ClientIdentity} into what Bouncy Castle sends for a server's CertificateRequest:
 * the chain, and a signer using a signature algorithm that the server listed and that fits the
 * key. TLS 1.3 allows RSA keys only RSA-PSS and ties each ECDSA scheme to its curve; TLS 1.2 also
 * takes PKCS#1 and any hash, and older versions say only which certificate types they take.
 */
final class ClientCredentials {

    private ClientCredentials() {
    }

    /** Null when the server takes none of the algorithms the key can sign with. */
    static TlsCredentialedSigner signer(TlsClientContext context, JcaTlsCrypto crypto, ClientIdentity identity,
                                        CertificateRequest request) throws IOException {
        boolean tls13 = TlsUtils.isTLSv13(context);
        String keyType = identity.key().getAlgorithm();
        SignatureAndHashAlgorithm algorithm = null;
        @SuppressWarnings("unchecked") // BC's vectors are raw, always SignatureAndHashAlgorithm
        Vector<SignatureAndHashAlgorithm> offered = request.getSupportedSignatureAlgorithms();
        if (offered != null) {
            for (SignatureAndHashAlgorithm candidate : preferences(keyType, tls13, curveBits(identity))) {
                if (offered.contains(candidate) && crypto.hasSignatureAndHashAlgorithm(candidate)) {
                    algorithm = candidate;
                    break;
                }
            }
            if (algorithm == null) {
                return null;
            }
        }
        if (!tls13 && !acceptsType(request.getCertificateTypes(), keyType)) {
            return null;
        }
        TlsCertificate[] certificates = new TlsCertificate[identity.chain().size()];
        for (int i = 0; i < certificates.length; i++) {
            certificates[i] = crypto.createCertificate(encoded(identity.chain().get(i)));
        }
        Certificate message;
        if (tls13) {
            CertificateEntry[] entries = new CertificateEntry[certificates.length];
            for (int i = 0; i < entries.length; i++) {
                entries[i] = new CertificateEntry(certificates[i], null);
            }
            message = new Certificate(request.getCertificateRequestContext(), entries);
        } else {
            message = new Certificate(certificates);
        }
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, identity.key(), message,
                algorithm);
    }

    private static List<SignatureAndHashAlgorithm> preferences(String keyType, boolean tls13, int curveBits) {
        if (keyType.equals("RSA")) {
            List<SignatureAndHashAlgorithm> pss = List.of(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256,
                    SignatureAndHashAlgorithm.rsa_pss_rsae_sha384, SignatureAndHashAlgorithm.rsa_pss_rsae_sha512);
            if (tls13) {
                return pss;
            }
            // TLS 1.2 servers verify PKCS#1 more widely than PSS; SHA-1 is the last resort of old ones.
            return List.of(rsa(HashAlgorithm.sha256), rsa(HashAlgorithm.sha384), rsa(HashAlgorithm.sha512),
                    pss.get(0), pss.get(1), pss.get(2), rsa(HashAlgorithm.sha1));
        }
        if (keyType.equals("EC")) {
            short own = switch (curveBits) {
                case 384 -> HashAlgorithm.sha384;
                case 521 -> HashAlgorithm.sha512;
                default -> HashAlgorithm.sha256;
            };
            if (tls13) {
                return List.of(ecdsa(own));
            }
            return List.of(ecdsa(own), ecdsa(HashAlgorithm.sha256), ecdsa(HashAlgorithm.sha384),
                    ecdsa(HashAlgorithm.sha512), ecdsa(HashAlgorithm.sha1));
        }
        return List.of();
    }

    private static boolean acceptsType(short[] types, String keyType) {
        short wanted = switch (keyType) {
            case "RSA" -> ClientCertificateType.rsa_sign;
            case "EC" -> ClientCertificateType.ecdsa_sign;
            default -> -1;
        };
        if (types == null) {
            return wanted >= 0;
        }
        for (short type : types) {
            if (type == wanted) {
                return true;
            }
        }
        return false;
    }

    private static int curveBits(ClientIdentity identity) {
        return identity.key() instanceof ECKey ec ? ec.getParams().getOrder().bitLength() : 0;
    }

    private static SignatureAndHashAlgorithm rsa(short hash) {
        return SignatureAndHashAlgorithm.getInstance(hash, SignatureAlgorithm.rsa);
    }

    private static SignatureAndHashAlgorithm ecdsa(short hash) {
        return SignatureAndHashAlgorithm.getInstance(hash, SignatureAlgorithm.ecdsa);
    }

    private static byte[] encoded(X509Certificate certificate) throws IOException {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IOException(e);
        }
    }
}
