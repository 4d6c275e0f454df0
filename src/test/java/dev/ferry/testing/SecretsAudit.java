package dev.ferry.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Collects everything a test produced that a user or an attacker could read (dialogue logs,
 * exception messages with their causes, queue errors, process output, every file under the config
 * directory) and fails when a password appears in any of it, in UTF-8 or Latin-1, or Base64.
 */
public final class SecretsAudit {

    private final List<String> secrets;
    private final Map<String, Supplier<String>> texts = new ConcurrentHashMap<>();
    private final List<Path> directories = new ArrayList<>();
    private int checkedTexts;
    private int checkedFiles;

    public SecretsAudit(String... secrets) {
        this.secrets = List.of(secrets);
    }

    /** A text read when {@link #verify()} runs (so a log collected later is included). */
    public SecretsAudit text(String what, Supplier<String> text) {
        texts.put(what + "#" + texts.size(), text);
        return this;
    }

    public SecretsAudit log(String what, CollectingLog log) {
        return text(what, log::text);
    }

    /** An exception with its whole chain: messages, causes, suppressed ones. */
    public SecretsAudit exception(String what, Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        String whole = trace.toString();
        return text(what, () -> whole);
    }

    /** Every file below this directory, whatever it is (queue, settings, known hosts, logs). */
    public SecretsAudit directory(Path directory) {
        directories.add(directory);
        return this;
    }

    public int checkedTexts() {
        return checkedTexts;
    }

    public int checkedFiles() {
        return checkedFiles;
    }

    public void verify() throws IOException {
        checkedTexts = 0;
        checkedFiles = 0;
        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, Supplier<String>> text : texts.entrySet()) {
            String value = text.getValue().get();
            checkedTexts++;
            if (value != null) {
                leaks.addAll(find(text.getKey(), value.getBytes(StandardCharsets.UTF_8)));
            }
        }
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    checkedFiles++;
                    leaks.addAll(find(file.toString(), Files.readAllBytes(file)));
                }
            }
        }
        if (!leaks.isEmpty()) {
            fail("a password leaked into: " + String.join(", ", leaks));
        }
    }

    private List<String> find(String where, byte[] content) {
        String latin1 = new String(content, StandardCharsets.ISO_8859_1);
        String utf8 = new String(content, StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        for (String secret : secrets) {
            String base64 = java.util.Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
            if (utf8.contains(secret) || latin1.contains(secret) || latin1.contains(base64)) {
                found.add(where);
            }
        }
        return found;
    }
}
