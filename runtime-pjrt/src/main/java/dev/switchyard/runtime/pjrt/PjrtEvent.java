package dev.switchyard.runtime.pjrt;

import static dev.switchyard.runtime.pjrt.PjrtStructs.EVENT_AWAIT;
import static dev.switchyard.runtime.pjrt.PjrtStructs.EVENT_DESTROY;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@code PJRT_Event}: the completion of a transfer or an execution. Events are short-lived and
 * used by one thread, so each has its own lock rather than its client's.
 */
public final class PjrtEvent extends NativeHandle {

    private final PjrtApi api;

    PjrtEvent(PjrtApi api, MemorySegment pointer) {
        super("PJRT event", pointer, new ReentrantReadWriteLock());
        this.api = api;
    }

    /** Blocks until the event is ready; the work's error, if any, is thrown. */
    public void await() throws PjrtException {
        try (Lease l = lease(); Arena arena = Arena.ofConfined()) {
            MemorySegment args = EVENT_AWAIT.allocate(arena);
            EVENT_AWAIT.set(args, "event", pointer());
            api.call(PjrtFunction.Event_Await, args);
        }
    }

    @Override
    void release(MemorySegment pointer) throws PjrtException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment args = EVENT_DESTROY.allocate(arena);
            EVENT_DESTROY.set(args, "event", pointer);
            api.call(PjrtFunction.Event_Destroy, args);
        }
    }

    /** Awaits and destroys an event the plugin returned (NULL means there is nothing to wait for). */
    static void awaitAndDestroy(PjrtApi api, MemorySegment event) throws PjrtException {
        if (event.equals(MemorySegment.NULL)) return;
        try (PjrtEvent e = new PjrtEvent(api, event)) {
            e.await();
        }
    }
}
