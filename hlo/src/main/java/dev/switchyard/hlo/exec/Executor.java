package dev.switchyard.hlo.exec;

/**
 * Something that runs StableHLO: the reference interpreter, or a PJRT plugin. {@link #compile}
 * parses and checks a module once; the returned {@link Executable} runs it many times.
 */
public interface Executor extends AutoCloseable {

    /** A short name for messages and benchmarks, e.g. {@code interp} or {@code pjrt:cuda}. */
    String name();

    /** Parses, verifies and prepares {@code moduleText} (StableHLO, pretty or generic form). */
    Executable compile(String moduleText, CompileOptions options) throws ExecutionException;

    @Override
    default void close() {}
}
