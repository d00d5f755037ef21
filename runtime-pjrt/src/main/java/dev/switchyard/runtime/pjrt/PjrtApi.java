package dev.switchyard.runtime.pjrt;

import static dev.switchyard.runtime.pjrt.PjrtStructs.ERROR_DESTROY;
import static dev.switchyard.runtime.pjrt.PjrtStructs.ERROR_GET_CODE;
import static dev.switchyard.runtime.pjrt.PjrtStructs.ERROR_MESSAGE;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * A plugin's {@code PJRT_Api} function table and the one way to call into it. Every PJRT function
 * takes a pointer to its args struct and returns a {@code PJRT_Error*}; {@link #call} turns a
 * non-null error into a {@link PjrtException} and destroys it — the only place that happens.
 */
final class PjrtApi {

    private static final Linker LINKER = Linker.nativeLinker();
    /** {@code PJRT_Error* fn(Args*)}: the signature of every slot but the first two. */
    private static final MethodHandle CALL = LINKER.downcallHandle(FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    /** {@code void fn(Args*)}: Error_Destroy, Error_Message, and deleters handed out by the plugin. */
    private static final MethodHandle CALL_VOID = LINKER.downcallHandle(FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));

    private final MemorySegment table;
    private final long structSize;
    private final ApiVersion version;

    PjrtApi(MemorySegment apiPointer) {
        MemorySegment head = apiPointer.reinterpret(HEAD_SIZE);
        this.structSize = head.get(ValueLayout.JAVA_LONG, 0);
        this.table = apiPointer.reinterpret(Math.max(structSize, HEAD_SIZE));
        MemorySegment v = table.asSlice(16, PjrtStructs.API_VERSION.layout().byteSize());
        this.version = new ApiVersion(PjrtStructs.API_VERSION.getInt(v, "major_version"),
                PjrtStructs.API_VERSION.getInt(v, "minor_version"));
    }

    /** struct_size, extension_start and PJRT_Api_Version: what every table has. */
    private static final long HEAD_SIZE = PjrtFunction.FIRST_SLOT_OFFSET;

    ApiVersion version() { return version; }

    long structSize() { return structSize; }

    /** Whether the plugin's table reaches {@code f}'s slot and fills it. */
    boolean has(PjrtFunction f) {
        return f.offset() + 8 <= structSize && !table.get(ValueLayout.ADDRESS, f.offset()).equals(MemorySegment.NULL);
    }

    private MemorySegment function(PjrtFunction f) throws PjrtException {
        if (!has(f)) {
            throw new PjrtException(PjrtErrorCode.UNIMPLEMENTED, f.cName(), "the plugin (PJRT API " + version
                    + ", function table of " + structSize + " bytes) does not provide " + f.cName());
        }
        return table.get(ValueLayout.ADDRESS, f.offset());
    }

    /** Calls {@code f} with its args struct; a returned error becomes a {@link PjrtException}. */
    void call(PjrtFunction f, MemorySegment args) throws PjrtException {
        MemorySegment error;
        try {
            error = (MemorySegment) CALL.invokeExact(function(f), args);
        } catch (PjrtException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("downcall to " + f.cName() + " failed", t);
        }
        check(f.cName(), error);
    }

    /** Calls a {@code void(void*)} function pointer the plugin handed out (a deleter). */
    static void callDeleter(MemorySegment fn, MemorySegment arg) {
        if (fn.equals(MemorySegment.NULL)) return;
        try {
            CALL_VOID.invokeExact(fn, arg);
        } catch (Throwable t) {
            throw new IllegalStateException("downcall to a plugin deleter failed", t);
        }
    }

    /**
     * The choke point: converts a {@code PJRT_Error*} (NULL = success) into a {@link PjrtException}
     * carrying the status code name and the plugin's message, and destroys the error.
     */
    void check(String function, MemorySegment error) throws PjrtException {
        if (error.equals(MemorySegment.NULL)) return;
        PjrtErrorCode code = PjrtErrorCode.UNKNOWN;
        String message = "(no message)";
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = ERROR_MESSAGE.allocate(arena);
            ERROR_MESSAGE.set(m, "error", error);
            invokeVoid(PjrtFunction.Error_Message, m);
            message = string(ERROR_MESSAGE.getPointer(m, "message"), ERROR_MESSAGE.getLong(m, "message_size"));

            MemorySegment c = ERROR_GET_CODE.allocate(arena);
            ERROR_GET_CODE.set(c, "error", error);
            MemorySegment codeError = (MemorySegment) CALL.invokeExact(function(PjrtFunction.Error_GetCode), c);
            if (codeError.equals(MemorySegment.NULL)) {
                code = PjrtErrorCode.of(ERROR_GET_CODE.getInt(c, "code"));
            } else {
                destroy(codeError, arena);
            }
        } catch (PjrtException e) {
            message = message + " (and " + e.getMessage() + ")";
        } catch (Throwable t) {
            throw new IllegalStateException("reading a PJRT error from " + function + " failed", t);
        } finally {
            try (Arena arena = Arena.ofConfined()) {
                destroy(error, arena);
            }
        }
        if (code == PjrtErrorCode.INVALID_ARGUMENT && message.contains("size") && version.compareTo(ApiVersion.BINDING) > 0) {
            // A newer plugin that grew an args struct rejects our shorter one: say what to do about it.
            message = message + " [the plugin speaks PJRT API " + version + ", newer than the " + ApiVersion.BINDING
                    + " structs Switchyard writes; append the new fields to PjrtStructs]";
        }
        throw new PjrtException(code, function, message);
    }

    private void destroy(MemorySegment error, Arena arena) {
        MemorySegment d = ERROR_DESTROY.allocate(arena);
        ERROR_DESTROY.set(d, "error", error);
        try {
            invokeVoid(PjrtFunction.Error_Destroy, d);
        } catch (PjrtException e) {
            throw new IllegalStateException("the plugin has no PJRT_Error_Destroy", e);
        }
    }

    private void invokeVoid(PjrtFunction f, MemorySegment args) throws PjrtException {
        try {
            CALL_VOID.invokeExact(function(f), args);
        } catch (PjrtException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("downcall to " + f.cName() + " failed", t);
        }
    }

    /** A (pointer, size) string the plugin owns, copied out as UTF-8. */
    static String string(MemorySegment pointer, long size) {
        if (pointer.equals(MemorySegment.NULL) || size == 0) return "";
        return new String(pointer.reinterpret(size).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    /** A UTF-8 copy of {@code s} in {@code arena}, without a terminating zero (PJRT passes sizes). */
    static MemorySegment bytes(Arena arena, byte[] data) {
        MemorySegment s = arena.allocate(Math.max(1, data.length));
        MemorySegment.copy(data, 0, s, ValueLayout.JAVA_BYTE, 0, data.length);
        return s;
    }
}
