package dev.switchyard.runtime.pjrt;

import java.nio.file.Path;

/** The built C test plugin, for tests outside this package. */
public final class TestPluginPath {
    private TestPluginPath() {}

    public static Path get() { return TestPlugin.path(); }
}
