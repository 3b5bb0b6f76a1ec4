#ifndef KHUYENHOC_FUZZ_DRIVER_H
#define KHUYENHOC_FUZZ_DRIVER_H
/* Nothing for Swift to call: this target only supplies the fuzz binary's entry point when it
   is built with -Xcc -DKHUYENHOC_FUZZ (see Fuzz/README.md). */
#endif
