/// Where the register file is: `--register PATH`, else `$KHUYENHOC_REGISTER`, else
/// `khuyenhoc.sqlite` in the working folder.
///
/// ```swift
/// RegisterLocation.path(option: nil, environment: ["KHUYENHOC_REGISTER": "/mnt/usb/so.sqlite"])
/// // "/mnt/usb/so.sqlite"
/// ```
public enum RegisterLocation {
    public static let defaultPath = "khuyenhoc.sqlite"

    public static func path(option: String?, environment: [String: String]) -> String {
        if let option, !option.isEmpty { return option }
        if let named = environment["KHUYENHOC_REGISTER"], !named.isEmpty { return named }
        return defaultPath
    }
}
