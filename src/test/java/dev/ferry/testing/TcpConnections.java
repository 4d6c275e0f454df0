package dev.ferry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Open TCP connections as the kernel sees them ({@code /proc/net/tcp}, Linux): how many
 * connections a server holds right now, counted on the server's side, independently of what the
 * client says about itself.
 */
public final class TcpConnections {

    private static final String ESTABLISHED = "01";

    private TcpConnections() {
    }

    /** Established IPv4 connections whose local port is in {@code [first, last]} (a server's passive data ports). */
    public static int establishedOnLocalPorts(int first, int last) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/net/tcp"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/net/tcp (not Linux?)", e);
        }
        int count = 0;
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 4 || !fields[3].equals(ESTABLISHED)) {
                continue;
            }
            String local = fields[1];
            int port = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
            if (port >= first && port <= last) {
                count++;
            }
        }
        return count;
    }
}
