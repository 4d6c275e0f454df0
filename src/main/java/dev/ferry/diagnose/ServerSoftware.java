package dev.ferry.diagnose;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server software a greeting names, when it names one (many hide it on purpose). */
final class ServerSoftware {

    private record Known(Pattern pattern, String name) {
    }

    private static final List<Known> KNOWN = List.of(
            known("vsFTPd(?:\\s+([0-9][0-9.]*[0-9]))?", "vsFTPd"),
            known("ProFTPD(?:\\s+([0-9][0-9.a-z]*))?", "ProFTPD"),
            known("Pure-FTPd", "Pure-FTPd"),
            known("FileZilla Server(?:\\s+(?:version\\s+)?([0-9][0-9.]*[0-9](?:\\s*beta)?))?", "FileZilla Server"),
            known("Microsoft FTP Service", "Microsoft IIS FTP"),
            known("Serv-U FTP Server(?:\\s+v?([0-9][0-9.]*[0-9]))?", "Serv-U"),
            known("pyftpdlib(?:\\s+([0-9][0-9.]*[0-9]))?", "pyftpdlib"),
            known("Twisted(?:\\s+([0-9][0-9.]*[0-9]))?", "Twisted"),
            known("wu-([0-9][0-9.]*[0-9])", "wu-ftpd"),
            known("WS_FTP Server(?:\\s+([0-9][0-9.]*[0-9]))?", "WS_FTP Server"),
            known("CrushFTP(?:\\s*([0-9][0-9.]*[0-9]))?", "CrushFTP"),
            known("glFTPd(?:\\s+([0-9][0-9.]*[0-9]))?", "glFTPd"),
            known("Titan FTP Server(?:\\s+([0-9][0-9.]*[0-9]))?", "Titan FTP Server"),
            known("Cerberus FTP Server(?:\\s+([0-9][0-9.]*[0-9]))?", "Cerberus FTP Server"),
            known("bftpd(?:\\s+([0-9][0-9.]*[0-9]))?", "bftpd"),
            known("GNU inetutils(?:\\s+([0-9][0-9.]*[0-9]))?", "GNU inetutils ftpd"),
            known("aioftp", "aioftp"));

    private static Known known(String regex, String name) {
        return new Known(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), name);
    }

    private ServerSoftware() {
    }

    /** "vsFTPd 3.0.3", "ProFTPD", or empty. */
    static Optional<String> named(String greeting) {
        if (greeting == null) {
            return Optional.empty();
        }
        for (Known known : KNOWN) {
            Matcher m = known.pattern().matcher(greeting);
            if (m.find()) {
                String version = m.groupCount() >= 1 ? m.group(1) : null;
                return Optional.of(version == null ? known.name() : known.name() + " " + version);
            }
        }
        return Optional.empty();
    }
}
