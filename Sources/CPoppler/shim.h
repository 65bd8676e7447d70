// poppler-glib (reading PDFs: page sizes, text with its boxes, rasters for proofs
// and diffs, PDF artwork drawn onto our pages).
//
// Opened when a PDF is first read (`PDFDocument`), not linked: poppler and what it
// loads (NSS, libcurl, …) cost every process ~5 ms of start-up, and a render without
// PDF artwork never calls it (see SharedLibrary.swift). The header gives the types;
// the functions are looked up by name into a table (`bs_poppler_bind`), one field a
// function, typed from its own declaration.
#include <poppler/glib/poppler.h>
#include <dlfcn.h>

#define BS_POPPLER_FUNCTIONS(X) \
    X(poppler_document_get_n_pages) \
    X(poppler_document_get_page) \
    X(poppler_document_new_from_bytes) \
    X(poppler_page_get_size) \
    X(poppler_page_get_text) \
    X(poppler_page_get_text_layout) \
    X(poppler_page_render_for_printing)

#define BS_POPPLER_FIELD(name) __typeof__(&name) name;
typedef struct BSPopplerFunctions { BS_POPPLER_FUNCTIONS(BS_POPPLER_FIELD) } BSPopplerFunctions;

// Fills `table` from `library` (a dlopen handle); the name of the first function
// missing, or NULL when all are there.
static inline const char *bs_poppler_bind(BSPopplerFunctions *table, void *library) {
#define BS_POPPLER_BIND(name) if (!(table->name = (__typeof__(&name))dlsym(library, #name))) return #name;
    BS_POPPLER_FUNCTIONS(BS_POPPLER_BIND)
#undef BS_POPPLER_BIND
    return 0;
}
