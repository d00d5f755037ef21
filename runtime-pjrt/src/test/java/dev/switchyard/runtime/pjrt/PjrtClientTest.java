package dev.switchyard.runtime.pjrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchyard.hlo.tensor.ElementType;
import dev.switchyard.hlo.tensor.HostTensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every call path of the binding against the C test plugin, with a leak check after each test. */
class PjrtClientTest {

    private final TestPlugin controls = TestPlugin.controls();
    private PjrtPlugin plugin;
    private PjrtClient client;
    private long liveBefore;

    @BeforeEach
    void open() throws Exception {
        plugin = PjrtPlugin.load(TestPlugin.path());
        liveBefore = controls.liveObjects();
        client = plugin.createClient();
    }

    @AfterEach
    void closeAndCheckLeaks() {
        if (!client.isClosed()) client.close();
        assertEquals(liveBefore, controls.liveObjects(), "native objects leaked (errors, events, buffers, executables)");
    }

    @Test
    void pluginReportsVersionAndAttributes() {
        assertEquals(new ApiVersion(0, 104), plugin.apiVersion());
        assertEquals(NamedValue.Int64ListValue.of(1, 9, 3), plugin.attributes().get("stablehlo_current_version"));
        assertEquals(NamedValue.Int64ListValue.of(0, 9, 0), plugin.attributes().get("stablehlo_minimum_version"));
        assertEquals(new NamedValue.StringValue("yes"), plugin.attributes().get("sy_test_plugin"));
    }

    @Test
    void loadingTwiceGivesTheSamePlugin() throws Exception {
        assertTrue(plugin == PjrtPlugin.load(TestPlugin.path()));
    }

    @Test
    void clientDescribesPlatformAndFourDevices() {
        assertEquals("sytest", client.platformName());
        assertEquals("sytest 1.0", client.platformVersion());
        List<PjrtDevice> devices = client.addressableDevices();
        assertEquals(4, devices.size());
        for (int i = 0; i < 4; i++) {
            PjrtDevice d = devices.get(i);
            assertEquals(i, d.id());
            assertEquals("SyTestDevice", d.kind());
            assertEquals("TEST_" + i, d.debugString());
            assertEquals("SyTestDevice(id=" + i + ")", d.description());
            assertEquals(100 + i, d.localHardwareId());
        }
    }

    @Test
    void typedCreateOptionsReachThePlugin() throws Exception {
        Map<String, NamedValue> options = new LinkedHashMap<>();
        options.put("sy_bool", new NamedValue.BoolValue(true));
        options.put("sy_int", new NamedValue.Int64Value(-42));
        options.put("sy_float", new NamedValue.FloatValue(0.75f));
        options.put("sy_string", new NamedValue.StringValue("memory"));
        options.put("sy_list", NamedValue.Int64ListValue.of(3, 1, 2));
        try (PjrtClient other = plugin.createClient(options)) {
            assertEquals("sy_bool=true;sy_int=-42;sy_float=0.75;sy_string=memory;sy_list=3,1,2;", controls.lastCreateOptions());
            assertEquals(4, other.addressableDevices().size());
        }
    }

    @Test
    void unknownCreateOptionIsAnInvalidArgument() {
        PjrtException e = assertThrows(PjrtException.class,
                () -> plugin.createClient(Map.of("no_such_option", new NamedValue.Int64Value(1))));
        assertEquals(PjrtErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("PJRT_Client_Create", e.function());
        assertEquals("Unknown or wrongly typed create option 'no_such_option'", e.pluginMessage());
    }

    static HostTensor randomTensor(ElementType type, long[] shape, long seed) {
        byte[] data = new byte[(int) (HostTensor.elementCount(shape) * type.byteSize())];
        Random r = new Random(seed);
        r.nextBytes(data);
        if (type == ElementType.I1) for (int i = 0; i < data.length; i++) data[i] = (byte) (data[i] & 1);
        return new HostTensor(type, shape, data);
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void everyElementTypeMakesARoundTrip(ElementType type) throws Exception {
        for (long[] shape : new long[][] {{}, {7}, {2, 3, 4}, {0, 5}}) {
            HostTensor t = randomTensor(type, shape, type.ordinal() * 31L + shape.length);
            try (PjrtBuffer b = client.toDevice(t, client.addressableDevices().get(2))) {
                assertEquals(type, b.elementType());
                assertArrayEquals(shape, b.shape());
                assertEquals(2, b.device().id());
                assertEquals(t, b.toHost());
            }
        }
    }

    @Test
    void compileRecordsProgramTextAndOptions() throws Exception {
        XlaCompileOptions options = XlaCompileOptions.forMesh(List.of(0L), false);
        try (PjrtLoadedExecutable exe = client.compile(Programs.IDENTITY_2, options)) {
            assertEquals(Programs.IDENTITY_2, controls.lastProgram());
            assertArrayEquals(options.toByteArray(), controls.lastCompileOptions());
            assertEquals(2, exe.numOutputs());
            assertEquals(List.of(client.addressableDevices().getFirst()), exe.addressableDevices());
        }
    }

    @Test
    void executeReturnsBuffersThatRoundTrip() throws Exception {
        HostTensor x = Tensors.f32(new long[] {2, 3}, 1, 2, 3, 4, 5, 6);
        HostTensor y = Tensors.i32(new long[] {4}, 7, -8, 9, -10);
        PjrtDevice d0 = client.addressableDevices().getFirst();
        try (PjrtLoadedExecutable exe = client.compile(Programs.IDENTITY_2, XlaCompileOptions.forMesh(List.of(0L), false));
             PjrtBuffer bx = client.toDevice(x, d0); PjrtBuffer by = client.toDevice(y, d0)) {
            List<List<PjrtBuffer>> out = exe.execute(List.of(List.of(bx, by)));
            assertEquals(1, out.size());
            assertEquals(x, out.get(0).get(0).toHost());
            assertEquals(y, out.get(0).get(1).toHost());
            for (PjrtBuffer b : out.get(0)) b.close();
        }
    }

    @Test
    void addComputesElementwiseSums() throws Exception {
        PjrtDevice d0 = client.addressableDevices().getFirst();
        try (PjrtLoadedExecutable exe = client.compile(Programs.ADD, XlaCompileOptions.forMesh(List.of(0L), false));
             PjrtBuffer a = client.toDevice(Tensors.f32(new long[] {2, 2}, 1.5f, -2, 3, 0.25f), d0);
             PjrtBuffer b = client.toDevice(Tensors.f32(new long[] {2, 2}, 0.5f, 2, -4, 0.5f), d0)) {
            List<List<PjrtBuffer>> out = exe.execute(List.of(List.of(a, b)));
            try (PjrtBuffer sum = out.getFirst().getFirst()) {
                assertArrayEquals(new float[] {2, 0, -1, 0.75f}, Tensors.floats(sum.toHost()));
            }
        }
    }

    @Test
    void spmdExecutableTakesOneArgumentListPerDevice() throws Exception {
        List<PjrtDevice> devices = client.addressableDevices();
        try (PjrtLoadedExecutable exe = client.compile(Programs.IDENTITY_1,
                XlaCompileOptions.forMesh(List.of(0L, 1L, 2L, 3L), false))) {
            assertEquals(devices, exe.addressableDevices());
            List<List<PjrtBuffer>> args = new ArrayList<>();
            for (int d = 0; d < 4; d++) {
                args.add(List.of(client.toDevice(Tensors.f32(new long[] {2, 3}, d, d, d, d, d, d + 1), devices.get(d))));
            }
            List<List<PjrtBuffer>> out = exe.execute(args);
            for (int d = 0; d < 4; d++) {
                assertEquals(devices.get(d), out.get(d).getFirst().device());
                assertArrayEquals(new float[] {d, d, d, d, d, d + 1}, Tensors.floats(out.get(d).getFirst().toHost()));
            }
            // the client closes what is left open: argument and output buffers
            assertEquals(1 + 4 + 4, client.openHandles());
        }
    }

    @Test
    void serializeAndDeserializeGiveAWorkingExecutable() throws Exception {
        byte[] bytes;
        try (PjrtLoadedExecutable exe = client.compile(Programs.ADD, XlaCompileOptions.forMesh(List.of(0L), false))) {
            bytes = exe.serialize();
        }
        assertTrue(new String(bytes, StandardCharsets.ISO_8859_1).contains("stablehlo.add"));
        PjrtDevice d0 = client.addressableDevices().getFirst();
        try (PjrtLoadedExecutable exe = client.deserializeAndLoad(bytes);
             PjrtBuffer a = client.toDevice(Tensors.f32(new long[] {2, 2}, 1, 2, 3, 4), d0)) {
            List<List<PjrtBuffer>> out = exe.execute(List.of(List.of(a, a)));
            assertArrayEquals(new float[] {2, 4, 6, 8}, Tensors.floats(out.getFirst().getFirst().toHost()));
        }
    }

    @Test
    void pluginErrorsCarryCodeAndMessage() {
        PjrtException parse = assertThrows(PjrtException.class,
                () -> client.compile("module {}", XlaCompileOptions.forMesh(List.of(0L), false)));
        assertEquals(PjrtErrorCode.INVALID_ARGUMENT, parse.code());
        assertEquals("PJRT_Client_Compile: failed to parse the MLIR module: no func.func", parse.pluginMessage());
        assertEquals("PJRT_Client_Compile failed: INVALID_ARGUMENT: PJRT_Client_Compile: failed to parse the MLIR module: no func.func",
                parse.getMessage());

        PjrtException tooMany = assertThrows(PjrtException.class, () -> client.compile(Programs.IDENTITY_1,
                XlaCompileOptions.forMesh(List.of(0L, 1L, 2L, 3L, 4L), false)));
        assertTrue(tooMany.pluginMessage().contains("5 replicas x partitions, but the client has only 4 devices"), tooMany.pluginMessage());
    }

    /** The abseil status names, in the header's numbering (CANCELLED = 1 … UNAUTHENTICATED = 16). */
    private static final String[] STATUS = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
            "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
            "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};

    @Test
    void everyStatusCodeMapsToItsName() {
        for (int code = 1; code <= 16; code++) {
            controls.failNext("PJRT_Client_Compile", code, "injected " + code);
            PjrtException e = assertThrows(PjrtException.class,
                    () -> client.compile(Programs.IDENTITY_1, XlaCompileOptions.forMesh(List.of(0L), false)));
            assertEquals(STATUS[code], e.code().name());
            assertEquals("injected " + code, e.pluginMessage());
        }
        assertEquals(PjrtErrorCode.UNKNOWN, PjrtErrorCode.of(99));
    }

    @Test
    void errorsOnEveryCallPathAreReportedAndNothingLeaks() throws Exception {
        PjrtDevice d0 = client.addressableDevices().getFirst();
        HostTensor t = Tensors.f32(new long[] {2, 3}, 1, 2, 3, 4, 5, 6);
        try (PjrtLoadedExecutable exe = client.compile(Programs.IDENTITY_1, XlaCompileOptions.forMesh(List.of(0L), false));
             PjrtBuffer b = client.toDevice(t, d0)) {
            String[] functions = {"PJRT_Client_BufferFromHostBuffer", "PJRT_Event_Await", "PJRT_LoadedExecutable_Execute",
                    "PJRT_Buffer_ToHostBuffer", "PJRT_Buffer_ElementType", "PJRT_Buffer_Dimensions",
                    "PJRT_Executable_Serialize", "PJRT_LoadedExecutable_GetExecutable", "PJRT_Executable_DeserializeAndLoad"};
            for (String f : functions) {
                controls.failNext(f, 13, "boom in " + f);
                PjrtException e = assertThrows(PjrtException.class, () -> {
                    switch (f) {
                        case "PJRT_Client_BufferFromHostBuffer", "PJRT_Event_Await" -> client.toDevice(t, d0).close();
                        case "PJRT_LoadedExecutable_Execute" -> exe.execute(List.of(List.of(b)));
                        case "PJRT_Buffer_ToHostBuffer", "PJRT_Buffer_ElementType", "PJRT_Buffer_Dimensions" -> b.toHost();
                        case "PJRT_Executable_Serialize", "PJRT_LoadedExecutable_GetExecutable" -> exe.serialize();
                        default -> client.deserializeAndLoad(exe.serialize()).close();
                    }
                }, f);
                assertEquals(PjrtErrorCode.INTERNAL, e.code(), f);
                assertEquals(f, e.function());
                assertEquals("boom in " + f, e.pluginMessage());
            }
            assertEquals(t, b.toHost(), "the buffer still works after the failures");
            assertEquals(2, client.openHandles(), "failed calls left no handles behind");
        }
    }

    @Test
    void corruptSerializedExecutableIsAnError() {
        PjrtException e = assertThrows(PjrtException.class, () -> client.deserializeAndLoad(new byte[] {1, 2, 3}));
        assertEquals(PjrtErrorCode.INVALID_ARGUMENT, e.code());
    }
}
