package dev.switchyard.tests.xla;

import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * Captures what native code writes to the process's file descriptor 2 while an action runs.
 *
 * <p>TensorFlow reports a rejected StableHLO module to Java only as "Cannot deserialize
 * computation"; the MLIR diagnostic that says what is wrong goes to native stderr. Pointing fd 2 at
 * a temporary file for the duration of the call (dup/dup2) lets the failure message carry it.
 * Captures are serialised: fd 2 is one per process.
 */
final class NativeStderr {

    /** The action's outcome and everything written to fd 2 meanwhile. */
    record Captured<T>(T value, Throwable failure, String stderr) {}

    @FunctionalInterface
    interface Action<T> {
        T run() throws Exception;
    }

    private static final int STDERR = 2;
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_TRUNC = 01000;

    private static final MethodHandle DUP;
    private static final MethodHandle DUP2;
    private static final MethodHandle CLOSE;
    private static final MethodHandle OPEN;
    private static final MethodHandle FFLUSH;

    static {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        DUP = linker.downcallHandle(libc.findOrThrow("dup"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        DUP2 = linker.downcallHandle(libc.findOrThrow("dup2"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        CLOSE = linker.downcallHandle(libc.findOrThrow("close"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        OPEN = linker.downcallHandle(libc.findOrThrow("open"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                Linker.Option.firstVariadicArg(2));
        FFLUSH = linker.downcallHandle(libc.findOrThrow("fflush"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    }

    private NativeStderr() {}

    static synchronized <T> Captured<T> capture(Action<T> action) {
        Path file;
        try {
            file = Files.createTempFile("switchyard-xla-stderr", ".txt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            System.err.flush();
            int saved = redirect(file);
            T value = null;
            Throwable failure = null;
            try {
                value = action.run();
            } catch (Exception | Error e) {
                failure = e;
            } finally {
                System.err.flush();
                restore(saved);
            }
            return new Captured<>(value, failure, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless
            }
        }
    }

    private static int redirect(Path file) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom(file.toString()), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            if (fd < 0) throw new IllegalStateException("open(" + file + ") failed");
            int flushed = (int) FFLUSH.invokeExact(MemorySegment.NULL);
            int saved = (int) DUP.invokeExact(STDERR);
            int redirected = (int) DUP2.invokeExact(fd, STDERR);
            int closed = (int) CLOSE.invokeExact(fd);
            if (saved < 0 || redirected < 0) throw new IllegalStateException("dup/dup2 of fd 2 failed");
            return saved;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void restore(int saved) {
        try {
            int flushed = (int) FFLUSH.invokeExact(MemorySegment.NULL);
            int restored = (int) DUP2.invokeExact(saved, STDERR);
            int closed = (int) CLOSE.invokeExact(saved);
            if (restored < 0) throw new IllegalStateException("restoring fd 2 failed");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
