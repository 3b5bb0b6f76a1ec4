/* Most functions of this module are inline, in include/CSupport.h; those needing
   _GNU_SOURCE are here. */
#define _GNU_SOURCE
#include <string.h>
#include "CSupport.h"

const void *khuyenhoc_find(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    return memmem(haystack, haystack_length, needle, needle_length);
}
