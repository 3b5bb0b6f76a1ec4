/// Moves `count` elements of a buffer of `capacity` into a new one of at least `needed`,
/// doubling: the one growth step of the machinery's growing buffers (ByteArena, ByteWriter).
///
/// ```swift
/// (bytes, capacity) = grownStorage(bytes, count: used, capacity: capacity, needed: used + extra)
/// ```
@usableFromInline
func grownStorage<Element: BitwiseCopyable>(_ storage: UnsafeMutablePointer<Element>, count: Int, capacity: Int,
                                            needed: Int) -> (UnsafeMutablePointer<Element>, Int) {
    var size = max(1, capacity)
    while size < needed { size *= 2 }
    let grown = UnsafeMutablePointer<Element>.allocate(capacity: size)
    grown.update(from: storage, count: count)
    storage.deallocate()
    return (grown, size)
}
