// Little CMS 2: ICC colour conversion (sRGB → the press's CMYK output profile).
#include <lcms2.h>
