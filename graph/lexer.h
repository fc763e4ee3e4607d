/*
 * lexer.h -- a SPARQL lexer just good enough to find keywords, terms and
 * blocks (lexer.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_LEXER_H
#define KG_GRAPH_LEXER_H

#include <stddef.h>

#include "kg/common.h"

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

/* The end of the query's WHERE pattern (its first group): just past the
 * '}', with *open at the '{'; NULL when there is none. */
const char *kg_graph__where_group(const char *text, const char **open);

/* Nonzero when 't' names an aggregate (COUNT, SUM, AVG, MIN, MAX,
 * SAMPLE, GROUP_CONCAT). */
int kg_graph__is_aggregate(const kg_graph__token *t);

/* The end of the parenthesised list 'p' is just inside (past its '('):
 * just past the matching ')', with *close at that ')'; NULL when it does
 * not close. */
const char *kg_graph__paren_end(const char *p, const char **close);

/*
 * Rewrite calls: for each "name(args)" in 'text' (the name a word), call
 * 'rewrite' with the name, 'arg' (just inside the '(') and 'close' (the
 * ')'); it appends the call's replacement to 'out' and returns 1, or
 * returns 0 to leave the call as written (appending nothing), or an
 * error. Returns 1 when 'out' holds the rewritten text, 0 when nothing
 * was rewritten, or the error.
 */
typedef int (*kg_graph__call_rewriter)(kg_buf *out,
                                       const kg_graph__token *name,
                                       const char *arg, const char *close,
                                       void *user);
int kg_graph__rewrite_calls(kg_buf *out, const char *text,
                            kg_graph__call_rewriter rewrite, void *user);

#endif
