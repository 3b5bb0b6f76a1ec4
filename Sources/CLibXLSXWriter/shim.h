#ifndef KHUYENHOC_CLIBXLSXWRITER_SHIM_H
#define KHUYENHOC_CLIBXLSXWRITER_SHIM_H

/* libxlsxwriter (Debian: libxlsxwriter-dev, pkg-config "xlsxwriter"): writes .xlsx workbooks. */
#include <xlsxwriter.h>

#endif
