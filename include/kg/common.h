/*
 * kg/common.h -- error codes, error detail and growable buffers shared by
 * every module of libkg.
 *
 * Fallible functions return 0 or a negative KG_E* code and fill a
 * caller-owned kg_error (which may be NULL). Setting an error never
 * allocates. Strings leave the library in a kg_buf owned by the caller.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_COMMON_H
#define KG_COMMON_H

#include <stdarg.h>
#include <stddef.h>

#if defined(__GNUC__)
#define KG_EXTERN __attribute__((visibility("default")))
#define KG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define KG_EXTERN
#define KG_PRINTF(f, a)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Return codes. 0 is success; every failure is negative. */
enum {
    KG_OK = 0,
    KG_ERROR = -1,     /**< unclassified failure */
    KG_ENOMEM = -2,    /**< allocation failed */
    KG_EIO = -3,       /**< file or store I/O failed */
    KG_ENOTFOUND = -4, /**< file, store, entity or graph does not exist */
    KG_EPARSE = -5,    /**< input text is malformed (RDF, UTF-8, SPARQL) */
    KG_EQUERY = -6,    /**< a query failed while running */
    KG_EINVALID = -7,  /**< input is well-formed but unusable */
    KG_ETIMEOUT = -8,  /**< an operation ran past its time limit */
    KG_EUNSUPPORTED = -9 /**< a known limitation: feature not available */
};

/** Detail of the last failure; fixed buffers, nothing to free. */
typedef struct kg_error {
    int code;          /* 0 or a negative KG_E* code */
    char where[128];   /* file name or subsystem, "" if none */
    int line, column;  /* 1-based position, 0 if unknown */
    char message[256]; /* one line, lower case, no trailing newline */
} kg_error;

/** Clear 'err' (no-op when NULL). */
KG_EXTERN void kg_error_clear(kg_error *err);

/**
 * Record 'code' and a printf-style message in 'err' unless 'err' already
 * holds an error (the first, most specific detail wins).
 * @return 'code', so callers can write `return kg_error_set(...)`.
 */
KG_EXTERN int kg_error_set(kg_error *err, int code, const char *fmt, ...)
    KG_PRINTF(3, 4);

/** Set 'where' (truncated to fit) and the position of the error in 'err'. */
KG_EXTERN void kg_error_locate(kg_error *err, const char *where, int line,
                               int column);

/** A short name of an error code ("parse error", "not found", ...). */
KG_EXTERN const char *kg_error_name(int code);

/** A growable byte buffer; 'ptr' is always NUL-terminated when non-NULL. */
typedef struct kg_buf {
    char *ptr;    /* owned; NULL until the first write */
    size_t size;  /* bytes used, excluding the terminating NUL */
    size_t asize; /* bytes allocated */
} kg_buf;

#define KG_BUF_INIT {NULL, 0, 0}

/** Ensure room for 'extra' more bytes. @return 0 or KG_ENOMEM. */
KG_EXTERN int kg_buf_grow(kg_buf *buf, size_t extra);
/** Append 'len' bytes of 'data'. @return 0 or KG_ENOMEM. */
KG_EXTERN int kg_buf_put(kg_buf *buf, const char *data, size_t len);
/** Append a NUL-terminated string. @return 0 or KG_ENOMEM. */
KG_EXTERN int kg_buf_puts(kg_buf *buf, const char *s);
/** Append formatted text. @return 0 or KG_ENOMEM. */
KG_EXTERN int kg_buf_printf(kg_buf *buf, const char *fmt, ...)
    KG_PRINTF(2, 3);
/** Append formatted text from a va_list. @return 0 or KG_ENOMEM. */
KG_EXTERN int kg_buf_vprintf(kg_buf *buf, const char *fmt, va_list ap);
/** Truncate to zero length, keeping the allocation. */
KG_EXTERN void kg_buf_clear(kg_buf *buf);
/** Free the contents and reset to KG_BUF_INIT. */
KG_EXTERN void kg_buf_dispose(kg_buf *buf);

/**
 * Read the whole file 'path' ("-" for stdin) into 'out' (appended), refusing
 * files larger than 'max_bytes' (0: no limit).
 * @return 0, KG_ENOTFOUND (no such file), KG_EIO (unreadable, a directory),
 * KG_EINVALID (larger than 'max_bytes'), or KG_ENOMEM.
 */
KG_EXTERN int kg_file_read(const char *path, size_t max_bytes, kg_buf *out,
                           kg_error *err);

/** The library version string, e.g. "0.1.0". */
KG_EXTERN const char *kg_version(void);

#ifdef __cplusplus
}
#endif
#endif
