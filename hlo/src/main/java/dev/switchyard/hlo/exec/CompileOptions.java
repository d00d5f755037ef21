package dev.switchyard.hlo.exec;

/**
 * What an executor needs to know besides the module: the function to run and how many devices
 * the module is partitioned over (the interpreter runs one partition; PJRT uses all).
 */
public record CompileOptions(String entryFunction, int numReplicas, int numPartitions) {

    public CompileOptions {
        if (numReplicas < 1 || numPartitions < 1) {
            throw new IllegalArgumentException("replicas and partitions must be at least 1");
        }
    }

    public static CompileOptions defaults() { return new CompileOptions("main", 1, 1); }
}
