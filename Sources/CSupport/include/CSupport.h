#ifndef KHUYENHOC_CSUPPORT_H
#define KHUYENHOC_CSUPPORT_H

/* Asks the processor to start loading the cache line at `address` for a read soon. A hint
   only: it never faults, whatever the address. Swift has no spelling for it. */
static inline void khuyenhoc_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
