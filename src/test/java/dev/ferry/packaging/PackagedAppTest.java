package dev.ferry.packaging;

import dev.ferry.testing.MinaServer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged app-image (target/package/ferry, built by {@code ./mvnw -Ppackage package}) runs on
 * its own runtime: the launcher answers {@code --version}, runs the CLI against a server, and shows
 * the window without unpacking JavaFX's native libraries into the user's home. Skipped when the
 * image has not been built; with {@code FERRY_PACKAGED_APP=require} (.ci/run) it fails instead.
 */
class PackagedAppTest {

    static final Path APP = Path.of("target", "package", "ferry").toAbsolutePath();
    static final Path LAUNCHER = APP.resolve("bin/ferry");

    @TempDir
    Path directory;

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** Skips the test, or fails it when {@code FERRY_PACKAGED_APP=require} says nothing may be missing. */
    private static void skipUnlessRequired(String reason) {
        if ("require".equals(System.getenv("FERRY_PACKAGED_APP"))) {
            Assertions.fail("FERRY_PACKAGED_APP=require but " + reason);
        }
        Assumptions.abort("Skipped: " + reason);
    }

    @BeforeAll
    static void requireAppImage() {
        if (!Files.isExecutable(LAUNCHER)) {
            skipUnlessRequired("no app-image at " + APP + " (build it with ./mvnw -Ppackage -DskipTests package)");
        }
    }

    private Result run(Map<String, String> environment, List<String> prefix, String... args)
            throws IOException, InterruptedException {
        return run(LAUNCHER, environment, prefix, args);
    }

    private Result run(Path launcher, Map<String, String> environment, List<String> prefix, String... args)
            throws IOException, InterruptedException {
        Path home = Files.createDirectories(directory.resolve("home"));
        List<String> command = new ArrayList<>(prefix);
        command.add(launcher.toString());
        command.addAll(List.of(args));
        Path out = directory.resolve("out.txt");
        Path err = directory.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("FERRY_") || name.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().put("HOME", home.toString());
        builder.environment().put("FERRY_CONFIG_DIR", directory.resolve("config").toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the packaged launcher did not finish within 120 s: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The JVM's report of the AOT cache it mapped (stderr), asked for through JAVA_TOOL_OPTIONS. */
    private static final String AOT_REPORT = "-Xlog:aot=info:stderr";

    /** The JVM's report of every class it loads and where from (stderr). */
    private static final String CLASS_LOAD_REPORT = "-Xlog:class+load=info:stderr";

    /** The JVM's report of every class it initialises, and on which thread (stderr). */
    private static final String CLASS_INIT_REPORT = "-Xlog:class+init=info:stderr";

    /** The classes a run read from jars, from its {@link #CLASS_LOAD_REPORT}: none when the AOT cache held them all. */
    private static List<String> classesReadFromJars(Result result) {
        return result.stderr().lines().filter(line -> line.contains("source: file:")).toList();
    }

    /** Each mode maps its own cache, when the build trained it; a cache the JVM rejects is a failure. */
    private static void assertCacheMapped(String cache, Result result) {
        if (!Files.exists(APP.resolve("lib/app/" + cache))) {
            return;
        }
        assertTrue(result.stderr().contains("lib/app/" + cache), cache + " was not mapped: " + result);
        assertFalse(result.stderr().contains("AOT cache") && result.stderr().contains("rror"),
                "the AOT cache was rejected: " + result);
    }

    @Test
    void theLauncherReportsItsVersionOnItsOwnRuntime() throws Exception {
        Result result = run(Map.of("JAVA_TOOL_OPTIONS", AOT_REPORT), List.of(), "--version");
        assertEquals(0, result.exitCode(), result::toString);
        assertCacheMapped("ferry-cli.aot", result);
        assertTrue(result.stdout().matches("(?s)Ferry \\d+\\.\\d+\\.\\d+.*Java 25.*"), result::toString);
        assertTrue(Files.isRegularFile(APP.resolve("lib/runtime/lib/libglass.so")),
                "JavaFX's native libraries are part of the runtime image");
    }

    /**
     * The command line's classes come from its AOT cache, none from the jars: picocli's jar holds
     * Java 5 class files and Bouncy Castle's jars are signed, both of which the cache refuses
     * (the build compiles picocli's sources, the packaging unsigns the app's copies of BC's).
     */
    @Test
    void theCommandLineLoadsItsClassesFromItsCache() throws Exception {
        if (!Files.exists(APP.resolve("lib/app/ferry-cli.aot"))) {
            skipUnlessRequired("the app-image has no AOT cache (packaging/build-linux.sh --no-aot)");
        }
        Result result = run(Map.of("JAVA_TOOL_OPTIONS", CLASS_LOAD_REPORT), List.of(), "--version");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains(" picocli.CommandLine source: shared objects file"),
                "picocli comes from the cache: " + result.stderr().lines().filter(line -> line.contains("picocli.CommandLine ")).toList());
        assertEquals(List.of(), classesReadFromJars(result), "classes of the command line read from jars instead of the cache");
    }

    /**
     * The launcher keeps C2 for the crypto only (packaging/jit-directives.json): its JVM reads the
     * directives, and the line it writes about them on its own output stays out of a command's,
     * which may be a file's bytes ({@code ferry get URL -}).
     */
    @Test
    void theLauncherReadsItsCompilerDirectivesWithoutAWordOnItsOutput() throws Exception {
        Path vmOutput = directory.resolve("vm-output.txt");
        Result result = run(Map.of("JAVA_TOOL_OPTIONS",
                "-XX:+UnlockDiagnosticVMOptions -XX:+LogVMOutput -XX:LogFile=" + vmOutput), List.of(), "--version");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().matches("Ferry \\d+\\.\\d+\\.\\d+[^\\n]*\\n"), "only the version on stdout: " + result);
        assertTrue(Files.readString(vmOutput).contains("2 compiler directives added"),
                "the JVM read the launcher's compiler directives: " + Files.readString(vmOutput).lines().limit(20).toList());

        // Asked for, the JVM's own output (thread dumps on kill -3, errors before Java starts) is there again.
        Result speaking = run(Map.of("FERRY_JVM_OUTPUT", "1"), List.of(), "--version");
        assertEquals(0, speaking.exitCode(), speaking::toString);
        assertTrue(speaking.stdout().startsWith("2 compiler directives added"), "FERRY_JVM_OUTPUT=1: " + speaking);
    }

    /** The .deb links the launcher onto the PATH as /usr/bin/ferry: it must find its app-image through the link. */
    @Test
    void theLauncherWorksThroughASymbolicLinkElsewhere() throws Exception {
        Path link = Files.createSymbolicLink(Files.createDirectories(directory.resolve("usr-bin")).resolve("ferry"), LAUNCHER);
        Result result = run(link, Map.of(), List.of(), "--version");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().startsWith("Ferry "), result::toString);
    }

    /** The one .deb, where the README says it is; fails or skips (as the environment asks) when the tools to build it are missing. */
    private static Path debianPackage() throws IOException {
        boolean tools = Files.isExecutable(Path.of("/usr/bin/fakeroot")) && Files.isExecutable(Path.of("/usr/bin/dpkg-deb"));
        if (!tools) {
            skipUnlessRequired("no fakeroot or dpkg-deb, so the packaging built no .deb");
        }
        List<Path> debs;
        try (var files = Files.list(APP.getParent())) {
            debs = files.filter(file -> file.getFileName().toString().matches("ferry_.*\\.deb")).toList();
        }
        assertEquals(1, debs.size(), "one ferry_*.deb in " + APP.getParent() + ": " + debs);
        return debs.getFirst();
    }

    private static String dpkgDeb(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("dpkg-deb"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "dpkg-deb did not finish within 120 s: " + command);
        assertEquals(0, process.exitValue(), command + "\n" + output);
        return output;
    }

    /**
     * Every library the image carries (the jars, picocli inside ferry.jar, the JavaFX modules in the
     * runtime) heads an entry of lib/app/legal/THIRD-PARTY.txt, and each licence file an entry
     * names is there beside it: a library added to the pom without its licence fails here.
     */
    @Test
    void everyBundledLibraryIsListedWithItsLicenceText() throws IOException {
        Path legal = APP.resolve("lib/app/legal");
        Path list = legal.resolve("THIRD-PARTY.txt");
        assertTrue(Files.isRegularFile(list), "the image has " + list);
        String text = Files.readString(list);
        List<String> listed = text.lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .flatMap(line -> Pattern.compile(",\\s*").splitAsStream(line.replaceFirst("\\s*\\(.*", "")))
                .toList();
        List<String> bundled = new ArrayList<>();
        try (var jars = Files.list(APP.resolve("lib/app/lib"))) {
            jars.map(jar -> jar.getFileName().toString().replaceFirst("-\\d[^-]*\\.jar$", "")).forEach(bundled::add);
        }
        Matcher modules = Pattern.compile("javafx\\.(\\w+)").matcher(Files.readString(APP.resolve("lib/runtime/release")));
        while (modules.find()) {
            bundled.add("javafx-" + modules.group(1));
        }
        try (var jar = new java.util.jar.JarFile(APP.resolve("lib/app/ferry.jar").toFile())) {
            if (jar.getEntry("picocli/CommandLine.class") != null) {
                bundled.add("picocli");
            }
        }
        assertTrue(bundled.contains("picocli") && bundled.contains("javafx-graphics") && bundled.contains("bctls-jdk18on"),
                "found the libraries: " + bundled);
        List<String> unlisted = bundled.stream().filter(library -> !listed.contains(library)).toList();
        assertEquals(List.of(), unlisted, "libraries in the image without an entry in " + list);
        Matcher licences = Pattern.compile("[\\w.-]+\\.txt").matcher(text);
        int named = 0;
        while (licences.find()) {
            named++;
            Path licence = legal.resolve(licences.group());
            assertTrue(Files.isRegularFile(licence) && Files.size(licence) > 500, "the licence text " + licence);
        }
        assertTrue(named >= 8, named + " licence files named in " + list);
    }

    /** With the launcher and the runtime it starts (the .deb is built from the app-image). */
    @Test
    void theDebianPackageHoldsTheLauncherAndItsRuntime() throws Exception {
        String contents = dpkgDeb("--contents", debianPackage().toString());
        for (String file : List.of("./opt/ferry/bin/ferry", "./opt/ferry/lib/runtime/bin/ferry",
                "./opt/ferry/lib/app/ferry.jar", "./opt/ferry/lib/app/jit-directives.json",
                "./opt/ferry/lib/runtime/lib/libglass.so")) {
            assertTrue(contents.lines().anyMatch(line -> line.endsWith(" " + file)), file + " in the .deb:\n" + contents);
        }
    }

    /**
     * Installed, the files are as the caches were trained with: the JVM refuses an AOT cache (and
     * says so on stderr at every start) once a jar on the class path has another time.
     */
    @Test
    void theInstalledFilesKeepTheirAotCaches() throws Exception {
        if (!Files.exists(APP.resolve("lib/app/ferry-cli.aot"))) {
            skipUnlessRequired("the app-image has no AOT cache (packaging/build-linux.sh --no-aot)");
        }
        Path root = directory.resolve("installed");
        dpkgDeb("--extract", debianPackage().toString(), root.toString());
        Path launcher = root.resolve("opt/ferry/bin/ferry");
        Result command = run(launcher, Map.of("JAVA_TOOL_OPTIONS", AOT_REPORT), List.of(), "--version");
        assertEquals(0, command.exitCode(), command::toString);
        assertTrue(command.stderr().contains("Opened AOT cache " + root.resolve("opt/ferry/lib/app/ferry-cli.aot")),
                "the installed command line maps its cache: " + command);
        assertFalse(command.stderr().contains("[error"), "the JVM reports an error: " + command);
    }

    @Test
    void theLauncherRunsTheCommandLine(@TempDir Path serverRoot) throws Exception {
        try (MinaServer server = MinaServer.builder(serverRoot).start()) {
            Files.writeString(server.home().resolve("packaged-listing-check.txt"), "hello");
            Result result = run(Map.of("FERRY_PASSWORD", MinaServer.PASSWORD), List.of(),
                    "ls", "ftp://" + MinaServer.USER + "@127.0.0.1:" + server.port() + "/");
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.stdout().contains("packaged-listing-check.txt"), result::toString);
        }
    }

    /**
     * An FTPS command never builds Bouncy Castle's JCA provider, which costs about half a second of
     * CPU. The JDK's list of providers names some whose modules the bundled runtime leaves out; the
     * first lookup of an algorithm that none of the others offers (Bouncy Castle's TLS probes
     * several at every start) made the JDK look for those among the class path's service
     * providers, and that builds every one of them, Bouncy Castle's included.
     */
    @Test
    void anFtpsCommandLeavesBouncyCastlesJcaProviderUnbuilt(@TempDir Path serverRoot) throws Exception {
        try (MinaServer server = MinaServer.builder(serverRoot).tls(MinaServer.Tls.EXPLICIT).start()) {
            String fingerprint = dev.ferry.tls.CertificateInfo.fingerprint(server.certificate().certificate());
            Result result = run(Map.of("FERRY_PASSWORD", MinaServer.PASSWORD, "JAVA_TOOL_OPTIONS", CLASS_INIT_REPORT),
                    List.of(), "ls", "--trust-fingerprint", fingerprint,
                    "ftpes://" + MinaServer.USER + "@127.0.0.1:" + server.port() + "/");
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.stderr().contains("Initializing 'org/bouncycastle/tls/TlsClientProtocol'"),
                    "the report shows the TLS classes it initialised: " + result.stderr().lines().limit(5).toList());
            assertEquals(List.of(), result.stderr().lines()
                            .filter(line -> line.contains("Initializing 'org/bouncycastle/jce/provider/BouncyCastleProvider'"))
                            .toList(),
                    "Bouncy Castle's JCA provider was built");
        }
    }

    /** The bundled runtime has what dbus-java needs to reach the keyring (jdk.security.auth for the bus login). */
    @Test
    void theLauncherKeepsAPasswordInTheSystemKeyring() throws Exception {
        try (dev.ferry.testing.SecretService service = dev.ferry.testing.SecretService.start(directory.resolve("secrets"))) {
            Path xml = Files.writeString(directory.resolve("sitemanager.xml"), """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <FileZilla3><Servers><Server><Host>127.0.0.1</Host><Port>2121</Port><Protocol>6</Protocol>
                    <User>packaged</User><Pass encoding="base64">cGFja2FnZWQta2V5cmluZy1wdw==</Pass><Logontype>1</Logontype>
                    <Name>Packaged</Name></Server></Servers></FileZilla3>
                    """);
            Result result = run(service.environment(), List.of(), "sites", "import-filezilla", xml.toString());
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.stdout().contains("1 site imported, 1 password kept in the system keyring"), result::toString);
            assertEquals("packaged-keyring-pw", service.lookup("server", "127.0.0.1", "user", "packaged"), service.log());
        }
    }

    @Test
    void theWindowShowsWithoutUnpackingNativeLibraries() throws Exception {
        List<String> display = List.of();
        if (System.getenv("DISPLAY") == null) {
            if (!Files.isExecutable(Path.of("/usr/bin/xvfb-run"))) {
                skipUnlessRequired("no DISPLAY and no xvfb-run (Debian xvfb) to show the packaged window");
            }
            display = List.of("/usr/bin/xvfb-run", "-a", "-s", "-screen 0 1280x800x24");
        }
        Result result = run(Map.of("JAVA_TOOL_OPTIONS", "-Dferry.startupProbe=true " + AOT_REPORT), display);
        assertEquals(0, result.exitCode(), result::toString);
        Matcher startup = Pattern.compile("ferry-startup-ms (\\d+)").matcher(result.stdout());
        assertTrue(startup.find(), result::toString);
        System.out.println("packaged app: first frame " + startup.group(1) + " ms after JVM start");
        assertFalse(Files.exists(directory.resolve("home/.openjfx")),
                "JavaFX unpacked native libraries into the home directory: " + result);
        assertCacheMapped("ferry-app.aot", result);

        if (Files.exists(APP.resolve("lib/app/ferry-app.aot"))) {
            // A second start reads what the first one saved; its classes come from the cache too.
            Result again = run(Map.of("JAVA_TOOL_OPTIONS", "-Dferry.startupProbe=true " + CLASS_LOAD_REPORT), display);
            assertEquals(0, again.exitCode(), again::toString);
            assertEquals(List.of(), classesReadFromJars(again),
                    "classes of the window's second start read from jars instead of the cache");
        }
    }
}
