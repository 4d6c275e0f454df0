package dev.ferry.ftp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FtpFeaturesTest {

    @Test
    void featReplyIsParsedIntoNamesAndParameters() {
        FtpReply reply = new FtpReply(211, List.of("211-Features:", " MDTM", " REST STREAM", " SIZE",
                " MLST type*;size*;modify*;", " UTF8", " AUTH TLS", " epsv", " HASH SHA-256*;SHA-1;MD5", "211 End"));
        FtpFeatures features = FtpFeatures.parse(reply);
        assertTrue(features.has("MDTM"));
        assertTrue(features.has("epsv"), "feature names are case-insensitive");
        assertTrue(features.supportsRestStream());
        assertTrue(features.supportsMlsd());
        assertTrue(features.supportsUtf8());
        assertEquals("type*;size*;modify*;", features.parameters("MLST"));
        assertEquals("SHA-256*;SHA-1;MD5", features.parameters("HASH"));
        assertFalse(features.has("MFMT"));
    }

    @Test
    void refusedFeatMeansNoFeatures() {
        assertEquals(FtpFeatures.NONE, FtpFeatures.parse(FtpReply.of(500, "Unknown command")));
        assertEquals(FtpFeatures.NONE, FtpFeatures.parse(FtpReply.of(211, "No features")));
    }

    @Test
    void secretsAreMaskedInTheLog() {
        assertEquals("PASS ****", DialogueLog.maskSecrets("PASS hunter2"));
        assertEquals("pass ****", DialogueLog.maskSecrets("pass hunter2"));
        assertEquals("ACCT ****", DialogueLog.maskSecrets("ACCT secret-account"));
        assertEquals("USER bob", DialogueLog.maskSecrets("USER bob"));
        assertEquals("PASSIVE", DialogueLog.maskSecrets("PASSIVE"));
    }

    @Test
    void quotedPathsAndMdtm() {
        assertEquals("/a \"quoted\" dir", SessionContext.parseQuotedPath(FtpReply.of(257, "\"/a \"\"quoted\"\" dir\" created")));
        assertEquals(null, SessionContext.parseQuotedPath(FtpReply.of(257, "no quotes")));
        assertEquals("2024-01-02T03:04:05Z", FileCommands.parseMdtm("20240102030405").orElseThrow().toString());
        assertEquals("2024-01-02T03:04:05Z", FileCommands.parseMdtm("20240102030405.123").orElseThrow().toString());
        assertTrue(FileCommands.parseMdtm("garbage").isEmpty());
    }

    @Test
    void remotePaths() {
        assertEquals("/a/b", RemotePaths.join("/a", "b"));
        assertEquals("/b", RemotePaths.join("/", "b"));
        assertEquals("/a", RemotePaths.parent("/a/b"));
        assertEquals("/", RemotePaths.parent("/a"));
        assertEquals("b", RemotePaths.name("/a/b/"));
        assertEquals("/b", RemotePaths.normalize("/a/../b/./"));
        assertEquals("/", RemotePaths.normalize("/../.."));
    }
}
