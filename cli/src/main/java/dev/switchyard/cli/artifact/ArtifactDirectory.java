package dev.switchyard.cli.artifact;

import dev.switchyard.cli.UserFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a directory of outputs (an artifact, {@code run --out}, a checkpoint, a submit package)
 * so that it appears whole or not at all, and so that no file Switchyard did not write is ever
 * deleted. Every command that writes a directory goes through here.
 *
 * <p>Atomicity: files are written into a hidden {@code .NAME.partial-pidPID-*} directory in the
 * same parent (so the last step is a rename within one file system, which POSIX makes atomic). An
 * exception removes it; a kill leaves it behind, and the next write to the same target removes
 * those whose owner process is gone.
 *
 * <p>Ownership: each directory written here records the files it holds in {@value #OWNED}. An
 * existing target is replaced only if it is empty, or if {@link IfExists#REPLACE_OURS} was asked
 * for (the commands' {@code --force}) and every entry in it is named in its record. Anything else (a user's {@code notes.txt}) makes the write refuse,
 * before any work where the caller checks with {@link #checkTarget}, and again at the swap.
 */
public final class ArtifactDirectory {
    private ArtifactDirectory() {}

    /** The record of what a directory written here holds: one relative path per line. */
    public static final String OWNED = ".switchyard-owned";

    private static final String HEADER = "# written by Switchyard; the files below are replaced by the next write with --force";
    private static final Pattern LEFTOVER = Pattern.compile("\\.(.+)\\.(?:partial|old)-pid(\\d+)-.*");

    /** What to do with a target directory that exists and is not empty. */
    public enum IfExists {
        /** Refuse it: the default of every command. */
        REFUSE,
        /** Replace it when every entry in it is ours ({@code --force}); refuse if it holds anything else. */
        REPLACE_OURS
    }

    /** Fills a directory; called with the temporary directory, which is empty. */
    @FunctionalInterface
    public interface Contents {
        void writeInto(Path directory) throws IOException;
    }

    /** Thrown when the target exists and is not something this writer may replace. */
    public static final class RefusedException extends IOException {
        public RefusedException(String message) { super(message); }
    }

    /** Writes {@code target}, replacing an earlier directory of ours (as {@link IfExists#REPLACE_OURS}). */
    public static void write(Path target, Contents contents) throws IOException {
        write(target, IfExists.REPLACE_OURS, contents);
    }

    /** As {@link #write(Path, Contents)}; {@code marker} is kept for callers written before ownership records. */
    public static void write(Path target, String marker, Contents contents) throws IOException {
        write(target, IfExists.REPLACE_OURS, contents);
    }

    /**
     * Refuses, before any work, a target this writer would refuse later: one that is not a
     * directory, is non-empty under {@link IfExists#REFUSE}, or holds an entry its record does not
     * list as ours.
     * {@code option} names the target in messages ({@code "-o"}, {@code "--out"}).
     */
    public static void checkTarget(Path target, IfExists ifExists, String option) throws RefusedException {
        Path absolute = target.toAbsolutePath().normalize();
        if (absolute.getParent() == null) throw new RefusedException(option + " " + target + ": cannot write a directory at the file system root");
        try {
            if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) checkReplaceable(target, absolute, ifExists, option);
        } catch (RefusedException e) {
            throw e;
        } catch (IOException e) {
            throw new RefusedException(option + " " + target + ": " + UserFiles.describe(e));
        }
    }

    /** Writes {@code target} atomically; an existing non-empty target is treated as {@code ifExists} says. */
    public static void write(Path target, IfExists ifExists, Contents contents) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null) throw new RefusedException("cannot write a directory at the file system root");
        String name = absolute.getFileName().toString();
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) checkReplaceable(target, absolute, ifExists, "");
        Path temp;
        try {
            Files.createDirectories(parent);
            removeStale(parent, name);
            temp = Files.createTempDirectory(parent, "." + name + ".partial-pid" + ProcessHandle.current().pid() + "-");
        } catch (FileSystemException e) {
            // name the directory the user asked for, not the hidden temporary one
            throw new RefusedException("cannot create " + absolute + ": " + UserFiles.describe(e).replaceFirst("^.*: ", ""));
        }
        try {
            openUp(temp);
            contents.writeInto(temp);
            Set<String> written = listTree(temp);
            Files.writeString(temp.resolve(OWNED), HEADER + "\n" + String.join("\n", written) + "\n", StandardCharsets.UTF_8);
            install(temp, target, absolute, parent, name, ifExists);
        } finally {
            if (Files.exists(temp)) deleteTree(temp);
        }
    }

    /**
     * Removes the {@code .NAME.partial-pid*} and {@code .NAME.old-pid*} directories left in
     * {@code parent} by writes to {@code NAME} whose process is gone (killed mid-write); returns
     * how many. A live process's directories, and anything not named so, are left alone.
     */
    public static int removeStale(Path parent, String name) throws IOException {
        if (!Files.isDirectory(parent)) return 0;
        List<Path> stale = new ArrayList<>();
        try (var entries = Files.list(parent)) {
            for (Path p : entries.toList()) {
                Matcher m = LEFTOVER.matcher(p.getFileName().toString());
                if (m.matches() && m.group(1).equals(name) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        && ownerGone(Long.parseLong(m.group(2)), p)) {
                    stale.add(p);
                }
            }
        }
        for (Path p : stale) {
            try {
                deleteTree(p);
            } catch (NoSuchFileException raced) {
                // another writer cleaned it first
            }
        }
        return stale.size();
    }

    /** No such process, or one started after the directory was made (the pid was reused). */
    private static boolean ownerGone(long pid, Path dir) throws IOException {
        Optional<ProcessHandle> owner = ProcessHandle.of(pid);
        if (owner.isEmpty() || !owner.get().isAlive()) return true;
        Optional<Instant> started = owner.get().info().startInstant();
        Instant made = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).creationTime().toInstant();
        // start times are known to the millisecond or so; a second of slack keeps a live writer's directory
        return started.isPresent() && started.get().isAfter(made.plusSeconds(1));
    }

    /** Temporary directories are private (0700); the output should read like any directory the user makes. */
    private static void openUp(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException notPosix) {
            // other file systems: keep what the temp directory got
        }
    }

    private static void checkReplaceable(Path shown, Path target, IfExists ifExists, String option) throws IOException {
        String where = (option.isEmpty() ? "" : option + " ") + shown;
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new RefusedException(where + ": exists and is not a directory; not replacing it");
        }
        Set<String> present = listTree(target);
        if (present.isEmpty()) return;
        if (ifExists == IfExists.REFUSE) {
            throw new RefusedException(where + ": exists and is not empty; pass --force to replace what Switchyard wrote there"
                    + " (files it did not write are never deleted)");
        }
        Optional<Set<String>> record = recorded(target);
        Set<String> ours = new TreeSet<>(record.orElse(Set.of()));
        ours.add(OWNED);
        List<String> foreign = present.stream().filter(p -> !ours.contains(p)).toList();
        if (!foreign.isEmpty()) {
            String shownNames = String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
                    + (foreign.size() > 5 ? " and " + (foreign.size() - 5) + " more" : "");
            throw new RefusedException(where + ": holds files Switchyard did not write (" + shownNames + ")"
                    + (record.isEmpty() ? ", and no " + OWNED + " record" : "")
                    + "; not replacing it even with --force; move them or pick another directory");
        }
    }

    /**
     * The directory written here that lists {@code file} in its ownership record (a checkpoint, an
     * artifact, an output directory): overwriting the file alone would leave that directory damaged.
     */
    public static Optional<Path> ownerOf(Path file) throws IOException {
        Path parent = file.toAbsolutePath().normalize().getParent();
        if (parent == null || file.getFileName() == null) return Optional.empty();
        Optional<Set<String>> record = recorded(parent);
        return record.isPresent() && record.get().contains(file.getFileName().toString()) ? Optional.of(parent) : Optional.empty();
    }

    /** The names a directory's ownership record lists; empty when it has no record. */
    private static Optional<Set<String>> recorded(Path dir) throws IOException {
        Path record = dir.resolve(OWNED);
        if (!Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) names.add(line);
        }
        return Optional.of(names);
    }

    /** Every file and directory below {@code root}, as '/'-separated relative paths (links are not followed). */
    private static Set<String> listTree(Path root) throws IOException {
        Set<String> names = new TreeSet<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root)) names.add(relative(root, dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                names.add(relative(root, file));
                return FileVisitResult.CONTINUE;
            }
        });
        return names;
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    }

    private static void install(Path temp, Path shown, Path target, Path parent, String name, IfExists ifExists) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            move(temp, target);
            return;
        }
        // checked again: something may have appeared at the target while the files were written
        checkReplaceable(shown, target, ifExists, "");
        Path aside = Files.createTempDirectory(parent, "." + name + ".old-pid" + ProcessHandle.current().pid() + "-");
        Files.delete(aside);
        move(target, aside);
        try {
            move(temp, target);
        } catch (IOException e) {
            move(aside, target);
            throw e;
        }
        deleteTree(aside);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // same parent, so this only happens on file systems without rename; still better than nothing
            Files.move(from, to);
        } catch (DirectoryNotEmptyException e) {
            throw new IOException(to + " appeared while the directory was being written", e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
