package dev.ferry.interop;

import dev.ferry.testing.CliProcess;
import dev.ferry.testing.Interop;
import dev.ferry.testing.NetworkLab;
import dev.ferry.testing.NetworkLab.ClientBehindNat;
import dev.ferry.testing.NetworkLab.Ipv6Pair;
import dev.ferry.testing.NetworkLab.ServerBehindNat;
import dev.ferry.testing.Pyftpdlib;
import dev.ferry.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ferry's command line across NAT and IPv6 made of network namespaces, against pyftpdlib. */
class NetworkLabTest {

    private static final int CONTROL_PORT = 2121;

    @TempDir
    Path directory;

    private static String url(String host) {
        String address = host.contains(":") ? "[" + host + "]" : host;
        return "ftp://" + Interop.USER + ":" + Interop.PASSWORD + "@" + address + ":" + CONTROL_PORT;
    }

    private static String explain(CliProcess.Result result, Pyftpdlib server) {
        return result + "\n" + server.log();
    }

    @Test
    void passiveModeWorksFromBehindTheClientsNat() throws Exception {
        try (NetworkLab lab = NetworkLab.open()) {
            ClientBehindNat net = lab.clientBehindNat();
            try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("server"), Pyftpdlib.Options.plain()
                    .inNamespace(net.server(), ClientBehindNat.SERVER_ADDRESS, CONTROL_PORT))) {
                Files.write(server.root().resolve("behind-nat.txt"), "seen through NAT\n".getBytes());
                CliProcess.Result ls = lab.runCli(net.client(), directory.resolve("cli"), "ls", "--passive", "--log",
                        url(ClientBehindNat.SERVER_ADDRESS) + "/");
                assertEquals(0, ls.exitCode(), explain(ls, server));
                assertTrue(ls.stdout().contains(" behind-nat.txt"), explain(ls, server));
                // The server saw the router's address, not the client's private one: the NAT is real.
                assertTrue(server.log().contains(ClientBehindNat.ROUTER_PUBLIC_ADDRESS), server.log());
                assertFalse(server.log().contains(ClientBehindNat.CLIENT_ADDRESS), server.log());
            }
        }
    }

    @Test
    void passiveModeReachesAServerBehindNatThatAnnouncesItsPrivateAddress() throws Exception {
        try (NetworkLab lab = NetworkLab.open()) {
            ServerBehindNat net = lab.serverBehindNat(CONTROL_PORT, 40000, 40009);
            // Without EPSV the client must use PASV, whose reply names 10.200.2.2: unreachable from the client.
            try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("server"), Pyftpdlib.Options.plain()
                    .inNamespace(net.server(), ServerBehindNat.SERVER_ADDRESS, CONTROL_PORT)
                    .passivePorts(net.passiveFirst(), net.passiveLast()).withoutEpsv())) {
                byte[] content = TestFiles.bytes(400_000, 17);
                Files.write(server.root().resolve("private.bin"), content);
                Path back = directory.resolve("private.back");
                CliProcess.Result get = lab.runCli(net.client(), directory.resolve("cli"), "get", "--passive", "--log",
                        url(ServerBehindNat.ROUTER_PUBLIC_ADDRESS) + "/private.bin", back.toString());
                assertEquals(0, get.exitCode(), explain(get, server));
                assertTrue(get.stderr().contains("227 ") && get.stderr().contains("10,200,2,2"),
                        "the server announced its private address: " + explain(get, server));
                assertArrayEquals(content, Files.readAllBytes(back));
            }
        }
    }

    @Test
    void passiveModeOverIpv6OnAVethPair() throws Exception {
        try (NetworkLab lab = NetworkLab.open()) {
            Ipv6Pair net = lab.ipv6Pair();
            try (Pyftpdlib server = Pyftpdlib.start(directory.resolve("server"), Pyftpdlib.Options.plain()
                    .inNamespace(net.server(), Ipv6Pair.SERVER_ADDRESS, CONTROL_PORT))) {
                Files.write(server.root().resolve("six.txt"), "over IPv6\n".getBytes());
                CliProcess.Result ls = lab.runCli(net.client(), directory.resolve("cli"), "ls", "--passive", "--log",
                        url(Ipv6Pair.SERVER_ADDRESS) + "/");
                assertEquals(0, ls.exitCode(), explain(ls, server));
                assertTrue(ls.stdout().contains(" six.txt"), explain(ls, server));
                assertTrue(server.log().contains(Ipv6Pair.CLIENT_ADDRESS), server.log());
            }
        }
    }

    @Test
    void closingTheLabRemovesItsNamespacesAndWhatRanInThem() throws Exception {
        List<String> names = new ArrayList<>();
        Process sleeper;
        try (NetworkLab lab = NetworkLab.open()) {
            ClientBehindNat net = lab.clientBehindNat();
            names.addAll(List.of(net.client().name(), net.router().name(), net.server().name()));
            sleeper = net.server().start(List.of("sleep", "600"), directory.resolve("sleep.out"));
            assertTrue(namespaces().containsAll(names), namespaces().toString());
        }
        assertFalse(sleeper.isAlive(), "what ran inside was stopped");
        List<String> left = namespaces();
        assertTrue(names.stream().noneMatch(left::contains), "left behind: " + left);
    }

    private static List<String> namespaces() throws IOException, InterruptedException {
        Process list = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String output = new String(list.getInputStream().readAllBytes());
        list.waitFor();
        return output.lines().map(l -> l.split("\\s+")[0]).toList();
    }
}
