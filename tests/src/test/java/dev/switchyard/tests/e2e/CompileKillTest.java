package dev.switchyard.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.Method;
import com.sun.jdi.ClassType;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.ListeningConnector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Atomicity of {@code compile -o DIR} against a kill: the child JVM runs the real jar under the
 * JDK's debugger interface, is stopped deterministically when every artifact file is written but
 * before the directory is renamed into place, and is then killed with SIGKILL. No {@code DIR} may
 * appear, and a second compile must still produce a whole artifact.
 */
class CompileKillTest {

    private static final String WRITER = "dev.switchyard.cli.artifact.ArtifactDirectory";
    /** The step that publishes the written temporary directory under the target name. */
    private static final String PUBLISH = "install";

    @TempDir Path dir;

    @Test
    void killBeforeTheRenameLeavesNoArtifact() throws Exception {
        Path parent = Files.createDirectories(dir.resolve("artifacts"));
        Path target = parent.resolve("tiny");
        String[] compile = {"compile", Cli.sample("switch_tiny").toString(), "-o", target.toString()};

        try (Stopped stopped = Stopped.atPublish(dir.resolve("work"), compile)) {
            // stopped: the files are written into the hidden temporary directory, nothing is published yet
            List<Path> partial = partialDirectories(parent);
            assertEquals(1, partial.size(), () -> "expected one temporary directory in " + parent + ", found " + partial);
            try (var written = Files.list(partial.getFirst())) {
                assertTrue(written.anyMatch(f -> f.getFileName().toString().equals("manifest.json")), "stopped mid-write");
            }
            assertFalse(Files.exists(target));

            stopped.child().destroyForcibly();
            assertTrue(stopped.child().waitFor(30, TimeUnit.SECONDS), "the child did not die");
            assertFalse(Files.exists(target), "a killed compile published " + target);
            // SIGKILL runs no cleanup: the documented leftover is the hidden temporary directory only
            try (var left = Files.list(parent)) {
                for (Path p : left.toList()) {
                    assertTrue(p.getFileName().toString().startsWith(".tiny.partial-"), "unexpected " + p + " after the kill");
                }
            }
        }

        Cli.run(dir.resolve("again"), compile).assertOk();
        assertTrue(Files.isRegularFile(target.resolve("manifest.json")), "a later compile writes the artifact whole");
        assertTrue(Files.readString(target.resolve("model.mlir")).startsWith("module @switch_tiny"));
        assertEquals(List.of(), partialDirectories(parent), "the next write to the target removes the dead compile's leftover");
    }

    /**
     * An I/O error inside the write (injected: the debugger makes the stopped thread throw an
     * IOException just before the rename) must remove the temporary directory and publish nothing.
     */
    @Test
    void anIoErrorMidWriteRemovesTheTemporaryDirectory() throws Exception {
        Path parent = Files.createDirectories(dir.resolve("artifacts"));
        Path target = parent.resolve("tiny");
        Process child;
        try (Stopped stopped = Stopped.atPublish(dir.resolve("work"), "compile", Cli.sample("switch_tiny").toString(), "-o", target.toString())) {
            assertEquals(1, partialDirectories(parent).size());
            ThreadReference thread = stopped.thread();
            ClassType ioException = (ClassType) stopped.vm().classesByName("java.io.IOException").getFirst();
            ObjectReference injected = ioException.newInstance(thread,
                    ioException.concreteMethodByName("<init>", "(Ljava/lang/String;)V"),
                    List.of(stopped.vm().mirrorOf("disk full (injected by the test)")), ClassType.INVOKE_SINGLE_THREADED);
            thread.stop(injected);
            stopped.vm().dispose(); // resumes the child and detaches the debugger
            child = stopped.child();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the compile did not finish");
        }
        String err = Files.readString(dir.resolve("work.stderr"));
        assertTrue(child.exitValue() != 0, () -> "an I/O error must not report success:\n" + err);
        assertTrue(err.contains("disk full (injected by the test)"), () -> "the error is reported:\n" + err);
        assertFalse(Files.exists(target), "nothing published");
        assertEquals(List.of(), partialDirectories(parent), "the temporary directory is removed after a failure");
    }

    /**
     * A file that takes the target's name while the artifact is being written is left alone: the
     * writer checks the target again just before the rename.
     */
    @Test
    void aFileThatAppearsAtTheTargetIsNotDeleted() throws Exception {
        Path parent = Files.createDirectories(dir.resolve("artifacts"));
        Path target = parent.resolve("tiny");
        Process child;
        try (Stopped stopped = Stopped.atPublish(dir.resolve("work"), "compile", Cli.sample("switch_tiny").toString(), "-o", target.toString())) {
            Files.writeString(target, "someone else's file\n");
            stopped.vm().dispose();
            child = stopped.child();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the compile did not finish");
        }
        assertEquals(1, child.exitValue(), "refused, as for a file there before the compile");
        assertEquals("someone else's file\n", Files.readString(target), "the file in the way is untouched");
        assertEquals(List.of(), partialDirectories(parent));
    }

    /** A child compile under the debugger, all threads suspended where the artifact is about to be published. */
    private record Stopped(Process child, VirtualMachine vm, ThreadReference thread, ListeningConnector connector, Map<String, Connector.Argument> arguments)
            implements AutoCloseable {

        static Stopped atPublish(Path workDir, String... args) throws Exception {
            ListeningConnector connector = Bootstrap.virtualMachineManager().listeningConnectors().stream()
                    .filter(c -> c.name().equals("com.sun.jdi.SocketListen")).findFirst().orElseThrow();
            Map<String, Connector.Argument> arguments = connector.defaultArguments();
            arguments.get("port").setValue("0");
            if (arguments.containsKey("localAddress")) arguments.get("localAddress").setValue("127.0.0.1");
            String address = connector.startListening(arguments);
            Process child = null;
            try {
                child = Cli.start(workDir, Map.of(),
                        List.of("-agentlib:jdwp=transport=dt_socket,server=n,suspend=y,address=" + address), args);
                VirtualMachine vm = connector.accept(arguments);
                ThreadReference thread = stopAtPublish(vm);
                return new Stopped(child, vm, thread, connector, arguments);
            } catch (Exception | AssertionError e) {
                connector.stopListening(arguments);
                if (child != null) child.destroyForcibly().waitFor();
                throw e;
            }
        }

        @Override
        public void close() throws Exception {
            connector.stopListening(arguments);
            if (child.isAlive()) child.destroyForcibly().waitFor();
        }
    }

    /** Resumes the suspended VM until it reaches {@link #PUBLISH}, where all its threads stay suspended. */
    private static ThreadReference stopAtPublish(VirtualMachine vm) throws InterruptedException {
        var requests = vm.eventRequestManager();
        ClassPrepareRequest prepare = requests.createClassPrepareRequest();
        prepare.addClassFilter(WRITER);
        prepare.enable();
        vm.resume();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            EventSet events = vm.eventQueue().remove(1000);
            if (events == null) continue;
            for (Event e : events) {
                switch (e) {
                    case ClassPrepareEvent prepared -> {
                        List<Method> methods = prepared.referenceType().methodsByName(PUBLISH);
                        assertEquals(1, methods.size(), WRITER + "." + PUBLISH + " not found; the test needs updating");
                        BreakpointRequest stop = requests.createBreakpointRequest(methods.getFirst().location());
                        stop.setSuspendPolicy(EventRequest.SUSPEND_ALL);
                        stop.enable();
                    }
                    case BreakpointEvent hit -> {
                        return hit.thread();
                    }
                    case VMDeathEvent death -> fail("the compile finished without reaching " + PUBLISH);
                    case VMDisconnectEvent gone -> fail("the compile finished without reaching " + PUBLISH);
                    default -> { }
                }
            }
            events.resume();
        }
        return fail("the compile did not reach " + PUBLISH + " in 120 s");
    }

    private static List<Path> partialDirectories(Path parent) throws java.io.IOException {
        try (var entries = Files.list(parent)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(".tiny.partial-")).toList();
        }
    }
}
