package dev.switchyard.runtime.pjrt;

/** {@code PJRT_Error_Code}: the abseil status codes, numbered as in the header. */
public enum PjrtErrorCode {
    OK, CANCELLED, UNKNOWN, INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND, ALREADY_EXISTS,
    PERMISSION_DENIED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED, OUT_OF_RANGE,
    UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS, UNAUTHENTICATED;

    /** The code for a number a plugin returned; numbers outside the table are {@link #UNKNOWN}. */
    public static PjrtErrorCode of(int code) {
        PjrtErrorCode[] all = values();
        return code >= 0 && code < all.length ? all[code] : UNKNOWN;
    }
}
