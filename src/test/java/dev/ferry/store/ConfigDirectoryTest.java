package dev.ferry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDirectoryTest {

    @Test
    void homeIsTheEnvironmentsWhereOneIsSet() {
        assertEquals(Path.of("/tmp/sandbox"), ConfigDirectory.userHome(Map.of("HOME", "/tmp/sandbox"), "Linux", "/root"));
        assertEquals(Path.of("/tmp/sandbox/.config/ferry"),
                ConfigDirectory.resolve(Map.of(), "Linux", ConfigDirectory.userHome(Map.of("HOME", "/tmp/sandbox"), "Linux", "/root").toString()));
    }

    @Test
    void javasHomeWhereTheEnvironmentHasNoneOrOnWindows() {
        assertEquals(Path.of("/root"), ConfigDirectory.userHome(Map.of(), "Linux", "/root"));
        assertEquals(Path.of("/root"), ConfigDirectory.userHome(Map.of("HOME", ""), "Linux", "/root"));
        assertEquals(Path.of("/root"), ConfigDirectory.userHome(Map.of("HOME", "relative/home"), "Linux", "/root"));
        assertEquals(Path.of("C:\\Users\\me"), ConfigDirectory.userHome(Map.of("HOME", "/c/msys"), "Windows 11", "C:\\Users\\me"));
    }

    @Test
    void xdgConfigHomeAndTheOverrideComeFirst() {
        assertEquals(Path.of("/x/ferry"), ConfigDirectory.resolve(Map.of("XDG_CONFIG_HOME", "/x"), "Linux", "/home/me"));
        assertEquals(Path.of("/o"), ConfigDirectory.resolve(Map.of(ConfigDirectory.OVERRIDE_VARIABLE, "/o",
                "XDG_CONFIG_HOME", "/x"), "Linux", "/home/me"));
    }
}
