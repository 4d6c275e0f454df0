package dev.ferry.interop;

import dev.ferry.ftp.TlsMode;
import dev.ferry.message.Message;
import dev.ferry.site.Keyring;
import dev.ferry.site.PasswordStore;
import dev.ferry.site.SiteClientCertificates;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.site.SiteText;
import dev.ferry.site.Vault;
import dev.ferry.testing.CliProcess;
import dev.ferry.testing.ClientCertificates;
import dev.ferry.testing.Interop;
import dev.ferry.testing.TestFiles;
import dev.ferry.testing.Vsftpd;
import dev.ferry.tls.CertificateInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ferry ls/get/put with --client-cert, --client-key, --client-key-pass-stdin and a saved site's certificate, against vsftpd's require_cert. */
class ClientCertificateCliTest {

    private static final ClientCertificates CLIENT = ClientCertificates.create();

    @TempDir
    Path directory;

    @Test
    void commandLineWithAndWithoutAClientCertificate() throws Exception {
        Path authority = CLIENT.writeAuthorityPem(Files.createDirectories(directory.resolve("ca")).resolve("ca.pem"));
        try (Vsftpd server = Vsftpd.start(directory.resolve("server"), Vsftpd.Tls.EXPLICIT,
                Vsftpd.clientCertificateRequired(authority))) {
            String fingerprint = CertificateInfo.fingerprint(server.certificate().certificate());
            String url = "ftpes://" + Interop.USER + ":" + Interop.PASSWORD + "@127.0.0.1:" + server.port();
            Files.writeString(server.root().resolve("certified.txt"), "with a client certificate\n");
            Interop.chownToUser(server.root().resolve("certified.txt"));
            Path chain = CLIENT.writeCertificatePem(directory.resolve("chain.pem"));
            Path key = CLIENT.writeKeyPem(directory.resolve("key.pem"), "key pass".toCharArray());

            CliProcess.Result without = CliProcess.run(directory, "ls", "--trust-fingerprint", fingerprint, url + "/");
            System.out.println("$ ferry ls --trust-fingerprint " + fingerprint + " " + url + "/\n" + without);
            assertEquals(1, without.exitCode(), without.toString());
            assertTrue(without.stderr().contains("asked for a client certificate"), without.stderr());

            CliProcess.Result wrong = CliProcess.runWithInput(directory, Map.of(), "wrong\n", "ls", "--trust-fingerprint",
                    fingerprint, "--client-cert", chain.toString(), "--client-key", key.toString(),
                    "--client-key-pass-stdin", url + "/");
            System.out.println("$ echo wrong | ferry ls ... --client-cert chain.pem --client-key key.pem --client-key-pass-stdin\n"
                    + wrong);
            assertEquals(1, wrong.exitCode(), wrong.toString());
            assertTrue(wrong.stderr().contains("The passphrase for " + key + " is wrong"), wrong.stderr());

            CliProcess.Result ls = CliProcess.runWithInput(directory, Map.of(), "key pass\n", "ls", "--log",
                    "--trust-fingerprint", fingerprint, "--client-cert", chain.toString(), "--client-key",
                    key.toString(), "--client-key-pass-stdin", url + "/");
            System.out.println("$ echo 'key pass' | ferry ls --log ... --client-cert chain.pem --client-key key.pem --client-key-pass-stdin\n"
                    + ls);
            assertEquals(0, ls.exitCode(), ls.toString());
            assertTrue(ls.stdout().contains(" certified.txt"), ls.stdout());
            assertTrue(ls.stderr().contains("client certificate presented"), ls.stderr());
            assertFalse(ls.stderr().contains("key pass"), "the passphrase is not logged");

            byte[] content = TestFiles.bytes(400_000, 41);
            Path local = Files.write(directory.resolve("up.bin"), content);
            Path p12 = CLIENT.writePkcs12(directory.resolve("client.p12"), "p12 pass".toCharArray());
            CliProcess.Result put = CliProcess.runWithInput(directory, Map.of(), "p12 pass\n", "put", "--active",
                    "--trust-fingerprint", fingerprint, "--client-cert", p12.toString(), "--client-key-pass-stdin",
                    local.toString(), url + "/");
            assertEquals(0, put.exitCode(), put.toString());
            assertArrayEquals(content, Files.readAllBytes(server.root().resolve("up.bin")));

            // A saved site with the certificate, its passphrase in the master-password vault.
            SiteStore store = SiteStore.open(directory.resolve("config").resolve(SiteStore.FILE_NAME),
                    Keyring.unavailable(Message.of(SiteText.KEYRING_NO_SESSION_BUS)));
            store.setMasterPassword("master-pw".toCharArray(), Vault.KdfParameters.fresh(1024, 1, 1));
            String id = SiteStore.newId();
            store.save(SiteProfile.builder(id, "Certified", "127.0.0.1").port(server.port()).protocol(TlsMode.EXPLICIT)
                    .user(Interop.USER).password(store.protect(id, "password", Interop.PASSWORD)).build());
            SiteClientCertificates.set(store, id, chain.toString(), key.toString(), "key pass", PasswordStore.VAULT);
            Path back = directory.resolve("back.bin");
            CliProcess.Result get = CliProcess.run(directory, Map.of("FERRY_MASTER_PASSWORD", "master-pw"), "get",
                    "--trust-fingerprint", fingerprint, "--site", "Certified", "up.bin", back.toString());
            System.out.println("$ FERRY_MASTER_PASSWORD=... ferry get --site Certified up.bin back.bin\n" + get);
            assertEquals(0, get.exitCode(), get.toString() + server.log());
            assertArrayEquals(content, Files.readAllBytes(back));
        }
    }
}
