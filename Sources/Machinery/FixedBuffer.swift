#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif


/// Values in a buffer of their own, for row loops (on several threads): reading them takes no
/// reference count, where an array would be retained on every use.
public final class FixedBuffer<Element>: @unchecked Sendable {
    public let values: UnsafeMutableBufferPointer<Element>
    public var count: Int { values.count }

    public init(_ elements: [Element]) {
        values = .allocate(capacity: elements.count)
        _ = values.initialize(from: elements)
    }

    deinit {
        _ = values.deinitialize()
        values.deallocate()
    }
}
