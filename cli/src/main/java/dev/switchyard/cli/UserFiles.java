package dev.switchyard.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Locale;
import dev.switchyard.dsl.SourceText;

/**
 * Files the user names on the command line: reading them, checking where outputs go, and saying
 * what went wrong in words (path and reason) instead of a Java exception.
 */
public final class UserFiles {
    private UserFiles() {}

    /**
     * The text of a UTF-8 file the user named; a missing file, a directory, a FIFO or device (which
     * would block forever) or bytes that are not UTF-8 (reported at {@code file:line:col}) are a {@link UserError}.
     */
    public static String readText(Path file) throws UserError {
        try {
            return SourceText.read(file);
        } catch (SourceText.Unreadable e) {
            throw new UserError(file + (e.line > 0 ? ":" + e.line + ":" + e.column : "") + ": " + e.getMessage());
        }
    }

    /** Checks that {@code file} names an existing regular file: not a directory, FIFO or device. */
    public static void requireFile(Path file) throws UserError {
        if (Files.isDirectory(file)) throw new UserError(file + ": is a directory, not a file");
        if (!Files.exists(file)) throw new UserError(file + ": no such file");
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": is not a regular file (a FIFO, socket or device would be read forever); give a file");
        }
    }

    /**
     * Checks, before any work is done, that {@code dir} can be made a directory of outputs: it is
     * a directory already or does not exist and its nearest existing parent is a directory.
     */
    public static void checkOutputDirectory(Path dir, String option) throws UserError {
        if (Files.isDirectory(dir)) return;
        if (Files.exists(dir)) throw new UserError(option + " " + dir + ": exists and is not a directory");
        Path parent = dir.toAbsolutePath().getParent();
        while (parent != null && !Files.exists(parent)) parent = parent.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserError(option + " " + dir + ": " + parent + " is not a directory");
        }
    }

    /**
     * Refuses an output directory that is, lies inside, or holds {@code other}, a path the command
     * reads ({@code --inputs}, the artifact): writing there would replace what is being read.
     */
    public static void checkDistinct(Path out, String option, Path other, String otherName) throws UserError {
        Path a = canonical(out), b = canonical(other);
        if (a.equals(b)) throw new UserError(option + " " + out + ": is " + otherName + " (" + other + "); write the outputs elsewhere");
        if (b.startsWith(a)) throw new UserError(option + " " + out + ": holds " + otherName + " (" + other + "); write the outputs elsewhere");
        if (a.startsWith(b)) throw new UserError(option + " " + out + ": is inside " + otherName + " (" + other + "); write the outputs elsewhere");
    }

    /** The real path where it exists, resolving links; the normalised absolute path otherwise. */
    private static Path canonical(Path p) {
        Path absolute = p.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return absolute;
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }

    /**
     * Checks that {@code file} can be written as an output file: not a directory, in an existing
     * directory, and not one of the files of a directory Switchyard wrote whole (a checkpoint's
     * params.safetensors, an artifact's manifest.json), which replacing it alone would damage.
     */
    public static void checkOutputFile(Path file, String option) throws UserError {
        if (Files.isDirectory(file)) throw new UserError(option + " " + file + ": is a directory; give a file name");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) throw new UserError(option + " " + file + ": directory " + parent + " does not exist");
        Optional<Path> owner;
        try {
            owner = dev.switchyard.cli.artifact.ArtifactDirectory.ownerOf(file);
        } catch (IOException e) {
            throw new UserError(option + " " + file + ": " + describe(e));
        }
        if (owner.isPresent()) {
            throw new UserError(option + " " + file + ": is one of the files Switchyard wrote as " + owner.get() + " (a checkpoint,"
                    + " artifact or output directory); replacing it alone would damage that directory: pick another path");
        }
    }

    /**
     * Refuses a plugin that is a regular file but not an ELF shared library before the JVM loads
     * it: loading arbitrary bytes makes the JVM print a stack-guard warning ahead of our message.
     */
    public static void requireElfLibrary(Path plugin) throws UserError {
        if (!Files.isRegularFile(plugin)) return; // the loader says what is missing
        byte[] head = new byte[4];
        int n;
        try (var in = Files.newInputStream(plugin)) {
            n = in.readNBytes(head, 0, 4);
        } catch (IOException e) {
            throw new UserError("PJRT plugin " + describe(e));
        }
        if (n < 4 || head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F') {
            throw new UserError("PJRT plugin " + plugin + " is not a shared library (no ELF header); pass the plugin's .so file");
        }
    }

    /** A file-system failure as {@code path: reason}, the way shell tools say it. */
    public static String describe(IOException e) {
        if (e instanceof CharacterCodingException) return "a file is not UTF-8 text";
        if (!(e instanceof FileSystemException f)) return e.getMessage() == null ? e.toString() : e.getMessage();
        String reason = switch (f) {
            case NoSuchFileException n -> "no such file or directory";
            case AccessDeniedException a -> "permission denied";
            case FileAlreadyExistsException a -> "already exists";
            case NotDirectoryException n -> "not a directory";
            case DirectoryNotEmptyException d -> "directory not empty";
            default -> f.getReason() == null ? "cannot access" : f.getReason().toLowerCase(Locale.ROOT);
        };
        String where = f.getFile() == null ? "" : f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": ";
        return where + reason;
    }

    /** Bytes in GiB with one decimal, for memory limits. */
    public static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
