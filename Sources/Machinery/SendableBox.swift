/// The one way a value crosses into work run on several threads (see ``ParallelWork``) when
/// the compiler cannot see that it is safe: each thread reads it, or writes only its own part.
///
/// Like NIO's `UnsafeTransfer`, it states a promise the compiler cannot check, so it is used
/// only here, in the machinery, and in code that splits work by part index.
///
/// ```swift
/// let sums = SendableBox([Int](repeating: 0, count: parts))
/// ParallelWork(threads: 2).run(parts: parts) { part in sums.value[part] = … }
/// ```
public final class SendableBox<Value>: @unchecked Sendable {
    public var value: Value

    @inlinable
    public init(_ value: Value) { self.value = value }
}
