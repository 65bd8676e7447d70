// librsvg (SVG parsing and rendering onto a Cairo context): nameplate artwork
// drawn as vectors on our Cairo PDF pages.
//
// Opened when an SVG is first read (`SVGDocument`), not linked: librsvg and what it
// loads (libxml2, gdk-pixbuf, gio, …) cost every process ~3 ms of start-up, and only
// a page with SVG artwork calls it (see SharedLibrary.swift). librsvg's own header
// needs include paths that only its pkg-config file gives, and pkg-config would link
// the library too; so the five functions we call are declared here, as the C API
// of librsvg ≥ 2.52 documents them (Debian 12 ships 2.54), with the two types they
// take. They are looked up by name into a table (`bs_rsvg_bind`).
#include <glib-object.h>
#include <cairo.h>
#include <dlfcn.h>

typedef struct _RsvgHandle RsvgHandle;
typedef struct { double x, y, width, height; } RsvgRectangle;
typedef struct { double length; int unit; } RsvgLength;   // unit: the RsvgUnit enum

typedef struct BSRsvgFunctions {
    RsvgHandle *(*rsvg_handle_new_from_data)(const guint8 *data, gsize data_len, GError **error);
    void (*rsvg_handle_set_dpi)(RsvgHandle *handle, double dpi);
    gboolean (*rsvg_handle_get_intrinsic_size_in_pixels)(RsvgHandle *handle, gdouble *out_width, gdouble *out_height);
    void (*rsvg_handle_get_intrinsic_dimensions)(RsvgHandle *handle, gboolean *out_has_width, RsvgLength *out_width,
                                                 gboolean *out_has_height, RsvgLength *out_height,
                                                 gboolean *out_has_viewbox, RsvgRectangle *out_viewbox);
    gboolean (*rsvg_handle_render_document)(RsvgHandle *handle, cairo_t *cr, const RsvgRectangle *viewport, GError **error);
} BSRsvgFunctions;

// Fills `table` from `library` (a dlopen handle); the name of the first function
// missing, or NULL when all are there.
static inline const char *bs_rsvg_bind(BSRsvgFunctions *table, void *library) {
#define BS_RSVG_BIND(name) if (!(*(void **)&table->name = dlsym(library, #name))) return #name;
    BS_RSVG_BIND(rsvg_handle_new_from_data)
    BS_RSVG_BIND(rsvg_handle_set_dpi)
    BS_RSVG_BIND(rsvg_handle_get_intrinsic_size_in_pixels)
    BS_RSVG_BIND(rsvg_handle_get_intrinsic_dimensions)
    BS_RSVG_BIND(rsvg_handle_render_document)
#undef BS_RSVG_BIND
    return 0;
}
