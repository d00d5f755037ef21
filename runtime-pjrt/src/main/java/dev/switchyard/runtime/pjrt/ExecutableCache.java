package dev.switchyard.runtime.pjrt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Compiled executables on disk, keyed by (module text, compile options, plugin platform, platform
 * version, API version): a hit loads with {@code Executable_DeserializeAndLoad} instead of
 * compiling. Each entry carries a magic and a SHA-256 of its payload; an entry that is corrupt, or
 * that the plugin no longer accepts (a stale build), is ignored, compiled afresh and overwritten.
 */
public final class ExecutableCache {

    private static final byte[] MAGIC = "SYPJRTX1".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST = 32;

    private final Path directory;

    public ExecutableCache(Path directory) { this.directory = directory; }

    public Path directory() { return directory; }

    /** Where the entry for this compilation lives. */
    public Path entry(PjrtClient client, String moduleText, byte[] compileOptions) {
        MessageDigest sha = sha256();
        for (byte[] part : new byte[][] {moduleText.getBytes(StandardCharsets.UTF_8), compileOptions,
                client.platformName().getBytes(StandardCharsets.UTF_8),
                client.platformVersion().getBytes(StandardCharsets.UTF_8),
                client.plugin().apiVersion().toString().getBytes(StandardCharsets.UTF_8)}) {
            // Length-prefixed so that moving bytes between parts changes the key.
            sha.update(ByteBuffer.allocate(8).putLong(part.length).array());
            sha.update(part);
        }
        return directory.resolve(HexFormat.of().formatHex(sha.digest()) + ".pjrtexe");
    }

    /** Loads the cached executable, or compiles it and stores it. */
    public PjrtLoadedExecutable compile(PjrtClient client, String moduleText, XlaCompileOptions options) throws PjrtException {
        byte[] compileOptions = options.toByteArray();
        Path entry = entry(client, moduleText, compileOptions);
        byte[] payload = read(entry);
        if (payload != null) {
            try {
                return client.deserializeAndLoad(payload);
            } catch (PjrtException stale) {
                // Written by another plugin build: fall through, compile, and replace it.
            }
        }
        PjrtLoadedExecutable compiled = client.compile(moduleText.getBytes(StandardCharsets.UTF_8), "mlir", compileOptions);
        try {
            write(entry, compiled.serialize());
        } catch (PjrtException | IOException e) {
            // A plugin that cannot serialize, or a read-only cache, still runs: the cache is an optimisation.
        }
        return compiled;
    }

    /** The payload of a valid entry, or null when it is missing or corrupt. */
    private static byte[] read(Path entry) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(entry);
        } catch (IOException e) {
            return null;
        }
        if (bytes.length < MAGIC.length + DIGEST || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) return null;
        byte[] payload = Arrays.copyOfRange(bytes, MAGIC.length + DIGEST, bytes.length);
        byte[] digest = sha256().digest(payload);
        return Arrays.equals(digest, 0, DIGEST, bytes, MAGIC.length, MAGIC.length + DIGEST) ? payload : null;
    }

    private void write(Path entry, byte[] payload) throws IOException {
        Files.createDirectories(directory);
        Path tmp = Files.createTempFile(directory, "entry", ".tmp");
        try {
            byte[] bytes = new byte[MAGIC.length + DIGEST + payload.length];
            System.arraycopy(MAGIC, 0, bytes, 0, MAGIC.length);
            System.arraycopy(sha256().digest(payload), 0, bytes, MAGIC.length, DIGEST);
            System.arraycopy(payload, 0, bytes, MAGIC.length + DIGEST, payload.length);
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
