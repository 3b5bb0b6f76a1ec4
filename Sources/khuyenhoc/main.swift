import KhuyenhocCLI

Khuyenhoc.runMain()
