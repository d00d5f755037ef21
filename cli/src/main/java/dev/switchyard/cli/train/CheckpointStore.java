package dev.switchyard.cli.train;

import dev.switchyard.cli.artifact.ArtifactDirectory;
import dev.switchyard.cli.safetensors.SafetensorsFile;
import dev.switchyard.cli.safetensors.SafetensorsWriter;
import dev.switchyard.hlo.tensor.HostTensor;
import java.io.IOException;
import java.io.InputStream;
import dev.switchyard.cli.UserFiles;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A directory of checkpoints {@code step_NNNNNNNN/} ({@code params.safetensors},
 * {@code optimizer.safetensors}, {@code checkpoint.json}, and {@link ArtifactDirectory}'s ownership
 * record). Each is written into a hidden temporary directory and renamed into place
 * ({@link ArtifactDirectory}), so a kill at any moment leaves every earlier checkpoint whole and at
 * most a hidden {@code .step_NNNNNNNN.partial-pidPID-*} directory, which the next save removes. Loading checks every file against the sizes and SHA-256 in
 * {@code checkpoint.json}.
 */
public final class CheckpointStore {

    public static final String PARAMS = "params.safetensors", OPTIMIZER = "optimizer.safetensors";
    private static final Pattern STEP_DIR = Pattern.compile("step_(\\d{8,})");
    /** Leftovers of a killed save or prune, named as {@link ArtifactDirectory} names them: {@code .step_N.partial-pidPID-…}. */
    private static final Pattern LEFTOVER = Pattern.compile("\\.(step_\\d{8,})\\.(?:partial|old)-pid\\d+-.*");
    private static final Set<String> OUR_FILES = Set.of(PARAMS, OPTIMIZER, CheckpointInfo.FILE_NAME, ArtifactDirectory.OWNED);

    private final Path dir;

    public CheckpointStore(Path dir) { this.dir = dir; }

    public Path directory() { return dir; }

    public static String name(long step) { return String.format("step_%08d", step); }

    /** A checkpoint read back: its description and its tensors. */
    public record Loaded(Path directory, CheckpointInfo info, Map<String, HostTensor> params, Map<String, HostTensor> optimizerState) {}

    /** Thrown when a checkpoint directory is incomplete or does not match its {@code checkpoint.json}. */
    public static final class CorruptException extends IOException {
        public CorruptException(String message) { super(message); }
    }

    /** Writes checkpoint {@code info.step()} atomically and returns its directory. */
    public Path save(CheckpointInfo info, SequencedMap<String, HostTensor> params, SequencedMap<String, HostTensor> optimizerState)
            throws IOException {
        Files.createDirectories(dir);
        removeStalePartials();
        Path target = dir.resolve(name(info.step()));
        ArtifactDirectory.write(target, CheckpointInfo.FILE_NAME, temp -> {
            // a fixed order (Map.of's differs from JVM to JVM): the same run writes the same bytes
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "pt");
            meta.put("switchyard_step", Long.toString(info.step()));
            SafetensorsWriter.write(temp.resolve(PARAMS), params, meta);
            SafetensorsWriter.write(temp.resolve(OPTIMIZER), optimizerState, meta);
            Map<String, CheckpointInfo.FileDigest> files = new LinkedHashMap<>();
            for (String f : List.of(PARAMS, OPTIMIZER)) files.put(f, digest(temp.resolve(f)));
            // written last: a directory with a checkpoint.json has both tensor files whole
            Files.writeString(temp.resolve(CheckpointInfo.FILE_NAME), info.withFiles(files).toJson());
        });
        return target;
    }

    /** The checkpoint directories by step, oldest first (complete or not: see {@link #load}). */
    public List<Path> steps() throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        List<Path> out = new ArrayList<>();
        try (var list = Files.list(dir)) {
            list.filter(p -> isStepName(p.getFileName().toString()) && Files.isDirectory(p)).forEach(out::add);
        }
        out.sort(java.util.Comparator.comparingLong(CheckpointStore::stepOf));
        return out;
    }

    /** {@code step_} and a step count this store can have written: 8 digits or more, within a long (step_99999999999999999999 is someone else's). */
    private static boolean isStepName(String name) {
        Matcher m = STEP_DIR.matcher(name);
        if (!m.matches()) return false;
        try {
            Long.parseLong(m.group(1));
            return true;
        } catch (NumberFormatException tooLong) {
            return false;
        }
    }

    static long stepOf(Path stepDir) {
        Matcher m = STEP_DIR.matcher(stepDir.getFileName().toString());
        if (!m.matches()) throw new IllegalArgumentException(stepDir + " is not a checkpoint directory");
        return Long.parseLong(m.group(1));
    }

    /** The newest checkpoint that loads; each newer one that does not is reported to {@code warn}, naming it and why. */
    public Optional<Loaded> newest(Consumer<String> warn) throws IOException {
        List<Path> all = steps();
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                return Optional.of(load(all.get(i)));
            } catch (CorruptException e) {
                warn.accept("skipping checkpoint " + all.get(i) + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Reads a checkpoint directory, checking it is complete and matches its {@code checkpoint.json}. */
    public static Loaded load(Path stepDir) throws IOException {
        Path json = stepDir.resolve(CheckpointInfo.FILE_NAME);
        if (!Files.isRegularFile(json)) throw new CorruptException("no " + CheckpointInfo.FILE_NAME + " (an incomplete checkpoint)");
        CheckpointInfo info;
        try {
            info = CheckpointInfo.parse(Files.readString(json));
        } catch (IOException e) {
            throw new CorruptException(CheckpointInfo.FILE_NAME + " is malformed: " + e.getMessage());
        }
        for (String f : List.of(PARAMS, OPTIMIZER)) {
            Path file = stepDir.resolve(f);
            CheckpointInfo.FileDigest want = info.files().get(f);
            if (want == null) throw new CorruptException(CheckpointInfo.FILE_NAME + " does not list " + f);
            if (!Files.isRegularFile(file)) throw new CorruptException(f + " is missing");
            long size = Files.size(file);
            if (size != want.bytes()) throw new CorruptException(f + " has " + size + " bytes, " + CheckpointInfo.FILE_NAME + " says " + want.bytes());
            if (!digest(file).sha256().equals(want.sha256())) throw new CorruptException(f + " does not match its SHA-256 in " + CheckpointInfo.FILE_NAME);
        }
        Map<String, HostTensor> params, opt;
        try {
            params = readAll(stepDir.resolve(PARAMS));
            opt = readAll(stepDir.resolve(OPTIMIZER));
        } catch (IOException e) {
            throw new CorruptException(e.getMessage());
        }
        return new Loaded(stepDir, info, params, opt);
    }

    static Map<String, HostTensor> readAll(Path file) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            return f.readAll();
        }
    }

    /**
     * Deletes the oldest checkpoints so that {@code keep} remain: only {@code step_*} directories
     * holding nothing but checkpoint files. One that cannot be removed (read-only, immutable) is
     * reported to {@code warn} and left: an old checkpoint kept is no reason to stop a run whose
     * new one is already saved.
     */
    public List<Path> prune(int keep, Consumer<String> warn) throws IOException {
        List<Path> all = steps();
        List<Path> removed = new ArrayList<>();
        for (int i = 0; i < all.size() - keep; i++) {
            Path p = all.get(i);
            if (!ours(p)) continue;
            // hidden first (one atomic rename), so a kill mid-delete never leaves a half-deleted step_* directory
            Path aside = p.resolveSibling("." + p.getFileName() + ".old-pid" + ProcessHandle.current().pid() + "-pruned");
            try {
                Files.move(p, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                warn.accept("could not remove old checkpoint " + p + " (--keep " + keep + "): "
                        + UserFiles.describe(e).replaceFirst("^.*: ", "") + "; left in place");
                continue;
            }
            try {
                deleteOurs(aside);
            } catch (FileSystemException e) {
                warn.accept("could not finish removing old checkpoint " + p + " (--keep " + keep + "): "
                        + UserFiles.describe(e).replaceFirst("^.*: ", "") + "; what is left is in " + aside.getFileName()
                        + ", removed by a later run");
                continue;
            }
            removed.add(p);
        }
        return removed;
    }

    /**
     * Hidden leftovers of killed saves and prunes of any step ({@link ArtifactDirectory#removeStale}
     * removes those whose writing process is gone; a live run's are left alone).
     */
    void removeStalePartials() throws IOException {
        if (!Files.isDirectory(dir)) return;
        Set<String> names = new java.util.TreeSet<>();
        try (var list = Files.list(dir)) {
            list.forEach(p -> {
                Matcher m = LEFTOVER.matcher(p.getFileName().toString());
                if (m.matches()) names.add(m.group(1));
            });
        }
        for (String name : names) ArtifactDirectory.removeStale(dir, name);
    }

    /** A directory this store may delete: it holds nothing but checkpoint files (and the writer's temporary ones). */
    private static boolean ours(Path p) throws IOException {
        try (var list = Files.list(p)) {
            return list.allMatch(f -> Files.isRegularFile(f) && (OUR_FILES.contains(f.getFileName().toString())
                    || f.getFileName().toString().matches("\\.(params|optimizer)\\.safetensors.*\\.partial")));
        }
    }

    private static void deleteOurs(Path p) throws IOException {
        try (var list = Files.list(p)) {
            for (Path f : list.toList()) Files.delete(f);
        }
        Files.delete(p);
    }

    static CheckpointInfo.FileDigest digest(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        long n = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) > 0; ) {
                sha.update(buf, 0, r);
                n += r;
            }
        }
        return new CheckpointInfo.FileDigest(n, HexFormat.of().formatHex(sha.digest()));
    }
}
