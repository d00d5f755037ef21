package dev.switchyard.tests.xla;

import dev.switchyard.hlo.exec.ExecutionException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.tensorflow.TensorFlow;

/**
 * Loads TensorFlow's native library once per JVM. The first load on a machine unpacks ~650 MB
 * from the native jar into JavaCPP's cache ({@code ~/.javacpp/cache}, or the directory in the
 * system property {@code org.bytedeco.javacpp.cachedir}); later loads take about half a second.
 */
final class TensorFlowRuntime {

    private static volatile String version;

    private TensorFlowRuntime() {}

    static synchronized String load() throws ExecutionException {
        if (version != null) return version;
        quietInfoLogs();
        try {
            version = TensorFlow.version();
            return version;
        } catch (LinkageError | RuntimeException e) {
            throw new ExecutionException("could not load TensorFlow's native library (XLA CPU oracle): " + e
                    + "; JavaCPP unpacks ~650 MB into ~/.javacpp/cache (or -Dorg.bytedeco.javacpp.cachedir) on first use"
                    + " - check that it is writable and has room", e);
        }
    }

    /**
     * TensorFlow logs INFO lines (oneDNN, CPU features) to stderr at load time. Unless the user set
     * TF_CPP_MIN_LOG_LEVEL, hide INFO only: warnings and errors (the MLIR diagnostics) still show.
     */
    private static void quietInfoLogs() {
        if (System.getenv("TF_CPP_MIN_LOG_LEVEL") != null) return;
        Linker linker = Linker.nativeLinker();
        MethodHandle setenv = linker.downcallHandle(linker.defaultLookup().findOrThrow("setenv"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) setenv.invokeExact(arena.allocateFrom("TF_CPP_MIN_LOG_LEVEL"), arena.allocateFrom("1"), 0);
        } catch (Throwable t) {
            // only cosmetic: TensorFlow then logs its INFO lines
        }
    }
}
