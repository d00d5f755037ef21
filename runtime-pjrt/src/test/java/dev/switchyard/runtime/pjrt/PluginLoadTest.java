package dev.switchyard.runtime.pjrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading plugins: missing files, non-plugins, and API versions older, newer or incompatible. */
class PluginLoadTest {

    @TempDir
    Path dir;

    @Test
    void missingFile() {
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PjrtPlugin.load(dir.resolve("nope.so")));
        assertTrue(e.getMessage().contains("nope.so does not exist"), e.getMessage());
    }

    @Test
    void notASharedLibrary() throws Exception {
        Path text = Files.writeString(dir.resolve("plugin.so"), "not an ELF file");
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PjrtPlugin.load(text));
        assertTrue(e.getMessage().contains("could not be loaded as a shared library"), e.getMessage());
    }

    @Test
    void libraryWithoutGetPjrtApi() throws Exception {
        Path source = Files.writeString(dir.resolve("empty.c"), "int sy_not_pjrt(void) { return 1; }\n");
        Path lib = TestPlugin.compile(source, dir.resolve("libempty.so"));
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PjrtPlugin.load(lib));
        assertTrue(e.getMessage().contains("does not export GetPjrtApi"), e.getMessage());
    }

    @Test
    void differentMajorVersionIsRefused() throws Exception {
        Path copy = TestPlugin.copy(dir, "libmajor.so");
        TestPlugin.controls(copy).setApi(1, 2, PjrtFunction.Buffer_ToHostBuffer.ordinal() + 1);
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PjrtPlugin.load(copy));
        assertTrue(e.getMessage().contains("speaks PJRT C API 1.2 but Switchyard binds 0.104"), e.getMessage());
    }

    @Test
    void olderMinorIsAcceptedAndMissingFunctionsFailWhenCalled() throws Exception {
        Path copy = TestPlugin.copy(dir, "libolder.so");
        TestPlugin older = TestPlugin.controls(copy);
        // An older table: it ends at Buffer_ToHostBuffer and leaves DeserializeAndLoad empty.
        older.setApi(0, 40, PjrtFunction.Buffer_ToHostBuffer.ordinal() + 1);
        older.clearSlot(PjrtFunction.Executable_DeserializeAndLoad);
        PjrtPlugin plugin = PjrtPlugin.load(copy);
        assertEquals(new ApiVersion(0, 40), plugin.apiVersion());
        try (PjrtClient client = plugin.createClient();
             PjrtLoadedExecutable exe = client.compile(Programs.IDENTITY_1, XlaCompileOptions.forMesh(List.of(0L), false))) {
            byte[] bytes = exe.serialize();
            PjrtException e = assertThrows(PjrtException.class, () -> client.deserializeAndLoad(bytes));
            assertEquals(PjrtErrorCode.UNIMPLEMENTED, e.code());
            assertTrue(e.getMessage().contains("PJRT API 0.40") && e.getMessage().contains("does not provide PJRT_Executable_DeserializeAndLoad"),
                    e.getMessage());
        }
    }

    @Test
    void newerPluginRejectingAShortStructGetsAHint() throws Exception {
        Path copy = TestPlugin.copy(dir, "libnewer.so");
        TestPlugin newer = TestPlugin.controls(copy);
        newer.setApi(0, 120, PjrtFunction.Buffer_ToHostBuffer.ordinal() + 1);
        try (PjrtClient client = PjrtPlugin.load(copy).createClient()) {
            newer.failNext("PJRT_Client_Compile", 3, "Unexpected PJRT_Client_Compile_Args size: expected 64, got 56");
            PjrtException e = assertThrows(PjrtException.class,
                    () -> client.compile(Programs.IDENTITY_1, XlaCompileOptions.forMesh(List.of(0L), false)));
            assertTrue(e.getMessage().endsWith("[the plugin speaks PJRT API 0.120, newer than the 0.104 structs Switchyard"
                    + " writes; append the new fields to PjrtStructs]"), e.getMessage());
        }
    }

    @Test
    void tableTooShortForTheCallsWeNeedIsRefused() throws Exception {
        Path copy = TestPlugin.copy(dir, "libshort.so");
        TestPlugin.controls(copy).setApi(0, 5, PjrtFunction.Client_Destroy.ordinal() + 1);
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PjrtPlugin.load(copy));
        assertTrue(e.getMessage().contains("(API 0.5) lacks PJRT_Client_AddressableDevices, PJRT_Client_Compile"), e.getMessage());
    }

    @Test
    void initializeFailureIsALoadError() throws Exception {
        Path copy = TestPlugin.copy(dir, "libinitfail.so");
        TestPlugin.controls(copy).failNext("PJRT_Plugin_Initialize", 14, "no devices found");
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PjrtPlugin.load(copy));
        assertTrue(e.getMessage().contains("UNAVAILABLE: no devices found"), e.getMessage());
    }
}
