package dev.switchyard.tests.xla;

import dev.switchyard.hlo.exec.ExecutionException;
import dev.switchyard.hlo.tensor.ElementType;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint16;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * How a StableHLO element type crosses into TensorFlow: the TF-Java tensor class that carries its
 * bytes and the StableHLO type of that carrier. TF-Java has no tensor class for i8, i16, ui32 or
 * ui64; those ride in a same-width type that has one and are bit-cast inside a wrapper module,
 * so the bytes are never reinterpreted by anyone but {@code stablehlo.bitcast_convert}. Sub-byte
 * integers (one byte each on the host) ride in ui8 through {@code stablehlo.convert}, whose
 * modular wrap-around maps a sign-extended byte to the same i2/i4 value and back. Complex numbers
 * ride as their float parts in a trailing dimension of 2, which is byte for byte the host layout.
 */
record TfCarrier(ElementType moduleType, ElementType carrierType, Class<? extends TType> tensorClass, DataType dataType,
                 Crossing crossing) {

    /** What the wrapper module does between the carrier and the module's own type. */
    enum Crossing {
        DIRECT(""), BITCAST("stablehlo.bitcast_convert"), CONVERT("stablehlo.convert"),
        /** complex as real and imaginary parts along a new last dimension of 2: the same bytes. */
        SPLIT_COMPLEX("");

        private final String op;

        Crossing(String op) { this.op = op; }

        String op() { return op; }
    }

    TfCarrier(ElementType type, Class<? extends TType> tensorClass, DataType dataType) {
        this(type, type, tensorClass, dataType, Crossing.DIRECT);
    }

    boolean needsWrapper() { return crossing != Crossing.DIRECT; }

    /** The carrier's type for a module tensor of {@code shape}: complex gains a last dimension of 2. */
    TensorType carrierType(long[] shape) {
        if (crossing != Crossing.SPLIT_COMPLEX) return new TensorType(carrierType, shape);
        long[] split = java.util.Arrays.copyOf(shape, shape.length + 1);
        split[shape.length] = 2;
        return new TensorType(carrierType, split);
    }

    static TfCarrier of(ElementType type) throws ExecutionException {
        return switch (type) {
            case F32 -> new TfCarrier(type, TFloat32.class, DataType.DT_FLOAT);
            case F64 -> new TfCarrier(type, TFloat64.class, DataType.DT_DOUBLE);
            case F16 -> new TfCarrier(type, TFloat16.class, DataType.DT_HALF);
            case BF16 -> new TfCarrier(type, TBfloat16.class, DataType.DT_BFLOAT16);
            case I1 -> new TfCarrier(type, TBool.class, DataType.DT_BOOL);
            case I32 -> new TfCarrier(type, TInt32.class, DataType.DT_INT32);
            case I64 -> new TfCarrier(type, TInt64.class, DataType.DT_INT64);
            case UI8 -> new TfCarrier(type, TUint8.class, DataType.DT_UINT8);
            case UI16 -> new TfCarrier(type, TUint16.class, DataType.DT_UINT16);
            case I8 -> new TfCarrier(type, ElementType.UI8, TUint8.class, DataType.DT_UINT8, Crossing.BITCAST);
            case I16 -> new TfCarrier(type, ElementType.UI16, TUint16.class, DataType.DT_UINT16, Crossing.BITCAST);
            case UI32 -> new TfCarrier(type, ElementType.I32, TInt32.class, DataType.DT_INT32, Crossing.BITCAST);
            case UI64 -> new TfCarrier(type, ElementType.I64, TInt64.class, DataType.DT_INT64, Crossing.BITCAST);
            case I2, I4, UI2, UI4 -> new TfCarrier(type, ElementType.UI8, TUint8.class, DataType.DT_UINT8, Crossing.CONVERT);
            case COMPLEX_F32 -> new TfCarrier(type, ElementType.F32, TFloat32.class, DataType.DT_FLOAT, Crossing.SPLIT_COMPLEX);
            case COMPLEX_F64 -> new TfCarrier(type, ElementType.F64, TFloat64.class, DataType.DT_DOUBLE, Crossing.SPLIT_COMPLEX);
        };
    }
}
