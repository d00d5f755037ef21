package dev.switchyard.cli.safetensors;

import java.io.IOException;

/** A safetensors file is malformed or cannot hold what was asked; the message names the file and the tensor. */
public final class SafetensorsException extends IOException {
    public SafetensorsException(String message) { super(message); }
    public SafetensorsException(String message, Throwable cause) { super(message, cause); }
}
