package dev.ferry.ui;

import dev.ferry.store.JsonFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UiStateTest {

    @TempDir
    Path directory;

    private UiState roundTrip(UiState state) throws Exception {
        JsonFile<UiState> file = new JsonFile<>(directory.resolve(UiState.FILE_NAME), UiState.class, UiState::defaults);
        file.save(state);
        return file.load().value();
    }

    @Test
    void theQueuesHeightIsKeptInPixels() throws Exception {
        UiState state = new UiState(10, 20, 1000, 700, true, java.util.Map.of("queue", 0.7), null, null, null, null,
                true, true, null, false, false, 182, true, null);
        UiState loaded = roundTrip(state);
        assertEquals(182, loaded.queueHeight());
        assertEquals(true, loaded.queuePaused());
        assertEquals(java.util.Map.of("queue", 0.7), loaded.dividers());
    }

    @Test
    void plainFtpAllowedForGoodIsKeptAndAHandEditedNullDoesNotCostTheFile() throws Exception {
        Path path = directory.resolve(UiState.FILE_NAME);
        Files.writeString(path, """
                {"x":10,"y":20,"width":1000,"height":700,"plainFtpConsents":["bob@files.example.org:21",null]}
                """);
        UiState loaded = new JsonFile<>(path, UiState.class, UiState::defaults).load().value();
        assertEquals(java.util.List.of("bob@files.example.org:21"), loaded.plainFtpConsents());
        assertEquals(1000, loaded.width(), "the rest of the file read");
        assertEquals(loaded.plainFtpConsents(), roundTrip(loaded).plainFtpConsents());
    }

    @Test
    void aHeightStoredAmongTheDividersByAnEarlierVersionIsRead() throws Exception {
        Path path = directory.resolve(UiState.FILE_NAME);
        Files.writeString(path, """
                {"x":10,"y":20,"width":1000,"height":700,"maximized":true,
                 "dividers":{"queue":0.7,"queueHeight":182.0},"logVisible":true,"queueVisible":true}
                """);
        UiState loaded = new JsonFile<>(path, UiState.class, UiState::defaults).load().value();
        assertEquals(182, loaded.queueHeight());
        assertEquals(java.util.Map.of("queue", 0.7), loaded.dividers(), "the fractions alone");
    }

    /** A quick connection's tab saved before plainFtp was kept: read as "TLS if available", as it was then. */
    @Test
    void aTabSavedByAnEarlierVersionIsReadWithoutPlainFtp() throws Exception {
        Path path = directory.resolve(UiState.FILE_NAME);
        Files.writeString(path, """
                {"width":1000,"height":700,"openTabs":[{"siteId":null,"localFolder":"/tmp","remoteFolder":"/docs",
                 "selected":true,"server":"ftp://ferry@127.0.0.1:2121"}]}
                """);
        UiState loaded = new JsonFile<>(path, UiState.class, UiState::defaults).load().value();
        assertEquals(java.util.List.of(new UiState.OpenTab(null, "/tmp", "/docs", true, "ftp://ferry@127.0.0.1:2121",
                false)), loaded.openTabs());
    }

    @Test
    void aPlainQuickConnectionsTabIsKeptAsPlain() throws Exception {
        UiState.OpenTab plain = new UiState.OpenTab(null, "/tmp", "/docs", true, "ftp://ferry@127.0.0.1:2121", true);
        UiState loaded = roundTrip(UiState.defaults().withOpenTabs(java.util.List.of(plain)));
        assertEquals(java.util.List.of(plain), loaded.openTabs());
    }
}
