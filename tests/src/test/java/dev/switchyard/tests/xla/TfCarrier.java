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
 * so the bytes are never reinterpreted by anyone but {@code stablehlo.bitcast_convert}.
 */
record TfCarrier(ElementType moduleType, ElementType carrierType, Class<? extends TType> tensorClass, DataType dataType) {

    boolean needsBitcast() { return moduleType != carrierType; }

    static TfCarrier of(ElementType type) throws ExecutionException {
        return switch (type) {
            case F32 -> new TfCarrier(type, type, TFloat32.class, DataType.DT_FLOAT);
            case F64 -> new TfCarrier(type, type, TFloat64.class, DataType.DT_DOUBLE);
            case F16 -> new TfCarrier(type, type, TFloat16.class, DataType.DT_HALF);
            case BF16 -> new TfCarrier(type, type, TBfloat16.class, DataType.DT_BFLOAT16);
            case I1 -> new TfCarrier(type, type, TBool.class, DataType.DT_BOOL);
            case I32 -> new TfCarrier(type, type, TInt32.class, DataType.DT_INT32);
            case I64 -> new TfCarrier(type, type, TInt64.class, DataType.DT_INT64);
            case UI8 -> new TfCarrier(type, type, TUint8.class, DataType.DT_UINT8);
            case UI16 -> new TfCarrier(type, type, TUint16.class, DataType.DT_UINT16);
            case I8 -> new TfCarrier(type, ElementType.UI8, TUint8.class, DataType.DT_UINT8);
            case I16 -> new TfCarrier(type, ElementType.UI16, TUint16.class, DataType.DT_UINT16);
            case UI32 -> new TfCarrier(type, ElementType.I32, TInt32.class, DataType.DT_INT32);
            case UI64 -> new TfCarrier(type, ElementType.I64, TInt64.class, DataType.DT_INT64);
            case I2, I4, UI2, UI4, COMPLEX_F32, COMPLEX_F64 -> throw new ExecutionException(
                    "element type " + type + " cannot be passed to XLA through TensorFlow-Java"
                            + " (no tensor class and no same-width carrier); keep it inside the module");
        };
    }
}
