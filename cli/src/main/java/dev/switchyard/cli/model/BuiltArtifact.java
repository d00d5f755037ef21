package dev.switchyard.cli.model;

import dev.switchyard.cli.artifact.ArtifactDirectory;
import dev.switchyard.cli.artifact.Manifest;
import dev.switchyard.cli.artifact.ManifestJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A compiled model held in memory: what {@code compile} writes and what {@code run FILE.sy} runs. */
public record BuiltArtifact(Manifest manifest, String moduleText, byte[] compileOptions) {

    /** Writes the artifact directory atomically, replacing an earlier artifact of ours (see {@link ArtifactDirectory}). */
    public void writeTo(Path dir) throws IOException {
        writeTo(dir, ArtifactDirectory.IfExists.REPLACE_OURS);
    }

    /** Writes the artifact directory atomically; a non-empty {@code dir} is treated as {@code ifExists} says. */
    public void writeTo(Path dir, ArtifactDirectory.IfExists ifExists) throws IOException {
        ArtifactDirectory.write(dir, ifExists, d -> {
            Files.writeString(d.resolve(manifest.files().module()), moduleText);
            Files.write(d.resolve(manifest.files().compileOptions()), compileOptions);
            ManifestJson.write(manifest, d.resolve(ManifestJson.FILE_NAME));
        });
    }
}
