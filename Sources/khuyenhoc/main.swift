import CSupport
import KhuyenhocCLI

// A run allocates and frees buffers of a few MB per column: keep freed ones for reuse rather
// than fault in fresh pages for every new one (about a quarter fewer page faults on a province).
khuyenhoc_keep_freed_memory()
Khuyenhoc.runMain()
