package dev.ferry.ui.explorer;

import dev.ferry.ftp.RemotePaths;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CameFromTest {

    @Test
    void theChildOnTheWayDownToWhereTheUserWas() {
        assertEquals("/docs", CameFrom.childOf("/", "/docs", RemotePaths::parent));
        assertEquals("/docs", CameFrom.childOf("/", "/docs/deeper/deepest", RemotePaths::parent));
        assertEquals("/docs/deeper", CameFrom.childOf("/docs", "/docs/deeper", RemotePaths::parent));
    }

    @Test
    void nothingWhenTheUserDidNotComeUp() {
        assertNull(CameFrom.childOf("/docs", "/docs", RemotePaths::parent), "a refresh");
        assertNull(CameFrom.childOf("/docs/deeper", "/docs", RemotePaths::parent), "going down");
        assertNull(CameFrom.childOf("/alpha", "/docs/deeper", RemotePaths::parent), "a jump sideways");
        assertNull(CameFrom.childOf("/docs", null, RemotePaths::parent), "the first listing");
        assertNull(CameFrom.childOf("other", "relative/path", RemotePaths::parent), "a root that is its own parent");
    }
}
