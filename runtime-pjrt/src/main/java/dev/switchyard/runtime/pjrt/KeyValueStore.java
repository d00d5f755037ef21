package dev.switchyard.runtime.pjrt;

import java.time.Duration;
import java.util.Optional;

/**
 * The key-value store every process of a job shares, handed to a plugin through
 * {@code PJRT_Client_Create}'s {@code kv_get} / {@code kv_put} / {@code kv_try_get} callbacks: the
 * GPU and TPU plugins exchange their topology (and e.g. NCCL ids) through it. Implementations must
 * be thread-safe; the plugin may call from its own threads.
 */
public interface KeyValueStore {

    void put(String key, byte[] value) throws KeyValueException;

    /** Blocks until {@code key} exists, at most {@code timeout}: then {@link PjrtErrorCode#DEADLINE_EXCEEDED}. */
    byte[] get(String key, Duration timeout) throws KeyValueException;

    /** The value if the key exists now. */
    Optional<byte[]> tryGet(String key) throws KeyValueException;

    /** A store failure, with the status code the plugin gets back through {@code callback_error}. */
    final class KeyValueException extends Exception {
        private final PjrtErrorCode code;

        public KeyValueException(PjrtErrorCode code, String message) {
            super(message);
            this.code = code;
        }

        public KeyValueException(PjrtErrorCode code, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
        }

        public PjrtErrorCode code() { return code; }
    }
}
