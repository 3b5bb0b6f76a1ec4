#ifndef KHUYENHOC_CLIBXML2_SHIM_H
#define KHUYENHOC_CLIBXML2_SHIM_H

/* Debian's libxml2 is built with ICU; its headers would pull the system ICU into every
   Swift module that imports this one, where it clashes with Foundation's bundled ICU.
   None of our code touches the ICU-only fields, so hide them. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlstring.h>

/* xmlFree is a global function pointer, which Swift 6 refuses to touch from
   concurrent code; call it through a plain function instead. */
static inline void khuyenhoc_xmlFree(void *pointer) {
    xmlFree(pointer);
}

#endif
