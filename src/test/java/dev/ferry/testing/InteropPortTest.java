package dev.ferry.testing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server's port in the interop suites and its neighbour below lie below the kernel's ephemeral
 * range, which no client connection is given a port from: netkit's ftpd (and other
 * BSD-derived daemons) send active-mode data from the control port minus one, and when that port is
 * taken netkit retries its bind for about a minute while the client waits (a CI run failed so:
 * RETR after EPRT unanswered for 30 s).
 */
class InteropPortTest {

    @Test
    void aServerPortAndTheOneBelowItAreOutsideTheRangeHandedOutToOtherConnections() throws IOException {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        Assumptions.assumeTrue(Files.isReadable(range), "not Linux: no " + range);
        // Line by line: Files.readString of a /proc file gave "3" on JDK 25 (its size says 0), which
        // made freePort skip its range, and this test accept any port since "3" is below 10,000.
        int ephemeralLow = Integer.parseInt(Files.readAllLines(range).getFirst().trim().split("\\s+")[0]);
        assertTrue(ephemeralLow > Interop.LOWEST_SERVER_PORT + 100, "the kernel's ephemeral range starts at " + ephemeralLow);
        for (int i = 0; i < 50; i++) {
            int port = Interop.freePort();
            assertTrue(port - 1 >= Interop.LOWEST_SERVER_PORT && port < ephemeralLow,
                    "port " + port + " or the one below is outside " + Interop.LOWEST_SERVER_PORT + " .. " + ephemeralLow);
        }
    }
}
