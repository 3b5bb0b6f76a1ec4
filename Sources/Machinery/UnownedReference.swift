/// A reference to an object that some other owner keeps alive, held without reference
/// counting: passing it to a closure per row costs no retain and release (which, on several
/// threads, bounce the object's count between the cores).
///
/// The holder promises the object outlives every use (e.g. the scorer that owns a decision
/// context passes it to the decision it runs within `withExtendedLifetime`).
///
/// ```swift
/// let input = DecisionInput(row: row, total: total, context: UnownedReference(context))
/// withExtendedLifetime(context) { decide(input) }
/// ```
@frozen
public struct UnownedReference<Object: AnyObject> {
    @usableFromInline unowned(unsafe) let object: Object

    @inlinable
    public init(_ object: Object) { self.object = object }

    /// The object (alive as long as its owner keeps it).
    @inlinable
    public var value: Object { object }
}
