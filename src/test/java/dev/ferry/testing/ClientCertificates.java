package dev.ferry.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * A certificate authority made on the spot and a client certificate it issued, for servers that
 * demand client certificates (ProFTPD's TLSVerifyClient, vsftpd's require_cert).
 */
public final class ClientCertificates {

    private final X509Certificate authority;
    private final KeyPair clientKeys;
    private final X509Certificate client;

    private ClientCertificates(X509Certificate authority, KeyPair clientKeys, X509Certificate client) {
        this.authority = authority;
        this.clientKeys = clientKeys;
        this.client = client;
    }

    public static ClientCertificates create() {
        return create("RSA");
    }

    /** @param clientKeyType "RSA" (2048 bits) or "EC" (P-256) for the client's key; the authority's is RSA */
    public static ClientCertificates create(String clientKeyType) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair authorityKeys = generator.generateKeyPair();
            KeyPairGenerator clientGenerator = KeyPairGenerator.getInstance(clientKeyType);
            clientGenerator.initialize(clientKeyType.equals("EC") ? 256 : 2048);
            KeyPair clientKeys = clientGenerator.generateKeyPair();
            Instant now = Instant.now();
            X500Name authorityName = new X500Name("CN=Ferry tests client CA,O=Ferry tests");
            JcaX509v3CertificateBuilder authorityBuilder = new JcaX509v3CertificateBuilder(authorityName,
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(7))), authorityName, authorityKeys.getPublic());
            authorityBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            authorityBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate authority = sign(authorityBuilder, authorityKeys);

            JcaX509v3CertificateBuilder clientBuilder = new JcaX509v3CertificateBuilder(authorityName,
                    BigInteger.valueOf(now.toEpochMilli() + 1), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(7))), new X500Name("CN=" + Interop.USER + ",O=Ferry tests"),
                    clientKeys.getPublic());
            clientBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            clientBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            clientBuilder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            X509Certificate client = sign(clientBuilder, authorityKeys);
            return new ClientCertificates(authority, clientKeys, client);
        } catch (Exception e) {
            throw new IllegalStateException("could not make test client certificates", e);
        }
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair issuer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())));
    }

    /** The authority's certificate as PEM, for the server's list of trusted client issuers. */
    public Path writeAuthorityPem(Path file) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(authority);
        }
        return Files.writeString(file, text.toString());
    }

    /** The client certificate and its private key (PKCS#8) in one PEM file, as curl's --cert takes. */
    public Path writeClientPem(Path file) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(client);
            pem.writeObject(new JcaPKCS8Generator(clientKeys.getPrivate(), null));
        }
        return Files.writeString(file, text.toString());
    }

    /** The client certificate alone (and the authority after it, as a chain file would have it). */
    public Path writeCertificatePem(Path file) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(client);
            pem.writeObject(authority);
        }
        return Files.writeString(file, text.toString());
    }

    /** The client's key as PKCS#8, encrypted (PBES2, PBKDF2-SHA256, AES-256-CBC as OpenSSL 3 does) unless null. */
    public Path writeKeyPem(Path file, char[] passphrase) throws IOException {
        try {
            StringWriter text = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
                pem.writeObject(new JcaPKCS8Generator(clientKeys.getPrivate(), passphrase == null ? null
                        : new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                                .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                                .setPRF(PKCS8Generator.PRF_HMACSHA256).setPassword(passphrase).build()));
            }
            return Files.writeString(file, text.toString());
        } catch (OperatorCreationException e) {
            throw new IOException(e);
        }
    }

    /** Certificate, authority and key in a PKCS#12 file protected by {@code passphrase}. */
    public Path writePkcs12(Path file, char[] passphrase) throws IOException {
        try (var out = Files.newOutputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", clientKeys.getPrivate(), passphrase, new Certificate[]{client, authority});
            store.store(out, passphrase);
            return file;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    public X509Certificate client() {
        return client;
    }

    public java.security.PrivateKey clientKey() {
        return clientKeys.getPrivate();
    }

    /** Key managers that present the client certificate, for a JSSE client. */
    public KeyManager[] clientKeyManagers() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", clientKeys.getPrivate(), TestCertificates.PASSWORD.toCharArray(),
                    new Certificate[]{client, authority});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, TestCertificates.PASSWORD.toCharArray());
            return factory.getKeyManagers();
        } catch (Exception e) {
            throw new IllegalStateException("could not load the test client certificate", e);
        }
    }

    public X509Certificate authority() {
        return authority;
    }
}
