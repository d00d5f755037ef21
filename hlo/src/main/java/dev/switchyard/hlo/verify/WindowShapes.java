package dev.switchyard.hlo.verify;

/** The spec's window count along one dimension, shared by convolution, reduce_window and select_and_scatter. */
final class WindowShapes {
    private WindowShapes() {}

    /**
     * {@code num_windows} for an input of {@code size} (dilated by {@code baseDilation}, padded by
     * {@code low}/{@code high}) and a window of {@code window} (dilated by {@code windowDilation})
     * moved by {@code stride}.
     */
    static long numWindows(long size, long baseDilation, long low, long high, long window, long windowDilation, long stride) {
        long dilatedInput = size == 0 ? 0 : (size - 1) * baseDilation + 1;
        long padded = low + dilatedInput + high;
        long dilatedWindow = window == 0 ? 0 : (window - 1) * windowDilation + 1;
        boolean empty = padded <= 0 || dilatedWindow > padded;
        return empty ? 0 : Math.floorDiv(padded - dilatedWindow, stride) + 1;
    }
}
