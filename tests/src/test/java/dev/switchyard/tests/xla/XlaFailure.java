package dev.switchyard.tests.xla;

import dev.switchyard.hlo.exec.ExecutionException;

/** Turns a TensorFlow failure plus the native diagnostic captured meanwhile into one readable message. */
final class XlaFailure {

    private XlaFailure() {}

    static ExecutionException of(String what, Throwable failure, String nativeStderr, String module) {
        StringBuilder msg = new StringBuilder(what).append(": ").append(firstLine(failure.getMessage()));
        String diag = nativeStderr.strip();
        if (!diag.isEmpty()) {
            msg.append("\nnative diagnostic:\n").append(diag);
        }
        msg.append("\nmodule given to XlaCallModule:\n").append(numbered(module));
        return new ExecutionException(msg.toString(), failure);
    }

    private static String firstLine(String s) {
        if (s == null) return "(no message)";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String numbered(String module) {
        StringBuilder out = new StringBuilder();
        String[] lines = module.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            out.append(String.format("%4d| %s%n", i + 1, lines[i]));
        }
        return out.toString();
    }
}
