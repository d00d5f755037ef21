package dev.switchyard.cli.tpu;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code switchyard-job.zip}: the artifact directory under {@code artifact/} and, when this
 * switchyard runs from its jar, that jar as {@code switchyard.jar}, so a TPU VM needs nothing
 * else but a JRE. Zip rather than tar because the JDK writes it and every TPU VM's Python
 * unpacks it ({@code python3 -m zipfile -e}).
 */
public final class JobPackage {
    private JobPackage() {}

    public static void write(Path zip, Path artifact, Optional<Path> jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            List<Path> files;
            try (var walk = Files.walk(artifact)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                add(out, "artifact/" + artifact.relativize(f).toString().replace('\\', '/'), f);
            }
            if (jar.isPresent()) add(out, "switchyard.jar", jar.get());
        }
    }

    /** For a training job: the model source under {@code model/} (its imports are not followed) and the jar. */
    public static void writeModel(Path zip, Path modelSource, Optional<Path> jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            add(out, "model/" + modelSource.getFileName(), modelSource);
            if (jar.isPresent()) add(out, "switchyard.jar", jar.get());
        }
    }

    private static void add(ZipOutputStream out, String name, Path file) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        Files.copy(file, out);
        out.closeEntry();
    }
}
