import KhuyenhocCLI

Khuyenhoc.main()
