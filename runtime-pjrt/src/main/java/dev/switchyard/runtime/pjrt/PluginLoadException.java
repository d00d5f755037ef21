package dev.switchyard.runtime.pjrt;

import dev.switchyard.hlo.exec.ExecutionException;

/** A PJRT plugin could not be loaded: missing file, not a plugin, or an API version we cannot speak. */
public final class PluginLoadException extends ExecutionException {
    public PluginLoadException(String message) { super(message); }
    public PluginLoadException(String message, Throwable cause) { super(message, cause); }
}
