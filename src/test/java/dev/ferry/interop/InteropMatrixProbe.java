package dev.ferry.interop;

import dev.ferry.ftp.ConnectionSettings;
import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.ftp.FtpSession;
import dev.ferry.ftp.RemotePaths;
import dev.ferry.ftp.TlsMode;
import dev.ferry.ftp.TransferListener;
import dev.ferry.testing.CliProcess;
import dev.ferry.testing.ClientCertificates;
import dev.ferry.testing.NetworkLab;
import dev.ferry.testing.CollectingLog;
import dev.ferry.testing.Interop;
import dev.ferry.testing.Aioftp;
import dev.ferry.testing.InetutilsFtpd;
import dev.ferry.testing.NetkitFtpd;
import dev.ferry.testing.Proftpd;
import dev.ferry.testing.PureFtpd;
import dev.ferry.testing.Pyftpdlib;
import dev.ferry.testing.ServerProcess;
import dev.ferry.testing.TestCertificates;
import dev.ferry.testing.TestFiles;
import dev.ferry.testing.TwistedFtpd;
import dev.ferry.testing.Vsftpd;
import dev.ferry.tls.CertificateInfo;
import dev.ferry.tls.CertificateTrust;
import dev.ferry.tls.KnownHosts;
import dev.ferry.tls.TlsPolicy;
import dev.ferry.tls.TlsVersion;
import dev.ferry.transfer.FileTransfers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Not part of the suite (its name matches none of surefire's patterns): an on-demand report of
 * what Ferry's engine does today against every server harness, for login, list, download and
 * upload in passive and active mode, with the exact error of each failing cell, and of Ferry's
 * command line across the {@link NetworkLab} topologies. Run it with
 * {@code ./mvnw -B -q test -Dtest=InteropMatrixProbe -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dprobe.only=proftpd} narrows it); it writes target/interop-matrix/matrix.txt and each
 * cell's FTP dialogue beside it. It asserts nothing: the matrix is the input for fixes, and the
 * committed *InteropTest classes hold what passes.
 */
class InteropMatrixProbe {

    @TempDir
    Path directory;

    interface Starter {
        Object start(Path dir) throws Exception;
    }

    record Config(String name, Starter starter, UnaryOperator<ConnectionSettings.Builder> tweak, String served, String upload) {
        Config(String name, Starter starter, UnaryOperator<ConnectionSettings.Builder> tweak) {
            this(name, starter, tweak, "served.bin", "uploaded.bin");
        }
    }

    static UnaryOperator<ConnectionSettings.Builder> tls(TlsMode mode, TestCertificates[] certificate, TlsVersion max) {
        return b -> {
            b.tlsMode(mode).certificateTrust(CertificateTrust.nonInteractive(KnownHosts.inMemory(),
                    Set.of(CertificateInfo.fingerprint(certificate[0].certificate()))));
            if (max != null) {
                b.tlsPolicy(TlsPolicy.DEFAULT.withMaxVersion(max));
            }
            return b;
        };
    }

    @Test
    void matrix() throws Exception {
        Files.createDirectories(REPORT);
        String only = System.getProperty("probe.only", "");
        List<String> out = new ArrayList<>();
        TestCertificates[] cert = new TestCertificates[1];
        ClientCertificates clients = ClientCertificates.create();
        Path ca = clients.writeAuthorityPem(Files.createDirectories(directory.resolve("ca")).resolve("ca.pem"));
        List<Config> configs = new ArrayList<>();
        for (TlsVersion max : new TlsVersion[]{null, TlsVersion.TLS_1_2}) {
            String suffix = max == null ? "" : " [Ferry max TLS 1.2]";
            configs.add(new Config("vsftpd explicit reuse" + suffix, d -> { var s = Vsftpd.start(d, Vsftpd.Tls.EXPLICIT, List.of()); cert[0] = s.certificate(); return s; }, tls(TlsMode.EXPLICIT, cert, max)));
            configs.add(new Config("vsftpd TLS1.3-only reuse" + suffix, d -> { var s = Vsftpd.start(d, Vsftpd.Tls.EXPLICIT, List.of(), Vsftpd.tls13Only(d)); cert[0] = s.certificate(); return s; }, tls(TlsMode.EXPLICIT, cert, max)));
            configs.add(new Config("vsftpd require_cert" + suffix, d -> { var s = Vsftpd.start(d, Vsftpd.Tls.EXPLICIT, Vsftpd.clientCertificateRequired(ca)); cert[0] = s.certificate(); return s; }, tls(TlsMode.EXPLICIT, cert, max)));
            configs.add(new Config("proftpd explicit" + suffix, d -> { var s = Proftpd.start(d, Proftpd.Tls.EXPLICIT, List.of()); cert[0] = s.certificate(); return s; }, tls(TlsMode.EXPLICIT, cert, max)));
            configs.add(new Config("proftpd implicit" + suffix, d -> { var s = Proftpd.start(d, Proftpd.Tls.IMPLICIT, List.of()); cert[0] = s.certificate(); return s; }, tls(TlsMode.IMPLICIT, cert, max)));
            configs.add(new Config("proftpd TLS1.3-only" + suffix, d -> { var s = Proftpd.start(d, Proftpd.Tls.EXPLICIT, Proftpd.TLS_1_3_ONLY); cert[0] = s.certificate(); return s; }, tls(TlsMode.EXPLICIT, cert, max)));
            configs.add(new Config("proftpd client cert" + suffix, d -> { var s = Proftpd.start(d, Proftpd.Tls.EXPLICIT, Proftpd.clientCertificateRequired(ca)); cert[0] = s.certificate(); return s; }, tls(TlsMode.EXPLICIT, cert, max)));
            configs.add(new Config("pure-ftpd -Y1 explicit" + suffix, d -> { var s = PureFtpd.start(d, PureFtpd.Tls.OPTIONAL, List.of()); cert[0] = s.certificate(); return s; }, tls(TlsMode.EXPLICIT, cert, max)));
            configs.add(new Config("pure-ftpd -Y2" + suffix, d -> { var s = PureFtpd.start(d, PureFtpd.Tls.REQUIRED_FOR_LOGIN, List.of()); cert[0] = s.certificate(); return s; }, tls(TlsMode.EXPLICIT, cert, max)));
            configs.add(new Config("pure-ftpd -Y3" + suffix, d -> { var s = PureFtpd.start(d, PureFtpd.Tls.REQUIRED, List.of()); cert[0] = s.certificate(); return s; }, tls(TlsMode.EXPLICIT, cert, max)));
            configs.add(new Config("pyftpdlib TLS required" + suffix, d -> { var s = Pyftpdlib.start(d, Pyftpdlib.Options.plain().tls(Pyftpdlib.Tls.REQUIRED)); cert[0] = s.certificate(); return s; }, tls(TlsMode.EXPLICIT, cert, max)));
            configs.add(new Config("netkit ftpd-ssl AUTH TLS" + suffix, d -> NetkitFtpd.start(d, List.of()), b -> b.tlsMode(TlsMode.EXPLICIT)));
        }
        configs.add(new Config("vsftpd plain", d -> Vsftpd.start(d, Vsftpd.Tls.NONE, List.of()), b -> b));
        configs.add(new Config("vsftpd local_max_rate=100000", d -> Vsftpd.start(d, Vsftpd.Tls.NONE, List.of("local_max_rate=100000")), b -> b));
        configs.add(new Config("proftpd plain", d -> Proftpd.start(d, Proftpd.Tls.NONE, List.of()), b -> b));
        configs.add(new Config("pure-ftpd plain", d -> PureFtpd.start(d, PureFtpd.Tls.NONE, List.of()), b -> b));
        configs.add(new Config("pyftpdlib plain", d -> Pyftpdlib.start(d, Pyftpdlib.Options.plain()), b -> b));
        configs.add(new Config("pyftpdlib IPv6 ::1", d -> Pyftpdlib.start(d, Pyftpdlib.Options.plain().host("::1")), b -> b.host("::1")));
        configs.add(new Config("pyftpdlib GBK", d -> Pyftpdlib.start(d, Pyftpdlib.Options.plain().wireCharset(Charset.forName("GBK"))), b -> b.charset(Charset.forName("GBK")), "中文.bin", "上传.bin"));
        configs.add(new Config("pyftpdlib GBK (Ferry default charset)", d -> Pyftpdlib.start(d, Pyftpdlib.Options.plain().wireCharset(Charset.forName("GBK"))), b -> b, "中文.bin", "上传.bin"));
        configs.add(new Config("aioftp plain", d -> Aioftp.start(d), b -> b));
        configs.add(new Config("netkit ftpd-ssl plain", d -> NetkitFtpd.start(d, List.of()), b -> b));
        configs.add(new Config("inetutils ftpd plain", d -> InetutilsFtpd.start(d, List.of()), b -> b));
        configs.add(new Config("twisted plain", d -> TwistedFtpd.start(d), b -> b));

        int n = 0;
        for (Config config : configs) {
            if (!only.isEmpty() && !config.name().contains(only)) {
                continue;
            }
            for (DataConnectionMode mode : DataConnectionMode.values()) {
                Path dir = directory.resolve("c" + (n++));
                long t0 = System.nanoTime();
                Object server;
                try {
                    server = config.starter().start(dir);
                } catch (Throwable e) {
                    out.add(config.name() + " | " + mode + " | START FAILED " + e);
                    continue;
                }
                long startMs = (System.nanoTime() - t0) / 1_000_000;
                int port;
                Path root;
                String remote;
                if (server instanceof Vsftpd v) {
                    port = v.port();
                    root = v.root();
                    remote = null;
                } else {
                    ServerProcess s = (ServerProcess) server;
                    port = s.port();
                    root = s.root();
                    remote = s.remoteRoot();
                }
                List<String> cells = new ArrayList<>();
                CollectingLog log = new CollectingLog();
                try {
                    byte[] served = TestFiles.bytes(300_000, 5);
                    Files.write(root.resolve(config.served()), served);
                    Interop.chownToUser(root.resolve(config.served()));
                    ConnectionSettings settings = config.tweak().apply(ConnectionSettings.builder("127.0.0.1").port(port)
                            .user(Interop.USER).password(Interop.PASSWORD).dataConnectionMode(mode)
                            .timeouts(java.time.Duration.ofSeconds(10))).build();
                    try (FtpSession session = new FtpSession(settings, "probe")) {
                        session.addListener(log);
                        String home;
                        try {
                            session.connect();
                            home = remote != null ? remote : session.initialDirectory();
                            cells.add("login: pass");
                        } catch (Throwable e) {
                            cells.add("login: " + describe(e));
                            throw new Skip();
                        }
                        try {
                            var listing = session.list(home);
                            boolean found = listing.entries().stream().anyMatch(e -> e.name().equals(config.served()));
                            cells.add("list: " + (found ? "pass" : "MISSING " + config.served() + " in " + listing.entries().stream().map(e -> e.name()).toList() + " unparsed=" + listing.unparsedLines()));
                        } catch (Throwable e) {
                            cells.add("list: " + describe(e));
                        }
                        try {
                            Path back = dir.resolve("back.bin");
                            FileTransfers.download(session, RemotePaths.join(home, config.served()), back, served.length, false, null, TransferListener.NONE);
                            cells.add("download: " + (Arrays.equals(served, Files.readAllBytes(back)) ? "pass" : "WRONG BYTES"));
                        } catch (Throwable e) {
                            cells.add("download: " + describe(e));
                        }
                        try {
                            byte[] upload = TestFiles.bytes(200_000, 6);
                            Path local = Files.write(dir.resolve("up.bin"), upload);
                            FileTransfers.upload(session, local, RemotePaths.join(home, config.upload()), 0, TransferListener.NONE);
                            cells.add("upload: " + (Arrays.equals(upload, Files.readAllBytes(root.resolve(config.upload()))) ? "pass" : "WRONG BYTES"));
                        } catch (Throwable e) {
                            cells.add("upload: " + describe(e));
                        }
                    } catch (Skip skip) {
                        // login failed
                    }
                } catch (Throwable e) {
                    cells.add("probe error " + e);
                } finally {
                    ((AutoCloseable) server).close();
                }
                out.add(config.name() + " | " + mode + " | start " + startMs + " ms | " + String.join(" ; ", cells));
                Files.write(REPORT.resolve(safe(config.name()) + "-" + mode + ".txt"), List.of(log.text()));
            }
        }
        Files.write(REPORT.resolve("matrix.txt"), out);
        out.forEach(System.out::println);
    }

    private static final Path REPORT = Path.of("target", "interop-matrix");

    private static String url(String host) {
        String address = host.contains(":") ? "[" + host + "]" : host;
        return "ftp://" + Interop.USER + ":" + Interop.PASSWORD + "@" + address + ":2121";
    }

    private static String cli(String name, CliProcess.Result result, List<String> out) throws Exception {
        Files.writeString(REPORT.resolve(safe(name) + ".txt"), result.toString());
        String line = name + " | " + (result.exitCode() == 0 ? "pass" : "FAIL " + result.stderr().lines()
                .filter(l -> l.startsWith("ferry: ")).findFirst().orElse(result.stderr().strip()));
        out.add(line);
        return line;
    }

    @Test
    void networkMatrix() throws Exception {
        Files.createDirectories(REPORT);
        List<String> out = new ArrayList<>();
        try (NetworkLab lab = NetworkLab.open()) {
            NetworkLab.ClientBehindNat clientNat = lab.clientBehindNat();
            try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("client-nat"), Pyftpdlib.Options.plain()
                    .inNamespace(clientNat.server(), NetworkLab.ClientBehindNat.SERVER_ADDRESS, 2121))) {
                Files.writeString(server.root().resolve("f.txt"), "x");
                for (String mode : List.of("--passive", "--active")) {
                    cli("client behind NAT, pyftpdlib, ls " + mode, lab.runCli(clientNat.client(),
                            directory.resolve("c1" + mode), "ls", mode, "--log",
                            url(NetworkLab.ClientBehindNat.SERVER_ADDRESS) + "/"), out);
                }
            }
            NetworkLab.ServerBehindNat serverNat = lab.serverBehindNat(2121, 40000, 40009);
            for (boolean epsv : new boolean[]{true, false}) {
                Pyftpdlib.Options options = Pyftpdlib.Options.plain().inNamespace(serverNat.server(),
                        NetworkLab.ServerBehindNat.SERVER_ADDRESS, 2121).passivePorts(40000, 40009);
                try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("server-nat" + epsv),
                        epsv ? options : options.withoutEpsv())) {
                    Files.writeString(server.root().resolve("f.txt"), "x");
                    for (List<String> flags : List.of(List.of("--passive"), List.of("--active"),
                            List.of("--passive", "--trust-pasv-ip"))) {
                        List<String> args = new ArrayList<>(List.of("ls"));
                        args.addAll(flags);
                        args.addAll(List.of("--timeout", "10", "--log", url(NetworkLab.ServerBehindNat.ROUTER_PUBLIC_ADDRESS) + "/"));
                        cli("server behind NAT" + (epsv ? "" : " without EPSV") + ", pyftpdlib, ls " + String.join(" ", flags),
                                lab.runCli(serverNat.client(), directory.resolve("c2" + flags + epsv), args.toArray(String[]::new)), out);
                    }
                }
            }
            NetworkLab.Ipv6Pair six = lab.ipv6Pair();
            try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("ipv6"), Pyftpdlib.Options.plain()
                    .inNamespace(six.server(), NetworkLab.Ipv6Pair.SERVER_ADDRESS, 2121))) {
                Files.writeString(server.root().resolve("f.txt"), "x");
                for (String mode : List.of("--passive", "--active")) {
                    cli("IPv6 veth pair, pyftpdlib, ls " + mode, lab.runCli(six.client(), directory.resolve("c3" + mode),
                            "ls", mode, "--log", url(NetworkLab.Ipv6Pair.SERVER_ADDRESS) + "/"), out);
                }
            }
        }
        Files.write(REPORT.resolve("network-matrix.txt"), out);
        out.forEach(System.out::println);
    }

    static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9.-]+", "_");
    }

    static final class Skip extends Exception {
    }

    static String describe(Throwable e) {
        String message = e.getClass().getSimpleName() + ": " + e.getMessage();
        return "FAIL " + message.replace("\n", " / ");
    }
}
