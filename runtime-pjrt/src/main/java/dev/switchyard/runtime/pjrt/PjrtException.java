package dev.switchyard.runtime.pjrt;

import dev.switchyard.hlo.exec.ExecutionException;

/**
 * A PJRT call failed: the plugin's status code and message, and the function that reported it.
 * Every {@code PJRT_Error} becomes one of these at one place ({@link PjrtApi}), which also destroys
 * the native error.
 */
public final class PjrtException extends ExecutionException {

    private final PjrtErrorCode code;
    private final String function;
    private final String pluginMessage;

    public PjrtException(PjrtErrorCode code, String function, String pluginMessage) {
        super(function + " failed: " + code + ": " + pluginMessage);
        this.code = code;
        this.function = function;
        this.pluginMessage = pluginMessage;
    }

    public PjrtErrorCode code() { return code; }

    /** The C function that failed, e.g. {@code PJRT_Client_Compile}. */
    public String function() { return function; }

    /** The message exactly as the plugin wrote it. */
    public String pluginMessage() { return pluginMessage; }
}
