package dev.switchyard.cli.hf;

import java.io.IOException;

/** A Hugging Face checkpoint does not fit the model, or cannot be read or written as asked; the message says what and where. */
public final class HfException extends IOException {
    public HfException(String message) { super(message); }

    /**
     * A JSON file that does not parse, as {@code FILE:LINE:COL: not valid JSON: what}, without the
     * parser's note on its source (it names a Jackson setting, which means nothing to a user).
     */
    static HfException invalidJson(java.nio.file.Path file, com.fasterxml.jackson.core.JsonProcessingException e) {
        var l = e.getLocation();
        String at = l == null || l.getLineNr() < 0 ? "" : ":" + l.getLineNr() + ":" + l.getColumnNr();
        String what = e.getOriginalMessage().replaceAll("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
        return new HfException(file + at + ": not valid JSON: " + what);
    }
}
