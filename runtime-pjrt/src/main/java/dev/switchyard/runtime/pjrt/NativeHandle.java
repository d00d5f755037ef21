package dev.switchyard.runtime.pjrt;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Owns one native PJRT object. A use takes a {@link Lease} (the read side of a lock shared by a
 * client and everything it created), a close takes the write side: so a close waits for calls in
 * flight, and a use after close, or a second close, is an {@link IllegalStateException} instead of
 * a call into freed native memory.
 */
abstract class NativeHandle implements AutoCloseable {

    /** Held while a native call uses the handle; closing it never throws. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    private final String what;
    private final ReentrantReadWriteLock lock;
    private final Lease lease;
    private final MemorySegment pointer;
    private volatile boolean closed;

    NativeHandle(String what, MemorySegment pointer, ReentrantReadWriteLock lock) {
        this.what = what;
        this.pointer = pointer;
        this.lock = lock;
        this.lease = () -> lock.readLock().unlock();
    }

    /** Marks the handle in use by this thread until the lease is closed; fails if it is closed. */
    final Lease lease() {
        lock.readLock().lock();
        if (closed) {
            lock.readLock().unlock();
            throw new IllegalStateException(what + " is closed");
        }
        return lease;
    }

    /** The native pointer; only valid under a {@link #lease()}. */
    final MemorySegment pointer() { return pointer; }

    final ReentrantReadWriteLock lock() { return lock; }

    public final boolean isClosed() { return closed; }

    /** Destroys the native object. A second close is an {@link IllegalStateException}. */
    @Override
    public final void close() {
        lock.writeLock().lock();
        try {
            if (closed) throw new IllegalStateException(what + " is already closed");
            closeLocked();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Closes unless already closed: for owners that close what users may have closed first. */
    final void closeIfOpen() {
        lock.writeLock().lock();
        try {
            if (!closed) closeLocked();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Destroys a handle that no other thread has seen yet, without the lock: for failures right
     * after creation, when the creating thread holds the family's read lock.
     */
    final void discardUnpublished() {
        if (!closed) closeLocked();
    }

    private void closeLocked() {
        closed = true;
        try {
            release(pointer);
        } catch (PjrtException e) {
            throw new IllegalStateException("destroying " + what + " failed: " + e.getMessage(), e);
        } finally {
            afterRelease();
        }
    }

    /** Destroys the native object; called once, with the write lock held. */
    abstract void release(MemorySegment pointer) throws PjrtException;

    /** Hook for bookkeeping after the native object is gone (the owner forgets it). */
    void afterRelease() {}

    @Override
    public String toString() { return what + (closed ? " (closed)" : ""); }
}
