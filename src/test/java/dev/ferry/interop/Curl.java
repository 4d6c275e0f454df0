package dev.ferry.interop;

import dev.ferry.testing.Interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * curl (OpenSSL) as a second, independent FTP client: where Ferry cannot yet talk to a server
 * configuration (TLS 1.3 with session reuse, client certificates), curl shows that the harness
 * itself works. Passive mode only: curl 7.88's active mode over TLS can hang.
 */
final class Curl {

    private static final Path CURL = Path.of("/usr/bin/curl");

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "curl exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private Curl() {
    }

    static Result run(String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(CURL)) {
            Interop.unavailable("curl is not installed (Debian package curl; .ci/packages lists it)");
        }
        List<String> command = new ArrayList<>(List.of(CURL.toString(), "--silent", "--show-error", "--max-time", "60"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        // Small outputs: read stderr after stdout without risk of the pipes filling.
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("curl did not end within 90 s: " + command);
        }
        return new Result(process.exitValue(), stdout, stderr);
    }

    static String url(int port, String path) {
        return "ftp://" + Interop.USER + ":" + Interop.PASSWORD + "@127.0.0.1:" + port + path;
    }
}
