/// Objects kept until the process exits, never released.
///
/// A command-line run ends right after its output is written; releasing a province's results
/// first (a million rows of columns, reasons and member lists, freed object by object and
/// page by page) costs time the user waits for and frees nothing anyone needs. The `score`
/// command hands its results here once they are written; the system takes the whole memory
/// back at exit in one go. Library callers (tests, the register) do not, and release as usual.
///
/// ```swift
/// writer.write(results, to: sink)
/// ProcessLifetime.keep(results.models)    // the process exits next
/// ```
public enum ProcessLifetime {
    /// Takes one strong reference to each object and never gives it back.
    public static func keep(_ objects: [AnyObject]) {
        for object in objects { _ = Unmanaged.passRetained(object) }
    }
}
