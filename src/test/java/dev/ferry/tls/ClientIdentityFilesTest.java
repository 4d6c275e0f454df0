package dev.ferry.tls;

import dev.ferry.testing.ClientCertificates;
import dev.ferry.testing.English;
import dev.ferry.tls.ClientIdentityException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientIdentityFilesTest {

    private static final ClientCertificates RSA = ClientCertificates.create("RSA");
    private static final ClientCertificates EC = ClientCertificates.create("EC");

    @TempDir
    Path directory;

    @Test
    void pemWithCertificateAndKeyInOneFile() throws Exception {
        ClientIdentity identity = ClientIdentityFiles.load(RSA.writeClientPem(directory.resolve("client.pem")), null,
                null);
        assertEquals(RSA.client(), identity.certificate());
        assertEquals(RSA.clientKey(), identity.key());
    }

    @Test
    void pemChainAndAnEncryptedKeyInItsOwnFile() throws Exception {
        Path certificate = RSA.writeCertificatePem(directory.resolve("chain.pem"));
        Path key = RSA.writeKeyPem(directory.resolve("key.pem"), "s3cret".toCharArray());
        ClientIdentity identity = ClientIdentityFiles.load(certificate, key, "s3cret".toCharArray());
        assertEquals(RSA.client(), identity.certificate(), "the leaf comes first");
        assertEquals(2, identity.chain().size());
        assertEquals(RSA.clientKey(), identity.key());
        assertFalse(identity.toString().contains(identity.key().getEncoded().length + ""), "no key material shown");
    }

    @Test
    void traditionalRsaKeyUnencrypted() throws Exception {
        java.io.StringWriter text = new java.io.StringWriter();
        try (org.bouncycastle.openssl.jcajce.JcaPEMWriter pem = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(text)) {
            pem.writeObject(RSA.clientKey());
        }
        assertTrue(text.toString().contains("BEGIN RSA PRIVATE KEY"), text.toString());
        Path key = Files.writeString(directory.resolve("rsa.key"), text.toString());
        ClientIdentity identity = ClientIdentityFiles.load(RSA.writeCertificatePem(directory.resolve("chain.pem")), key,
                null);
        assertEquals(RSA.client(), identity.certificate());
    }

    @Test
    void traditionalEcKeyAsOpensslEcparamWritesIt() throws Exception {
        // SEC 1 with the named curve in its parameters, as openssl ecparam -genkey writes it.
        java.security.interfaces.ECPrivateKey ec = (java.security.interfaces.ECPrivateKey) EC.clientKey();
        byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getS(),
                org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1).getEncoded();
        java.io.StringWriter text = new java.io.StringWriter();
        try (org.bouncycastle.openssl.jcajce.JcaPEMWriter pem = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(text)) {
            pem.writeObject(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1));
        }
        Path key = Files.writeString(directory.resolve("ec.key"), text.toString());
        ClientIdentity identity = ClientIdentityFiles.load(EC.writeCertificatePem(directory.resolve("chain.pem")), key,
                null);
        assertEquals(EC.client(), identity.certificate());
    }

    @Test
    void ecKeyInPkcs8() throws Exception {
        ClientIdentity identity = ClientIdentityFiles.load(EC.writeCertificatePem(directory.resolve("chain.pem")),
                EC.writeKeyPem(directory.resolve("key.pem"), "pass".toCharArray()), "pass".toCharArray());
        assertEquals("EC", identity.key().getAlgorithm());
        assertEquals(EC.client(), identity.certificate());
    }

    @Test
    void pkcs12() throws Exception {
        ClientIdentity identity = ClientIdentityFiles.load(
                RSA.writePkcs12(directory.resolve("client.p12"), "p12pass".toCharArray()), null, "p12pass".toCharArray());
        assertEquals(RSA.client(), identity.certificate());
        assertEquals(RSA.clientKey(), identity.key());
    }

    @Test
    void wrongPassphraseForAnEncryptedKey() throws Exception {
        Path certificate = RSA.writeCertificatePem(directory.resolve("chain.pem"));
        Path key = RSA.writeKeyPem(directory.resolve("key.pem"), "right".toCharArray());
        assertProblem(Problem.WRONG_PASSPHRASE, () -> ClientIdentityFiles.load(certificate, key, "wrong".toCharArray()));
        assertProblem(Problem.PASSPHRASE_NEEDED, () -> ClientIdentityFiles.load(certificate, key, null));
    }

    @Test
    void wrongPassphraseForPkcs12() throws Exception {
        Path p12 = RSA.writePkcs12(directory.resolve("client.p12"), "right".toCharArray());
        ClientIdentityException e = assertProblem(Problem.WRONG_PASSPHRASE,
                () -> ClientIdentityFiles.load(p12, null, "wrong".toCharArray()));
        assertTrue(English.of(e).contains("passphrase") && English.of(e).contains(p12.toString()), English.of(e));
        assertProblem(Problem.PASSPHRASE_NEEDED, () -> ClientIdentityFiles.load(p12, null, null));
    }

    @Test
    void missingFiles() throws Exception {
        Path certificate = RSA.writeCertificatePem(directory.resolve("chain.pem"));
        assertProblem(Problem.FILE_MISSING, () -> ClientIdentityFiles.load(directory.resolve("none.pem"), null, null));
        assertProblem(Problem.FILE_MISSING, () -> ClientIdentityFiles.load(certificate, directory.resolve("nokey.pem"),
                null));
        assertProblem(Problem.NO_KEY, () -> ClientIdentityFiles.load(certificate, null, null));
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() throws Exception {
        Path certificate = RSA.writeCertificatePem(directory.resolve("chain.pem"));
        Path otherKey = ClientCertificates.create("RSA").writeKeyPem(directory.resolve("other.pem"), null);
        ClientIdentityException e = assertProblem(Problem.KEY_MISMATCH,
                () -> ClientIdentityFiles.load(certificate, otherKey, null));
        assertTrue(English.of(e).contains("does not belong"), English.of(e));
        Path ecKey = EC.writeKeyPem(directory.resolve("ec.pem"), null);
        assertProblem(Problem.KEY_MISMATCH, () -> ClientIdentityFiles.load(certificate, ecKey, null));
    }

    @Test
    void filesThatAreNeitherPemNorPkcs12() throws Exception {
        Path garbage = Files.write(directory.resolve("garbage.bin"), new byte[]{1, 2, 3, 4, 5});
        assertProblem(Problem.NOT_RECOGNIZED, () -> ClientIdentityFiles.load(garbage, null, null));
        Path traditional = Files.writeString(directory.resolve("old.pem"), """
                -----BEGIN RSA PRIVATE KEY-----
                Proc-Type: 4,ENCRYPTED
                DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF

                AAAA
                -----END RSA PRIVATE KEY-----
                """);
        assertProblem(Problem.KEY_FORMAT_UNSUPPORTED, () -> ClientIdentityFiles.load(
                RSA.writeCertificatePem(directory.resolve("chain.pem")), traditional, null));
    }

    private static ClientIdentityException assertProblem(Problem expected,
                                                         org.junit.jupiter.api.function.Executable load) {
        ClientIdentityException e = assertThrows(ClientIdentityException.class, load);
        assertEquals(expected, e.problem(), English.of(e));
        assertEquals(expected.text(), e.explanation().key());
        return e;
    }
}
