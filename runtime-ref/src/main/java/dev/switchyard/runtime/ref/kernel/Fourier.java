package dev.switchyard.runtime.ref.kernel;

import dev.switchyard.hlo.tensor.ElementType;

/**
 * {@code stablehlo.fft} over the innermost {@code fftLength.length} dimensions, as a direct DFT
 * per dimension in f64 (O(n²) per line: the interpreter's FFTs are small). IFFT scales by 1/n;
 * RFFT keeps the n/2+1 non-negative frequencies; IRFFT takes them and returns real values.
 */
public final class Fourier {
    private Fourier() {}

    public enum Kind { FFT, IFFT, RFFT, IRFFT }

    public static Tensor fft(Tensor x, Kind kind, int[] fftLength, ElementType resultType, int[] resultShape) {
        int rank = x.rank();
        int d = fftLength.length;
        double[] data;
        int[] shape;
        // work on complex f64 throughout
        Tensor c = Conversions.convert(x, ElementType.COMPLEX_F64);
        data = c.doubles();
        shape = c.shape();
        switch (kind) {
            case FFT, IFFT -> {
                for (int k = 0; k < d; k++) data = dftAlong(data, shape, rank - 1 - k, shape[rank - 1 - k], kind == Kind.IFFT);
            }
            case RFFT -> {
                for (int k = 0; k < d; k++) data = dftAlong(data, shape, rank - 1 - k, shape[rank - 1 - k], false);
                // keep frequencies 0..n/2 of the innermost dimension
                int[] start = new int[rank], limit = shape.clone(), stride = new int[rank];
                java.util.Arrays.fill(stride, 1);
                limit[rank - 1] = fftLength[d - 1] / 2 + 1;
                Tensor full = Tensor.ofDoubles(ElementType.COMPLEX_F64, shape, data);
                Tensor kept = Layout.slice(full, start, limit, stride);
                data = kept.doubles();
                shape = kept.shape();
            }
            case IRFFT -> {
                // inverse along the outer dims first: each innermost line is then the spectrum of a
                // real signal, Hermitian, so its missing half is the conjugate mirror
                for (int k = 1; k < d; k++) data = dftAlong(data, shape, rank - 1 - k, shape[rank - 1 - k], true);
                int n = fftLength[d - 1];
                int half = shape[rank - 1];
                int[] fullShape = shape.clone();
                fullShape[rank - 1] = n;
                int outer = half == 0 ? 0 : Shapes.size(shape) / half;
                double[] full = new double[2 * outer * n];
                for (int o = 0; o < outer; o++) {
                    for (int f = 0; f < n; f++) {
                        boolean direct = f < half;
                        int src = direct ? f : n - f;
                        if (src >= half) continue;
                        full[2 * (o * n + f)] = data[2 * (o * half + src)];
                        full[2 * (o * n + f) + 1] = direct ? data[2 * (o * half + src) + 1] : -data[2 * (o * half + src) + 1];
                    }
                }
                data = dftAlong(full, fullShape, rank - 1, n, true);
                shape = fullShape;
            }
        }
        Tensor result = Tensor.ofDoubles(ElementType.COMPLEX_F64, shape, data);
        if (!java.util.Arrays.equals(shape, resultShape)) throw new IllegalArgumentException("fft: computed shape " + java.util.Arrays.toString(shape) + " but the result type has " + java.util.Arrays.toString(resultShape));
        return Conversions.convert(result, resultType);
    }

    private static double[] dftAlong(double[] data, int[] shape, int dim, int n, boolean inverse) {
        int[] strides = Shapes.strides(shape);
        int stride = strides[dim];
        int total = Shapes.size(shape);
        double[] out = new double[data.length];
        double sign = inverse ? 1 : -1;
        double[] cos = new double[n], sin = new double[n];
        for (int t = 0; t < n; t++) {
            cos[t] = Math.cos(2 * Math.PI * t / n);
            sin[t] = Math.sin(2 * Math.PI * t / n);
        }
        int lines = n == 0 ? 0 : total / n;
        for (int line = 0; line < lines; line++) {
            int base = (line / stride) * stride * n + (line % stride);
            for (int f = 0; f < n; f++) {
                double re = 0, im = 0;
                for (int t = 0; t < n; t++) {
                    int idx = 2 * (base + t * stride);
                    int phase = (int) ((long) f * t % n);
                    double c = cos[phase], s = sign * sin[phase];
                    re += data[idx] * c - data[idx + 1] * s;
                    im += data[idx] * s + data[idx + 1] * c;
                }
                int o = 2 * (base + f * stride);
                out[o] = inverse ? re / n : re;
                out[o + 1] = inverse ? im / n : im;
            }
        }
        return out;
    }
}
