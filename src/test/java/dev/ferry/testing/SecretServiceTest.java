package dev.ferry.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The private Secret Service keeps and returns secrets, for child processes only. */
class SecretServiceTest {

    @TempDir
    Path directory;

    @Test
    void storesAndLooksUpASecretOnItsPrivateBus() throws Exception {
        try (SecretService service = SecretService.start(directory)) {
            assertTrue(service.busAddress().contains(directory.toString()), service.busAddress());
            service.store("Ferry test", "s3cret-value", "service", "ferry-test", "user", "bob");
            assertEquals("s3cret-value", service.lookup("service", "ferry-test", "user", "bob"), service.log());
            assertNull(service.lookup("service", "ferry-test", "user", "alice"));
        }
    }

    @Test
    void aChildJvmStartedWithItsEnvironmentReadsTheSecretsThere() throws Exception {
        try (SecretService service = SecretService.start(directory)) {
            service.store("Ferry test", "for-the-child", "service", "ferry-test", "user", "carol");
            // The child JVM knows nothing of the service but its environment, as a keyring-using Ferry would.
            Path program = Files.writeString(directory.resolve("Lookup.java"), """
                    class Lookup {
                        public static void main(String[] args) throws Exception {
                            Process p = new ProcessBuilder("secret-tool", "lookup", "service", "ferry-test", "user", "carol")
                                    .redirectErrorStream(true).start();
                            System.out.print(new String(p.getInputStream().readAllBytes()));
                            System.exit(p.waitFor());
                        }
                    }
                    """);
            ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    program.toString()).redirectErrorStream(true);
            child.environment().putAll(service.environment());
            Process process = child.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child JVM ended");
            assertEquals(0, process.exitValue(), output + service.log());
            assertEquals("for-the-child", output);
        }
    }
}
