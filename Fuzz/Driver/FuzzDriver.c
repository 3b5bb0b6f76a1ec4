#include "FuzzDriver.h"

#ifdef KHUYENHOC_FUZZ
#include <stddef.h>
#include <stdint.h>

/* SwiftPM links an executable target with its entry named <module>_main; in a fuzz build the
   Swift side has no @main, so this is that entry, and it hands control to libFuzzer's driver
   with the Swift test function (Fuzz/Entry/FuzzEntry.swift). */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int khuyenhoc_fuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
#endif
