package dev.ferry.interop;

import dev.ferry.ftp.DataConnectionMode;
import dev.ferry.testing.Aioftp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * aioftp 0.21 (Debian package). It has no active mode (PORT: 502) and takes {@code LIST -a} as
 * a path: Ferry downloads and uploads in passive mode today; its listing fails (interop matrix).
 */
class AioftpInteropTest {

    @TempDir
    Path directory;

    @Test
    void downloadAndUploadInPassiveMode() throws Exception {
        try (Aioftp server = Aioftp.start(directory.resolve("server"))) {
            ServerSmoke.run(ServerSmoke.settings(server, DataConnectionMode.PASSIVE).build(), server.root(), null,
                    directory, "served.bin", "uploaded.bin", false, server::log);
        }
    }

    /** The quirk the harness is for, seen on the wire: "-a" names a file that does not exist. */
    @Test
    void takesListDashAAsAPath() throws Exception {
        try (Aioftp server = Aioftp.start(directory.resolve("server"));
             Socket socket = new Socket("127.0.0.1", server.port())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            StringBuilder dialogue = new StringBuilder(in.readLine()).append('\n');
            String last = null;
            for (String command : new String[]{"USER " + dev.ferry.testing.Interop.USER,
                    "PASS " + dev.ferry.testing.Interop.PASSWORD, "EPSV", "LIST -a"}) {
                out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
                last = in.readLine();
                dialogue.append(command.startsWith("PASS") ? "PASS ****" : command).append(" -> ").append(last).append('\n');
            }
            assertTrue(last.startsWith("550 "), dialogue + server.log());
        }
    }
}
