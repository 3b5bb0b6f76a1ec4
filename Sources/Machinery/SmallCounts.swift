/// Small whole numbers (0 up to a limit known when the buffer is made), stored in one byte each
/// when the limit fits in a byte and in two otherwise: which point line of an indicator fired,
/// per row and indicator. A province's file with a 1,000-line indicator works, and the usual
/// files (a few lines per indicator) keep a byte per value — 11 MB less for a million households.
///
/// ```swift
/// let fired = SmallCountBuffer(zeroedCount: rows * indicators, maximum: longestIndicator - 1)
/// fired.view[unchecked: row * indicators + k] = line
/// ```
public final class SmallCountBuffer: Sendable {
    private let bytes: FixedBuffer<UInt8>?
    private let words: FixedBuffer<UInt16>?
    /// The values, to read and write (valid while the buffer is alive).
    public let view: SmallCounts

    /// Bytes each value takes in a buffer whose values go up to `maximum`: 1 or 2.
    public static func bytesPerValue(maximum: Int) -> Int { maximum <= Int(UInt8.max) ? 1 : 2 }

    /// `count` zeros, each able to hold up to `maximum` (at most `UInt16.max`).
    public init(zeroedCount count: Int, maximum: Int) {
        precondition(maximum >= 0 && maximum <= Int(UInt16.max), "SmallCountBuffer: \(maximum) does not fit 16 bits")
        if Self.bytesPerValue(maximum: maximum) == 1 {
            let storage = FixedBuffer<UInt8>(zeroedCount: count)
            bytes = storage
            words = nil
            view = SmallCounts(bytes: storage.view, words: MutableColumnView(), isWide: false)
        } else {
            let storage = FixedBuffer<UInt16>(zeroedCount: count)
            bytes = nil
            words = storage
            view = SmallCounts(bytes: MutableColumnView(), words: storage.view, isWide: true)
        }
    }
}

/// The values of a ``SmallCountBuffer``: read and written as `Int`, stored in one or two bytes.
@frozen
public struct SmallCounts: RandomAccessCollection, Sendable {
    @usableFromInline let bytes: MutableColumnView<UInt8>
    @usableFromInline let words: MutableColumnView<UInt16>
    /// Whether each value takes two bytes.
    public let isWide: Bool

    @inlinable
    init(bytes: MutableColumnView<UInt8>, words: MutableColumnView<UInt16>, isWide: Bool) {
        self.bytes = bytes
        self.words = words
        self.isWide = isWide
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { isWide ? words.count : bytes.count }

    /// Bytes a value takes (1 or 2).
    public var bytesPerValue: Int { isWide ? 2 : 1 }

    /// The values as they are stored, for a loop specialised for their width (the width asked
    /// once, not on every value): `narrow` when each takes one byte, `wide` when two.
    @inlinable
    public func withStorage<R>(narrow: (MutableColumnView<UInt8>) -> R, wide: (MutableColumnView<UInt16>) -> R) -> R {
        isWide ? wide(words) : narrow(bytes)
    }

    @inlinable
    public subscript(position: Int) -> Int {
        get { isWide ? Int(words[position]) : Int(bytes[position]) }
        nonmutating set {
            if isWide { words[position] = UInt16(newValue) } else { bytes[position] = UInt8(newValue) }
        }
    }

    /// The value at `position`, which the caller has made sure is in range (and, when setting,
    /// that the value is within the buffer's maximum).
    @inlinable
    package subscript(unchecked position: Int) -> Int {
        get { isWide ? Int(words[unchecked: position]) : Int(bytes[unchecked: position]) }
        nonmutating set {
            if isWide {
                words[unchecked: position] = UInt16(truncatingIfNeeded: newValue)
            } else {
                bytes[unchecked: position] = UInt8(truncatingIfNeeded: newValue)
            }
        }
    }
}

extension MemoRecords {
    /// Copies `count` small counts stored in the entry at byte `offset` into `target` from `start`.
    @inlinable @inline(__always)
    public func copy(entry: Int, offset: Int, count: Int, to target: SmallCounts, at start: Int) {
        if target.isWide {
            copy(entry: entry, offset: offset, count: count, to: target.words, at: start)
        } else {
            copy(entry: entry, offset: offset, count: count, to: target.bytes, at: start)
        }
    }

    /// Copies `source[start..<start + count]` into the entry at byte `offset`.
    @inlinable @inline(__always)
    public func copy(from source: SmallCounts, at start: Int, count: Int, entry: Int, offset: Int) {
        if source.isWide {
            copy(from: source.words, at: start, count: count, entry: entry, offset: offset)
        } else {
            copy(from: source.bytes, at: start, count: count, entry: entry, offset: offset)
        }
    }
}
