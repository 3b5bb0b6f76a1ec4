#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Writes bytes to an open file (standard output, a report file, a pipe) whole: a write the
/// system cuts short or interrupts goes on from where it stopped.
///
/// ```swift
/// if let code = ByteOutput.writeAll(writer.bytes, to: STDOUT_FILENO) {
///     // the disk is full (code is the errno value): the output is incomplete
/// }
/// ```
public enum ByteOutput {
    /// Writes every byte of `bytes` to `descriptor`; returns the `errno` of the write that
    /// failed, or nil when all were written.
    public static func writeAll(_ bytes: ColumnView<UInt8>, to descriptor: Int32) -> Int32? {
        guard var next = bytes.base else { return nil }
        var left = bytes.count
        while left > 0 {
            let written = write(descriptor, next, left)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            left -= written
            next += written
        }
        return nil
    }
}
