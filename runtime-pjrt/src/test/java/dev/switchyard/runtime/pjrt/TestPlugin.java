package dev.switchyard.runtime.pjrt;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The C test plugin (src/test/c/pjrt_test_plugin.c), compiled with gcc into target/ on first use,
 * and its test controls (failure injection, recorded inputs, live-object count, layout table),
 * called through FFM like the plugin itself.
 */
final class TestPlugin {

    static final Path SOURCE = Path.of("src/test/c/pjrt_test_plugin.c");
    static final Path OUT = Path.of("target/test-plugin");

    private static Path library;

    /** A row of the plugin's layout table: what gcc computed for one field. */
    record CField(String struct, String field, long offset, long size) {}

    private final SymbolLookup symbols;

    private TestPlugin(Path path) {
        this.symbols = SymbolLookup.libraryLookup(path, Arena.global());
    }

    /** The shared test plugin (one per test JVM). */
    static synchronized Path path() {
        if (library == null) library = compile(SOURCE, OUT.resolve("libpjrt_test_plugin.so"));
        return library;
    }

    static TestPlugin controls() { return controls(path()); }

    /** Controls of the library at {@code path} (a copy of the plugin has its own state). */
    static TestPlugin controls(Path path) {
        try {
            return new TestPlugin(path.toRealPath());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A separate copy of the plugin, so a test can reconfigure it without touching the shared one. */
    static Path copy(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        Files.copy(path(), p, StandardCopyOption.REPLACE_EXISTING);
        return p.toRealPath();
    }

    static Path compile(Path source, Path target) {
        try {
            Files.createDirectories(target.getParent());
            if (Files.exists(target) && Files.getLastModifiedTime(target).compareTo(Files.getLastModifiedTime(source)) > 0) {
                return target.toRealPath();
            }
            Path log = target.resolveSibling(target.getFileName() + ".log");
            Process gcc;
            try {
                gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-Wall", "-Wextra", "-Werror",
                        "-Wno-unused-parameter", "-Wno-unused-function", "-o", target.toString(), source.toString(), "-lpthread")
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("the PJRT tests need gcc to build the C test plugin; install it (apt-get install -y gcc)", e);
            }
            if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
                throw new IllegalStateException("gcc failed to build the test plugin:\n" + Files.readString(log));
            }
            return target.toRealPath();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("building the test plugin failed", e);
        }
    }

    private MethodHandle fn(String name, FunctionDescriptor d) {
        return Linker.nativeLinker().downcallHandle(symbols.find(name).orElseThrow(), d);
    }

    /** Makes the next call of {@code function} (e.g. {@code PJRT_Client_Compile}) fail with {@code code}. */
    void failNext(String function, int code, String message) {
        try (Arena a = Arena.ofConfined()) {
            fn("sy_test_fail_next", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS))
                    .invokeExact(a.allocateFrom(function), code, a.allocateFrom(message));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Errors, events, buffers, executables and clients the plugin has allocated and not yet freed. */
    long liveObjects() {
        try {
            return (long) fn("sy_test_live_objects", FunctionDescriptor.of(ValueLayout.JAVA_LONG)).invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    long compileCount() {
        try {
            return (long) fn("sy_test_compile_count", FunctionDescriptor.of(ValueLayout.JAVA_LONG)).invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private long counter(String name) {
        try {
            return (long) fn(name, FunctionDescriptor.of(ValueLayout.JAVA_LONG)).invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Bytes copied host to device (PJRT_Client_BufferFromHostBuffer) since the plugin was loaded. */
    long hostToDeviceBytes() { return counter("sy_test_host_to_device_bytes"); }

    /** Bytes copied device to host (PJRT_Buffer_ToHostBuffer) since the plugin was loaded. */
    long deviceToHostBytes() { return counter("sy_test_device_to_host_bytes"); }

    /** Key-value store callbacks (get, try_get, put) the plugin has made. */
    long kvCalls() { return counter("sy_test_kv_calls"); }

    /** Input buffers whose memory an execute gave to an output (donation honoured). */
    long donations() { return counter("sy_test_donations"); }

    /** The non_donatable_input_indices of the last execute. */
    long[] lastNonDonatable() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment size = a.allocate(ValueLayout.JAVA_LONG);
            MemorySegment p = (MemorySegment) fn("sy_test_last_non_donatable", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS))
                    .invokeExact(size);
            long n = size.get(ValueLayout.JAVA_LONG, 0);
            return n == 0 ? new long[0] : p.reinterpret(8 * n).toArray(ValueLayout.JAVA_LONG);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private byte[] recorded(String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment size = a.allocate(ValueLayout.JAVA_LONG);
            MemorySegment p = (MemorySegment) fn(name, FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS)).invokeExact(size);
            long n = size.get(ValueLayout.JAVA_LONG, 0);
            return n == 0 ? new byte[0] : p.reinterpret(n).toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    String lastProgram() { return new String(recorded("sy_test_last_program"), StandardCharsets.UTF_8); }

    byte[] lastCompileOptions() { return recorded("sy_test_last_compile_options"); }

    String lastCreateOptions() {
        try {
            MemorySegment p = (MemorySegment) fn("sy_test_last_create_options", FunctionDescriptor.of(ValueLayout.ADDRESS)).invokeExact();
            return p.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Reconfigures this copy's GetPjrtApi: version and number of function slots. */
    void setApi(int major, int minor, int slots) {
        try {
            fn("sy_test_set_api", FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG))
                    .invokeExact(major, minor, (long) slots);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Empties one function slot of this copy's table. */
    void clearSlot(PjrtFunction f) {
        try {
            fn("sy_test_clear_slot", FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG)).invokeExact((long) f.ordinal());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private List<CField> table(String count, String entry) {
        try {
            long n = (long) fn(count, FunctionDescriptor.of(ValueLayout.JAVA_LONG)).invokeExact();
            MethodHandle get = fn(entry, FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            List<CField> rows = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                MemorySegment e = ((MemorySegment) get.invokeExact(i)).reinterpret(32);
                rows.add(new CField(e.get(ValueLayout.ADDRESS, 0).reinterpret(Long.MAX_VALUE).getString(0),
                        e.get(ValueLayout.ADDRESS, 8).reinterpret(Long.MAX_VALUE).getString(0),
                        e.get(ValueLayout.JAVA_LONG, 16), e.get(ValueLayout.JAVA_LONG, 24)));
            }
            return rows;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Every field of every args struct as gcc laid it out. */
    List<CField> layout() { return table("sy_test_layout_count", "sy_test_layout_entry"); }

    /** The function slots of the plugin's PJRT_Api as gcc laid them out. */
    List<CField> apiSlots() { return table("sy_test_api_slot_count", "sy_test_api_slot"); }
}
