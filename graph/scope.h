/*
 * scope.h -- refuse query shapes whose variable scoping kg's evaluation
 * gets wrong (scope.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_GRAPH_SCOPE_H
#define KG_GRAPH_SCOPE_H

#include <librdf.h>

#include "kg/common.h"

/*
 * Parse 'text' with rasqal and refuse, with KG_EUNSUPPORTED and a message
 * naming the variable and what to write instead: a GRAPH ?g evaluated
 * where ?g may already have a value; an OPTIONAL that is not
 * well-designed; a sub-query using a variable bound before it. Returns 0
 * (also when 'text' does not parse: that is reported elsewhere),
 * KG_EUNSUPPORTED or KG_ENOMEM.
 */
int kg_graph__check_scope(librdf_world *w, const char *text,
                          librdf_uri *base, kg_error *err);

#endif
