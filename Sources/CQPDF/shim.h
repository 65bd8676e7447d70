// libqpdf's C API: page-level PDF surgery for the prepress stage (placing pages
// as form XObjects, page boxes, replacing stream data, deterministic IDs).
//
// The library is opened when a PDF is first operated on (`PDFSurgery`), not linked:
// libqpdf and what it loads (GnuTLS among them) cost every process ~3 ms of
// start-up, and most runs of the CLI never touch it. The header gives the types; the
// functions are looked up by name into a table (`bs_qpdf_bind`), one field a function,
// typed from its own declaration.
#include <qpdf/qpdf-c.h>
#include <dlfcn.h>

#define BS_QPDF_FUNCTIONS(X) \
    X(qpdf_cleanup) \
    X(qpdf_force_pdf_version) \
    X(qpdf_get_error) \
    X(qpdf_get_error_full_text) \
    X(qpdf_get_num_pages) \
    X(qpdf_get_page_n) \
    X(qpdf_get_root) \
    X(qpdf_get_trailer) \
    X(qpdf_has_error) \
    X(qpdf_init) \
    X(qpdf_init_write) \
    X(qpdf_make_indirect_object) \
    X(qpdf_oh_append_item) \
    X(qpdf_oh_begin_dict_key_iter) \
    X(qpdf_oh_copy_foreign_object) \
    X(qpdf_oh_dict_more_keys) \
    X(qpdf_oh_dict_next_key) \
    X(qpdf_oh_get_array_item) \
    X(qpdf_oh_get_array_n_items) \
    X(qpdf_oh_get_bool_value) \
    X(qpdf_oh_get_dict) \
    X(qpdf_oh_get_key) \
    X(qpdf_oh_get_name) \
    X(qpdf_oh_get_numeric_value) \
    X(qpdf_oh_get_page_content_data) \
    X(qpdf_oh_get_stream_data) \
    X(qpdf_oh_get_utf8_value) \
    X(qpdf_oh_has_key) \
    X(qpdf_oh_is_array) \
    X(qpdf_oh_is_bool) \
    X(qpdf_oh_is_dictionary) \
    X(qpdf_oh_is_indirect) \
    X(qpdf_oh_is_name) \
    X(qpdf_oh_is_name_and_equals) \
    X(qpdf_oh_is_null) \
    X(qpdf_oh_is_number) \
    X(qpdf_oh_is_stream) \
    X(qpdf_oh_is_string) \
    X(qpdf_oh_new_name) \
    X(qpdf_oh_new_null) \
    X(qpdf_oh_new_stream) \
    X(qpdf_oh_new_unicode_string) \
    X(qpdf_oh_parse) \
    X(qpdf_oh_remove_key) \
    X(qpdf_oh_replace_key) \
    X(qpdf_oh_replace_stream_data) \
    X(qpdf_oh_unparse) \
    X(qpdf_read) \
    X(qpdf_set_compress_streams) \
    X(qpdf_set_decode_level) \
    X(qpdf_set_deterministic_ID) \
    X(qpdf_set_object_stream_mode) \
    X(qpdf_set_suppress_warnings) \
    X(qpdf_silence_errors) \
    X(qpdf_write) \

#define BS_QPDF_FIELD(name) __typeof__(&name) name;
typedef struct BSQPDFFunctions { BS_QPDF_FUNCTIONS(BS_QPDF_FIELD) } BSQPDFFunctions;

// Fills `table` from `library` (a dlopen handle); the name of the first function
// missing, or NULL when all are there.
static inline const char *bs_qpdf_bind(BSQPDFFunctions *table, void *library) {
#define BS_QPDF_BIND(name) if (!(table->name = (__typeof__(&name))dlsym(library, #name))) return #name;
    BS_QPDF_FUNCTIONS(BS_QPDF_BIND)
#undef BS_QPDF_BIND
    return 0;
}
