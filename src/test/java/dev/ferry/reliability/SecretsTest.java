package dev.ferry.reliability;

import dev.ferry.ftp.TlsMode;
import dev.ferry.site.SiteProfile;
import dev.ferry.site.SiteStore;
import dev.ferry.site.Vault;
import dev.ferry.testing.CliProcess;
import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.MinaServer;
import dev.ferry.testing.SecretsAudit;
import dev.ferry.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 11 across the command line: passwords given in the URL, in FERRY_PASSWORD and through a
 * saved site with a master password, against failures of every kind (refused login, missing
 * file, cut connection, unreachable server, TLS refusal), with the dialogue printed. Nothing the
 * program printed or wrote (output, errors, queue file, sites, settings, known hosts) holds the
 * password or the master password. The other reliability tests run the same audit over their
 * logs, exceptions and queue files.
 */
class SecretsTest {

    static final String MASTER = "master-of-secrets-91";

    @TempDir
    Path directory;

    @Test
    void noCommandLineRunPrintsOrStoresAPassword() throws Exception {
        SecretsAudit audit = new SecretsAudit(MinaServer.PASSWORD, MASTER, "wrong-pw-Zz9");
        try (MinaServer server = MinaServer.builder(directory.resolve("server")).start();
             FaultProxy proxy = new FaultProxy(server.port())) {
            TestFiles.random(server.home().resolve("tree/a.bin"), 2L << 20, 1);
            TestFiles.random(server.home().resolve("tree/b.bin"), 2L << 20, 2);
            Path work = directory.resolve("cli");
            audit.directory(work);
            String inUrl = "ftp://" + MinaServer.USER + ":" + MinaServer.PASSWORD + "@127.0.0.1:";
            String noPassword = "ftp://" + MinaServer.USER + "@127.0.0.1:";
            Map<String, String> env = Map.of("FERRY_PASSWORD", MinaServer.PASSWORD);
            Map<String, String> none = Map.of();

            record Run(Map<String, String> environment, boolean succeeds, List<String> args) {
            }
            List<Run> runs = List.of(
                    new Run(none, true, List.of("ls", "--log", inUrl + server.port() + "/tree")),
                    new Run(env, true, List.of("get", "--log", noPassword + server.port() + "/tree/a.bin",
                            work.resolve("a.bin").toString())),
                    new Run(none, false, List.of("get", "--log", inUrl + server.port() + "/missing.bin",
                            work.resolve("m.bin").toString())),
                    new Run(Map.of("FERRY_PASSWORD", "wrong-pw-Zz9"), false,
                            List.of("ls", "--log", noPassword + server.port() + "/")),
                    new Run(none, false, List.of("ls", "--log", inUrl + "1/")),
                    new Run(none, false, List.of("ls", "--log", "--tls", "explicit", inUrl + server.port() + "/")),
                    new Run(none, false, List.of("ls", "--log", inUrl.replace("ftp://", "ftpes://") + server.port() + "/")),
                    new Run(none, true, List.of("mirror", "--log", "--parallel", "2", inUrl + proxy.port() + "/tree",
                            work.resolve("mirror").toString())));
            for (Run run : runs) {
                if (run.args().getFirst().equals("mirror")) {
                    proxy.nextDataConnections(1, FaultProxy.Fault.cutAfter(500_000));
                }
                CliProcess.Result result = CliProcess.run(work, run.environment(), run.args().toArray(String[]::new));
                audit.text(String.join(" ", run.args()).replace(MinaServer.PASSWORD, "****"), result::toString);
                if (run.succeeds()) {
                    assertEquals(0, result.exitCode(), result.toString().replace(MinaServer.PASSWORD, "****"));
                } else {
                    assertNotEquals(0, result.exitCode());
                    assertTrue(result.stderr().lines().count() >= 1, "an error was printed");
                }
            }
            assertTrue(Files.exists(work.resolve("mirror/b.bin")));

            // A saved site whose password is encrypted under a master password, used by name.
            SiteStore sites = SiteStore.open(work.resolve("config/sites.json"));
            sites.setMasterPassword(MASTER.toCharArray(), Vault.KdfParameters.fresh(1024, 1, 1));
            String id = SiteStore.newId();
            sites.save(SiteProfile.builder(id, "Box", "127.0.0.1").port(server.port()).protocol(TlsMode.NONE)
                    .user(MinaServer.USER).password(sites.protect(id, "password", MinaServer.PASSWORD)).build());
            CliProcess.Result bySite = CliProcess.run(work, Map.of("FERRY_MASTER_PASSWORD", MASTER),
                    "ls", "--log", "--site", "Box", "/tree");
            audit.text("ls --site", bySite::toString);
            assertEquals(0, bySite.exitCode(), bySite.toString().replace(MinaServer.PASSWORD, "****"));
            CliProcess.Result wrongMaster = CliProcess.run(work, Map.of("FERRY_MASTER_PASSWORD", "wrong-pw-Zz9"),
                    "ls", "--site", "Box", "/tree");
            audit.text("ls --site, wrong master password", wrongMaster::toString);
            assertNotEquals(0, wrongMaster.exitCode());
        }
        audit.verify();
        assertTrue(audit.checkedFiles() >= 3, "the config files were among what was searched: " + audit.checkedFiles());
    }
}
