// Pango (HarfBuzz shaping), Cairo (PDF writing) and poppler-glib (PDF reading):
// one system module, because all three share Cairo's headers.
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <pango/pangofc-font.h>
#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>
#include <cairo/cairo-ft.h>
#include <poppler.h>
#include <hb.h>
// HarfBuzz's subsetter: small copies of the fonts a PDF uses, handed to Cairo.
#include <hb-subset.h>
