import Foundation

/// libxml2's messages (XML syntax and XSD validation) said in Vietnamese: libxml2 writes only
/// English, and a Vietnamese clerk must not get it. The common messages are translated with
/// the names and lines they carry; any other gets a general Vietnamese wording that says how to
/// see libxml2's own words (`--lang en`). The place (file and line) is given by the diagnostic.
///
/// ```swift
/// LibXMLWords.syntax("Opening and ending tag mismatch: indicator line 132 and indicatr")
/// // thẻ mở <indicator> (dòng 132) và thẻ đóng </indicatr> không khớp
/// ```
enum LibXMLWords {
    /// A rule: libxml2's message (a regular expression, anchored at the start) and the
    /// Vietnamese words, with `$1`… for what the groups caught.
    private typealias Rule = (pattern: String, vietnamese: String)

    private static let syntaxRules: [Rule] = [
        (#"Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)"#, "thẻ mở <$1> (dòng $2) và thẻ đóng </$3> không khớp"),
        (#"Premature end of data in tag (\S+) line (\d+)"#, "tệp hết khi thẻ <$1> (mở ở dòng $2) chưa được đóng"),
        (#"EndTag: '</' not found"#, "thiếu thẻ đóng '</…>'"),
        (#"Extra content at the end of the document"#, "có nội dung thừa sau phần tử gốc"),
        (#"Start tag expected, '<' not found"#, "không tìm thấy thẻ mở '<'"),
        (#"StartTag: invalid element name"#, "tên thẻ mở viết sai"),
        (#"Couldn't find end of Start Tag (\S+) line (\d+)"#, "thẻ mở <$1> (dòng $2) không có dấu kết thúc '>'"),
        (#"Couldn't find end of Start Tag (\S+)"#, "thẻ mở <$1> không có dấu kết thúc '>'"),
        (#"attributes construct error"#, "thuộc tính viết sai (phải là tên=\"giá trị\")"),
        (#"AttValue: \" or ' expected"#, "giá trị thuộc tính phải đặt trong dấu nháy"),
        (#"String not closed expecting \" or '"#, "chuỗi chưa đóng dấu nháy"),
        (#"Specification mandates value for attribute (\S+)"#, "thuộc tính $1 thiếu giá trị"),
        (#"Attribute (\S+) redefined"#, "thuộc tính $1 được viết hai lần"),
        (#"xmlParseEntityRef: no name"#, "dấu & đứng một mình; hãy viết &amp;"),
        (#"EntityRef: expecting ';'"#, "thiếu dấu ';' sau tên thực thể (dấu & hãy viết &amp;)"),
        (#"Entity '([^']*)' not defined"#, "thực thể '&$1;' không có"),
        (#"Unescaped '<' not allowed in attributes values"#, "không được dùng dấu '<' trong giá trị thuộc tính; hãy viết &lt; hoặc ≤"),
        (#"Comment not terminated"#, "chú thích '<!--' chưa được đóng bằng '-->'"),
        (#"Double hyphen within comment"#, "có '--' bên trong chú thích"),
        (#"Document is empty"#, "tệp không có nội dung XML"),
        (#"expected '>'"#, "thiếu dấu '>'"),
        (#"error parsing attribute name"#, "tên thuộc tính viết sai"),
        (#"Namespace prefix (\S+) on (\S+) is not defined"#, "tiền tố không gian tên '$1' của <$2> chưa được khai báo"),
        (#"Namespace prefix (\S+) for (\S+) on (\S+) is not defined"#, "tiền tố không gian tên '$1' của thuộc tính $2 trên <$3> chưa được khai báo"),
        (#"XML declaration allowed only at the start of the document"#, "khai báo <?xml …?> chỉ được đặt ở đầu tệp"),
        (#"parsing XML declaration: '\?>' expected"#, "khai báo <?xml …?> thiếu '?>'"),
        (#"(?:PCDATA invalid Char value|Char 0x[0-9A-Fa-f]+ out of allowed range|invalid character in attribute value)"#,
         "có ký tự không được phép trong XML"),
        (#"Input is not proper UTF-8"#, "tệp không phải UTF-8"),
        (#"Blank needed here"#, "thiếu khoảng trắng"),
        (#"chunk is not well balanced"#, "các thẻ mở và thẻ đóng không cân"),
    ]

    private static let schemaRules: [Rule] = [
        (#"Element '([^']+)': This element is not expected\. Expected is one of \( ?(.*?) ?\)\."#,
         "phần tử <$1> không được đặt ở đây; cần một trong: $2"),
        (#"Element '([^']+)': This element is not expected\. Expected is \( ?(.*?) ?\)\."#,
         "phần tử <$1> không được đặt ở đây; cần: $2"),
        (#"Element '([^']+)': This element is not expected\."#, "phần tử <$1> không được đặt ở đây"),
        (#"Element '([^']+)': Missing child element\(s\)\. Expected is one of \( ?(.*?) ?\)\."#,
         "phần tử <$1> thiếu phần tử con; cần một trong: $2"),
        (#"Element '([^']+)': Missing child element\(s\)\. Expected is \( ?(.*?) ?\)\."#, "phần tử <$1> thiếu phần tử con: $2"),
        (#"Element '([^']+)', attribute '([^']+)': The attribute '[^']+' is not allowed\."#,
         "phần tử <$1> không được có thuộc tính $2"),
        (#"Element '([^']+)': The attribute '([^']+)' is required but missing\."#, "phần tử <$1> thiếu thuộc tính bắt buộc $2"),
        (#"Element '([^']+)', attribute '([^']+)': \[facet 'enumeration'\] The value '(.*)' is not an element of the set \{(.*)\}\."#,
         "phần tử <$1>, thuộc tính $2: giá trị '$3' không nằm trong các giá trị được phép: $4"),
        (#"Element '([^']+)', attribute '([^']+)': \[facet '\w+'\] The value '(.*?)' .*"#,
         "phần tử <$1>, thuộc tính $2: giá trị '$3' không được phép"),
        (#"Element '([^']+)', attribute '([^']+)': '(.*)' is not a valid value of the (?:atomic|local atomic|union|list) type.*"#,
         "phần tử <$1>, thuộc tính $2: giá trị '$3' không đúng kiểu"),
        (#"Element '([^']+)': \[facet '\w+'\] The value '(.*?)' .*"#, "phần tử <$1>: giá trị '$2' không được phép"),
        (#"Element '([^']+)': '(.*)' is not a valid value of the (?:atomic|local atomic|union|list) type.*"#,
         "phần tử <$1>: giá trị '$2' không đúng kiểu"),
        (#"Element '([^']+)': Character content other than whitespace is not allowed.*"#,
         "phần tử <$1> chỉ chứa phần tử con, không được chứa chữ"),
        (#"Element '([^']+)': Element content is not allowed, because the content type is a simple type.*"#,
         "phần tử <$1> chỉ chứa chữ, không được chứa phần tử con"),
        (#"Element '([^']+)': Duplicate key-sequence \[(.*)\] in (?:unique|key) identity-constraint.*"#,
         "phần tử <$1>: giá trị $2 bị trùng"),
        (#"Element '([^']+)': No match found for key-sequence \[(.*)\] of keyref.*"#,
         "phần tử <$1>: giá trị $2 không trỏ tới phần tử nào"),
        (#"Element '([^']+)': No matching global declaration available for the validation root\."#,
         "phần tử gốc <$1> không thuộc định dạng tệp tiêu chí (xem lại xmlns=\"urn:khuyenhoc:criteria:1\")"),
    ]

    /// An XML syntax error in Vietnamese.
    static func syntax(_ message: String) -> String {
        translate(message, syntaxRules)
            ?? "lỗi cú pháp chưa có lời dịch (chạy lại với --lang en để xem nguyên văn của libxml2)"
    }

    /// A schema validation error in Vietnamese.
    static func schema(_ message: String) -> String {
        if let text = translate(message, schemaRules) { return text }
        let general = "chạy lại với --lang en để xem nguyên văn của libxml2"
        if let element = firstMatch(#"^Element '([^']+)'"#, message)?.first {
            return "phần tử <\(element)> chưa đúng lược đồ (\(general))"
        }
        return "lỗi chưa có lời dịch (\(general))"
    }

    private static func translate(_ message: String, _ rules: [Rule]) -> String? {
        let message = message.trimmingCharacters(in: .whitespacesAndNewlines)
        for rule in rules {
            guard let groups = firstMatch("^" + rule.pattern, message) else { continue }
            var text = rule.vietnamese
            for (i, group) in groups.enumerated().reversed() { text = text.replacingOccurrences(of: "$\(i + 1)", with: group) }
            return text
        }
        return nil
    }

    /// Each pattern compiled once: a file with thousands of problems words each of them.
    private static let compiled: [String: NSRegularExpression] = {
        var all: [String: NSRegularExpression] = [:]
        for pattern in (syntaxRules + schemaRules).map({ "^" + $0.pattern }) + [#"^Element '([^']+)'"#] {
            all[pattern] = try? NSRegularExpression(pattern: pattern)
        }
        return all
    }()

    private static func firstMatch(_ pattern: String, _ text: String) -> [String]? {
        guard let regex = compiled[pattern] ?? (try? NSRegularExpression(pattern: pattern)),
              let found = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return (1..<found.numberOfRanges).map { i in Range(found.range(at: i), in: text).map { String(text[$0]) } ?? "" }
    }
}
