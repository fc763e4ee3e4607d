/*
 * extract_int.h -- internals shared by the files of extract/.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_EXTRACT_INT_H
#define KG_EXTRACT_INT_H

#include "kg_int.h"

/* A lexicon file compiled into the library (see cmake/KgEmbed.cmake). */
typedef struct kg__embedded_file {
    const char *name; /* file name, e.g. "states.tsv" */
    const char *data; /* contents, NUL-terminated */
    size_t size;      /* bytes, excluding the NUL */
} kg__embedded_file;

/* Terminated by an entry whose name is NULL. */
extern const kg__embedded_file kg__lexicon_files[];

#endif
