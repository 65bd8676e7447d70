// Pango (HarfBuzz shaping) and Cairo (PDF writing): one system module, because
// both share Cairo's headers. (poppler-glib, which reads PDFs, is CPoppler.)
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <pango/pangofc-font.h>
#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>
#include <cairo/cairo-ft.h>
#include <hb.h>
// HarfBuzz's subsetter: small copies of the fonts a PDF uses, handed to Cairo.
#include <hb-subset.h>
