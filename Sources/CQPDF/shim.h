// libqpdf's C API: page-level PDF surgery for the prepress stage (placing pages
// as form XObjects, page boxes, replacing stream data, deterministic IDs).
#include <qpdf/qpdf-c.h>
