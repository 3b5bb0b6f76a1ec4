import Glibc

/// The bytes of a regular file, read into memory of their own at once (two reads in parallel for
/// a large file), released as soon as the rows are read with ``unmap()``.
///
/// The file is not memory-mapped: a mapped file cut short by another program while it is read
/// (a sync client, an editor saving over it) kills the process with SIGBUS on the first page past
/// its new end. Read into memory, a file that shrinks meanwhile gives the bytes it still had.
///
/// ```swift
/// if let file = MappedBytes(path: "ho-gia-dinh.csv") { parse(file.bytes); file.unmap() }
/// ```
public final class MappedBytes {
    private var base: UnsafeMutableRawPointer?
    private var mappedLength = 0
    public private(set) var count = 0

    /// Below this size one read does it all.
    static let parallelReadBytes = 8 << 20

    /// nil when the path is not a regular, non-empty file that can be read (the caller then
    /// reads it the ordinary way, which reports why it cannot).
    public init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0 else { return nil }
        let size = Int(status.st_size)
        // Anonymous memory, not the file: nothing another program does to the file can fault it.
        // A large file's memory starts on a 2 MiB boundary, so that it is made of huge pages
        // (a fault and a zeroing per 2 MiB rather than per 4 KiB).
        let huge = 2 << 20
        let slack = size >= huge ? huge : 0
        guard let reserved = mmap(nil, size + slack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              reserved != MAP_FAILED else { return nil }
        let misalignment = Int(bitPattern: UInt(bitPattern: reserved)) & (huge - 1)
        let lead = slack == 0 || misalignment == 0 ? 0 : huge - misalignment
        if lead > 0 { munmap(reserved, lead) }
        let address = reserved + lead
        if slack - lead > 0 { munmap(address + size, slack - lead) }
        if slack > 0 { _ = madvise(address, size, MADV_HUGEPAGE) }
        base = address
        mappedLength = size
        let parts = size >= Self.parallelReadBytes ? 2 : 1
        // Each part reads its own range of the file into its own range of the memory.
        let got = FixedBuffer<Int>(repeating: 0, count: parts)
        let gotView = got.view
        let target = SendableBox(UInt(bitPattern: address))
        ParallelWork(threads: parts).run(parts: parts) { part in
            let from = size / parts * part
            let to = part == parts - 1 ? size : size / parts * (part + 1)
            let memory = UnsafeMutableRawPointer(bitPattern: target.value)!
            var done = from
            while done < to {
                let n = pread(descriptor, memory + done, to - done, off_t(done))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                done += n
            }
            gotView[part] = done - from
        }
        // A file cut short while it was read: the bytes up to the first missing one.
        var total = 0
        for part in 0..<parts {
            let from = size / parts * part
            let to = part == parts - 1 ? size : size / parts * (part + 1)
            total = from + gotView[part]
            if from + gotView[part] < to { break }
        }
        guard total > 0 else { return nil }
        count = total
    }

    /// The file's bytes (valid until ``unmap()``; empty after it).
    public var bytes: ColumnView<UInt8> {
        ColumnView(base: base.map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) }, count: count)
    }

    /// Releases the memory now (views of its bytes must no longer be used).
    public func unmap() {
        guard let base else { return }
        munmap(base, mappedLength)
        self.base = nil
        count = 0
        mappedLength = 0
    }

    deinit { unmap() }
}

/// The bytes of a file read into one array.
public enum FileBytes {
    /// The bytes of a regular file read straight into one array (no `Data` in between to copy
    /// from); `nil` for anything unusual (not a regular file, a short read), which the caller
    /// reads the ordinary way to report why.
    public static func read(path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(status.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let got = Glibc.read(descriptor, buffer.baseAddress! + done, size - done)
                if got <= 0 { complete = false; break }
                done += got
            }
            count = done
        }
        return complete ? bytes : nil
    }
}
