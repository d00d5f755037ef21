package dev.switchyard.runtime.pjrt;

import static dev.switchyard.runtime.pjrt.PjrtStructs.NAMED_VALUE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A typed value of a {@code PJRT_NamedValue}: client create options going in, plugin attributes
 * coming out. The PJRT type tags are 0 string, 1 int64, 2 int64 list, 3 float, 4 bool.
 */
public sealed interface NamedValue {

    record StringValue(String value) implements NamedValue {}

    record Int64Value(long value) implements NamedValue {}

    record Int64ListValue(List<Long> values) implements NamedValue {
        public Int64ListValue { values = List.copyOf(values); }

        public static Int64ListValue of(long... values) { return new Int64ListValue(Arrays.stream(values).boxed().toList()); }
    }

    record FloatValue(float value) implements NamedValue {}

    record BoolValue(boolean value) implements NamedValue {}

    /** The value as a user would write it, e.g. {@code [1, 9, 3]} or {@code true}. */
    default String display() {
        return switch (this) {
            case StringValue s -> s.value();
            case Int64Value i -> Long.toString(i.value());
            case Int64ListValue l -> l.values().toString();
            case FloatValue f -> Float.toString(f.value());
            case BoolValue b -> Boolean.toString(b.value());
        };
    }

    /** Writes {@code values} as a {@code PJRT_NamedValue[]} in {@code arena}. */
    static MemorySegment toNative(Arena arena, Map<String, NamedValue> values) {
        MemorySegment array = NAMED_VALUE.allocateArray(arena, Math.max(1, values.size()));
        int i = 0;
        for (Map.Entry<String, NamedValue> e : values.entrySet()) {
            MemorySegment nv = NAMED_VALUE.element(array, i++);
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            NAMED_VALUE.set(nv, "struct_size", NAMED_VALUE.structSize());
            NAMED_VALUE.set(nv, "name", PjrtApi.bytes(arena, name));
            NAMED_VALUE.set(nv, "name_size", (long) name.length);
            switch (e.getValue()) {
                case StringValue s -> {
                    byte[] b = s.value().getBytes(StandardCharsets.UTF_8);
                    NAMED_VALUE.set(nv, "type", 0);
                    NAMED_VALUE.setUnion(nv, "value", PjrtApi.bytes(arena, b));
                    NAMED_VALUE.set(nv, "value_size", (long) b.length);
                }
                case Int64Value v -> {
                    NAMED_VALUE.set(nv, "type", 1);
                    NAMED_VALUE.setUnion(nv, "value", v.value());
                    NAMED_VALUE.set(nv, "value_size", 1L);
                }
                case Int64ListValue l -> {
                    MemorySegment longs = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, l.values().size()));
                    for (int k = 0; k < l.values().size(); k++) longs.setAtIndex(ValueLayout.JAVA_LONG, k, l.values().get(k));
                    NAMED_VALUE.set(nv, "type", 2);
                    NAMED_VALUE.setUnion(nv, "value", longs);
                    NAMED_VALUE.set(nv, "value_size", (long) l.values().size());
                }
                case FloatValue f -> {
                    NAMED_VALUE.set(nv, "type", 3);
                    NAMED_VALUE.setUnion(nv, "value", f.value());
                    NAMED_VALUE.set(nv, "value_size", 1L);
                }
                case BoolValue b -> {
                    NAMED_VALUE.set(nv, "type", 4);
                    NAMED_VALUE.setUnion(nv, "value", b.value());
                    NAMED_VALUE.set(nv, "value_size", 1L);
                }
            }
        }
        return array;
    }

    /** Reads {@code count} {@code PJRT_NamedValue}s that the plugin owns. */
    static Map<String, NamedValue> fromNative(MemorySegment pointer, long count) {
        Map<String, NamedValue> out = new LinkedHashMap<>();
        if (count == 0) return out;
        MemorySegment array = pointer.reinterpret(NAMED_VALUE.layout().byteSize() * count);
        for (long i = 0; i < count; i++) {
            MemorySegment nv = NAMED_VALUE.element(array, i);
            String name = PjrtApi.string(NAMED_VALUE.getPointer(nv, "name"), NAMED_VALUE.getLong(nv, "name_size"));
            long size = NAMED_VALUE.getLong(nv, "value_size");
            NamedValue value = switch (NAMED_VALUE.getInt(nv, "type")) {
                case 0 -> new StringValue(PjrtApi.string((MemorySegment) NAMED_VALUE.getUnion(nv, "value", ValueLayout.ADDRESS), size));
                case 1 -> new Int64Value((long) NAMED_VALUE.getUnion(nv, "value", ValueLayout.JAVA_LONG));
                case 2 -> {
                    MemorySegment longs = ((MemorySegment) NAMED_VALUE.getUnion(nv, "value", ValueLayout.ADDRESS))
                            .reinterpret(8 * size);
                    List<Long> list = new ArrayList<>();
                    for (long k = 0; k < size; k++) list.add(longs.getAtIndex(ValueLayout.JAVA_LONG, k));
                    yield new Int64ListValue(list);
                }
                case 3 -> new FloatValue((float) NAMED_VALUE.getUnion(nv, "value", ValueLayout.JAVA_FLOAT));
                case 4 -> new BoolValue((boolean) NAMED_VALUE.getUnion(nv, "value", ValueLayout.JAVA_BOOLEAN));
                default -> new StringValue("<unknown PJRT_NamedValue type " + NAMED_VALUE.getInt(nv, "type") + ">");
            };
            out.put(name, value);
        }
        return out;
    }
}
