package dev.ferry.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.OutputStream;
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
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Self-signed server certificates made on the spot, as a PKCS#12 key store or PEM files. */
public final class TestCertificates {

    public static final String PASSWORD = "changeit";
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private TestCertificates(KeyPair keyPair, X509Certificate certificate) {
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    /** Valid now for a week, naming localhost and 127.0.0.1. */
    public static TestCertificates selfSigned() {
        return create("localhost", List.of("localhost"), List.of("127.0.0.1"),
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(7)));
    }

    public static TestCertificates create(String commonName, List<String> dnsNames, List<String> ipAddresses,
                                          Instant notBefore, Instant notAfter) {
        return create("EC", commonName, dnsNames, ipAddresses, notBefore, notAfter);
    }

    /** An RSA certificate: TLS 1.3 then signs with RSA-PSS. */
    public static TestCertificates selfSignedRsa() {
        return create("RSA", "localhost", List.of("localhost"), List.of("127.0.0.1"),
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(7)));
    }

    public static TestCertificates create(String keyType, String commonName, List<String> dnsNames,
                                          List<String> ipAddresses, Instant notBefore, Instant notAfter) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType);
            generator.initialize(keyType.equals("RSA") ? 2048 : 256);
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName + ",O=Ferry tests");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), name,
                    pair.getPublic());
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            ipAddresses.forEach(n -> names.add(new GeneralName(GeneralName.iPAddress, n)));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(keyType.equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA")
                            .build(pair.getPrivate())));
            return new TestCertificates(pair, certificate);
        } catch (Exception e) {
            throw new IllegalStateException("could not make a test certificate", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Trust in this certificate alone, by its fingerprint, as `--fingerprint` on the command line gives. */
    public dev.ferry.tls.CertificateTrust trustedByFingerprint() {
        return dev.ferry.tls.CertificateTrust.nonInteractive(dev.ferry.tls.KnownHosts.inMemory(),
                java.util.Set.of(dev.ferry.tls.CertificateInfo.fingerprint(certificate)));
    }

    public Path writeKeyStore(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", keyPair.getPrivate(), PASSWORD.toCharArray(), new Certificate[]{certificate});
            store.store(out, PASSWORD.toCharArray());
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        return file;
    }

    /** Certificate and private key in one PEM file, as vsftpd's rsa_cert_file/rsa_private_key_file take. */
    public Path writePem(Path file) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(certificate);
            // PKCS#8 ("BEGIN PRIVATE KEY"): vsftpd 3.0.3 cannot read the older per-algorithm forms.
            pem.writeObject(new JcaPKCS8Generator(keyPair.getPrivate(), null));
        }
        Files.writeString(file, text.toString());
        return file;
    }
}
