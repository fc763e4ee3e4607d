/*
 * validate.h -- refuse invalid SPARQL that rasqal 0.9.33 accepts
 * (validate.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_VALIDATE_H
#define KG_GRAPH_VALIDATE_H

#include "kg/common.h"

/*
 * Check SPARQL query 'sparql' (the caller's text, which rasqal parsed)
 * against the rules of the SPARQL 1.1 grammar and spec that rasqal does
 * not enforce (validate.c lists them). Returns 0, KG_EPARSE (invalid
 * SPARQL) or KG_EUNSUPPORTED (valid SPARQL that rasqal misreads), with a
 * message and the line and column in 'err', located at 'where'; or
 * KG_ENOMEM.
 */
int kg_graph__validate(const char *sparql, const char *where, kg_error *err);

/*
 * When 'sparql' has a prefixed name with ':' in its local part, valid
 * SPARQL that rasqal reads as two names, return KG_EUNSUPPORTED naming
 * it (for a query rasqal could not parse, instead of rasqal's message
 * about the second name); otherwise 0.
 */
int kg_graph__misread_names(const char *sparql, const char *where,
                            kg_error *err);

#endif
