/// Where something in a criteria file stands: the file, the line and the element.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var element: String?

    public init(file: String, line: Int, element: String? = nil) {
        self.file = file
        self.line = line
        self.element = element
    }

    public var description: String {
        element.map { "\(file):\(line) <\($0)>" } ?? "\(file):\(line)"
    }
}
