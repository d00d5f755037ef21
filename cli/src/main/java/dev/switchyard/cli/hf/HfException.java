package dev.switchyard.cli.hf;

import java.io.IOException;

/** A Hugging Face checkpoint does not fit the model, or cannot be read or written as asked; the message says what and where. */
public final class HfException extends IOException {
    public HfException(String message) { super(message); }
}
