package dev.ferry.site;

import dev.ferry.ftp.TlsMode;
import dev.ferry.message.Message;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

/**
 * Imports FileZilla's {@code sitemanager.xml}: folders, host, port, protocol, logon type, user,
 * passwords (plain, base64, or encrypted under FileZilla's master password when the user gives
 * it: {@link FileZillaCrypt}), transfer mode, charset, directories, time zone offset, comments,
 * colour, bookmarks. Passwords are kept where the {@link SiteStore.Importer} keeps them and
 * counted; whatever cannot be mapped is named in the report. The XML parser refuses DTDs and
 * external entities.
 */
final class FileZillaImport {

    private static final String[] COLOURS = {null, "red", "green", "blue", "yellow", "cyan", "magenta", "orange"};

    private final SiteStore store;
    private final SiteStore.Importer importer;
    private final List<Message> notes;
    private final char[] masterPassword;
    private final Map<String, FileZillaCrypt> decryptors = new HashMap<>();
    private final Set<String> wrongKeys = new HashSet<>();
    private int encryptedUnread;

    FileZillaImport(SiteStore store, SiteStore.Importer importer, char[] masterPassword) {
        this.store = store;
        this.importer = importer;
        this.notes = importer.notes;
        this.masterPassword = masterPassword;
    }

    SiteStore.ImportReport run(Path file) throws IOException {
        Document xml;
        try (InputStream in = Files.newInputStream(file)) {
            xml = parser().parse(in);
        } catch (SAXException e) {
            throw new IOException("Not a FileZilla site manager file: " + e.getMessage(), e);
        }
        Element root = xml.getDocumentElement();
        Element servers = child(root, "Servers");
        if (!"FileZilla3".equals(root.getNodeName()) || servers == null) {
            throw new IOException("Not a FileZilla site manager file (no FileZilla3/Servers element)");
        }
        try {
            walk(servers, List.of());
        } finally {
            decryptors.values().forEach(FileZillaCrypt::destroy);
        }
        if (encryptedUnread > 0 && (masterPassword == null || masterPassword.length == 0)) {
            notes.addFirst(Message.of(SiteText.IMPORT_FILEZILLA_MASTER_NEEDED, encryptedUnread));
        }
        return importer.report();
    }

    private static DocumentBuilder parser() throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IOException("no safe XML parser available", e);
        }
    }

    private void walk(Element container, List<String> folder) throws IOException {
        for (Node node = container.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (!(node instanceof Element element)) {
                continue;
            }
            switch (element.getNodeName()) {
                case "Folder" -> {
                    String name = ownText(element).strip();
                    if (name.isEmpty()) {
                        name = "Unnamed folder";
                    }
                    List<String> sub = new ArrayList<>(folder);
                    sub.add(name.replace('/', '_'));
                    store.addFolder(sub);
                    walk(element, sub);
                }
                case "Server" -> server(element, folder);
                default -> {
                }
            }
        }
    }

    private void server(Element server, List<String> folder) throws IOException {
        String name = text(server, "Name");
        if (name == null || name.isBlank()) {
            name = ownText(server).strip();
        }
        String host = text(server, "Host");
        if (name == null || name.isBlank()) {
            name = host == null ? "Unnamed site" : host;
        }
        String where = folder.isEmpty() ? name : String.join("/", folder) + "/" + name;
        if (host == null || host.isBlank()) {
            notes.add(Message.of(SiteText.IMPORT_NO_HOST, where));
            return;
        }
        int protocolCode = integer(server, "Protocol", 0);
        TlsMode protocol = switch (protocolCode) {
            case 0 -> TlsMode.EXPLICIT_IF_AVAILABLE;
            case 3 -> TlsMode.IMPLICIT;
            case 4 -> TlsMode.EXPLICIT;
            case 6 -> TlsMode.NONE;
            default -> null;
        };
        if (protocol == null) {
            notes.add(Message.of(SiteText.IMPORT_NOT_FTP, where, protocolName(protocolCode)));
            return;
        }
        int port = integer(server, "Port", 0);
        SiteProfile.Builder site = SiteProfile.builder("pending", name.replace('/', '_'), host.strip())
                .folder(folder).port(port == protocol.defaultPort() ? 0 : port).protocol(protocol);

        int logon = integer(server, "Logontype", 1);
        site.logonType(switch (logon) {
            case 0 -> LogonType.ANONYMOUS;
            case 2 -> LogonType.ASK_FOR_PASSWORD;
            case 3 -> LogonType.INTERACTIVE;
            case 4 -> LogonType.ACCOUNT;
            default -> LogonType.NORMAL;
        });
        if (logon >= 5) {
            notes.add(Message.of(SiteText.IMPORT_LOGON_TYPE, where, logon));
        }
        site.user(text(server, "User"));
        String account = text(server, "Account");
        if (account != null && !account.isBlank()) {
            notes.add(Message.of(SiteText.IMPORT_ACCOUNT_NOT_IMPORTED, where));
        }

        String pasv = text(server, "PasvMode");
        site.transferMode(pasv == null ? TransferMode.DEFAULT : switch (pasv) {
            case "MODE_ACTIVE" -> TransferMode.ACTIVE;
            case "MODE_PASSIVE" -> TransferMode.PASSIVE;
            default -> TransferMode.DEFAULT;
        });
        String encoding = text(server, "EncodingType");
        if ("Custom".equalsIgnoreCase(encoding)) {
            String custom = text(server, "CustomEncoding");
            try {
                site.charset(java.nio.charset.Charset.forName(custom).name());
            } catch (RuntimeException e) {
                notes.add(Message.of(SiteText.IMPORT_UNKNOWN_CHARSET, where, custom));
            }
        }
        int offset = integer(server, "TimezoneOffset", 0);
        if (offset != 0) {
            site.listingTimeZone(java.time.ZoneOffset.ofTotalSeconds(offset * 60).getId());
        }
        site.localDirectory(blankToNull(text(server, "LocalDir")));
        site.remoteDirectory(remoteDirectory(text(server, "RemoteDir")));
        site.comment(blankToNull(text(server, "Comments")));
        int colour = integer(server, "Colour", 0);
        if (colour > 0 && colour < COLOURS.length) {
            site.colour(COLOURS[colour]);
        }
        int connections = integer(server, "MaximumMultipleConnections", 0);
        if (connections > 0) {
            site.maxConnections(Math.min(connections, 10));
        }
        if (integer(server, "Type", 0) != 0) {
            notes.add(Message.of(SiteText.IMPORT_SERVER_TYPE, where, integer(server, "Type", 0)));
        }
        List<Bookmark> bookmarks = new ArrayList<>();
        for (Node node = server.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getNodeName().equals("Bookmark")) {
                bookmarks.add(new Bookmark(text(element, "Name"), blankToNull(text(element, "LocalDir")),
                        remoteDirectory(text(element, "RemoteDir"))));
            }
        }
        site.bookmarks(bookmarks);
        SiteProfile built = site.build();
        // A site imported before that has its password needs none: its encrypted one is not "unread".
        importer.add(built, importer.hasItsPasswordHere(built) ? null : password(server, where));
    }

    private String password(Element server, String where) {
        Element pass = child(server, "Pass");
        if (pass == null) {
            return null;
        }
        String encoding = pass.getAttribute("encoding");
        String value = pass.getTextContent();
        if (encoding == null || encoding.isEmpty()) {
            return value;
        }
        if (encoding.equalsIgnoreCase("base64")) {
            try {
                return new String(Base64.getMimeDecoder().decode(value.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                notes.add(Message.of(SiteText.IMPORT_PASSWORD_NOT_BASE64, where));
                return null;
            }
        }
        if (encoding.equalsIgnoreCase("crypt")) {
            return decrypt(pass.getAttribute("pubkey"), value, where);
        }
        notes.add(Message.of(SiteText.IMPORT_PASSWORD_UNKNOWN_ENCODING, where, encoding));
        return null;
    }

    /** A password under FileZilla's master password: read with it when the user gave it. */
    private String decrypt(String pubkey, String value, String where) {
        if (masterPassword == null || masterPassword.length == 0) {
            encryptedUnread++;
            notes.add(Message.of(SiteText.IMPORT_PASSWORD_NEEDS_FILEZILLA_MASTER, where));
            return null;
        }
        try {
            if (wrongKeys.contains(pubkey)) {
                throw new FileZillaCrypt.CryptException(FileZillaCrypt.Failure.WRONG_MASTER_PASSWORD);
            }
            FileZillaCrypt crypt = decryptors.get(pubkey);
            if (crypt == null) {
                crypt = FileZillaCrypt.unlock(pubkey, masterPassword);
                decryptors.put(pubkey, crypt);
            }
            return crypt.decrypt(value);
        } catch (FileZillaCrypt.CryptException e) {
            if (e.failure == FileZillaCrypt.Failure.WRONG_MASTER_PASSWORD) {
                wrongKeys.add(pubkey);
                notes.add(Message.of(SiteText.IMPORT_PASSWORD_WRONG_FILEZILLA_MASTER, where));
            } else {
                notes.add(Message.of(SiteText.IMPORT_PASSWORD_FILEZILLA_DAMAGED, where));
            }
            return null;
        }
    }

    /**
     * FileZilla writes remote directories as "type prefix-length (length segment)*", e.g.
     * "1 0 4 home 3 bob" for /home/bob on a Unix server (segments may contain spaces).
     */
    static String remoteDirectory(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            return null;
        }
        String text = encoded.strip();
        if (text.startsWith("/")) {
            return text;
        }
        int position = 0;
        try {
            int[] cursor = {0};
            // The first number is FileZilla's server path type; the segments make a path FTP commands take.
            nextNumber(text, cursor);
            int prefixLength = nextNumber(text, cursor);
            position = cursor[0];
            if (prefixLength > 0) {
                position += prefixLength + 1;
            }
            StringBuilder path = new StringBuilder();
            while (position < text.length()) {
                cursor[0] = position;
                int length = nextNumber(text, cursor);
                int start = cursor[0];
                path.append('/').append(text, start, start + length);
                position = start + length + 1;
            }
            return path.isEmpty() ? "/" : path.toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int nextNumber(String text, int[] cursor) {
        int end = text.indexOf(' ', cursor[0]);
        if (end < 0) {
            end = text.length();
        }
        int value = Integer.parseInt(text.substring(cursor[0], end));
        cursor[0] = Math.min(end + 1, text.length());
        return value;
    }

    private static String protocolName(int code) {
        return switch (code) {
            case 1 -> "SFTP";
            case 2 -> "HTTP";
            case 5 -> "HTTPS";
            case 7 -> "S3";
            default -> "number " + code;
        };
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getNodeName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? null : child.getTextContent();
    }

    private static int integer(Element parent, String name, int fallback) {
        String value = text(parent, name);
        try {
            return value == null ? fallback : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Text directly inside an element (FileZilla's folder names), not its children's. */
    private static String ownText(Element element) {
        StringBuilder text = new StringBuilder();
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node.getNodeType() == Node.TEXT_NODE) {
                text.append(node.getNodeValue());
            }
        }
        return text.toString();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
