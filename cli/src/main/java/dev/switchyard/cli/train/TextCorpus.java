package dev.switchyard.cli.train;

import dev.switchyard.cli.UserError;
import dev.switchyard.cli.UserFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * UTF-8 text for training: a {@code .txt} file, or a directory of them (sorted by name, not
 * descending into subdirectories). Each blank-line-separated paragraph is one document.
 */
public final class TextCorpus {
    private TextCorpus() {}

    private static final Pattern BLANK_LINES = Pattern.compile("\\R[ \\t]*\\R(?:[ \\t]*\\R)*");

    /** The documents of {@code path}, in order; no text at all is an error. */
    public static List<String> documents(Path path) throws UserError, IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (var list = Files.list(path)) {
                list.filter(f -> f.getFileName().toString().endsWith(".txt") && Files.isRegularFile(f)).sorted().forEach(files::add);
            }
            if (files.isEmpty()) throw new UserError(path + ": holds no .txt files (nor .npy arrays); give text or array data");
        } else if (Files.isRegularFile(path)) {
            files.add(path);
        } else {
            throw new UserError(path + ": no such data file or directory");
        }
        List<String> docs = new ArrayList<>();
        for (Path f : files) {
            for (String paragraph : BLANK_LINES.split(UserFiles.readText(f))) {
                String doc = paragraph.strip();
                if (!doc.isEmpty()) docs.add(doc);
            }
        }
        if (docs.isEmpty()) throw new UserError(path + ": the corpus is empty (no text in " + files.size() + " file(s))");
        return docs;
    }

    /** Every document's tokens followed by eos, end to end. */
    public static int[] pack(List<String> documents) {
        int total = 0;
        List<int[]> encoded = new ArrayList<>(documents.size());
        for (String d : documents) {
            int[] ids = ByteTokenizer.encode(d);
            encoded.add(ids);
            total = Math.addExact(total, ids.length + 1);
        }
        int[] out = new int[total];
        int at = 0;
        for (int[] ids : encoded) {
            System.arraycopy(ids, 0, out, at, ids.length);
            at += ids.length;
            out[at++] = ByteTokenizer.EOS;
        }
        return out;
    }

    /** Every 100th document (from the 50th) is held out for eval when there is no {@code --eval-data}; at least one when there are two or more. */
    public record Split(List<String> train, List<String> eval) {}

    public static Split holdOut(List<String> documents) {
        if (documents.size() < 2) return new Split(documents, List.of());
        List<String> train = new ArrayList<>(), eval = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            boolean held = documents.size() < 100 ? i == documents.size() - 1 : i % 100 == 50;
            (held ? eval : train).add(documents.get(i));
        }
        return new Split(train, eval);
    }
}
