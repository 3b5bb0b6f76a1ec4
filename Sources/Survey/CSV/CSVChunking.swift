import Machinery

/// Cuts the records of a large CSV text into chunks that can be read on separate threads.
///
/// A chunk starts right after a line feed that lies outside quotes, counted by quote parity from
/// a known record boundary (the end of the header). Each start carries the physical line and the
/// number of records before it, so the rows of every chunk are numbered exactly as the clerk sees
/// them before any message is written. The parity count is a prediction: a file with a stray
/// quote inside an unquoted field can fool it, so the reader checks each prediction when the
/// chunk before reaches it and reads on sequentially where it was wrong (see ``CSVSurveyFile``).
///
/// ```swift
/// let starts = CSVChunking.starts(in: buffer, from: scanner.resume, chunks: 2)
/// ```
enum CSVChunking {
    /// Below this many bytes of records a file is read on one thread.
    static let minimumChunkBytes = 1 << 20

    /// About how many records `bytes[from..<to]` holds, to size a table's columns once: the line
    /// feeds of the first 256 KiB scaled to the whole range, plus 2 % and a few rows (a column
    /// that outgrows its room is copied into one twice its size).
    static func estimatedRecords(in bytes: ColumnView<UInt8>, from: Int, to: Int) -> Int {
        let length = to - from
        guard length > 0 else { return 0 }
        let sample = min(length, 1 << 18)
        var lines = 0
        for i in from..<(from + sample) where bytes[unchecked: i] == CSVScanner.newline { lines += 1 }
        if sample == length { return lines + 1 }
        return Int(Double(lines) * (Double(length) / Double(sample)) * 1.02) + 16
    }

    /// The starts of chunks 1..<n (chunk 0 starts at `from`); fewer when the text is too short.
    static func starts(in bytes: ColumnView<UInt8>, from: CSVScanner.Resume, chunks wanted: Int,
                       minimumChunkBytes: Int = CSVChunking.minimumChunkBytes) -> [CSVScanner.Resume] {
        let length = bytes.count - from.position
        let chunks = min(wanted, length / max(1, minimumChunkBytes))
        guard chunks >= 2 else { return [] }
        var starts: [CSVScanner.Resume] = []
        var line = from.line
        var record = from.record
        var inQuotes = false
        var i = from.position
        let end = bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let highs: UInt64 = 0x8080_8080_8080_8080
        /// Bytes of `word` equal to `byte`, marked by their high bit.
        @inline(__always) func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
            let x = word ^ (ones &* UInt64(byte))
            return ~(((x & lows) &+ lows) | x) & highs
        }
        for chunk in 1..<chunks {
            let target = from.position + length / chunks * chunk
            // Count up to the target, eight bytes at a time where no quote is met.
            while i < target {
                if i + 8 <= target {
                    let word = bytes.word(at: i)
                    if matches(word, CSVScanner.quote) == 0 {
                        let newlines = matches(word, CSVScanner.newline).nonzeroBitCount
                        line += newlines
                        if !inQuotes { record += newlines }
                        i += 8
                        continue
                    }
                }
                let byte = bytes[unchecked: i]
                if byte == CSVScanner.quote {
                    inQuotes.toggle()
                } else if byte == CSVScanner.newline {
                    line += 1
                    if !inQuotes { record += 1 }
                }
                i += 1
            }
            // Then on to the first line feed outside quotes.
            var found = false
            while i < end {
                let byte = bytes[unchecked: i]
                i += 1
                if byte == CSVScanner.quote {
                    inQuotes.toggle()
                } else if byte == CSVScanner.newline {
                    line += 1
                    if !inQuotes { record += 1; found = true; break }
                }
            }
            guard found, i < end else { break }
            starts.append(CSVScanner.Resume(position: i, line: line, record: record))
        }
        return starts
    }
}
