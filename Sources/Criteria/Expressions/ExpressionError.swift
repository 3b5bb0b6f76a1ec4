import TextSupport

/// What is wrong with an expression, and the column where it starts.
public struct ExpressionError: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case unexpectedCharacter(Character)
        case unterminatedText
        case badNumber(String)
        case unexpectedEnd
        case unexpectedToken(found: String, expected: String)
        case unknownName(String)
        case unknownFunction(String)
        case unknownRelation(String)
        case wrongArgumentCount(function: String, expected: String, found: Int)
        case typeMismatch(context: String, expected: String, found: String)
        case notAvailableHere(String)
        case nestedAggregate
        case selfReference(String)
        /// `ho.vi_pham` through a relation counted by aggregates (many entities, not one).
        case relationFieldOfAggregate(relation: String)
        /// `ap.vung_kho_khan` where the field declares no `default`.
        case relationFieldWithoutDefault(name: String, model: String)
        /// A `default` that is not a value of the field's type.
        case badDefault(name: String, value: String, expected: String)
        /// The expression has more characters than ``InputLimits/expressionCharacters``.
        case tooLong(count: Int, limit: Int)
        /// Nested deeper than ``InputLimits/expressionDepth`` (parentheses, `not`, unary minus,
        /// operators in a row, derived values read through derived values).
        case tooDeep(limit: Int)
        /// Constants whose result does not fit in the program's numbers (64-bit fractions).
        case overflow(String)
        /// `history.x` where x is neither `years_certified` nor `last_level`.
        case unknownHistory(String)
        /// `history.last_level` compared with a number or a yes/no.
        case historyLevelNotText(found: String)
        /// `history.last_level` compared with a text that names no level of the model.
        case unknownHistoryLevel(String, known: [String])
        /// `history.…` in a `<check>` (checks run as the file is read).
        case historyInCheck(String)
        /// `history.…` of the members of an aggregate or a list.
        case historyInAggregate(String)
    }

    public var kind: Kind
    public var column: Int

    public init(_ kind: Kind, column: Int) {
        self.kind = kind
        self.column = column
    }
}

extension ExpressionError: LocalizedMessage {
    public func message(in language: Language) -> String {
        let at = language.pick("cột \(column) của biểu thức", "column \(column) of the expression")
        let text: String
        switch kind {
        case .unexpectedCharacter(let c):
            text = language.pick("ký tự không hợp lệ '\(c)'", "unexpected character '\(c)'")
        case .unterminatedText:
            text = language.pick("chuỗi chữ thiếu dấu nháy đóng", "text is missing its closing quote")
        case .badNumber(let s):
            text = language.pick("số không hợp lệ '\(s)'", "invalid number '\(s)'")
        case .unexpectedEnd:
            text = language.pick("biểu thức kết thúc quá sớm", "the expression ends too early")
        case .unexpectedToken(let found, let expected):
            text = language.pick("gặp '\(found)', cần \(expected)", "found '\(found)', expected \(expected)")
        case .unknownName(let n):
            text = language.pick("tên không xác định '\(n)' (không phải trường, giá trị dẫn xuất hay kết quả)",
                                 "unknown name '\(n)' (not a field, derived value or result)")
        case .unknownFunction(let n):
            text = language.pick("hàm không xác định '\(n)' (có: min, max, count, sum, any, all, ratio)",
                                 "unknown function '\(n)' (known: min, max, count, sum, any, all, ratio)")
        case .unknownRelation(let n):
            text = language.pick("quan hệ không xác định '\(n)' (cần khai báo bằng <relation>)",
                                 "unknown relation '\(n)' (declare it with <relation>)")
        case .wrongArgumentCount(let f, let expected, let found):
            text = language.pick("hàm \(f) cần \(expected) đối số, có \(found)",
                                 "function \(f) takes \(expected) arguments, got \(found)")
        case .typeMismatch(let context, let expected, let found):
            text = language.pick("sai kiểu ở \(context): cần \(Self.typeName(expected, language)), gặp \(Self.typeName(found, language))",
                                 "type mismatch in \(context): expected \(expected), found \(found)")
        case .notAvailableHere(let n):
            text = language.pick("'\(n)' chưa có ở bước này (chỉ dùng được khi xét mức đạt hoặc trong hàm gộp)",
                                 "'\(n)' is not available here (only in the level decision or inside an aggregate)")
        case .nestedAggregate:
            text = language.pick("không được lồng hàm gộp trong hàm gộp", "an aggregate cannot contain another aggregate")
        case .relationFieldOfAggregate(let r):
            text = language.pick("quan hệ '\(r)' được dùng trong hàm gộp (nhiều đối tượng): không đọc được một trường qua nó; chỉ đọc trường qua quan hệ tới đối tượng chứa mình (ví dụ ap.vung_kho_khan)",
                                 "relation '\(r)' is used in aggregates (many entities): a field cannot be read through it; read fields only through a relation to the entity this one belongs to (e.g. ap.vung_kho_khan)")
        case .relationFieldWithoutDefault(let name, let model):
            text = language.pick("'\(name)': trường này của mô hình \(model) cần thuộc tính default (giá trị khi không có đối tượng liên kết, ví dụ default=\"false\")",
                                 "'\(name)': this field of model \(model) needs a default attribute (the value when no entity is linked, e.g. default=\"false\")")
        case .badDefault(let name, let value, let expected):
            text = language.pick("'\(name)': default=\"\(value)\" không phải giá trị kiểu \(Self.typeName(expected, language))",
                                 "'\(name)': default=\"\(value)\" is not a \(expected) value")
        case .selfReference(let n):
            text = language.pick("giá trị dẫn xuất '\(n)' tham chiếu chính nó (vòng lặp)",
                                 "derived value '\(n)' refers to itself (a cycle)")
        case .tooLong(let count, let limit):
            text = language.pick("biểu thức dài \(count) ký tự, quá giới hạn \(limit) ký tự; hãy tách thành các giá trị dẫn xuất <let>",
                                 "the expression is \(count) characters long, over the limit of \(limit); split it into derived values (<let>)")
        case .tooDeep(let limit):
            text = language.pick("biểu thức lồng quá sâu: quá \(limit) tầng (ngoặc, not, dấu trừ, phép tính nối tiếp nhau, kể cả các giá trị dẫn xuất nó đọc)",
                                 "the expression is nested too deeply: over \(limit) levels (parentheses, not, minus signs, operators in a row, counting the derived values it reads)")
        case .unknownHistory(let n):
            text = language.pick("không có giá trị lịch sử '\(n)' (có: history.years_certified — số năm liên tiếp đã được công nhận; history.last_level — mức của năm công nhận gần nhất)",
                                 "no history value '\(n)' (known: history.years_certified — consecutive years recognised; history.last_level — the level of the latest certified year)")
        case .historyLevelNotText(let found):
            text = language.pick("history.last_level là mã mức xếp loại (chữ), không so sánh được với \(Self.typeName(found, language)); viết ví dụ history.last_level = \"tieu-bieu\"",
                                 "history.last_level is a level id (text), it cannot be compared with a \(found); write e.g. history.last_level = \"tieu-bieu\"")
        case .unknownHistoryLevel(let value, let known):
            text = language.pick("'\(value)' không phải mức xếp loại của mô hình này; history.last_level chỉ có thể là: \(known.joined(separator: ", "))",
                                 "'\(value)' is not a level of this model; history.last_level can only be: \(known.joined(separator: ", "))")
        case .historyInCheck(let n):
            text = language.pick("'\(n)' đọc lịch sử công nhận, không dùng được trong <check> (kiểm tra giá trị khi đọc tệp khảo sát)",
                                 "'\(n)' reads the certified history, which a <check> cannot use (checks test values as the survey file is read)")
        case .historyInAggregate(let n):
            text = language.pick("'\(n)' đọc lịch sử công nhận của đối tượng liên quan: hàm gộp và danh sách (list) không đọc được; chỉ đọc lịch sử của chính đối tượng đang chấm",
                                 "'\(n)' reads the certified history of related entities: aggregates and lists cannot; only the entity's own history can be read")
        case .overflow(let expression):
            text = language.pick("kết quả của \(expression) quá lớn, vượt quá số chương trình tính được (phân số 64 bit)",
                                 "the result of \(expression) is too large for the program's numbers (64-bit fractions)")
        }
        return "\(at): \(text)"
    }

    static func typeName(_ english: String, _ language: Language) -> String {
        guard language == .vietnamese else { return english }
        switch english {
        case "number": return "số"
        case "boolean": return "đúng/sai"
        case "text": return "chữ"
        case "number or boolean or text": return "số, đúng/sai hoặc chữ"
        default: return english
        }
    }
}
