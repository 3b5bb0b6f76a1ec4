import Foundation

/// Why the system refused a file, in the clerk's language: the system's own texts (`strerror`,
/// Foundation's "The file … couldn't be opened…") are English only, so the reason is taken from
/// the error's number (`errno`, or the POSIX error under a Foundation error) and said here.
///
/// ```swift
/// SystemErrorWords.reason(errno: ENOENT, in: .vietnamese)   // "không có tệp"
/// SystemErrorWords.reason(of: error, in: .english)          // "permission denied"
/// ```
public enum SystemErrorWords {
    /// The reason a system call failed with `code`.
    public static func reason(errno code: Int32, in l: Language) -> String {
        switch code {
        case ENOENT: return l.pick("không có tệp", "no such file")
        case EACCES, EPERM: return l.pick("không có quyền đọc", "permission denied")
        case EISDIR: return l.pick("đây là thư mục, không phải tệp", "it is a folder, not a file")
        case ENOTDIR: return l.pick("một phần của đường dẫn không phải thư mục", "a part of the path is not a folder")
        case ELOOP: return l.pick("liên kết vòng quanh chính nó", "the link points back to itself")
        case ENAMETOOLONG: return l.pick("tên tệp quá dài", "the file name is too long")
        case ENOSPC: return l.pick("đĩa đã đầy", "the disk is full")
        case EROFS: return l.pick("ổ đĩa chỉ cho đọc", "the disk is read-only")
        case EIO: return l.pick("lỗi đọc ổ đĩa", "the disk could not be read")
        case ENOMEM: return l.pick("không đủ bộ nhớ", "not enough memory")
        case EMFILE, ENFILE: return l.pick("quá nhiều tệp đang mở", "too many open files")
        case EBUSY, ETXTBSY: return l.pick("tệp đang được chương trình khác dùng", "the file is in use by another program")
        case ENXIO, ENODEV: return l.pick("thiết bị không còn (ổ USB đã rút?)", "the device is gone (a USB stick removed?)")
        case EFBIG: return l.pick("tệp quá lớn", "the file is too large")
        default: return l.pick("lỗi hệ thống số \(code)", "system error \(code)")
        }
    }

    /// The reason of an error thrown by Foundation or the system: its POSIX error number when it
    /// has one, else the kind of Foundation file error, in words of the language.
    public static func reason(of error: Error, in l: Language) -> String {
        if let code = posixCode(of: error) { return reason(errno: code, in: l) }
        let error = error as NSError
        if error.domain == NSCocoaErrorDomain {
            switch error.code {
            case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return reason(errno: ENOENT, in: l)
            case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return reason(errno: EACCES, in: l)
            case NSFileReadTooLargeError: return reason(errno: EFBIG, in: l)
            case NSFileWriteOutOfSpaceError: return reason(errno: ENOSPC, in: l)
            case NSFileWriteVolumeReadOnlyError: return reason(errno: EROFS, in: l)
            case NSFileReadInvalidFileNameError, NSFileWriteInvalidFileNameError: return l.pick("tên tệp không hợp lệ", "the file name is not valid")
            case NSFileReadCorruptFileError: return l.pick("tệp bị hỏng", "the file is damaged")
            case NSFileReadInapplicableStringEncodingError, NSFileWriteInapplicableStringEncodingError:
                return l.pick("bảng mã không phù hợp", "the text encoding does not fit")
            default: break
            }
        }
        return l.pick("lỗi hệ thống", "a system error") + " (\(error.domain) \(error.code))"
    }

    /// The POSIX error number of `error` or of the error under it.
    static func posixCode(of error: Error) -> Int32? {
        if let posix = error as? POSIXError { return posix.code.rawValue }
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? Error { return posixCode(of: underlying) }
        return nil
    }

    /// Why `path` cannot be opened for reading now (`nil`: it can), found by trying.
    public static func openProblem(path: String) -> Int32? {
        let descriptor = open(path, O_RDONLY)
        if descriptor < 0 { return errno }
        close(descriptor)
        return nil
    }
}
