package dev.switchyard.runtime.pjrt;

import java.lang.foreign.ValueLayout;

/**
 * The C types that appear in PJRT args structs, with their x86-64/AArch64 LP64 layouts. C enums
 * ({@code PJRT_Buffer_Type}, {@code PJRT_Error_Code}…) are {@code int}; function pointers are
 * pointers.
 */
enum CType {
    SIZE_T(ValueLayout.JAVA_LONG),
    POINTER(ValueLayout.ADDRESS),
    INT(ValueLayout.JAVA_INT),
    INT64(ValueLayout.JAVA_LONG),
    BOOL(ValueLayout.JAVA_BOOLEAN),
    /** The anonymous 8-byte union of {@code PJRT_NamedValue}: read and written by offset with the member's layout. */
    VALUE_UNION(ValueLayout.JAVA_LONG);

    final ValueLayout layout;

    CType(ValueLayout layout) { this.layout = layout; }
}
