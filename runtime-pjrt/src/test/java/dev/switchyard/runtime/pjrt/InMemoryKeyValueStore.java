package dev.switchyard.runtime.pjrt;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A key-value store shared by clients in one JVM, standing in for etcd in fast tests. */
final class InMemoryKeyValueStore implements KeyValueStore {
    private final Map<String, byte[]> values = new HashMap<>();

    @Override
    public synchronized void put(String key, byte[] value) {
        values.put(key, value.clone());
        notifyAll();
    }

    @Override
    public synchronized byte[] get(String key, Duration timeout) throws KeyValueException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!values.containsKey(key)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new KeyValueException(PjrtErrorCode.DEADLINE_EXCEEDED, "no key " + key + " after " + timeout.toMillis() + " ms");
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KeyValueException(PjrtErrorCode.CANCELLED, "interrupted");
            }
        }
        return values.get(key).clone();
    }

    @Override
    public synchronized Optional<byte[]> tryGet(String key) { return Optional.ofNullable(values.get(key)).map(byte[]::clone); }

    synchronized int size() { return values.size(); }
}
