package dev.switchyard.cli.artifact;

import java.io.IOException;

/** A manifest is unreadable or inconsistent; the message names the file and where in it. */
public final class ManifestException extends IOException {
    public ManifestException(String message) { super(message); }
}
