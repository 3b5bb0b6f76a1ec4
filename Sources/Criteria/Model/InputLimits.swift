/// Every limit the program puts on what it reads, named in one place.
///
/// Criteria folders travel by e-mail and USB stick and workbooks come from anywhere, so each
/// reader stops at these bounds with a clear message for that file (the other files are still
/// read) instead of crashing, hanging or taking all memory. Each limit is far above what a real
/// file of its kind holds; the README lists them for users.
///
/// ```swift
/// if bytes.count > InputLimits.criteriaFileBytes { /* refuse the file, naming the limit */ }
/// ```
public enum InputLimits {
    // MARK: Criteria files

    /// The largest criteria file read (the shipped ones are under 40 KB).
    public static let criteriaFileBytes = 4 << 20
    /// The most attributes one element of a criteria file may carry.
    public static let criteriaAttributesPerElement = 64
    /// The most elements and attributes one criteria file may hold in all (the shipped files
    /// hold about 450; an indicator of 5,000 point lines about 10,000). libxml2's schema
    /// validation slows down with each problem it finds in a large document.
    public static let criteriaNodes = 20_000
    /// The deepest nesting of an expression (parentheses, `not`, unary minus, operands of
    /// binary operators): parsing, checking and evaluating recurse this deep at most.
    public static let expressionDepth = 64
    /// The most characters one expression may have.
    public static let expressionCharacters = 4_096
    /// The most problems listed for one criteria file; the rest are counted in one line (a
    /// broken file can have hundreds of thousands, each costing time to word).
    public static let criteriaProblemsPerFile = 100

    // MARK: Workbooks (.xlsx)

    /// The most bytes one part of a workbook may inflate to (a sheet of a million rows fits).
    public static let workbookPartBytes = 1 << 30
    /// A part inflating more than this many times its compressed size is refused (a "zip
    /// bomb"); real sheet XML compresses 5–30 times.
    public static let workbookInflateRatio = 200
    /// Parts smaller than this are not held to the inflate ratio (tiny parts compress oddly).
    public static let workbookRatioFloorBytes = 1 << 20
    /// The last column a sheet may use: XFD, as in Excel.
    public static let sheetColumns = 16_384
    /// The most letters a column reference may have (XFD has three).
    public static let columnLetters = 3
    /// The last row number a sheet may use, as in Excel.
    public static let sheetRows = 1_048_576
    /// The most sheets a workbook may list.
    public static let workbookSheets = 1_024

    // MARK: Survey values (CSV and workbooks)

    /// The most characters one cell may hold, as in Excel.
    public static let cellCharacters = 32_767
    /// The most combining marks one letter may carry (Unicode's "stream-safe" bound, UAX #15):
    /// a Vietnamese letter has two at most; a longer run is an error for that cell, never
    /// normalised (the cost of reordering marks grows with the square of the run).
    public static let combiningMarksInARow = 30
    /// A quoted CSV cell that runs over more line breaks than this is taken as a quote left
    /// open (reported at the line it opened on; the lines after it are read as records). A cell
    /// with line breaks also counts as open as soon as one of its lines looks like a record (it
    /// holds as many delimiters as the header row).
    public static let quotedCellLines = 50
    /// Notes about one kind of cleaned value (an invisible character taken away, a fullwidth
    /// digit read as ASCII) named row by row per model; past it one note gives the count.
    public static let valueNotesNamed = 20
    /// Bytes of a text file that are replaced (not UTF-8, or control characters) before the file
    /// is refused as not text in the encoding read: each one makes its row an error, so a file
    /// with more is not a damaged survey but another kind of file.
    public static let unusualBytesPerFile = 10_000
    /// Replaced bytes one row's message names; past it the message gives the count.
    public static let unusualBytesNamedPerRow = 3
    /// Rows a duplicate-key message names; past it the message gives the first row and a count.
    public static let duplicateRowsNamed = 4
}
