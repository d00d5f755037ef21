package dev.switchyard.cli;

import dev.switchyard.cli.train.Trainer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGINT and SIGTERM during training: the JVM runs shutdown hooks on both, so the hook asks the
 * loop to stop after the step in flight, and waits (up to {@link #GRACE_SECONDS}) while it writes
 * its checkpoint; the JVM exits once the hook returns.
 */
final class SignalStop implements AutoCloseable {
    static final long GRACE_SECONDS = 300;

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);

    private SignalStop(Trainer trainer) {
        hook = new Thread(() -> {
            trainer.requestStop();
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "switchyard-train-stop");
    }

    static SignalStop install(Trainer trainer) {
        SignalStop s = new SignalStop(trainer);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** The loop returned (checkpoint written or not): a pending hook may let the JVM exit. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the latch is open
        }
    }
}
