/*
 * kg/rdf.h -- reading and writing RDF syntaxes through raptor2.
 *
 * Untrusted input is parsed with raptor's NO_NET and NO_FILE options: a
 * document can never make kg fetch a URL or read a local file.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_RDF_H
#define KG_RDF_H

#include <stdio.h>

#include "ctx.h"
#include "triples.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kg_rdf_format {
    KG_RDF_TURTLE = 0, /* "ttl" */
    KG_RDF_NTRIPLES,   /* "nt" */
    KG_RDF_NQUADS,     /* "nq" */
    KG_RDF_TRIG,       /* "trig" */
    KG_RDF_RDFXML      /* "rdfxml" */
} kg_rdf_format;

/**
 * Map a format name ("ttl", "turtle", "nt", "ntriples", "nq", "nquads",
 * "trig", "rdfxml", "xml") to 'out'. @return 0 or KG_EINVALID.
 */
KG_EXTERN int kg_rdf_format_from_name(kg_rdf_format *out, const char *name);

/** Guess a format from a file name's extension. @return 0 or KG_EINVALID. */
KG_EXTERN int kg_rdf_format_from_path(kg_rdf_format *out, const char *path);

/** The canonical short name of 'fmt' ("ttl", "nt", ...). */
KG_EXTERN const char *kg_rdf_format_name(kg_rdf_format fmt);

typedef struct kg_rdf_writer kg_rdf_writer;

/**
 * Start writing 'fmt' to 'fp' (not closed by the writer). Formats without
 * named graphs (ttl, nt, rdfxml) write every quad as a triple.
 * @return 0, KG_ENOMEM or KG_ERROR.
 */
KG_EXTERN int kg_rdf_writer_new(kg_rdf_writer **out, kg_ctx *ctx, FILE *fp,
                                kg_rdf_format fmt, kg_error *err);
/** Write every quad of 't'. @return 0, KG_EIO or KG_ENOMEM. */
KG_EXTERN int kg_rdf_writer_add(kg_rdf_writer *w, const kg_triples *t,
                                kg_error *err);
/** Flush and finish the document. @return 0 or KG_EIO. */
KG_EXTERN int kg_rdf_writer_finish(kg_rdf_writer *w, kg_error *err);
/** Free 'w' (finishing is the caller's job); NULL is a no-op. */
KG_EXTERN void kg_rdf_writer_free(kg_rdf_writer *w);

/**
 * Parse 'len' bytes of 'fmt' text into 'out' (appended). 'base' is the base
 * IRI (required by raptor; a file: URI for files). Triples outside a named
 * graph get 'default_graph' as graph unless it is NULL.
 * @return 0, KG_EPARSE (position in 'err') or KG_ENOMEM; on failure 'out'
 * keeps what it had before the call.
 */
KG_EXTERN int kg_rdf_parse(kg_triples *out, kg_ctx *ctx, const char *data,
                           size_t len, kg_rdf_format fmt, const char *base,
                           const char *default_graph, kg_error *err);

/** Make an absolute file: IRI for 'path' into 'out'. @return 0 or KG_ENOMEM */
KG_EXTERN int kg_rdf_file_iri(kg_buf *out, const char *path);

#ifdef __cplusplus
}
#endif
#endif
