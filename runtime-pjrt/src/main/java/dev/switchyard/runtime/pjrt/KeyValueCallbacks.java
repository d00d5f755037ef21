package dev.switchyard.runtime.pjrt;

import static dev.switchyard.runtime.pjrt.PjrtStructs.KV_GET_CALLBACK;
import static dev.switchyard.runtime.pjrt.PjrtStructs.KV_PUT_CALLBACK;
import static dev.switchyard.runtime.pjrt.PjrtStructs.KV_TRY_GET_CALLBACK;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The FFM upcalls a plugin calls for {@code kv_get}, {@code kv_try_get} and {@code kv_put}. A
 * client's store is found through {@code user_arg} (a registry id, not a pointer). Nothing is
 * ever thrown back into native code: every failure, including a bug here, becomes a
 * {@code PJRT_Error} made by the plugin's own {@code callback_error}. Values handed to the plugin
 * are {@code malloc}ed and its {@code value_deleter_callback} is libc {@code free}.
 */
final class KeyValueCallbacks {
    private KeyValueCallbacks() {}

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Map<Long, KeyValueStore> STORES = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_ID = new AtomicLong(1);
    private static final MethodHandle MALLOC = LINKER.downcallHandle(LINKER.defaultLookup().find("malloc").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MemorySegment FREE = LINKER.defaultLookup().find("free").orElseThrow();
    /** {@code PJRT_Error* (*PJRT_CallbackError)(PJRT_Error_Code, const char*, size_t)}. */
    private static final MethodHandle CALLBACK_ERROR = LINKER.downcallHandle(
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));

    static final MemorySegment GET = upcall("get");
    static final MemorySegment TRY_GET = upcall("tryGet");
    static final MemorySegment PUT = upcall("put");

    private static MemorySegment upcall(String name) {
        try {
            MethodHandle h = MethodHandles.lookup().findStatic(KeyValueCallbacks.class, name,
                    MethodType.methodType(MemorySegment.class, MemorySegment.class));
            return LINKER.upcallStub(h, FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Makes {@code store} reachable from the callbacks; the id goes into {@code user_arg}. */
    static long register(KeyValueStore store) {
        long id = NEXT_ID.getAndIncrement();
        STORES.put(id, store);
        return id;
    }

    static void unregister(long id) { STORES.remove(id); }

    private static MemorySegment get(MemorySegment raw) {
        return handle(raw, KV_GET_CALLBACK, (args, store, key) -> {
            int timeoutMs = KV_GET_CALLBACK.getInt(args, "timeout_in_ms");
            giveValue(args, KV_GET_CALLBACK, store.get(key, Duration.ofMillis(Math.max(0, timeoutMs))));
        });
    }

    private static MemorySegment tryGet(MemorySegment raw) {
        return handle(raw, KV_TRY_GET_CALLBACK, (args, store, key) -> {
            Optional<byte[]> v = store.tryGet(key);
            if (v.isEmpty()) throw new KeyValueStore.KeyValueException(PjrtErrorCode.NOT_FOUND, "key " + key + " not found");
            giveValue(args, KV_TRY_GET_CALLBACK, v.get());
        });
    }

    private static MemorySegment put(MemorySegment raw) {
        return handle(raw, KV_PUT_CALLBACK, (args, store, key) -> {
            MemorySegment value = KV_PUT_CALLBACK.getPointer(args, "value");
            long size = KV_PUT_CALLBACK.getLong(args, "value_size");
            store.put(key, size == 0 ? new byte[0] : value.reinterpret(size).toArray(ValueLayout.JAVA_BYTE));
        });
    }

    private interface Body {
        void run(MemorySegment args, KeyValueStore store, String key) throws Throwable;
    }

    private static MemorySegment handle(MemorySegment raw, StructType type, Body body) {
        try {
            long declared = raw.reinterpret(8).get(ValueLayout.JAVA_LONG, 0);
            if (declared < type.structSize()) {
                // An older plugin's shorter args: say so through callback_error when the struct reaches it.
                if (declared < type.offset("callback_error") + 8) return MemorySegment.NULL;
                return error(raw.reinterpret(declared), type, PjrtErrorCode.INVALID_ARGUMENT, type.name() + " of " + declared
                        + " bytes, Switchyard reads " + type.structSize());
            }
            MemorySegment args = raw.reinterpret(type.layout().byteSize());
            try {
                KeyValueStore store = STORES.get(type.getPointer(args, "user_arg").address());
                if (store == null) {
                    return error(args, type, PjrtErrorCode.FAILED_PRECONDITION, "the key-value store of this client is closed");
                }
                String key = PjrtApi.string(type.getPointer(args, "key"), type.getLong(args, "key_size"));
                body.run(args, store, key);
                return MemorySegment.NULL;
            } catch (KeyValueStore.KeyValueException e) {
                return error(args, type, e.code(), e.getMessage());
            } catch (Throwable t) {
                return error(args, type, PjrtErrorCode.INTERNAL, "key-value callback failed: " + t);
            }
        } catch (Throwable t) {
            // Never let anything cross into native code.
            return MemorySegment.NULL;
        }
    }

    private static void giveValue(MemorySegment args, StructType type, byte[] value) throws Throwable {
        MemorySegment copy = ((MemorySegment) MALLOC.invokeExact((long) Math.max(1, value.length))).reinterpret(Math.max(1, value.length));
        if (copy.equals(MemorySegment.NULL)) throw new OutOfMemoryError("malloc of " + value.length + " bytes failed");
        MemorySegment.copy(value, 0, copy, ValueLayout.JAVA_BYTE, 0, value.length);
        type.set(args, "value", copy);
        type.set(args, "value_size", (long) value.length);
        type.set(args, "value_deleter_callback", FREE);
    }

    private static MemorySegment error(MemorySegment args, StructType type, PjrtErrorCode code, String message) {
        MemorySegment slot = type.getPointer(args, "callback_error");
        if (slot.equals(MemorySegment.NULL)) return MemorySegment.NULL;
        MemorySegment fn = slot.reinterpret(8).get(ValueLayout.ADDRESS, 0);
        try (Arena arena = Arena.ofConfined()) {
            byte[] m = (message == null ? "" : message).getBytes(StandardCharsets.UTF_8);
            return (MemorySegment) CALLBACK_ERROR.invokeExact(fn, code.ordinal(), PjrtApi.bytes(arena, m), (long) m.length);
        } catch (Throwable t) {
            return MemorySegment.NULL;
        }
    }
}
