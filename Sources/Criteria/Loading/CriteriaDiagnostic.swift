import TextSupport

/// One problem found in a criteria file, with the file, line and element it is about.
///
/// ```swift
/// do { _ = try CriteriaLoader().load(files: [url]) }
/// catch let failure as CriteriaLoadFailure {
///     for d in failure.diagnostics { print(d.message(in: .vietnamese)) }
/// }
/// ```
public struct CriteriaDiagnostic: Error, Sendable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        case unreadable(String)
        /// The file cannot be read: the system's error number (worded by ``SystemErrorWords``).
        case unreadableFile(errno: Int32)
        case emptyFile
        case notUTF8(byteOffset: Int)
        case doctypeRefused
        case malformedXML(String)
        case schema(String)
        case schemaUnavailable(String)
        case expression(ExpressionError, attribute: String, text: String)
        case pointsAboveMaximum(points: Int, maximum: Int)
        case indicatorsDoNotAddUp(group: String, sum: Int, maximum: Int)
        case groupsDoNotAddUp(sum: Int, total: Int)
        case minimumAboveMaximum(group: String, minimum: Int, maximum: Int)
        case unreachableRule(after: Int)
        case missingFallback(indicator: String)
        case modelCycle([String])
        case unknownModel(relation: String, model: String)
        case duplicateId(kind: String, id: String)
        case duplicateModel(id: String, otherFile: String)
        case unknownField(attribute: String, name: String)
        case wrongFieldType(attribute: String, name: String, expected: String)
        case notBoolean(attribute: String)
        case noModels
        /// More of something than the program can hold (point lines of one indicator, pass
        /// marks of one model…): `what` names it, in Vietnamese and English.
        case tooMany(what: String, whatEnglish: String, count: Int, limit: Int)
        /// A whole number in an attribute that does not fit the type it is read into.
        case numberOutOfRange(attribute: String, value: String, minimum: String, maximum: String)
        /// Numbers of the file whose sum does not fit (`what`: whose sum, in Vietnamese and English).
        case sumTooLarge(what: String, whatEnglish: String)
        /// The file is larger than ``InputLimits/criteriaFileBytes``; it was not read.
        case fileTooLarge(bytes: Int, limit: Int)
        /// An element with more attributes than ``InputLimits/criteriaAttributesPerElement``.
        case tooManyAttributes(count: Int, limit: Int)
        /// More problems in the file than ``InputLimits/criteriaProblemsPerFile``: how many more.
        case moreProblems(count: Int, shown: Int)
        /// More elements and attributes than ``InputLimits/criteriaNodes``; counted up to this line.
        case tooManyNodes(limit: Int)
        /// A `<level>` with neither `id` nor `level`.
        case levelWithoutId
        /// A level other than `tieu-bieu` and `dat` declared without a `label`.
        case levelWithoutLabel(String)
        /// `khong-dat` or `loi` declared as a level.
        case reservedLevelId(String)
        /// An attribute naming a level the file does not declare.
        case unknownLevel(attribute: String, id: String)
        /// `valid-from` after `valid-to`.
        case periodReversed(from: Int, to: Int)
        /// An indicator whose best line gives fewer points than its `max`.
        case indicatorMaximumNotReached(indicator: String, maximum: Int, best: Int)
        /// A pass mark above the model's total.
        case passMarkAboveTotal(value: Int, total: Int)
        /// `total` or a group's points compared with a number below zero.
        case thresholdBelowZero(name: String, value: String)
        /// `total` or a group's points compared with a number they can never meet.
        case thresholdUnreachable(name: String, value: String, maximum: Int)
        /// Warning: the line after a line whose condition always holds is never reached.
        case ruleAfterAlwaysTrue(after: Int)
        /// Warning: nothing reads the field.
        case fieldNeverRead(String)
        /// Warning: no entity of the sample reached the level.
        case levelNeverReached(id: String, label: String, entities: Int)
        /// Not checked: the model relates to a model whose file has errors (named).
        case relatedModelBroken(relation: String, model: String, file: String?)
    }

    public var location: SourceLocation
    public var problem: Problem

    public init(_ problem: Problem, at location: SourceLocation) {
        self.problem = problem
        self.location = location
    }

    public var description: String { message(in: .english) }
}

extension CriteriaDiagnostic: LocalizedMessage {
    public func message(in language: Language) -> String {
        var place = "\(location.file):\(location.line)"
        if let element = location.element { place += " <\(element)>" }
        return "\(place): \(text(language))"
    }

    private func text(_ l: Language) -> String {
        switch problem {
        case .unreadable(let why):
            return l.pick("không đọc được tệp (\(why))", "cannot read the file (\(why))")
        case .emptyFile:
            return l.pick("tệp rỗng, không có nội dung XML", "the file is empty, there is no XML in it")
        case .notUTF8(let offset):
            return l.pick("tệp không phải UTF-8 (byte \(offset) không hợp lệ); hãy lưu lại với mã hoá UTF-8",
                          "the file is not UTF-8 (invalid byte at offset \(offset)); save it again as UTF-8")
        case .doctypeRefused:
            return l.pick("tệp có khai báo DOCTYPE; tệp tiêu chí không được dùng DOCTYPE hay thực thể (entity), hãy xoá dòng <!DOCTYPE …>",
                          "the file has a DOCTYPE declaration; criteria files may not use DOCTYPE or entities, remove the <!DOCTYPE …> line")
        case .unreadableFile(let code):
            return l.pick("không đọc được tệp: ", "cannot read the file: ") + SystemErrorWords.reason(errno: code, in: l)
        case .malformedXML(let message):
            // libxml2 speaks English only: its common messages are said again in Vietnamese.
            return l.pick("XML sai cú pháp: \(LibXMLWords.syntax(message))", "malformed XML: \(message)")
        case .schema(let message):
            return l.pick("không đúng lược đồ (XSD): \(LibXMLWords.schema(message))", "does not follow the schema (XSD): \(message)")
        case .schemaUnavailable(let why):
            return l.pick("không dùng được lược đồ XSD: \(LibXMLWords.syntax(why))", "the XSD schema cannot be used: \(why)")
        case .expression(let error, let attribute, let text):
            return "\(attribute)=\"\(Self.shortened(text, to: 100))\": \(error.message(in: l))"
        case .pointsAboveMaximum(let points, let maximum):
            return l.pick("mức điểm \(points) lớn hơn điểm tối đa \(maximum) của chỉ số",
                          "\(points) points is above the indicator's maximum of \(maximum)")
        case .indicatorsDoNotAddUp(let group, let sum, let maximum):
            return l.pick("tổng điểm tối đa các chỉ số của \(group) là \(sum), khác điểm tối đa của nhóm là \(maximum)",
                          "the indicators of \(group) add up to \(sum), not to the group's maximum of \(maximum)")
        case .groupsDoNotAddUp(let sum, let total):
            return l.pick("tổng điểm tối đa các tiêu chí là \(sum), khác tổng điểm của thang là \(total)",
                          "the groups add up to \(sum), not to the model's total of \(total)")
        case .minimumAboveMaximum(let group, let minimum, let maximum):
            return l.pick("điểm tối thiểu \(minimum) của \(group) lớn hơn điểm tối đa \(maximum)",
                          "the minimum \(minimum) of \(group) is above its maximum \(maximum)")
        case .unreachableRule(let after):
            return l.pick("quy tắc này không bao giờ được áp dụng vì quy tắc ở dòng \(after) luôn đúng (không có điều kiện)",
                          "this rule can never apply: the rule on line \(after) has no condition and always matches")
        case .missingFallback(let indicator):
            return l.pick("chỉ số \(indicator) thiếu dòng <otherwise> (mức điểm khi không điều kiện nào đúng)",
                          "indicator \(indicator) has no <otherwise> (the points when no condition holds)")
        case .modelCycle(let ids):
            return l.pick("vòng phụ thuộc giữa các mô hình: \(ids.joined(separator: " → "))",
                          "a cycle between models: \(ids.joined(separator: " → "))")
        case .unknownModel(let relation, let model):
            return l.pick("quan hệ '\(relation)' trỏ tới mô hình '\(model)' không có trong các tệp tiêu chí đã nạp",
                          "relation '\(relation)' refers to model '\(model)', which is not among the loaded criteria files")
        case .duplicateId(let kind, let id):
            return l.pick("mã \(Self.kindName(kind, l)) '\(id)' bị trùng", "duplicate \(kind) id '\(id)'")
        case .duplicateModel(let id, let other):
            return l.pick("mô hình '\(id)' đã được khai báo trong \(other)", "model '\(id)' is already declared in \(other)")
        case .unknownField(let attribute, let name):
            return l.pick("\(attribute): không có trường '\(name)'", "\(attribute): there is no field '\(name)'")
        case .wrongFieldType(let attribute, let name, let expected):
            return l.pick("\(attribute): trường '\(name)' phải có kiểu \(expected)", "\(attribute): field '\(name)' must be of type \(expected)")
        case .notBoolean(let attribute):
            return l.pick("\(attribute) phải là một điều kiện đúng/sai", "\(attribute) must be a true/false condition")
        case .noModels:
            return l.pick("không tìm thấy tệp tiêu chí (.xml) nào", "no criteria files (.xml) found")
        case .tooMany(let what, let whatEnglish, let count, let limit):
            return l.pick("có \(count) \(what), nhiều hơn mức chương trình xử lý được (tối đa \(limit))",
                          "\(count) \(whatEnglish), more than the program can handle (at most \(limit))")
        case .numberOutOfRange(let attribute, let value, let minimum, let maximum):
            let shown = Self.shortened(value)
            return l.pick("\(attribute)=\"\(shown)\": số vượt quá giới hạn, cần một số nguyên từ \(minimum) đến \(maximum)",
                          "\(attribute)=\"\(shown)\": the number is out of range, expected a whole number from \(minimum) to \(maximum)")
        case .sumTooLarge(let what, let whatEnglish):
            return l.pick("\(what) quá lớn, vượt quá số chương trình tính được",
                          "\(whatEnglish) is too large for the program's numbers")
        case .fileTooLarge(let bytes, let limit):
            return l.pick("tệp dài \(bytes) byte, quá giới hạn \(limit) byte của tệp tiêu chí; tệp không được đọc",
                          "the file is \(bytes) bytes, over the limit of \(limit) bytes for a criteria file; it was not read")
        case .tooManyNodes(let limit):
            return l.pick("tệp có hơn \(limit) phần tử và thuộc tính (tính đến dòng này), quá giới hạn của tệp tiêu chí; tệp không được đọc tiếp",
                          "the file has more than \(limit) elements and attributes (counting up to this line), over the limit for a criteria file; it was not read further")
        case .moreProblems(let count, let shown):
            return l.pick("còn \(count) lỗi khác trong tệp này (chỉ liệt kê \(shown) lỗi đầu)",
                          "\(count) more problem(s) in this file (only the first \(shown) are listed)")
        case .levelWithoutId:
            return l.pick("mức xếp loại thiếu thuộc tính id (ví dụ id=\"tieu-bieu\")",
                          "the level has no id attribute (for example id=\"tieu-bieu\")")
        case .levelWithoutLabel(let id):
            return l.pick("mức '\(id)' thiếu thuộc tính label (tên in trong báo cáo, ví dụ label=\"Xuất sắc\")",
                          "level '\(id)' has no label attribute (the words the reports print, for example label=\"Xuất sắc\")")
        case .reservedLevelId(let id):
            return l.pick("'\(id)' là mức có sẵn của mọi mô hình (khong-dat, loi), không khai báo lại được; hãy đặt mã khác",
                          "'\(id)' is a level every model has (khong-dat, loi) and cannot be declared; choose another id")
        case .unknownLevel(let attribute, let id):
            return l.pick("\(attribute): không có mức '\(id)' trong <levels>", "\(attribute): there is no level '\(id)' in <levels>")
        case .periodReversed(let from, let to):
            return l.pick("valid-from (\(from)) sau valid-to (\(to)): thời gian hiệu lực không hợp lệ",
                          "valid-from (\(from)) is after valid-to (\(to)): the period is empty")
        case .indicatorMaximumNotReached(let indicator, let maximum, let best):
            return l.pick("chỉ số \(indicator) có điểm tối đa \(maximum) nhưng dòng điểm cao nhất chỉ cho \(best) điểm",
                          "indicator \(indicator) has a maximum of \(maximum) but its best line gives only \(best) points")
        case .passMarkAboveTotal(let value, let total):
            return l.pick("mức đạt \(value) lớn hơn tổng điểm \(total) của thang: không ai đạt được",
                          "the pass mark \(value) is above the model's total of \(total): no one can reach it")
        case .thresholdBelowZero(let name, let value):
            return l.pick("so sánh \(name) với \(value), một số âm: điểm không bao giờ dưới 0",
                          "\(name) is compared with \(value), below zero: points are never negative")
        case .thresholdUnreachable(let name, let value, let maximum):
            return l.pick("điều kiện \(name) so với \(value) không bao giờ đúng: \(name) chỉ từ 0 đến \(maximum) điểm",
                          "the comparison of \(name) with \(value) can never hold: \(name) is only 0 to \(maximum) points")
        case .ruleAfterAlwaysTrue(let after):
            return l.pick("dòng này không bao giờ được xét vì điều kiện ở dòng \(after) luôn đúng",
                          "this line is never reached: the condition on line \(after) always holds")
        case .fieldNeverRead(let id):
            return l.pick("trường '\(id)' không được quy tắc, kiểm tra hay quan hệ nào đọc", "field '\(id)' is not read by any rule, check or relation")
        case .levelNeverReached(let id, let label, let entities):
            return l.pick("không có đối tượng nào trong \(entities) đối tượng của dữ liệu mẫu đạt mức '\(label)' (\(id))",
                          "none of the sample's \(entities) entities reaches level '\(label)' (\(id))")
        case .relatedModelBroken(let relation, let model, let file):
            let place = file.map { " (\($0))" } ?? ""
            return l.pick("chưa kiểm tra được: quan hệ '\(relation)' trỏ tới mô hình '\(model)'\(place) đang có lỗi; hãy sửa tệp đó trước",
                          "not checked: relation '\(relation)' refers to model '\(model)'\(place), which has errors; fix that file first")
        case .tooManyAttributes(let count, let limit):
            return l.pick("phần tử có \(count) thuộc tính, quá giới hạn \(limit); tệp không được đọc tiếp",
                          "the element has \(count) attributes, over the limit of \(limit); the file was not read further")
        }
    }

    /// A value as a message shows it: at most `limit` characters, control characters as `\u{..}`.
    static func shortened(_ value: String, to limit: Int = 40) -> String {
        var shown = ""
        for (i, scalar) in value.unicodeScalars.enumerated() {
            if i == limit { shown += "…"; break }
            if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) {
                shown += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    private static func kindName(_ kind: String, _ l: Language) -> String {
        switch kind {
        case "field": "trường"
        case "group": "tiêu chí"
        case "indicator": "chỉ số"
        case "let": "giá trị dẫn xuất"
        case "relation": "quan hệ"
        default: kind
        }
    }
}

/// A criteria load that could not produce usable models: every problem found, not just the first.
public struct CriteriaLoadFailure: Error, Sendable {
    public var diagnostics: [CriteriaDiagnostic]
}
