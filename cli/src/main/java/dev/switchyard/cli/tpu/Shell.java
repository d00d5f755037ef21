package dev.switchyard.cli.tpu;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** POSIX shell quoting, so that generated scripts survive names with spaces or quotes. */
public final class Shell {
    private Shell() {}

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./~-]+");

    public static String quote(String word) {
        if (SAFE.matcher(word).matches()) return word;
        return "'" + word.replace("'", "'\\''") + "'";
    }

    public static String line(List<String> words) {
        return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }
}
