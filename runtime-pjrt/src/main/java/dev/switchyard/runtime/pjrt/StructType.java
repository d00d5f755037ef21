package dev.switchyard.runtime.pjrt;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One PJRT struct described as data: its name and its fields in the header's order. The memory
 * layout (with C alignment padding), each field's offset and accessor, and {@code struct_size}
 * are derived from that list, so a struct is written down once and cannot disagree with itself.
 */
final class StructType {

    /** A field as the header declares it. */
    record Field(String name, CType type) {}

    private final String name;
    private final List<Field> fields;
    private final StructLayout layout;
    private final Map<String, Field> byName = new LinkedHashMap<>();
    private final Map<String, Long> offsets = new LinkedHashMap<>();
    private final Map<String, VarHandle> handles = new LinkedHashMap<>();
    private final long structSize;

    private StructType(String name, List<Field> fields) {
        this.name = name;
        this.fields = List.copyOf(fields);
        List<MemoryLayout> members = new ArrayList<>();
        long offset = 0;
        long maxAlign = 1;
        long end = 0;
        for (Field f : fields) {
            ValueLayout l = f.type().layout;
            long align = l.byteAlignment();
            long aligned = (offset + align - 1) / align * align;
            if (aligned > offset) members.add(MemoryLayout.paddingLayout(aligned - offset));
            members.add(l.withName(f.name()));
            offsets.put(f.name(), aligned);
            byName.put(f.name(), f);
            offset = aligned + l.byteSize();
            end = offset;
            maxAlign = Math.max(maxAlign, align);
        }
        long padded = (offset + maxAlign - 1) / maxAlign * maxAlign;
        if (padded > offset) members.add(MemoryLayout.paddingLayout(padded - offset));
        this.layout = MemoryLayout.structLayout(members.toArray(MemoryLayout[]::new)).withName(name);
        for (Field f : fields) {
            VarHandle h = layout.varHandle(MemoryLayout.PathElement.groupElement(f.name()));
            handles.put(f.name(), h);
        }
        // The header's rule: offsetof(last field) + sizeof(last field), not the padded sizeof.
        this.structSize = end;
    }

    static StructType of(String name, Field... fields) {
        if (fields.length < 2 || !fields[0].name().equals("struct_size") || !fields[1].name().equals("extension_start")) {
            throw new IllegalArgumentException(name + ": every PJRT args struct starts with struct_size, extension_start");
        }
        return new StructType(name, List.of(fields));
    }

    /** For the few structs without the common head ({@code PJRT_Api} itself is handled by {@link PjrtApi}). */
    static StructType plain(String name, Field... fields) { return new StructType(name, List.of(fields)); }

    static Field size(String name) { return new Field(name, CType.SIZE_T); }
    static Field ptr(String name) { return new Field(name, CType.POINTER); }
    static Field i32(String name) { return new Field(name, CType.INT); }
    static Field i64(String name) { return new Field(name, CType.INT64); }
    static Field bool(String name) { return new Field(name, CType.BOOL); }
    static Field union(String name) { return new Field(name, CType.VALUE_UNION); }

    String name() { return name; }

    List<Field> fields() { return fields; }

    StructLayout layout() { return layout; }

    /** {@code offsetof(last field) + sizeof(last field)}: what the caller writes into {@code struct_size}. */
    long structSize() { return structSize; }

    long offset(String field) {
        Long o = offsets.get(field);
        if (o == null) throw new IllegalArgumentException(name + " has no field " + field);
        return o;
    }

    /** A zero-filled instance with {@code struct_size} set, as the ABI asks of every caller. */
    MemorySegment allocate(SegmentAllocator allocator) {
        MemorySegment s = allocator.allocate(layout);
        s.fill((byte) 0);
        if (byName.containsKey("struct_size")) set(s, "struct_size", structSize);
        return s;
    }

    /** A zero-filled array of {@code count} instances (each with {@code struct_size} set). */
    MemorySegment allocateArray(SegmentAllocator allocator, long count) {
        MemorySegment s = allocator.allocate(layout, count);
        s.fill((byte) 0);
        return s;
    }

    MemorySegment element(MemorySegment array, long index) {
        return array.asSlice(index * layout.byteSize(), layout.byteSize());
    }

    private VarHandle handle(String field, CType expected) {
        Field f = byName.get(field);
        if (f == null) throw new IllegalArgumentException(name + " has no field " + field);
        if (f.type() != expected && !(f.type() == CType.INT64 && expected == CType.SIZE_T)
                && !(f.type() == CType.SIZE_T && expected == CType.INT64)) {
            throw new IllegalArgumentException(name + "." + field + " is " + f.type() + ", not " + expected);
        }
        return handles.get(field);
    }

    void set(MemorySegment s, String field, long value) { handle(field, CType.SIZE_T).set(s, 0L, value); }

    void set(MemorySegment s, String field, int value) { handle(field, CType.INT).set(s, 0L, value); }

    void set(MemorySegment s, String field, boolean value) { handle(field, CType.BOOL).set(s, 0L, value); }

    void set(MemorySegment s, String field, MemorySegment value) { handle(field, CType.POINTER).set(s, 0L, value); }

    long getLong(MemorySegment s, String field) { return (long) handle(field, CType.SIZE_T).get(s, 0L); }

    int getInt(MemorySegment s, String field) { return (int) handle(field, CType.INT).get(s, 0L); }

    boolean getBool(MemorySegment s, String field) { return (boolean) handle(field, CType.BOOL).get(s, 0L); }

    MemorySegment getPointer(MemorySegment s, String field) { return (MemorySegment) handle(field, CType.POINTER).get(s, 0L); }

    /** Reads a union member: the union's offset with the member's own layout. */
    Object getUnion(MemorySegment s, String field, ValueLayout member) {
        long off = offset(field);
        return switch (member) {
            case ValueLayout.OfLong l -> s.get(l, off);
            case ValueLayout.OfFloat f -> s.get(f, off);
            case ValueLayout.OfBoolean b -> s.get(b, off);
            case java.lang.foreign.AddressLayout a -> s.get(a, off);
            default -> throw new IllegalArgumentException("no union member of layout " + member);
        };
    }

    void setUnion(MemorySegment s, String field, Object value) {
        long off = offset(field);
        switch (value) {
            case Long l -> s.set(ValueLayout.JAVA_LONG, off, l);
            case Float f -> s.set(ValueLayout.JAVA_FLOAT, off, f);
            case Boolean b -> s.set(ValueLayout.JAVA_BOOLEAN, off, b);
            case MemorySegment m -> s.set(ValueLayout.ADDRESS, off, m);
            default -> throw new IllegalArgumentException("no union member for " + value.getClass());
        }
    }

    @Override
    public String toString() { return name; }
}
