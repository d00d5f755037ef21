package dev.switchyard.cli.artifact;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import dev.switchyard.cli.UserFiles;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes an artifact directory so that it appears whole or not at all. The files are written into
 * a hidden temporary directory in the same parent (so the final step is a rename within one file
 * system, which POSIX makes atomic) and the temporary directory is renamed to the target only
 * after every file is closed. An exception removes the temporary directory; a kill leaves only a
 * hidden {@code .NAME.partial-*} directory, never a half-written {@code NAME}.
 *
 * <p>Replacing an existing artifact takes two renames (a directory cannot be renamed over a
 * non-empty one): the old one is moved aside first. Only a directory that is empty or holds a
 * {@code manifest.json} is replaced, so a mistyped {@code -o} never deletes unrelated files.
 */
public final class ArtifactDirectory {
    private ArtifactDirectory() {}

    /** Fills a directory; called with the temporary directory, which is empty. */
    @FunctionalInterface
    public interface Contents {
        void writeInto(Path directory) throws IOException;
    }

    /** Thrown when the target exists and is not something this writer may replace. */
    public static final class RefusedException extends IOException {
        public RefusedException(String message) { super(message); }
    }

    public static void write(Path target, Contents contents) throws IOException {
        write(target, "manifest.json", contents);
    }

    /**
     * Writes {@code target} atomically; an existing {@code target} is replaced only when it is
     * empty or holds {@code marker}, the file every directory of this kind has.
     */
    public static void write(Path target, String marker, Contents contents) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null) throw new RefusedException("cannot write an artifact at the file system root");
        String name = absolute.getFileName().toString();
        if (Files.exists(absolute)) checkReplaceable(absolute, marker);
        Path temp;
        try {
            Files.createDirectories(parent);
            temp = Files.createTempDirectory(parent, "." + name + ".partial-");
        } catch (FileSystemException e) {
            // name the directory the user asked for, not the hidden temporary one
            throw new RefusedException("cannot create " + absolute + ": " + UserFiles.describe(e).replaceFirst("^.*: ", ""));
        }
        try {
            openUp(temp);
            contents.writeInto(temp);
            install(temp, absolute, parent, name, marker);
        } finally {
            if (Files.exists(temp)) deleteTree(temp);
        }
    }

    /** Temporary directories are private (0700); the artifact should read like any directory the user makes. */
    private static void openUp(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException notPosix) {
            // other file systems: keep what the temp directory got
        }
    }

    private static void checkReplaceable(Path target, String marker) throws IOException {
        if (!Files.isDirectory(target)) {
            throw new RefusedException(target + " exists and is not a directory; not replacing it");
        }
        boolean empty;
        try (var entries = Files.list(target)) {
            empty = entries.findAny().isEmpty();
        }
        if (!empty && !Files.isRegularFile(target.resolve(marker))) {
            throw new RefusedException(target + " exists and is not a Switchyard artifact (no " + marker + "); not replacing it");
        }
    }

    private static void install(Path temp, Path target, Path parent, String name, String marker) throws IOException {
        if (!Files.exists(target)) {
            move(temp, target);
            return;
        }
        // checked again: something may have appeared at the target while the files were written
        checkReplaceable(target, marker);
        Path aside = Files.createTempDirectory(parent, "." + name + ".old-");
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
            throw new IOException(to + " appeared while the artifact was being written", e);
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
