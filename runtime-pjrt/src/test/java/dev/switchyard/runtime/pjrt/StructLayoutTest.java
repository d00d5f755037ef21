package dev.switchyard.runtime.pjrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Java struct descriptions against gcc's layout of the test plugin's C declarations (written
 * separately from the header): same fields in the same order, same offsets and sizes, and
 * struct_size = offsetof(last) + sizeof(last).
 */
class StructLayoutTest {

    private final List<TestPlugin.CField> c = TestPlugin.controls().layout();

    @Test
    void everyFieldOffsetMatchesTheCCompiler() {
        Map<String, List<TestPlugin.CField>> byStruct = c.stream()
                .collect(Collectors.groupingBy(TestPlugin.CField::struct));
        assertEquals(PjrtStructs.ALL.size(), byStruct.size(), "structs described in Java and in C");
        for (StructType s : PjrtStructs.ALL) {
            List<TestPlugin.CField> fields = byStruct.get(s.name());
            assertFalse(fields == null, s.name() + " is not in the C plugin");
            assertEquals(fields.stream().map(TestPlugin.CField::field).toList(),
                    s.fields().stream().map(StructType.Field::name).toList(), s.name() + " field order");
            for (TestPlugin.CField f : fields) {
                assertEquals(f.offset(), s.offset(f.field()), s.name() + "." + f.field() + " offset");
                assertEquals(f.size(), s.fields().stream().filter(x -> x.name().equals(f.field())).findFirst()
                        .orElseThrow().type().layout.byteSize(), s.name() + "." + f.field() + " size");
            }
            TestPlugin.CField last = fields.getLast();
            assertEquals(last.offset() + last.size(), s.structSize(), s.name() + " struct_size rule");
        }
    }

    @Test
    void structSizeIsNotThePaddedSize() {
        // PJRT_Client_BufferFromHostBuffer_Args and PJRT_Error_GetCode_Args end in an int: the rule gives a size
        // that is not a multiple of 8, and the plugin checks it exactly.
        assertEquals(28, PjrtStructs.ERROR_GET_CODE.structSize());
        assertEquals(32, PjrtStructs.ERROR_GET_CODE.layout().byteSize());
        assertEquals(16, PjrtStructs.PLUGIN_INITIALIZE.structSize());
        // PJRT_NamedValue as shared/docs/pjrt.md reads it off the header: name@16, name_size@24, type@32, value@40, value_size@48.
        assertEquals(16, PjrtStructs.NAMED_VALUE.offset("name"));
        assertEquals(24, PjrtStructs.NAMED_VALUE.offset("name_size"));
        assertEquals(32, PjrtStructs.NAMED_VALUE.offset("type"));
        assertEquals(40, PjrtStructs.NAMED_VALUE.offset("value"));
        assertEquals(48, PjrtStructs.NAMED_VALUE.offset("value_size"));
        assertEquals(56, PjrtStructs.NAMED_VALUE.structSize());
        // PJRT_Api_Version is 24 bytes, so the function table starts at 16 + 24 = 40.
        assertEquals(24, PjrtStructs.API_VERSION.structSize());
    }

    @Test
    void functionSlotsAreInTheHeadersOrder() {
        List<TestPlugin.CField> slots = TestPlugin.controls().apiSlots();
        assertEquals(PjrtFunction.Buffer_ToHostBuffer.ordinal() + 1, slots.size());
        for (TestPlugin.CField slot : slots) {
            PjrtFunction f = PjrtFunction.valueOf(slot.field().substring("PJRT_".length()));
            assertEquals(slot.offset(), f.offset(), slot.field());
        }
        // Facts from the header, independent of both descriptions: slot 0 at 40, Client_Compile is slot 20.
        assertEquals(40, PjrtFunction.Error_Destroy.offset());
        assertEquals(40 + 8 * 20, PjrtFunction.Client_Compile.offset());
        assertEquals(40 + 8 * 55, PjrtFunction.LoadedExecutable_Execute.offset());
    }
}
