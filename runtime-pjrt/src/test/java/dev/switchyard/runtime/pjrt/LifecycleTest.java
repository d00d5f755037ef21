package dev.switchyard.runtime.pjrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Use after close and double close are IllegalStateExceptions, never a call into freed memory. */
class LifecycleTest {

    private final TestPlugin controls = TestPlugin.controls();

    @Test
    void bufferUseAfterCloseAndDoubleClose() throws Exception {
        try (PjrtClient client = PjrtPlugin.load(TestPlugin.path()).createClient()) {
            PjrtBuffer b = client.toDevice(Tensors.f32(new long[] {1}, 1), client.addressableDevices().getFirst());
            b.close();
            assertTrue(b.isClosed());
            assertEquals("PJRT buffer is closed", assertThrows(IllegalStateException.class, b::toHost).getMessage());
            assertThrows(IllegalStateException.class, b::shape);
            assertThrows(IllegalStateException.class, b::elementType);
            assertEquals("PJRT buffer is already closed", assertThrows(IllegalStateException.class, b::close).getMessage());
        }
    }

    @Test
    void closedBufferAsAnArgumentIsRejected() throws Exception {
        try (PjrtClient client = PjrtPlugin.load(TestPlugin.path()).createClient();
             PjrtLoadedExecutable exe = client.compile(Programs.IDENTITY_1, XlaCompileOptions.forMesh(List.of(0L), false))) {
            PjrtBuffer b = client.toDevice(Tensors.f32(new long[] {2, 3}, 1, 2, 3, 4, 5, 6), client.addressableDevices().getFirst());
            b.close();
            assertThrows(IllegalStateException.class, () -> exe.execute(List.of(List.of(b))));
        }
    }

    @Test
    void executableUseAfterClose() throws Exception {
        try (PjrtClient client = PjrtPlugin.load(TestPlugin.path()).createClient()) {
            PjrtLoadedExecutable exe = client.compile(Programs.IDENTITY_1, XlaCompileOptions.forMesh(List.of(0L), false));
            PjrtBuffer b = client.toDevice(Tensors.f32(new long[] {2, 3}, 1, 2, 3, 4, 5, 6), client.addressableDevices().getFirst());
            exe.close();
            assertThrows(IllegalStateException.class, () -> exe.execute(List.of(List.of(b))));
            assertThrows(IllegalStateException.class, exe::serialize);
            assertThrows(IllegalStateException.class, exe::close);
        }
    }

    @Test
    void closingTheClientClosesWhatItMadeAndNothingLeaks() throws Exception {
        long before = controls.liveObjects();
        PjrtClient client = PjrtPlugin.load(TestPlugin.path()).createClient();
        PjrtDevice d0 = client.addressableDevices().getFirst();
        PjrtLoadedExecutable exe = client.compile(Programs.IDENTITY_1, XlaCompileOptions.forMesh(List.of(0L), false));
        PjrtBuffer b = client.toDevice(Tensors.f32(new long[] {2, 3}, 1, 2, 3, 4, 5, 6), d0);
        List<List<PjrtBuffer>> out = exe.execute(List.of(List.of(b)));
        assertTrue(controls.liveObjects() > before);
        client.close();
        assertEquals(before, controls.liveObjects(), "client, executable and both buffers are freed");
        assertTrue(exe.isClosed() && b.isClosed() && out.getFirst().getFirst().isClosed());
        assertThrows(IllegalStateException.class, b::toHost);
        assertThrows(IllegalStateException.class, () -> exe.execute(List.of(List.of(b))));
        assertThrows(IllegalStateException.class, () -> client.toDevice(Tensors.f32(new long[] {1}, 1), d0));
        assertThrows(IllegalStateException.class, () -> client.compile(Programs.IDENTITY_1, XlaCompileOptions.forMesh(List.of(0L), false)));
        assertThrows(IllegalStateException.class, b::close);
        assertThrows(IllegalStateException.class, client::close);
    }

    @Test
    void devicesOfAnotherClientAreRejected() throws Exception {
        try (PjrtClient a = PjrtPlugin.load(TestPlugin.path()).createClient();
             PjrtClient b = PjrtPlugin.load(TestPlugin.path()).createClient()) {
            assertThrows(IllegalArgumentException.class,
                    () -> a.toDevice(Tensors.f32(new long[] {1}, 1), b.addressableDevices().getFirst()));
        }
    }
}
