/* The functions of this module are all inline, in include/CSupport.h. */
#include "CSupport.h"
