// zlib: fast Flate compression of converted CMYK photos (qpdf's C API has no compression level).
#include <zlib.h>
