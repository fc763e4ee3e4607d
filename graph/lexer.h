/*
 * lexer.h -- a SPARQL lexer just good enough to find keywords, terms and
 * blocks (lexer.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_LEXER_H
#define KG_GRAPH_LEXER_H

#include <stddef.h>

typedef struct kg_graph__token {
    const char *p; /* start in the text */
    size_t len;
    char kind;     /* 'w' word (name, keyword, prefixed name), 'v' var,
                      'i' IRI, 's' string, 'n' number, 'p' punctuation */
} kg_graph__token;

/* Characters of names, prefixed names and keywords. */
int kg_graph__name_char(int c);

/* The next token from '*pp' (advanced past it), or 0 at the end. */
int kg_graph__next_token(const char **pp, kg_graph__token *t);

/* Nonzero when 't' is keyword 'w' (upper case), in any case. */
int kg_graph__is_word(const kg_graph__token *t, const char *w);

/* Nonzero when 't' is punctuation 'c'. */
int kg_graph__is_punct(const kg_graph__token *t, char c);

/* Nonzero when 'sparql' declares prefix 'name' itself. */
int kg_graph__declares(const char *sparql, const char *name);

/* Nonzero when 'sparql' names graphs (GRAPH, FROM): it must run on the
 * quads; any other runs on the union, where each triple occurs once. */
int kg_graph__names_graphs(const char *sparql);

/* Where the group that starts at 'open' ('{') ends: just past its '}',
 * or NULL when it does not. */
const char *kg_graph__group_end(const char *open);

#endif
