#ifndef KHUYENHOC_CSUPPORT_H
#define KHUYENHOC_CSUPPORT_H

/* Asks the processor to start loading the cache line at `address` for a read soon. A hint
   only: it never faults, whatever the address. Swift has no spelling for it. */
static inline void khuyenhoc_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/* Large buffers (a province's columns, a few MB each) come from the heap and go back to it,
   instead of each being a fresh mapping of the system's: a freed buffer's pages are then reused
   by the next one without faulting in new zeroed pages. Freed memory is not given back to the
   system during the run (the process is short; its peak is what the benchmark reports).
   glibc only; elsewhere nothing. */
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
static inline void khuyenhoc_keep_freed_memory(void) {
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
}
#else
static inline void khuyenhoc_keep_freed_memory(void) {}
#endif

/* The first occurrence of `needle` in `haystack`, or NULL: glibc's memmem (vectorised), which
   Swift's Glibc module does not show (it needs _GNU_SOURCE). Defined in CSupport.c. */
#include <stddef.h>
const void *khuyenhoc_find(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

#endif
