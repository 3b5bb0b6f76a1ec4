#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Values in a buffer of their own, of a size fixed when it is made, for row loops on several
/// threads: reading them takes no reference count and no uniqueness check, where an array would
/// be retained on every use and could not be written by two threads at once.
///
/// The buffer owns its elements; ``view`` is how code reads and writes them.
///
/// ```swift
/// let levels = FixedBuffer(repeating: Level.notCertified, count: rows)
/// levels.view[row] = .certified        // each thread writes only its own rows
/// ```
public final class FixedBuffer<Element>: @unchecked Sendable {
    @usableFromInline let storage: UnsafeMutableBufferPointer<Element>
    /// Memory from `calloc` (plain integers, nothing to deinitialise).
    @usableFromInline let fromCalloc: Bool

    @usableFromInline init(storage: UnsafeMutableBufferPointer<Element>, fromCalloc: Bool) {
        self.storage = storage
        self.fromCalloc = fromCalloc
    }

    /// A buffer holding `elements`.
    @inlinable
    public convenience init(_ elements: [Element]) {
        let base = UnsafeMutablePointer<Element>.allocate(capacity: max(1, elements.count))
        let storage = UnsafeMutableBufferPointer(start: base, count: elements.count)
        _ = storage.initialize(from: elements)
        self.init(storage: storage, fromCalloc: false)
    }

    /// A buffer of `count` copies of `value` (inlinable, so that the fill is specialised for the
    /// element type rather than done value by value through generic code).
    @inlinable
    public convenience init(repeating value: Element, count: Int) {
        let base = UnsafeMutablePointer<Element>.allocate(capacity: max(1, count))
        base.initialize(repeating: value, count: count)
        self.init(storage: UnsafeMutableBufferPointer(start: base, count: count), fromCalloc: false)
    }

    deinit {
        if fromCalloc {
            free(storage.baseAddress)
        } else {
            _ = storage.deinitialize()
            storage.baseAddress?.deallocate()
        }
    }

    public var count: Int { storage.count }

    /// The elements, to read and write (valid while the buffer is alive).
    @inlinable
    public var view: MutableColumnView<Element> { MutableColumnView(base: storage.baseAddress, count: storage.count) }
}

extension FixedBuffer where Element: FixedWidthInteger {
    /// A buffer of `count` zeros, zeroed by the system (`calloc`): its pages are touched first by
    /// the threads that fill them, rather than all written here on one thread.
    public convenience init(zeroedCount count: Int) {
        guard let raw = calloc(max(count, 1), MemoryLayout<Element>.stride) else {
            fatalError("FixedBuffer: out of memory for \(count) values")
        }
        let base = raw.bindMemory(to: Element.self, capacity: max(count, 1))
        self.init(storage: UnsafeMutableBufferPointer(start: base, count: count), fromCalloc: true)
    }
}
