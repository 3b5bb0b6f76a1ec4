import Machinery
import Records

/// The typed values of the row being read, in slot order, in buffers reused row after row (one
/// set per reading path of an intake): whole numbers, tick boxes, and each text as its clean
/// UTF-8 bytes — a part of the file's bytes, or of a slot's own scratch bytes for a text that
/// needed more than trimming — with its hash in its column worked out as it is read
/// (``RecordTable/textHash(slot:bytes:)``). The texts are valid while the row is read.
///
/// ```swift
/// values.ints.view[slot] = 3
/// values.setText(cell, slot: 0, table: table)
/// values.append(to: table, origin: origin)
/// ```
final class RowValues {
    let ints: FixedBuffer<Int64>
    let bools: FixedBuffer<Bool>
    let texts: FixedBuffer<ColumnView<UInt8>>
    let hashes: FixedBuffer<UInt64>
    /// Per text slot: bytes for a text that needed more than trimming (grown as needed).
    private var scratch: [FixedBuffer<UInt8>]

    init(table: RecordTable) {
        ints = FixedBuffer(repeating: 0, count: table.intFieldCount)
        bools = FixedBuffer(repeating: false, count: table.boolFieldCount)
        texts = FixedBuffer(repeating: ColumnView(), count: table.textColumns.count)
        hashes = FixedBuffer(repeating: 0, count: table.textColumns.count)
        scratch = (0..<table.textColumns.count).map { _ in FixedBuffer(repeating: 0, count: 64) }
    }

    /// A text slot's value as a `String`.
    func text(slot: Int) -> String { texts.view[slot].string }

    /// Copies a text that needed cleaning into the slot's scratch bytes; returns a view of them
    /// (valid until the slot's next kept text).
    func keep(_ text: String, slot: Int) -> ColumnView<UInt8> {
        let count = text.utf8.count
        if scratch[slot].count < count {
            scratch[slot] = FixedBuffer(repeating: 0, count: max(count, 2 * scratch[slot].count))
        }
        let bytes = scratch[slot].view
        var i = 0
        for byte in text.utf8 {
            bytes[i] = byte
            i += 1
        }
        return bytes.readOnly.view(0..<count)
    }

    /// Files the row into the table.
    @inline(__always)
    func append(to table: RecordTable, origin: RowOrigin) {
        table.append(ints: ints.view.readOnly, bools: bools.view.readOnly, texts: texts.view.readOnly,
                     textHashes: hashes.view.readOnly, origin: origin)
    }

    /// Forgets the texts (the row's bytes, in the file, perhaps mapped, are not to be kept past the row).
    func clearTexts() {
        let texts = texts.view
        for slot in texts.indices { texts[slot] = ColumnView() }
    }
}
