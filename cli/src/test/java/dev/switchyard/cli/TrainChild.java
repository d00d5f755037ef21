package dev.switchyard.cli;

/** The child JVM of {@link TrainSignalTest}: the switchyard shell with {@link HandGradSteps} as the grad pass. */
public final class TrainChild {
    private TrainChild() {}

    public static void main(String[] args) {
        System.exit(new Main(HandGradSteps.commands()).run(args, new Console(System.out, System.err)));
    }
}
