// librsvg (SVG parsing and rendering onto a Cairo context): nameplate artwork
// drawn as vectors on our Cairo PDF pages.
#include <librsvg/rsvg.h>
