package dev.switchyard.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parameter sets named by path patterns, for {@code train --freeze} and {@code --train-only}:
 * {@code *} matches any run of characters (dots included), {@code ?} one character, everything
 * else itself; a pattern matches a whole path. A pattern that matches no parameter is an error,
 * so a typo never leaves a run training what it meant to freeze.
 */
final class ParameterPatterns {
    private ParameterPatterns() {}

    static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** The paths any of {@code globs} matches, in parameter order. */
    static Set<String> matching(List<String> paths, List<String> globs, String option) throws UserError {
        Set<String> out = new LinkedHashSet<>();
        for (String glob : globs) {
            Pattern p = compile(glob);
            List<String> hit = new ArrayList<>();
            for (String path : paths) if (p.matcher(path).matches()) hit.add(path);
            if (hit.isEmpty()) {
                throw new UserError(option + " '" + glob + "' matches no parameter (paths look like " + String.join(", ",
                        paths.subList(0, Math.min(3, paths.size()))) + "; see 'switchyard inspect')");
            }
            out.addAll(hit);
        }
        return out;
    }

    /**
     * The frozen parameters of {@code --freeze} and {@code --train-only}: those matching a
     * {@code --freeze} pattern, plus, when {@code --train-only} is given, all that match none of its patterns.
     */
    static Set<String> frozen(List<String> paths, List<String> freeze, List<String> trainOnly) throws UserError {
        Set<String> out = new LinkedHashSet<>(matching(paths, freeze, "--freeze"));
        if (!trainOnly.isEmpty()) {
            Set<String> trained = matching(paths, trainOnly, "--train-only");
            for (String p : paths) if (!trained.contains(p)) out.add(p);
        }
        if (out.size() == paths.size()) throw new UserError("--freeze/--train-only freeze every parameter; nothing would train");
        return out;
    }
}
